import RolloutEngine

/// WORKLOADS: every workload of the run, as k9s' Deployments view lists them (NAME,
/// READY, UP-TO-DATE, AVAILABLE), with the kind and phase; the focused one (whose
/// panels the screen shows, `w` / `W`) in reverse. Drawn only when the run has
/// several workloads.
extension Renderer {
  /// Rows the list wants: a title and one per workload, at most `maxShown`.
  static let workloadsMaxShown = 6
  var workloadsRowsWanted: Int { ui.workloads.isEmpty ? 0 : 1 + min(ui.workloads.count, Renderer.workloadsMaxShown) }

  mutating func drawWorkloads(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard !ui.workloads.isEmpty, row < maxRow else { return row }
    let end = col + w
    let heads = "READY UP-TO-DATE AVAILABLE"
    var r = title(g: &g, "WORKLOADS", row: row, col: col, w: w, right: "w/W " + heads)
    let rows = ui.workloads
    let focused = max(0, min(rows.count - 1, ui.focusedWorkload))
    // Keep the focused row in view when there are more than fit.
    let room = max(1, min(Renderer.workloadsMaxShown, maxRow - r))
    let first = max(0, min(focused - room + 1, rows.count - room))
    for i in first..<min(rows.count, first + room) {
      guard r < maxRow else { break }
      let wr = rows[i]
      let isFocused = i == focused
      let healthy = wr.available == wr.desired && wr.upToDate == wr.desired && wr.pending == 0
      let style = Style(healthy ? .good : (wr.pending > 0 ? .warn : .normal), reverse: isFocused)
      // The same width focused or not, so the names line up.
      var c = g.put(isFocused ? "\(gl.last) " : String(repeating: " ", count: gl.last.count + 1), row: r, col: col, limit: end, Style(.dim))
      let countsW = heads.count
      let countsCol = end - countsW
      let label = "\(wr.kind == .rollout ? "ro" : "deploy")/\(wr.name)"
      c = g.put(clip(label, max(4, countsCol - c - 14), gl.ellipsis), row: r, col: c, limit: countsCol, Style(.normal, bold: true, reverse: isFocused))
      let phase = wr.paused ? "Paused" : wr.phase.rawValue
      g.put(" " + phase, row: r, col: c, limit: countsCol - 1, Style(.dim))
      let counts =
        padLeft("\(wr.ready)/\(wr.desired)", 5) + " " + padLeft(String(wr.upToDate), 10) + " " + padLeft(String(wr.available), 9)
      g.put(counts, row: r, col: countsCol, limit: end, style)
      r += 1
    }
    return r
  }
}
