import RolloutEngine
import RolloutManifests

/// `TIME:VERB[=ARG][@WORKLOAD]` → a scheduled action, or the reason it is not one.
///
/// `@WORKLOAD` (`NAME` or `KIND/NAME`, after the last `@`) names the workload a verb
/// acts on when the input has several; a suffix with a `:` is not one, so an image
/// digest (`set-image=web@sha256:…`) stays the image.
///
/// Each failure says which part is wrong and why: a negative or unparsable time, an
/// unknown verb, or a known verb with an argument it can't take (`undo=0`,
/// `scale=-1`). Echoed text is escaped and cut (`TerminalText.echo`).
enum ActionParsing {
  enum Result {
    case success(ScheduledAction)
    case failure(String)
  }

  static func parse(_ text: String) -> Result {
    guard let colon = text.firstIndex(of: ":") else {
      return .failure("expected TIME:VERB, e.g. 45s:undo")
    }
    let timeText = String(text[..<colon])
    var verbText = String(text[text.index(after: colon)...])
    var workload: String?
    if let at = verbText.lastIndex(of: "@") {
      let suffix = String(verbText[verbText.index(after: at)...])
      if !suffix.contains(":") {
        guard !suffix.isEmpty else { return .failure("nothing after @: name a workload, TIME:VERB@NAME") }
        workload = suffix
        verbText = String(verbText[..<at])
      }
    }
    let t: SimTime
    switch time(timeText) {
    case .success(let v): t = v
    case .failure(let message): return .failure(message)
    }
    switch verb(verbText) {
    case .success(let v): return .success(ScheduledAction(at: t, verb: v, workload: workload))
    case .failure(let message): return .failure(message)
    }
  }

  enum Parsed<T> {
    case success(T)
    case failure(String)
  }

  /// The TIME part: a duration from the start of the run, 0 to 10⁹ s.
  static func time(_ text: String) -> Parsed<SimTime> {
    if let t = parseDuration(text) { return .success(t) }
    let trimmed = text.drop { $0 == " " }
    if trimmed.hasPrefix("-") {
      return .failure("time \"\(TerminalText.echo(text))\" is negative: actions happen at or after the start of the run (0s)")
    }
    if let d = Double(trimmed.filter { $0.isNumber || $0 == "." }), d > Double(maxDurationSeconds) {
      return .failure("time \"\(TerminalText.echo(text))\" is beyond the longest run (\(maxDurationSeconds)s)")
    }
    return .failure("time \"\(TerminalText.echo(text))\" doesn't parse (use e.g. 45s, 2m, 1h30m)")
  }

  /// Verbs that take no argument, and those that need one (with what it must be).
  static let plainVerbs = ["pause", "resume", "kill-pod", "promote", "promote-full", "abort", "retry"]

  /// The VERB[=ARG] part.
  static func verb(_ text: String) -> Parsed<ActionVerb> {
    let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let name = parts[0]
    let arg = parts.count > 1 ? parts[1] : nil
    if let v = ActionVerb.parse(text) {
      if case .scale(let n) = v, n > ManifestLoader.maxReplicas {
        return .failure("rollsim simulates at most \(ManifestLoader.maxReplicas) replicas")
      }
      return .success(v)
    }
    let shown = "\(name)=\(TerminalText.echo(arg ?? ""))"
    switch name {
    case _ where plainVerbs.contains(name):
      return .failure("\(name) takes no argument (found \"\(shown)\")")
    case "undo":
      return .failure("\(shown): undo takes a revision number of 1 or more (or none, for the previous revision)")
    case "scale":
      guard arg != nil else { return .failure("scale needs a replica count: scale=N") }
      return .failure("\(shown): scale takes a replica count, a whole number of 0 or more")
    case "set-image":
      return .failure("set-image needs an image: set-image=IMAGE")
    case "node-down", "node-up":
      guard arg != nil else { return .failure("\(name) needs a node number: \(name)=N") }
      return .failure("\(shown): \(name) takes a node number of 1 or more")
    default:
      return .failure("unknown verb \"\(TerminalText.echo(name))\" (valid: \(ActionVerb.spellings))")
    }
  }
}
