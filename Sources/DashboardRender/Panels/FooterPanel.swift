import RolloutEngine

extension Renderer {
  // MARK: Footer and help

  func drawFooter(_ g: inout Grid, in box: Rect) {
    guard box.height >= 2 else { return }
    let keysRow = box.y
    let statusRow = box.y + 1
    let (x0, end) = (box.x, box.maxX)
    // k9s-style: the keys that apply now, then `?` for all.
    var hints: [(String, String)] = []
    if ui.paused {
      hints.append(("space", "resume"))
      hints.append((".", "step"))
    } else {
      hints.append(("space", "pause"))
    }
    hints.append(("+/-", "speed"))
    if s.kind == .rollout {
      if s.phase == .degraded {
        hints.append(("r", "retry"))
      } else if !s.finished {
        hints.append(("p", "promote"))
        hints.append(("P", "full"))
        hints.append(("a", "abort"))
      }
    }
    hints.append(("u", "undo"))
    hints.append(("s", "scale"))
    hints.append(("i", "image"))
    hints.append(("k", "kill pod"))
    hints.append(("n", "node down"))
    hints.append(("tab", "focus"))
    let tailHints: [(String, String)] = [("?", "help"), ("q", "quit")]
    let tailLen = tailHints.reduce(0) { $0 + $1.0.count + $1.1.count + 4 }
    var c = x0
    for (k, what) in hints {
      let len = k.count + what.count + 4
      if c + len > end - tailLen { break }
      c = g.put("<\(k)>", row: keysRow, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(" \(what) ", row: keysRow, col: c, limit: end, Style(.dim))
    }
    for (k, what) in tailHints {
      c = g.put("<\(k)>", row: keysRow, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(" \(what) ", row: keysRow, col: c, limit: end, Style(.dim))
    }
    if let p = ui.prompt {
      let c = g.put(p + "_", row: statusRow, col: x0, limit: end, Style(.selected, bold: true, reverse: true))
      g.put("  Enter applies, Esc cancels", row: statusRow, col: c, limit: end, Style(.dim))
    } else if !ui.status.isEmpty {
      let rejected = ui.status.contains("rejected") || ui.status.hasSuffix(" applies here")
      g.put(ui.status, row: statusRow, col: x0, limit: end, Style(rejected ? .warn : .info))
    }
  }

  static var helpLines: [(key: String, meaning: String)] { DashboardRenderer.keyHelp }
}
