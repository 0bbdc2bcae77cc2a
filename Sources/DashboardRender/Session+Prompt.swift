import RolloutEngine

/// The typed prompts (`s` scale, `i` set image, `n` node down): what is typed is
/// kept as typed and checked on Enter; a default is a hint the first key replaces.
extension DashboardSession {
  mutating func startPrompt(_ kind: PromptKind, initial: String, default hint: String = "") {
    promptKind = kind
    promptText = initial
    promptDefault = hint
    ui.showHelp = false
    updatePrompt()
  }

  mutating func updatePrompt() {
    guard let kind = promptKind else {
      ui.prompt = nil
      return
    }
    let label: String
    switch kind {
    case .scale: label = "scale to replicas: "
    case .image: label = "set image: "
    case .nodeDown:
      let count = focusedSnapshot(maxEvents: 0, includePods: false).nodes.count
      label = "node to take down (1-\(count)): "
    case .jump: label = "go to time (e.g. 1m30s): "
    case .filter: label = "filter EVENTS (reason or object): "
    case .nodeUp:
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      let down = snap.nodes.indices.filter { !snap.nodes[$0].up }.map { String($0 + 1) }
      label = down.isEmpty ? "node to bring up (none is down): " : "node to bring up (\(down.joined(separator: ", "))): "
    case .undoTo:
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      let choices = snap.revisions.dropFirst().map { "\($0.revision) \($0.image)" }
      label = "undo to revision (\(choices.joined(separator: ", "))): "
    }
    ui.prompt = label + promptText
    ui.promptHint = promptText.isEmpty && !promptDefault.isEmpty ? promptDefault : nil
  }

  mutating func handlePrompt(_ key: DashboardKey) {
    guard let kind = promptKind else { return }
    switch key {
    case .escape:
      promptKind = nil
      promptText = ""
      promptDefault = ""
      ui.prompt = nil
      ui.promptHint = nil
      let word: String
      switch kind {
      case .scale: word = "scale"
      case .image: word = "set-image"
      case .nodeDown: word = "node-down"
      case .jump: word = "go to"
      case .nodeUp: word = "node-up"
      case .undoTo: word = "undo"
      case .filter: word = "filter"
      }
      ui.status = "\(word): cancelled"
      return
    case .backspace:
      if !promptText.isEmpty { promptText.removeLast() }
    case .enter:
      let text = promptText.isEmpty ? promptDefault : promptText
      promptKind = nil
      promptText = ""
      promptDefault = ""
      ui.prompt = nil
      ui.promptHint = nil
      switch kind {
      case .scale:
        guard let n = Int(text), n >= 0, text.allSatisfy(\.isASCII) else {
          if text.isEmpty { ui.status = "scale: type a number of replicas (0 or more)" } else { ui.warn("scale: \"\(text)\" rejected: type a number of replicas (0 or more)") }
          return
        }
        let current = focusedSnapshot(maxEvents: 0, includePods: false).desiredReplicas
        if n > maxScaleReplicas, n > current {
          ui.warn(
            "scale: the dashboard draws at most \(maxScaleReplicas) replicas (every pod, each frame, within 16 ms); "
              + "\(n) runs headless: rollsim simulate FILE --action TIME:scale=\(n)")
          return
        }
        act(.scale(n))
      case .image:
        guard !text.isEmpty else {
          ui.status = "set-image: no image typed; nothing changed"
          return
        }
        act(.setImage(text))
      case .nodeDown:
        guard let n = Int(text), n > 0, text.allSatisfy(\.isASCII) else {
          if text.isEmpty { ui.status = "node-down: type a node number (1 or more)" } else { ui.warn("node-down: \"\(text)\" rejected: type a node number (1 or more)") }
          return
        }
        act(.nodeDown(n))
      case .nodeUp:
        guard let n = Int(text), n > 0, text.allSatisfy(\.isASCII) else {
          if text.isEmpty { ui.status = "node-up: no node is down" } else { ui.warn("node-up: \"\(text)\" rejected: type a node number (1 or more)") }
          return
        }
        act(.nodeUp(n))
      case .undoTo:
        guard let n = Int(text), n > 0, text.allSatisfy(\.isASCII) else {
          if text.isEmpty { ui.status = "undo: there is no older revision" } else { ui.warn("undo: \"\(text)\" rejected: type a revision number") }
          return
        }
        act(.undo(revision: n))
      case .filter:
        applyFilter(text)
      case .jump:
        guard let time = parseDuration(text) else {
          if text.isEmpty { ui.status = "go to: type a time (e.g. 1m30s)" } else { ui.warn("go to: \"\(text)\" rejected: not a time (use e.g. 45s, 2m, 1m30s)") }
          return
        }
        jump(to: time)
      }
      return
    case .char(let c):
      switch kind {
      case .scale:
        // 8 characters: 10,000,000 (the loader's limit) must be typeable, and anything
        // longer is refused on Enter rather than cut to a smaller number; `-1` is
        // kept and rejected, not read as 1.
        if !c.isWhitespace, promptText.count < 8 { promptText.append(c) }
      case .nodeDown, .nodeUp, .undoTo, .jump:
        // Whatever is typed is kept and checked on Enter: `-1` is rejected, not read as 1.
        if !c.isWhitespace, promptText.count < 9 { promptText.append(c) }
      case .image:
        if c.isASCII, !c.isWhitespace, promptText.count < 200 { promptText.append(c) }
      case .filter:
        if !c.isWhitespace, promptText.count < 60 { promptText.append(c) }
      }
    default:
      break
    }
    updatePrompt()
  }
}
