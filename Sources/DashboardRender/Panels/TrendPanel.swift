import RolloutEngine

extension Renderer {
  mutating func drawTrend(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard row + 1 < maxRow else { return row }
    let end = col + w
    let samples = history.samples
    let valueW = 12
    let labelW = 8
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
    let maxDesired = Double(samples.map(\.desired).max() ?? 1)
    let share = columns { sl in Double(sl.last?.newShare ?? 0) / 10 }
    let failed = columns { sl in Double(sl.map(\.failedPerSecond).max() ?? 0) }
    let maxFailed = failed.max() ?? 0
    let newest = s.revisions.first?.revision ?? 0
    let rows: [(String, [Double], Double, String, Role)] = [
      ("avail", avail, max(1, maxDesired, avail.max() ?? 0), "\(last.available)/\(last.desired)", last.available < last.desired ? .warn : .good),
      // Not `rev N` here: only the TRAFFIC rows start with `rev N` (the tmux test reads them).
      // The TRAFFIC panel's percent when the newest revision serves (the same rounding,
      // so the two panels never say 38% and 39%); 0% when it serves nothing.
      ("newest", share, 100, "\(DashboardRenderer.trafficPercents(s.traffic.shares).first { $0.revision == newest }?.percent ?? 0)% traffic", revRole(newest)),
      ("failed", failed, maxFailed, "\(compact(Double(last.failedPerSecond)))/s", maxFailed > 0 ? .bad : .good),
    ]
    for (label, values, top, value, role) in rows {
      guard r < maxRow else { break }
      g.put(padRight(label, labelW), row: r, col: col, limit: end, Style(.label))
      let start = col + labelW + (sparkW - values.count)
      for (i, v) in values.enumerated() {
        let level = top > 0 ? Int((v / top * Double(gl.spark.count - 1)).rounded()) : 0
        let lv = max(0, min(gl.spark.count - 1, level))
        let zero = v <= 0
        g[r, start + i] = Cell(gl.spark[lv], Style(zero ? .dim : role))
      }
      g.putRight(value, row: r, end: end, Style(role, bold: true))
      r += 1
    }
    return r
  }
}
