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
    if st.index >= st.steps.count {
      est = "all steps done"
    } else if waits {
      est = left > 0 ? "\(gl.ge)\(formatDuration(left)) + promote" : "waits for promote"
    } else {
      est = "\(gl.ge)\(formatDuration(left)) left"
    }
    var r = title(g: &g, "STEPS", row: row, col: col, w: w, right: est, display: "STEPS \(min(st.index, st.steps.count))/\(st.steps.count)")
    let room = maxRow - r
    let first = st.steps.count <= room ? 0 : max(0, min(st.index - 1, st.steps.count - room))
    for i in first..<st.steps.count {
      guard r < maxRow else { break }
      let text = st.steps[i]
      let current = i == st.index
      let done = i < st.index
      let mark: Character = done ? gl.check : (current ? gl.pointer : " ")
      var line = "\(mark) \(i + 1). \(text)"
      if current, let rem = st.pauseRemaining { line += "  \(formatDuration(wholeSecondsLeft(rem))) left" }
      if current, text == "pause" { line += "  (p promotes)" }
      let style = current ? Style(.selected, bold: true, reverse: true) : Style(done ? .dim : .normal)
      let c = g.put(line, row: r, col: col, limit: end, style)
      if current { g.fill(" ", row: r, col: c, end: end, style) }
      r += 1
    }
    return r
  }
}
