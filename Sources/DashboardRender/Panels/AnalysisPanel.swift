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
      let c = g.put(run.phase.rawValue, row: r, col: col, limit: end, Style(analysisRole(run.phase), bold: true))
      g.put("  \(run.kind)  \(run.name)", row: r, col: c, limit: end, Style(.dim))
      r += 1
      // The failed metric first: it is what failed the run, and must not be the row cut.
      let metrics = run.metrics.enumerated().sorted { x, y in
        let fx = x.element.phase == .failed || x.element.phase == .error
        let fy = y.element.phase == .failed || y.element.phase == .error
        return fx != fy ? fx : x.offset < y.offset
      }.map(\.element)
      for m in metrics {
        guard r < maxRow else { break }
        drawMetric(&g, m, row: r, col: col, end: end)
        r += 1
      }
    }
    if shownRuns < runs.count, r < maxRow {
      g.put("+\(runs.count - shownRuns) more runs", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }

  /// One metric on one row: its name, failures against `failureLimit`, the next
  /// measurement's countdown, the measurements (the newest failed one always), then
  /// `count` × `interval` and the condition as room allows; long forms first, short
  /// ones, then the least needed parts dropped.
  func drawMetric(_ g: inout Grid, _ m: MetricView, row r: Int, col: Int, end: Int) {
    func bare(_ t: String) -> String { t.hasPrefix("result ") ? String(t.dropFirst(7)) : t }
    let failures = m.measurements.filter { $0.phase == .failed }.count
    let taken = m.measurements.count
    // (long, short, priority, style); measurements are fitted into what is left.
    var parts: [(long: String, short: String, priority: Int, style: Style)] = []
    parts.append((" " + m.name, " " + m.name, 10, Style(.label)))
    let cond = m.successCondition.map { (" ok if \(bare($0))", " \(bare($0))") } ?? m.failureCondition.map { (" fail if \(bare($0))", " fail \(bare($0))") }
    if let cond { parts.append((cond.0, cond.1, 3, Style(.dim))) }
    parts.append((
      " failed \(failures)/\(taken) (limit \(m.failureLimit))", " \(gl.cross)\(failures)/\(taken)\(gl.le)\(m.failureLimit)", 9,
      Style(failures > 0 ? .bad : .dim)
    ))
    let every = m.intervalSeconds.map { formatDuration(.seconds($0)) }
    let count = m.count.flatMap { $0 > 0 ? $0 : nil }
    let plan: (String, String)? =
      switch (count, every) {
      case let (n?, e?): (" count \(n) every \(e)", " \(n)\(gl.times)\(e)")
      case let (n?, nil): (" count \(n)", " \(n)\(gl.times)")
      case let (nil, e?): (" every \(e)", " \(gl.times)\(e)")
      case (nil, nil): (" once", " 1\(gl.times)")
      }
    if let plan { parts.append((plan.0, plan.1, 4, Style(.dim))) }
    if let at = m.nextMeasurementAt {
      let left = formatDuration(wholeSecondsLeft(at - s.time))
      parts.append((" next in \(left)", " next \(left)", 8, Style(.info)))
    }
    func text(_ i: Int) -> String {
      let ms = m.measurements[i]
      let v = ms.value.map { compact($0) } ?? "?"
      let mark = ms.phase == .successful ? gl.check : (ms.phase == .failed ? gl.cross : "?")
      return " \(v)\(mark)"
    }
    let lastFailed = m.measurements.lastIndex { $0.phase == .failed }
    let keyWidth = lastFailed.map { text($0).count + 1 } ?? 0
    // Room: long forms, then short ones (lowest priority first), then drop parts.
    let width = end - col
    var useShort = [Bool](repeating: false, count: parts.count)
    var kept = [Bool](repeating: true, count: parts.count)
    func total() -> Int {
      parts.indices.reduce(keyWidth) { $0 + (kept[$1] ? (useShort[$1] ? parts[$1].short.count : parts[$1].long.count) : 0) }
    }
    let order = parts.indices.sorted { parts[$0].priority < parts[$1].priority }
    for i in order where total() > width { useShort[i] = true }
    for i in order where total() > width && parts[i].priority < 10 { kept[i] = false }
    var c = col
    for i in parts.indices where kept[i] {
      c = g.put(useShort[i] ? parts[i].short : parts[i].long, row: r, col: c, limit: end, parts[i].style)
    }
    // Newest measurements that fit, oldest first; the newest failed one always.
    c += 1
    var picked: [Int] = []
    var used = 0
    for i in m.measurements.indices.reversed() {
      let n = text(i).count
      let reserve = i == lastFailed || picked.contains(lastFailed ?? -1) ? 0 : keyWidth
      if c + used + n + reserve > end { continue }
      used += n
      picked.append(i)
    }
    if let lf = lastFailed, !picked.contains(lf), c + text(lf).count <= end { picked = [lf] }
    for i in picked.sorted() { c = g.put(text(i), row: r, col: c, limit: end, Style(analysisRole(m.measurements[i].phase))) }
  }
}
