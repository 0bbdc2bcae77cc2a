import RolloutEngine
import RolloutRuns

/// One attempt: the drill's run with the operator's actions, stepped through the
/// run layer (`Run.advance`), metered by a `DrillMonitor`.
public struct DrillAttempt: Sendable {
  public let drill: Drill
  /// As loaded, before the seed and actions: the alternatives replay from it.
  public let input: SimulationInput
  public let seed: UInt64
  public private(set) var run: Run
  public private(set) var monitor: DrillMonitor
  public var end: SimTime { .seconds(drill.durationSeconds) }

  /// `input` as loaded from the drill's file; noise is on and `actions` are added.
  public init(_ drill: Drill, input: SimulationInput, seed: UInt64, actions: [ScheduledAction] = []) throws {
    self.input = input
    self.seed = seed
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

  /// When the fault began in this attempt, from the simulation (`DrillFaultSource`);
  /// nil: not (yet), or the decoy.
  public var faultStart: SimTime? {
    switch drill.fault {
    case .schedule: return run.simulation.faultStart
    case .unschedulablePods: return monitor.firstUnschedulable
    case .none: return nil
    }
  }

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
  /// From the simulation: this attempt's, or (when the operator acted before the
  /// fault acted) the do-nothing replay's from the same seed.
  public var faultStart: Double?
  public var firstAlert: Double?
  public var firstAction: Double?
  public var timeToDetect: Double?
  public var timeToMitigate: Double?
  /// Exact, to 0.1 (can run to thousands: a release failing every request).
  public var budgetBurnedPercent: Double
  /// `budgetBurnedPercent` as the debrief shows it (`DrillReport.budget`).
  public var budgetBurned: String
  public var response: String
  public var rightAction: Bool
  /// Why, from the simulation state at the first action (or at the end).
  public var why: String
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
    public var budgetBurned: String
    public var score: Int
    public init(label: String, actions: [String], budgetBurnedPercent: Double, score: Int) {
      self.label = label
      self.actions = actions
      self.budgetBurnedPercent = budgetBurnedPercent
      budgetBurned = DrillReport.budget(budgetBurnedPercent)
      self.score = score
    }
  }
}

public enum DrillScoring {
  /// Scores a finished attempt (alternatives left empty; `score(_:input:seed:actions:)` fills them).
  public static func score(_ a: DrillAttempt, seed: UInt64, nothingFaultStart: SimTime?? = nil) -> DrillScore {
    let d = a.drill
    let applied = a.appliedActions
    var faultMs = a.faultStart
    if d.fault != .none, let first = applied.first?.time, faultMs.map({ $0 > first }) ?? true {
      // Acted before the fault acted: when it would have, doing nothing.
      if let n = nothingFaultStart {
        faultMs = n
      } else if var nothing = try? DrillAttempt(d, input: a.input, seed: seed) {
        nothing.playToEnd()
        faultMs = nothing.faultStart
      }
    }
    let fault = faultMs.map { Double($0) / 1000 }
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
      budgetBurnedPercent: burned, budgetBurned: DrillReport.budget(burned), response: response.rawValue, rightAction: right,
      why: why(d, view: (applied.isEmpty ? a.monitor.view : a.monitor.beforeFirstAction) ?? DrillView(a.run.simulation, scheduling: nil, quality: a.run.simulation.requestQuality(latencyObjectiveMs: d.slo.latencyObjectiveMs)), response: response, right: right),
      finalState: f.outcome.rawValue,
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
    let reference: SimTime?? = .some(nothing.faultStart)
    let ns = score(nothing, seed: seed, nothingFaultStart: reference)
    out.append(.init(label: "doing nothing", actions: [], budgetBurnedPercent: ns.budgetBurnedPercent, score: ns.score))
    for verb in [ActionVerb.abort, .undo(revision: nil)] {
      var a = try DrillAttempt(d, input: input, seed: seed, actions: [ScheduledAction(at: alertMs, verb: verb)])
      a.playToEnd()
      let s = score(a, seed: seed, nothingFaultStart: reference)
      out.append(.init(label: "\(verb) at \(nothing.monitor.firstPage == nil ? "your first action" : "the alert") (\(formatDuration(alertMs)))", actions: s.actions, budgetBurnedPercent: s.budgetBurnedPercent, score: s.score))
    }
    out.append(.init(label: "your response", actions: user.actions, budgetBurnedPercent: user.budgetBurnedPercent, score: user.score))
    return out
  }
}
