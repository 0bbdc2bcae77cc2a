import RolloutEngine

extension Renderer {
  func drawHelp(_ g: inout Grid, in box: Rect) {
    let lines = Renderer.helpLines
    let boxW = min(box.width - 4, 64)
    let boxH = min(box.height - 2, lines.count + 5)
    let top = box.y + max(1, (box.height - boxH) / 2)
    let left = box.x + max(0, (box.width - boxW) / 2)
    let border = Style(.title, bold: true)
    for r in top..<(top + boxH) {
      g.fill(" ", row: r, col: left, end: left + boxW, Style(.normal))
      g[r, left] = Cell(gl.v, border)
      g[r, left + boxW - 1] = Cell(gl.v, border)
    }
    g.fill(gl.h, row: top, col: left, end: left + boxW, border)
    g.fill(gl.h, row: top + boxH - 1, col: left, end: left + boxW, border)
    g.put(" rollsim keys ", row: top, col: left + 2, limit: left + boxW - 1, Style(.title, bold: true, reverse: true))
    var r = top + 1
    for (k, what) in lines {
      guard r < top + boxH - 2 else { break }
      let c = g.put(padRight(k, 7), row: r, col: left + 2, limit: left + boxW - 1, Style(.accent, bold: true))
      g.put(what, row: r, col: c, limit: left + boxW - 1, Style(.normal))
      r += 1
    }
    if r < top + boxH - 1 {
      g.put("keys act at the current simulated time; --record saves them", row: r + (r < top + boxH - 2 ? 1 : 0), col: left + 2, limit: left + boxW - 1, Style(.dim))
    }
  }
}
