import RolloutEngine

extension Renderer {
  // MARK: Footer and help

  func drawFooter(_ g: inout Grid, in box: Rect) {
    guard box.height >= 2 else { return }
    let keysRow = box.y
    let statusRow = box.y + 1
    let (x0, end) = (box.x, box.maxX)
    // k9s-style: the keys that apply now, then `?` for all. When they do not all
    // fit, the least useful now go first (never silently the one to press now).
    let hints = footerHints()
    let tailHints: [(String, String)] = [("?", "help"), ("q", "quit")]
    let tailLen = tailHints.reduce(0) { $0 + $1.0.count + $1.1.count + 4 }
    func len(_ h: FooterHint) -> Int { h.key.count + h.text.count + 4 }
    var kept = [Bool](repeating: true, count: hints.count)
    var total = hints.reduce(0) { $0 + len($1) }
    let order = hints.indices.sorted { hints[$0].priority != hints[$1].priority ? hints[$0].priority < hints[$1].priority : $0 > $1 }
    for i in order where total > box.width - tailLen {
      kept[i] = false
      total -= len(hints[i])
    }
    var c = x0
    for (i, h) in hints.enumerated() where kept[i] {
      c = g.put("<\(h.key)>", row: keysRow, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(" \(h.text) ", row: keysRow, col: c, limit: end, Style(.dim))
    }
    for (k, what) in tailHints {
      c = g.put("<\(k)>", row: keysRow, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(" \(what) ", row: keysRow, col: c, limit: end, Style(.dim))
    }
    if let p = ui.prompt {
      // A long entry scrolls: its end (where the typing is) stays visible.
      let hint = ui.promptHint.map { " [\($0)]" } ?? ""
      let help = "  Enter applies, Esc cancels"
      let room = box.width - hint.count - 1
      let shown = p.count < room ? p : String(gl.ellipsis) + String(p.suffix(max(0, room - 2)))
      var c = g.put(shown + "_", row: statusRow, col: x0, limit: end, Style(.selected, bold: true, reverse: true))
      if !hint.isEmpty { c = g.put(hint, row: statusRow, col: c, limit: end, Style(.dim)) }
      if c + help.count <= end { g.put(help, row: statusRow, col: c, limit: end, Style(.dim)) }
    } else if !ui.status.isEmpty {
      let rejected = ui.statusIsWarning
      g.put(ui.status, row: statusRow, col: x0, limit: end, Style(rejected ? .warn : .info))
    } else if let next = ui.nextUp {
      g.put(clip(next, box.width, gl.ellipsis), row: statusRow, col: x0, limit: end, Style(.dim))
    } else if let why = whyNotYet() {
      g.put(clip(why, box.width, gl.ellipsis), row: statusRow, col: x0, limit: end, Style(.dim))
    }
  }

  /// "Why not yet", while the clock runs: the next timer that changes anything, the
  /// progress-deadline countdown, the minReadySeconds wait, crash-loop restarts
  /// (`snapshot.timers`). Most urgent first, so a narrow status line keeps it.
  func whyNotYet() -> String? {
    guard let t = s.timers, s.outcome == nil else { return nil }
    func left(_ at: SimTime) -> String { formatDuration(wholeSecondsLeft(at - s.time)) }
    var parts: [String] = []
    if let at = t.nextAt, let what = t.next { parts.append("next in \(left(at)): \(what)") }
    if t.waitingMinReady > 0 {
      let first = t.firstAvailableAt.map { ", first available in \(left($0))" } ?? ""
      parts.append("minReadySeconds \(t.minReadySeconds): \(t.waitingMinReady) ready pod\(t.waitingMinReady == 1 ? "" : "s") waiting\(first)")
    }
    if t.crashLooping > 0 { parts.append("CrashLoopBackOff \(t.crashLooping) pod\(t.crashLooping == 1 ? "" : "s"), \(t.maxRestarts) restarts") }
    if let at = t.progressDeadlineAt { parts.append("progress deadline in \(left(at))") }
    return parts.isEmpty ? nil : parts.joined(separator: " \(gl.dot) ")
  }

  static var helpLines: [(key: String, meaning: String)] { DashboardRenderer.keyHelp }

  /// A key hint and how much it matters now (higher stays longer).
  struct FooterHint {
    var key: String
    var text: String
    var priority: Int
  }

  /// The keys that apply now, in the footer's order.
  func footerHints() -> [FooterHint] {
    var hints: [FooterHint] = []
    if ui.view != .dashboard {
      hints.append(FooterHint(key: "Esc", text: "back", priority: 12))
      if ui.view == .events { hints.append(FooterHint(key: "j/k", text: "scroll", priority: 11)) }
      if case .describe = ui.view {
        hints.append(FooterHint(key: "j/k", text: "select pod", priority: 11))
        hints.append(FooterHint(key: "Enter", text: "describe pod", priority: 10))
      }
      hints.append(FooterHint(key: "/", text: "filter", priority: 9))
    } else if focusName == "EVENTS" {
      hints.append(FooterHint(key: "j/k", text: "scroll", priority: 6))
      hints.append(FooterHint(key: "Enter", text: "all events", priority: 6))
      hints.append(FooterHint(key: "/", text: "filter", priority: 6))
    }
    if ui.paused {
      hints.append(FooterHint(key: "space", text: "resume", priority: 10))
      hints.append(FooterHint(key: ".", text: "step", priority: 8))
    } else {
      hints.append(FooterHint(key: "space", text: "pause", priority: 10))
    }
    hints.append(FooterHint(key: "+/-", text: "speed", priority: 4))
    if !ui.workloads.isEmpty { hints.append(FooterHint(key: "w/W", text: "workload", priority: 9)) }
    if s.kind == .rollout {
      if s.phase == .degraded {
        hints.append(FooterHint(key: "r", text: "retry", priority: 9))
      } else if !s.finished {
        // At a pause (a pause step, BlueGreenPause) promote is what the rollout waits for.
        hints.append(FooterHint(key: "p", text: "promote", priority: s.phase == .paused ? 11 : 7))
        hints.append(FooterHint(key: "P", text: "full", priority: 5))
        hints.append(FooterHint(key: "a", text: "abort", priority: 8))
      }
    }
    hints.append(FooterHint(key: "u", text: "undo", priority: s.revisions.count > 1 ? 7 : 2))
    hints.append(FooterHint(key: "s", text: "scale", priority: 3))
    hints.append(FooterHint(key: "i", text: "image", priority: 3))
    // `x` kills (j / k always move in the focused panel).
    hints.append(FooterHint(key: "x", text: "kill pod", priority: 2))
    hints.append(FooterHint(key: "n", text: "node down", priority: 2))
    hints.append(FooterHint(key: "tab", text: "focus", priority: 1))
    if ui.view == .dashboard, focusName == "REVISIONS", s.revisions.count > 0 {
      hints.append(FooterHint(key: "j/k", text: "select", priority: 1))
      hints.append(FooterHint(key: "Enter", text: "describe", priority: 1))
    }
    if ui.view == .dashboard, focusName == "PODS", s.podTable.count > 0 {
      hints.append(FooterHint(key: "j/k", text: "select pod", priority: 6))
      hints.append(FooterHint(key: "Enter", text: "describe pod", priority: 6))
    }
    return hints
  }
}
