import RolloutEngine

extension Renderer {
  // MARK: Header

  func phaseRole(_ p: String) -> Role {
    switch p {
    case "Healthy": return .good
    case "Degraded", "ProgressDeadlineExceeded": return .bad
    case "Paused": return .warn
    default: return .info
    }
  }

  func drawHeader(_ g: inout Grid, in box: Rect) {
    let (top, x0, end) = (box.y, box.x, box.maxX)
    // Right part first so the left part can be clipped before it.
    var right = "t=\(formatDuration(s.time - s.time % 1000))  speed \(ui.speedLabel)"
    if ui.paused { right += "  " }
    // The user stopped the simulated clock: not the rollout phase `Paused` (a pause step
    // or `spec.paused`), which the header shows on its own.
    let pausedText = ui.paused ? "CLOCK PAUSED" : ""
    let rightStart = end - right.count - pausedText.count - 1
    var c = g.put(s.name, row: top, col: x0, limit: max(x0 + 8, rightStart - 30), Style(.title, bold: true))
    c = g.put("  \(s.kind)  ", row: top, col: c, limit: rightStart, Style(.dim))
    c = g.put(s.phase, row: top, col: c, limit: rightStart, Style(phaseRole(s.phase), bold: true))
    if let st = s.steps, !st.steps.isEmpty {
      // Argo's CLI prints `Step: currentStepIndex/len(steps)` (the steps done so far).
      c = g.put("  step \(min(st.index, st.steps.count))/\(st.steps.count)", row: top, col: c, limit: rightStart, Style(.label))
    }
    if s.finished { g.put("  complete", row: top, col: c, limit: rightStart, Style(.good)) }
    let rc = g.put(right, row: top, col: rightStart, limit: end, Style(.label))
    if ui.paused { g.put(pausedText, row: top, col: rc, limit: end, Style(.warn, bold: true, reverse: true)) }
    // Row 1: the strategy and its parameters, replicas, the controller's message.
    var line = s.strategy + (s.strategyDetail.isEmpty ? "" : " " + s.strategyDetail)
    line += "  replicas \(s.desiredReplicas)"
    c = g.put(line, row: top + 1, col: x0, limit: end, Style(.accent))
    if !s.message.isEmpty { g.put("  " + clip(s.message, end - c - 2, gl.ellipsis), row: top + 1, col: c, limit: end, Style(.dim)) }
  }
}
