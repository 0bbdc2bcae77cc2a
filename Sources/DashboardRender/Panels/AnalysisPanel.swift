import RolloutEngine

extension Renderer {
  // MARK: Analysis

  func analysisRole(_ phase: AnalysisPhase) -> Role {
    switch phase {
    case .successful: return .good
    case .failed, .error: return .bad
    case .inconclusive: return .warn
    case .pending, .running: return .info
    }
  }

  mutating func drawAnalysis(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard row + 1 < maxRow else { return row }
    let end = col + w
    var r = title(g: &g, "ANALYSIS", row: row, col: col, w: w)
    for run in s.analysisRuns.reversed() {
      guard r < maxRow else { break }
      var c = g.put(run.phase.rawValue, row: r, col: col, limit: end, Style(analysisRole(run.phase), bold: true))
      g.put("  \(run.kind)  \(run.name)", row: r, col: c, limit: end, Style(.dim))
      r += 1
      for m in run.metrics {
        guard r < maxRow else { break }
        c = g.put(" " + m.name, row: r, col: col, limit: end, Style(.label))
        func bare(_ t: String) -> String { t.hasPrefix("result ") ? String(t.dropFirst(7)) : t }
        let cond = m.successCondition.map { " ok if \(bare($0))" } ?? m.failureCondition.map { " fail if \(bare($0))" } ?? ""
        c = g.put(cond, row: r, col: c, limit: end, Style(.dim))
        c += 1
        // Newest measurements that fit, oldest first, each value with its verdict.
        var items: [(String, Role)] = []
        var used = 0
        for ms in m.measurements.reversed() {
          let v = ms.value.map { compact($0) } ?? "?"
          let mark = ms.phase == .successful ? gl.check : (ms.phase == .failed ? gl.cross : "?")
          let text = " \(v)\(mark)"
          if c + used + text.count > end { break }
          used += text.count
          items.append((text, analysisRole(ms.phase)))
        }
        for (text, role) in items.reversed() { c = g.put(text, row: r, col: c, limit: end, Style(role)) }
        r += 1
      }
    }
    return r
  }
}
