import RolloutEngine
import RolloutRuns

/// One attempt: the drill's run with the operator's actions, stepped through the
/// run layer (`Run.advance`), metered by a `DrillMonitor`.
public struct DrillAttempt: Sendable {
  public let drill: Drill
  public private(set) var run: Run
  public private(set) var monitor: DrillMonitor
  public var end: SimTime { .seconds(drill.durationSeconds) }

  /// `input` as loaded from the drill's file; noise is on and `actions` are added.
  public init(_ drill: Drill, input: SimulationInput, seed: UInt64, actions: [ScheduledAction] = []) throws {
    var input = input
    input.seed = seed
    input.noise = true
    input.actions += actions
    self.drill = drill
    run = try Run(input, label: drill.name)
    monitor = DrillMonitor(slo: drill.slo, start: run.simulation)
  }

  public var isOver: Bool { run.now >= end }

  /// Moves the drill to `time` (at most its end), metering every instant.
  public mutating func advance(to time: SimTime) {
    let t = min(time, end)
    var m = monitor
    run.advance(to: t) { m.observe($0) }
    m.integrate(to: run.now)
    m.observe(run.simulation)
    monitor = m
  }

  /// An action now (the dashboard's keys).
  @discardableResult public mutating func perform(_ verb: ActionVerb) -> ActionOutcome {
    let o = run.perform(verb)
    monitor.observe(run.simulation)
    return o
  }

  public mutating func playToEnd() { advance(to: end) }

  /// The applied actions, in order.
  public var appliedActions: [(time: SimTime, verb: ActionVerb)] {
    run.simulation.actionLog.filter { $0.outcome.isApplied }.map { ($0.time, $0.verb) }
  }
}

/// A drill's score and its parts (README, "Drills": the formula).
public struct DrillScore: Sendable, Hashable, Codable {
  public var drill: String
  public var seed: UInt64
  public var actions: [String]
  public var faultStart: Double?
  public var firstAlert: Double?
  public var firstAction: Double?
  public var timeToDetect: Double?
  public var timeToMitigate: Double?
  public var budgetBurnedPercent: Double
  public var response: String
  public var rightAction: Bool
  public var finalState: String
  public var finalHealthy: Bool
  public var compression: Double
  public var points: Points
  public var score: Int
  public var alternatives: [Alternative]

  public struct Points: Sendable, Hashable, Codable {
    public var action: Double
    public var budget: Double
    public var detect: Double
    public var mitigate: Double
  }
  public struct Alternative: Sendable, Hashable, Codable {
    public var label: String
    public var actions: [String]
    public var budgetBurnedPercent: Double
    public var score: Int
  }
}

public enum DrillScoring {
  /// Scores a finished attempt (alternatives left empty; `score(_:input:seed:actions:)` fills them).
  public static func score(_ a: DrillAttempt, seed: UInt64) -> DrillScore {
    let d = a.drill
    let applied = a.appliedActions
    let fault = d.faultStartSeconds
    let firstAction = applied.first.map { Double($0.time) / 1000 }
    let response = applied.first.map { ResponseClass($0.verb) } ?? .nothing
    let right = d.good.contains(response)
    let f = a.run.figures
    let settled = [RunOutcome.promoted, .aborted, .rolledBack].contains(f.outcome) && a.run.isFinished
    let finalHealthy = a.monitor.healthy && settled
    var ttd: Double?
    if let fa = firstAction, let fs = fault { ttd = max(0, fa - fs) }
    var ttm: Double?
    if let fs = fault, finalHealthy {
      if a.monitor.firstUnhealthy != nil, let r = a.monitor.lastRecovery {
        ttm = max(0, Double(r) / 1000 - fs)
      } else if let fa = firstAction {
        ttm = max(0, fa - fs)
      } else {
        ttm = 0
      }
    }
    let burned = (a.monitor.budgetBurnedPercent * 10).rounded() / 10
    var p = DrillScore.Points(action: right ? 40 : 0, budget: 30 * max(0, 1 - burned / 100), detect: 0, mitigate: 0)
    if d.good.contains(.nothing) {
      p.detect = applied.isEmpty || right ? 15 : 0
    } else if let t = ttd {
      p.detect = 15 * max(0, 1 - t / 600)
    }
    if finalHealthy { p.mitigate = 15 * max(0, 1 - (ttm ?? 0) / 900) }
    p.budget = (p.budget * 10).rounded() / 10
    p.detect = (p.detect * 10).rounded() / 10
    p.mitigate = (p.mitigate * 10).rounded() / 10
    let total = Int((p.action + p.budget + p.detect + p.mitigate).rounded())
    return DrillScore(
      drill: d.name, seed: seed, actions: applied.map { "\(formatDuration($0.time)):\($0.verb)" }, faultStart: fault,
      firstAlert: a.monitor.firstPage.map { Double($0) / 1000 }, firstAction: firstAction, timeToDetect: ttd, timeToMitigate: ttm,
      budgetBurnedPercent: burned, response: response.rawValue, rightAction: right, finalState: f.outcome.rawValue,
      finalHealthy: finalHealthy, compression: d.slo.compression, points: p, score: max(0, min(100, total)), alternatives: [])
  }

  /// Plays the drill with `actions` and scores it, with the alternatives replayed
  /// from the same seed: doing nothing, and abort / undo at the first page (or, with
  /// no page, at the operator's first action).
  public static func play(_ d: Drill, input: SimulationInput, seed: UInt64, actions: [ScheduledAction]) throws -> (DrillAttempt, DrillScore) {
    var attempt = try DrillAttempt(d, input: input, seed: seed, actions: actions)
    attempt.playToEnd()
    var s = score(attempt, seed: seed)
    s.alternatives = try alternatives(d, input: input, seed: seed, user: s)
    return (attempt, s)
  }

  public static func alternatives(_ d: Drill, input: SimulationInput, seed: UInt64, user: DrillScore) throws -> [DrillScore.Alternative] {
    var nothing = try DrillAttempt(d, input: input, seed: seed)
    nothing.playToEnd()
    let alertMs = nothing.monitor.firstPage ?? user.firstAction.map { SimTime.seconds($0) } ?? nothing.end / 2
    var out: [DrillScore.Alternative] = []
    let ns = score(nothing, seed: seed)
    out.append(.init(label: "doing nothing", actions: [], budgetBurnedPercent: ns.budgetBurnedPercent, score: ns.score))
    for verb in [ActionVerb.abort, .undo(revision: nil)] {
      var a = try DrillAttempt(d, input: input, seed: seed, actions: [ScheduledAction(at: alertMs, verb: verb)])
      a.playToEnd()
      let s = score(a, seed: seed)
      out.append(.init(label: "\(verb) at \(nothing.monitor.firstPage == nil ? "your first action" : "the alert") (\(formatDuration(alertMs)))", actions: s.actions, budgetBurnedPercent: s.budgetBurnedPercent, score: s.score))
    }
    out.append(.init(label: "your response", actions: user.actions, budgetBurnedPercent: user.budgetBurnedPercent, score: user.score))
    return out
  }
}
