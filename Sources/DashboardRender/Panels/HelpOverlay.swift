import RolloutEngine

extension Renderer {
  func drawHelp(_ g: inout Grid, in box: Rect) {
    var lines = Renderer.helpLines
    // Several workloads: how to move between them (before `?` and `q`).
    if !ui.workloads.isEmpty { lines.insert(("w W", "focus the next / previous workload (WORKLOADS)"), at: max(0, lines.count - 2)) }
    let boxW = min(box.width - 4, 64)
    // Between the header row and the key hints: the header stays readable.
    let boxH = min(box.height - 3, lines.count + 4)
    let top = box.y + max(1, (box.height - 2 - boxH) / 2)
    let left = box.x + max(0, (box.width - boxW) / 2)
    let border = Style(.title, bold: true)
    // A blank margin around the box: the dashboard's text does not run into it.
    for r in top..<min(box.maxY, top + boxH) {
      g.fill(" ", row: r, col: max(box.x, left - 1), end: min(box.maxX, left + boxW + 1), Style(.normal))
    }
    for r in top..<(top + boxH) {
      g.fill(" ", row: r, col: left, end: left + boxW, Style(.normal))
      g[r, left] = Cell(gl.v, border)
      g[r, left + boxW - 1] = Cell(gl.v, border)
    }
    g.fill(gl.h, row: top, col: left, end: left + boxW, border)
    g.fill(gl.h, row: top + boxH - 1, col: left, end: left + boxW, border)
    g[top, left] = Cell(gl.corners[0], border)
    g[top, left + boxW - 1] = Cell(gl.corners[1], border)
    g[top + boxH - 1, left] = Cell(gl.corners[2], border)
    g[top + boxH - 1, left + boxW - 1] = Cell(gl.corners[3], border)
    g.put(" rollsim keys ", row: top, col: left + 2, limit: left + boxW - 1, Style(.title, bold: true, reverse: true))
    var r = top + 1
    for (k, what) in lines {
      guard r < top + boxH - 1 else { break }
      let c = g.put(padRight(k, 7), row: r, col: left + 2, limit: left + boxW - 1, Style(.accent, bold: true))
      g.put(what, row: r, col: c, limit: left + boxW - 1, Style(.normal))
      r += 1
    }
    if r < top + boxH - 1 {
      g.put("keys act at the current simulated time; --record saves them", row: r + (r < top + boxH - 2 ? 1 : 0), col: left + 2, limit: left + boxW - 1, Style(.dim))
    }
  }
}
