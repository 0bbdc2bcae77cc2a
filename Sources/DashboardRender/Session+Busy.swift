/// What the dashboard says it is doing while a key or a tick takes longer than a
/// frame (the key loop paints it on the busy frame, `BusyFrame`). Read before the
/// work starts, from the state the key arrives in; pure.
extension DashboardSession {
  /// A prompt is open: typed characters (a `q` too) go into it.
  public var promptOpen: Bool { promptKind != nil }

  /// A prompt will be open once `key` (nil: a tick) is handled: Enter and Escape
  /// close one; `s`, `i`, `n`, `N`, `U`, `g` and `/` open one.
  public func promptOpen(after key: DashboardKey?) -> Bool {
    guard let key else { return promptOpen }
    if promptOpen { return key != .enter && key != .escape }
    switch key {
    case .char("s"), .char("i"), .char("n"), .char("N"), .char("U"), .char("g"), .char("/"): return true
    default: return false
    }
  }

  /// What handling `key` does (nil: a clock tick), as a short phrase:
  /// "scaling to 1,000,000 replicas", "running the clock at max".
  public func busyText(forKey key: DashboardKey?) -> String {
    guard let key else { return "running the clock at \(ui.speedLabel)" }
    if let kind = promptKind {
      guard key == .enter else { return "reading the prompt" }
      let text = promptText.isEmpty ? promptDefault : promptText
      switch kind {
      case .scale:
        guard let n = Int(text), n >= 0 else { return "reading the replica count" }
        return "scaling to \(BusyFrame.grouped(n)) replicas"
      case .image: return "setting the image to \(text)"
      case .nodeDown: return "taking node \(text) down"
      case .nodeUp: return "bringing node \(text) up"
      case .undoTo: return "rolling back to revision \(text)"
      case .jump: return "going to t=\(text) (re-running from the start)"
      case .filter: return "filtering EVENTS"
      }
    }
    switch key {
    case .char("p"): return "promoting"
    case .char("P"): return "promoting fully"
    case .char("a"): return "aborting"
    case .char("r"): return "retrying"
    case .char("u"): return "undoing"
    case .char("x"): return "killing a pod"
    case .char("z"): return "pausing the rollout"
    case .char("Z"): return "resuming the rollout"
    case .char("."): return "stepping to the next event"
    case .char("R"): return "restarting the run"
    case .char("<"): return "going back to the previous decision (re-running from the start)"
    case .char(">"): return "going to the next decision"
    default: return "handling the key"
    }
  }
}
