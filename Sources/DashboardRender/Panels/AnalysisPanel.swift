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
    // A failed run first (the one that decided the rollout), then the newest.
    let runs = s.analysisRuns.enumerated().sorted { a, b in
      let fa = a.element.phase == .failed || a.element.phase == .error
      let fb = b.element.phase == .failed || b.element.phase == .error
      return fa != fb ? fa : a.offset > b.offset
    }.map(\.element)
    var r = title(g: &g, "ANALYSIS", row: row, col: col, w: w, right: runs.count > 1 ? "\(runs.count) runs" : "")
    var shownRuns = 0
    for run in runs {
      guard r < maxRow else { break }
      // Keep the last row for `+N more runs` when some would not show.
      if shownRuns > 0, r == maxRow - 1, shownRuns < runs.count { break }
      shownRuns += 1
      var c = g.put(run.phase.rawValue, row: r, col: col, limit: end, Style(analysisRole(run.phase), bold: true))
      g.put("  \(run.kind)  \(run.name)", row: r, col: c, limit: end, Style(.dim))
      r += 1
      for m in run.metrics {
        guard r < maxRow else { break }
        c = g.put(" " + m.name, row: r, col: col, limit: end, Style(.label))
        func bare(_ t: String) -> String { t.hasPrefix("result ") ? String(t.dropFirst(7)) : t }
        // The condition's words go before the failing measurement does.
        let keyWidth = m.measurements.last { $0.phase == .failed }.map { " \($0.value.map { compact($0) } ?? "?")x".count + 7 } ?? 0
        let long = m.successCondition.map { " ok if \(bare($0))" } ?? m.failureCondition.map { " fail if \(bare($0))" } ?? ""
        let short = m.successCondition.map { " \(bare($0))" } ?? m.failureCondition.map { " fail \(bare($0))" } ?? ""
        let cond = c + long.count + keyWidth <= end ? long : short
        c = g.put(cond, row: r, col: c, limit: end, Style(.dim))
        // Failures so far, of the measurements taken (the count against failureLimit).
        let failures = m.measurements.filter { $0.phase == .failed }.count
        if !m.measurements.isEmpty {
          let long = " failed \(failures)/\(m.measurements.count)"
          // Narrow: the failures only when there are some (each ✓ already shows).
          let tally = c + long.count + 8 < end ? long : (failures > 0 ? " \(gl.cross)\(failures)/\(m.measurements.count)" : "")
          if !tally.isEmpty, c + tally.count < end { c = g.put(tally, row: r, col: c, limit: end, Style(failures > 0 ? .bad : .dim)) }
        }
        c += 1
        // Newest measurements that fit, oldest first, each value with its verdict; the
        // newest failed one always (it is what failed the run).
        let lastFailed = m.measurements.lastIndex { $0.phase == .failed }
        var picked: [Int] = []
        var used = 0
        func text(_ i: Int) -> String {
          let ms = m.measurements[i]
          let v = ms.value.map { compact($0) } ?? "?"
          let mark = ms.phase == .successful ? gl.check : (ms.phase == .failed ? gl.cross : "?")
          return " \(v)\(mark)"
        }
        let reserve = lastFailed.map { text($0).count } ?? 0
        for i in m.measurements.indices.reversed() {
          let n = text(i).count
          let isKey = i == lastFailed
          if c + used + n + (isKey || picked.contains(lastFailed ?? -1) ? 0 : reserve) > end { continue }
          used += n
          picked.append(i)
        }
        if let lf = lastFailed, !picked.contains(lf), c + text(lf).count <= end { picked = [lf] }
        for i in picked.sorted() { c = g.put(text(i), row: r, col: c, limit: end, Style(analysisRole(m.measurements[i].phase))) }
        r += 1
      }
    }
    if shownRuns < runs.count, r < maxRow {
      g.put("+\(runs.count - shownRuns) more runs", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }
}
