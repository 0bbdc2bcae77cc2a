import RolloutEngine

extension Renderer {
  // MARK: Steps

  mutating func drawSteps(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard let st = s.steps, row + 1 < maxRow else { return row }
    let end = col + w
    // Time left: the current timed pause's countdown plus later timed pauses; an
    // indefinite pause waits for a promote (pod start-up and analysis come on top).
    var left: SimTime = wholeSecondsLeft(st.pauseRemaining ?? 0)
    var waits = false
    if st.index < st.steps.count {
      for (i, step) in st.items.enumerated() where i >= st.index {
        guard case .pause(let seconds) = step else { continue }
        if let seconds {
          // The current pause's time left is `pauseRemaining`; later ones count whole.
          if i > st.index { left += SimTime.seconds(seconds) }
        } else {
          waits = true
        }
      }
    }
    let est: String
    // An aborted (Degraded) rollout runs no step: nothing counts down.
    let stopped = s.phase == .degraded
    if stopped {
      est = "aborted at step \(min(st.index, st.steps.count) + 1)"
    } else if st.index >= st.steps.count {
      est = "all steps done"
    } else if waits {
      est = left > 0 ? "\(gl.ge)\(formatDuration(left)) + promote" : "waits for promote"
    } else {
      est = "\(gl.ge)\(formatDuration(left)) left"
    }
    var r = title(g: &g, "STEPS", row: row, col: col, w: w, right: est, display: "STEPS \(min(st.index, st.steps.count))/\(st.steps.count)")
    let room = maxRow - r
    // A window around the current step; what it leaves out is counted (`+4 more`),
    // never hidden behind empty rows.
    var first = 0
    var last = st.steps.count
    if st.steps.count > room {
      // One row for `+N more`, one for `✓ N done above` when the window starts later.
      let above = st.index > 1 && room >= 4
      let shown = max(1, room - 1 - (above ? 1 : 0))
      first = above ? max(1, min(st.index - 1, st.steps.count - shown)) : 0
      last = min(st.steps.count, first + shown)
    }
    if first > 0, r < maxRow {
      g.put("  \(gl.check) \(first) done above", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    for i in first..<last {
      guard r < maxRow else { break }
      let text = st.steps[i]
      let current = i == st.index
      let done = i < st.index
      let mark: Character = done ? gl.check : (current ? (stopped ? gl.cross : gl.pointer) : " ")
      var line = "\(mark) \(i + 1). \(text)"
      if current, !stopped, let rem = st.pauseRemaining { line += "  \(formatDuration(wholeSecondsLeft(rem))) left" }
      if current, !stopped, text == "pause" { line += "  (p promotes)" }
      let style =
        current
        ? (stopped ? Style(.bad, bold: true) : Style(.selected, bold: true, reverse: true)) : Style(done ? .dim : .normal)
      let c = g.put(line, row: r, col: col, limit: end, style)
      if current, !stopped { g.fill(" ", row: r, col: c, end: end, style) }
      r += 1
    }
    if last < st.steps.count, r < maxRow {
      g.put("  +\(st.steps.count - last) more", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }
}
