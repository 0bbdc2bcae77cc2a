import RolloutEngine
import RolloutManifests

/// `TIME:VERB[=ARG]` → a scheduled action.
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
    let verbText = String(text[text.index(after: colon)...])
    guard let t = parseDuration(timeText) else {
      return .failure("time \"\(timeText)\" doesn't parse (use e.g. 45s, 2m, 1h30m)")
    }
    guard let verb = ActionVerb.parse(verbText) else {
      return .failure("unknown verb \"\(verbText)\" (valid: \(ActionVerb.spellings))")
    }
    if case .scale(let n) = verb, n > ManifestLoader.maxReplicas {
      return .failure("rollsim simulates at most \(ManifestLoader.maxReplicas) replicas")
    }
    return .success(ScheduledAction(at: t, verb: verb))
  }
}
