import RolloutEngine

extension Renderer {
  mutating func drawTrend(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard row + 1 < maxRow else { return row }
    let end = col + w
    let samples = history.samples
    let valueW = 12
    let newestLabel = s.revisions.first.map { "r\($0.revision) share" } ?? "newest"
    let labelW = max(8, newestLabel.count + 1)
    let sparkW = max(4, w - labelW - valueW - 1)
    let perCol = max(1, (samples.count + sparkW - 1) / sparkW)
    let span = formatDuration(SimTime(min(samples.count, perCol * sparkW)) * 1000)
    var r = title(g: &g, "TREND", row: row, col: col, w: w, right: samples.isEmpty ? "" : "last \(span)")
    guard !samples.isEmpty else {
      if r < maxRow {
        g.put("(history builds as simulated time passes)", row: r, col: col, limit: end, Style(.dim))
        r += 1
      }
      return r
    }
    // Columns: newest at the right; each column aggregates `perCol` seconds.
    let ncols = min(sparkW, (samples.count + perCol - 1) / perCol)
    func columns(_ agg: (ArraySlice<SparkHistory.Sample>) -> Double) -> [Double] {
      var out: [Double] = []
      var hi = samples.count
      for _ in 0..<ncols {
        let lo = max(0, hi - perCol)
        out.append(agg(samples[lo..<hi]))
        hi = lo
      }
      return out.reversed()
    }
    // The values at the right are now (the snapshot), as in the panels above; the
    // sparklines are the per-second history, whose last sample can be up to a second
    // old (and older while paused: a key pressed at t=14.2 s changes the panels at
    // once, the history only when t=15 s is reached).
    let last = SparkHistory.Sample(s)
    // Dips matter for availability (min), spikes for failures (max).
    let avail = columns { sl in Double(sl.map(\.available).min() ?? 0) }
    let desired = columns { sl in Double(sl.last?.desired ?? 0) }
    let share = columns { sl in Double(sl.last?.newShare ?? 0) / 10 }
    var followed: [String] = []
    do {
      var hi = samples.count
      for _ in 0..<ncols {
        let lo = max(0, hi - perCol)
        followed.append(samples[hi - 1].newestHash)
        hi = lo
      }
      followed.reverse()
    }
    let failed = columns { sl in Double(sl.map(\.failedPerSecond).max() ?? 0) }
    let maxFailed = failed.max() ?? 0
    let newestRev = s.revisions.first
    let newest = newestRev?.revision ?? 0
    let colours = RevisionColours.assign(ui.revisionColours, s.revisions)
    func hashRole(_ hash: String) -> Role {
      guard let c = colours[hash] ?? ui.revisionColours[hash] else { return .dim }
      return RevisionColours.roles[c]
    }
    // Sparkline levels. Availability is scaled to `replicas` (the second-highest
    // level, ▇) with the surge headroom above it (█): 10/10 after a surge is full,
    // not half of a 20-pod peak.
    let top = gl.spark.count - 1
    func availLevel(_ i: Int) -> Int {
      let d = desired[i]
      guard d > 0 else { return avail[i] > 0 ? top : 0 }
      if avail[i] > d { return top }
      return Int((avail[i] / d * Double(top - 1)).rounded())
    }
    func ratioLevel(_ v: Double, _ max: Double) -> Int { max > 0 ? Int((v / max * Double(top)).rounded()) : 0 }
    let labelWidth = labelW
    // The TRAFFIC panel's percent when the newest revision serves (the same rounding,
    // so the two panels never say 38% and 39%); 0% when it serves nothing.
    let newestPct = DashboardRenderer.trafficPercents(s.traffic.shares).first { $0.revision == newest }?.percent ?? 0
    let lines: [(String, [(Int, Style)], String, Role)] = [
      (
        "avail", avail.indices.map { (availLevel($0), Style(avail[$0] <= 0 ? .dim : (avail[$0] < desired[$0] ? .warn : .good))) },
        "\(last.available)/\(last.desired)", last.available < last.desired ? .warn : .good
      ),
      // Not `rev N` here: only the TRAFFIC rows start with `rev N` (the tmux test reads
      // them). The line follows one ReplicaSet: columns that followed another newest
      // revision (before an undo) wear that ReplicaSet's colour, so the switch shows.
      (
        newestLabel,
        share.indices.map { i in
          (ratioLevel(share[i], 100), Style(share[i] <= 0 ? .dim : hashRole(followed[i])))
        }, "\(newestPct)% traffic", revRole(newest)
      ),
      (
        "failed", failed.map { (ratioLevel($0, maxFailed), Style($0 <= 0 ? .dim : .bad)) },
        "\(compact(Double(last.failedPerSecond)))/s", maxFailed > 0 ? .bad : .good
      ),
    ]
    for (label, cells, value, role) in lines {
      guard r < maxRow else { break }
      g.put(padRight(label, labelWidth), row: r, col: col, limit: end, Style(.label))
      let start = col + labelW + (sparkW - cells.count)
      g.noteRun(row: r, col: max(start, col + labelWidth), end: min(start + cells.count, end))
      for (i, (level, style)) in cells.enumerated() {
        let c = start + i
        guard c >= col + labelWidth, c < end else { continue }
        g[r, c] = Cell(gl.spark[max(0, min(top, level))], style)
      }
      g.putRight(value, row: r, end: end, Style(role, bold: true))
      r += 1
    }
    return r
  }
}
