import RolloutEngine

extension Renderer {
  // MARK: Events

  /// Draws EVENTS in `box`; returns the row after the last one drawn.
  @discardableResult func drawEvents(_ g: inout Grid, in box: Rect) -> Int {
    let (row, maxRow, x0, end, width) = (box.y, box.maxY, box.x, box.maxX, box.width)
    guard row + 1 < maxRow else { return row }
    // `/` filters by reason or object; `j` / `k` scroll back from the newest.
    var events = s.events
    if let f = ui.eventFilter {
      events = events.filter { eventMatches($0, f) || (filterMessages && $0.message.contains(f)) }
    }
    let scroll = max(0, min(ui.eventScroll, max(0, events.count - 1)))
    if scroll > 0 { events.removeLast(scroll) }
    var right = scroll > 0 ? "\(scroll) newer below" : "newest last"
    if let f = ui.eventFilter { right = "filter \"\(f)\": \(events.count + scroll) of \(s.events.count)  " + right }
    var r = title(g: &g, "EVENTS", row: row, col: x0, w: width, right: right)
    if detail, r < maxRow {
      g.put(
        padRight("TIME", 9) + padRight("TYPE", 9) + padRight("REASON", headerReasonWidth(events, rows: maxRow - r - 1)) + padRight("OBJECT", 30)
          + "MESSAGE", row: r, col: x0,
        limit: end, Style(.dim))
      r += 1
    }
    let rows = maxRow - r
    guard rows > 0 else { return r }
    // Like `kubectl get events`' COUNT column: consecutive events of one instant with
    // the same reason (a ReplicaSet's pods being created, scheduled, started) share a
    // row, shown by their newest one with `×N`, so decisions are not scrolled away.
    var groups: [(e: SimEvent, count: Int, whyLines: [String], atWindowStart: Bool)] = []
    // Reasons up to 22 characters fit (NewReplicaSetCreated, ProgressDeadlineExceeded
    // is cut by two); the column is as wide as the longest reason shown needs.
    // Grouping assumes the widest column (23); the column drawn is as wide as the
    // reasons of the rows shown need.
    let objectW = 30
    let widest = 23
    var messageCol = detail ? 9 + 9 + widest + objectW : 9 + widest
    // The window the snapshot holds may begin inside a group: its count is then a
    // lower bound (`×N+`), not a count that shrinks as the window moves.
    let windowFull = events.count >= DashboardRenderer.eventWindow
    // Two passes: whys on one row each (unless focused); when every event then fits
    // with rows to spare, again with every why whole (the space is there).
    let focused = focusName == "EVENTS" || ui.view == .events
    var firstPass = groups
    for pass in 0..<2 {
      let whole = focused || pass == 1
      if pass == 1 { firstPass = groups }
      groups.removeAll(keepingCapacity: true)
      var used = 0
      var i = events.count - 1
      while i >= 0, used < rows {
        let e = events[i]
        var j = i - 1
        while j >= 0, events[j].time == e.time, events[j].reason == e.reason, events[j].kind == e.kind, e.why == nil,
          events[j].why == nil
        {
          j -= 1
        }
        let count = i - j
        // In detail mode, or when EVENTS has the focus (tab), a `why` that does not fit
        // after the message gets rows of its own.
        let wrapWhy = detail || focused
        let lineLen = messageCol + (count > 1 ? String(count).count + 3 : 0) + e.message.count + (e.why.map { $0.count + 3 } ?? 0)
        var whyLines: [String] = []
        if wrapWhy, let why = e.why, lineLen > width {
          let room = max(10, width - messageCol - 3)
          whyLines = whole ? wrapWords(why, width: room) : [clip(why, room, gl.ellipsis)]
          if used + 1 + whyLines.count > rows {
            whyLines = Array(whyLines.prefix(max(0, rows - used - 1)))
            if let last = whyLines.popLast() { whyLines.append(clip(last + " " + String(gl.ellipsis), room, gl.ellipsis)) }
          }
        }
        groups.append((e, count, whyLines, j < 0 && windowFull))
        used += 1 + whyLines.count
        i = j
      }
      // Whole whys only if every event still shows; else the first pass stands.
      if pass == 1, i >= 0 || used > rows { groups = firstPass }
      // The second pass only when the first showed everything and left rows free.
      if whole || !detail || i >= 0 || used >= rows { break }
    }
    let reasonW = min(widest, max(17, groups.map(\.e.reason.count).max() ?? 0) + 1)
    messageCol = detail ? 9 + 9 + reasonW + objectW : 9 + reasonW
    for (e, count, whyLines, atStart) in groups.reversed() {
      let warn = e.kind == .warning
      // Whole seconds, as the clock shows (a key pressed at 40 s acts at 40.001 s:
      // the recording keeps the milliseconds).
      var c = g.put(padLeft(formatDuration(e.time - e.time % 1000), 7) + "  ", row: r, col: x0, limit: end, Style(.dim))
      if detail {
        c = g.put(padRight(e.kind.rawValue, 9), row: r, col: c, limit: end, Style(warn ? .warn : .dim))
        c = g.put(padRight(clip(e.reason, reasonW - 1, gl.ellipsis), reasonW), row: r, col: c, limit: end, Style(warn ? .warn : .info))
        c = g.put(padRight(clip(e.object, objectW - 1, gl.ellipsis), objectW), row: r, col: c, limit: end, Style(.dim))
      } else {
        c = g.put(padRight(clip(e.reason, reasonW - 1, gl.ellipsis), reasonW), row: r, col: c, limit: end, Style(warn ? .warn : .info))
      }
      if count > 1 { c = g.put("\(gl.times)\(count)\(atStart ? "+" : "") ", row: r, col: c, limit: end, Style(.label, bold: true)) }
      c = g.put(e.message, row: r, col: c, limit: end, Style(warn ? .warn : .normal))
      if let why = e.why {
        if whyLines.isEmpty {
          g.put(" (\(why))", row: r, col: c, limit: end, Style(.dim))
        } else {
          for (k, line) in whyLines.enumerated() {
            r += 1
            g.put((k == 0 ? "\(gl.last) " : "   ") + line, row: r, col: x0 + messageCol, limit: end, Style(.dim))
          }
        }
      }
      r += 1
    }
    return r
  }

  /// Rows of the EVENTS band from `top` that its events would leave blank (few events
  /// yet), measured by drawing it on a scratch grid; the layout gives them to the
  /// columns above (bigger pod cells). Never while the end-of-run banner covers it.
  func spareEventRows(from top: Int) -> Int {
    guard ui.banner == nil, ui.eventScroll == 0 else { return 0 }
    let height = rect.maxY - 2 - top
    guard height > 3 else { return 0 }
    var scratch = Grid(width: rect.width, height: height)
    let used = drawEvents(&scratch, in: Rect(x: 0, y: 0, width: rect.width, height: height))
    return max(0, height - max(used, 3))
  }

  /// The REASON heading's width (detail mode): the widest reason among the newest
  /// events that can show, 18 to 23 columns.
  func headerReasonWidth(_ events: [SimEvent], rows: Int) -> Int {
    var widest = 0
    var groups = 0
    var i = events.count - 1
    while i >= 0, groups < max(1, rows) {
      widest = max(widest, events[i].reason.count)
      var j = i - 1
      while j >= 0, events[j].time == events[i].time, events[j].reason == events[i].reason { j -= 1 }
      groups += 1
      i = j
    }
    return min(23, max(17, widest) + 1)
  }
}

/// `text` in lines of at most `width` columns, broken at spaces (a word longer than
/// the width is cut into pieces).
func wrapWords(_ text: String, width: Int) -> [String] {
  guard width > 0 else { return [] }
  var lines: [String] = []
  var line = ""
  for word in text.split(separator: " ", omittingEmptySubsequences: true) {
    var w = Substring(word)
    while w.count > width {
      if !line.isEmpty { lines.append(line); line = "" }
      lines.append(String(w.prefix(width)))
      w = w.dropFirst(width)
    }
    if line.isEmpty {
      line = String(w)
    } else if line.count + 1 + w.count <= width {
      line += " " + w
    } else {
      lines.append(line)
      line = String(w)
    }
  }
  if !line.isEmpty { lines.append(line) }
  return lines
}
