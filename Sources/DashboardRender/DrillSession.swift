import RolloutDrills
import RolloutEngine
import RolloutRuns

/// `rollsim drill NAME` live: a pure state machine over a `DrillAttempt` (the run
/// layer steps; this only moves the clock and maps keys to verbs). It shows what an
/// operator would see, never the fault; at the end (the drill's duration, or `q`) it
/// scores the attempt and replays the alternatives for the debrief.
public struct DrillSession: Sendable {
  public private(set) var attempt: DrillAttempt
  public let input: SimulationInput
  public let seed: UInt64
  public var ui = DashboardUI()
  /// Simulated seconds per wall second.
  public private(set) var speed: Double
  public static let speeds: [Double] = [1, 5, 10, 20, 40, 80]
  /// Set when the drill is over: the debrief shows it.
  public private(set) var score: DrillScore?
  public private(set) var wantsQuit = false

  public init(_ drill: Drill, input: SimulationInput, seed: UInt64, speed: Double = 20) throws {
    attempt = try DrillAttempt(drill, input: input, seed: seed)
    self.input = input
    self.seed = seed
    self.speed = speed
    ui.speedLabel = DrillSession.label(speed)
  }

  static func label(_ s: Double) -> String { "\(DrillReport.num(s))×" }
  public var drill: Drill { attempt.drill }
  public var now: SimTime { attempt.run.now }
  public var isOver: Bool { score != nil }

  public mutating func tick(wallSeconds: Double) {
    guard score == nil, !ui.paused, wallSeconds > 0, wallSeconds.isFinite else { return }
    attempt.advance(to: now + max(1, SimTime.seconds(wallSeconds * speed)))
    if attempt.isOver { finish() }
  }

  /// Milliseconds until the next simulated second.
  public var nextWakeMs: Int {
    if ui.paused || score != nil { return 1000 }
    let next = now - now % 1000 + 1000
    return max(1, min(1000, Int((Double(next - now) / speed).rounded(.up))))
  }

  public mutating func handle(_ key: DashboardKey) {
    guard case .char(let c) = key else { return }
    if score != nil {
      if c == "q" { wantsQuit = true }
      return
    }
    switch c {
    case "q":
      attempt.playToEnd()
      finish()
    case " ": ui.paused.toggle()
    case "+":
      if let i = DrillSession.speeds.firstIndex(where: { $0 > speed }) { speed = DrillSession.speeds[i] }
      ui.speedLabel = DrillSession.label(speed)
    case "-":
      if let i = DrillSession.speeds.lastIndex(where: { $0 < speed }) { speed = DrillSession.speeds[i] }
      ui.speedLabel = DrillSession.label(speed)
    case "a": act(.abort)
    case "u": act(.undo(revision: nil))
    case "p": act(.promote)
    case "n":
      let sim = attempt.run.simulation.snapshot(maxEvents: 0, includePods: false)
      if let i = sim.nodes.firstIndex(where: { !$0.up }) { act(.nodeUp(i + 1)) } else { ui.status = "node-up: every node is up" }
    default: break
    }
  }

  mutating func act(_ verb: ActionVerb) {
    // `isApplied` / `message` only: the outcome's cases are being typed on main.
    let o = attempt.perform(verb)
    ui.status = o.isApplied ? "\(verb): \(o.message)" : "\(verb) rejected: \(o.message)"
  }

  /// Scores the attempt and replays the alternatives (same seed, run layer).
  mutating func finish() {
    var s = DrillScoring.score(attempt, seed: seed)
    s.alternatives = (try? DrillScoring.alternatives(drill, input: input, seed: seed, user: s)) ?? []
    score = s
  }
}
