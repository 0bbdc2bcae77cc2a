import RolloutEngine

extension Renderer {
  // MARK: Events

  func drawEvents(_ g: inout Grid, in box: Rect) {
    let (row, maxRow, x0, end, width) = (box.y, box.maxY, box.x, box.maxX, box.width)
    guard row + 1 < maxRow else { return }
    var r = title(g: &g, "EVENTS", row: row, col: x0, w: width, right: "newest last")
    if detail, r < maxRow {
      g.put(
        padRight("TIME", 9) + padRight("TYPE", 9) + padRight("REASON", 20) + padRight("OBJECT", 30) + "MESSAGE", row: r, col: x0,
        limit: end, Style(.dim))
      r += 1
    }
    let rows = maxRow - r
    guard rows > 0 else { return }
    // Like `kubectl get events`' COUNT column: consecutive events of one instant with
    // the same reason (a ReplicaSet's pods being created, scheduled, started) share a
    // row, shown by their newest one with `×N`, so decisions are not scrolled away.
    var groups: [(e: SimEvent, count: Int, rows: Int)] = []
    let messageCol = detail ? 9 + 9 + 20 + 30 : 9 + 18
    var used = 0
    var i = s.events.count - 1
    while i >= 0, used < rows {
      let e = s.events[i]
      var j = i - 1
      while j >= 0, s.events[j].time == e.time, s.events[j].reason == e.reason, s.events[j].kind == e.kind, e.why == nil,
        s.events[j].why == nil
      {
        j -= 1
      }
      let count = i - j
      // In detail mode, or when EVENTS has the focus (tab), a `why` that does not fit
      // after the message gets its own row.
      let wrapWhy = detail || focusName == "EVENTS"
      let lineLen = messageCol + (count > 1 ? String(count).count + 2 : 0) + e.message.count + (e.why.map { $0.count + 3 } ?? 0)
      let need = wrapWhy && e.why != nil && lineLen > width && used + 2 <= rows ? 2 : 1
      groups.append((e, count, need))
      used += need
      i = j
    }
    for (e, count, need) in groups.reversed() {
      let warn = e.kind == .warning
      var c = g.put(padLeft(formatDuration(e.time), 7) + "  ", row: r, col: x0, limit: end, Style(.dim))
      if detail {
        c = g.put(padRight(e.kind.rawValue, 9), row: r, col: c, limit: end, Style(warn ? .warn : .dim))
        c = g.put(padRight(clip(e.reason, 19, gl.ellipsis), 20), row: r, col: c, limit: end, Style(warn ? .warn : .info))
        c = g.put(padRight(clip(e.object, 29, gl.ellipsis), 30), row: r, col: c, limit: end, Style(.dim))
      } else {
        c = g.put(padRight(clip(e.reason, 17, gl.ellipsis), 18), row: r, col: c, limit: end, Style(warn ? .warn : .info))
      }
      if count > 1 { c = g.put("\(gl.times)\(count) ", row: r, col: c, limit: end, Style(.label, bold: true)) }
      c = g.put(e.message, row: r, col: c, limit: end, Style(warn ? .warn : .normal))
      if let why = e.why {
        if need == 2 {
          r += 1
          g.put("\(gl.last) \(why)", row: r, col: x0 + messageCol, limit: end, Style(.dim))
        } else {
          g.put(" (\(why))", row: r, col: c, limit: end, Style(.dim))
        }
      }
      r += 1
    }
  }
}
