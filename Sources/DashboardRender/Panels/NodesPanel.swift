import RolloutEngine

extension Renderer {
  // MARK: Nodes

  /// Detail mode: each node's pods and requested CPU / memory against allocatable.
  func drawNodes(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard row + 1 < maxRow, !s.nodes.isEmpty else { return row }
    let end = col + w
    let up = s.nodes.filter(\.up).count
    var r = title(g: &g, "NODES", row: row, col: col, w: w, right: "\(up)/\(s.nodes.count) up")
    let room = maxRow - r
    let shown = s.nodes.count <= room ? s.nodes.count : max(0, room - 1)
    // Fixed columns: name 12, `NNNN pods  cpu ` 15, ` NNN%  mem ` 11, ` NNN%` 5.
    let barW = max(4, (w - 43) / 2)
    for node in s.nodes.prefix(shown) {
      var c = g.put(padRight(clip(node.name, 11, gl.ellipsis), 12), row: r, col: col, limit: end, Style(node.up ? .label : .bad))
      if !node.up {
        g.put("down (lost; takes no pods)", row: r, col: c, limit: end, Style(.bad, bold: true))
        r += 1
        continue
      }
      c = g.put(padLeft("\(node.pods)", 4) + " pods  cpu ", row: r, col: c, limit: end, Style(.dim))
      let cpu = node.cpuMillis > 0 ? Double(node.requestedCpuMillis) / Double(node.cpuMillis) : 0
      let mem = node.memoryBytes > 0 ? Double(node.requestedMemoryBytes) / Double(node.memoryBytes) : 0
      c = bar(&g, row: r, col: c, width: barW, limit: end, fraction: cpu, Style(cpu > 0.9 ? .warn : .info))
      c = g.put(padLeft("\(Int((cpu * 100).rounded()))%", 5) + "  mem ", row: r, col: c, limit: end, Style(.dim))
      c = bar(&g, row: r, col: c, width: barW, limit: end, fraction: mem, Style(mem > 0.9 ? .warn : .info))
      g.put(padLeft("\(Int((mem * 100).rounded()))%", 5), row: r, col: c, limit: end, Style(.dim))
      r += 1
    }
    if shown < s.nodes.count, r < maxRow {
      g.put("+\(s.nodes.count - shown) more nodes", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }
}
