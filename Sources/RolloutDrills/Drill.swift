import RolloutEngine

/// What an operator can do about a drill, by the verb's class.
public enum ResponseClass: String, Sendable, Hashable, Codable, CaseIterable {
  case nothing, undo, abort, promote, nodeUp = "node-up", pause, other

  public init(_ verb: ActionVerb) {
    switch verb {
    case .undo: self = .undo
    case .abort: self = .abort
    case .promote, .promoteFull: self = .promote
    case .nodeUp: self = .nodeUp
    case .pause: self = .pause
    default: self = .other
    }
  }
}

/// The service level a drill is scored against, and how its alerts are computed.
public struct DrillSLO: Sendable, Hashable {
  /// Good requests over all, e.g. 0.999.
  public var target: Double
  /// Served requests slower than this (ms) count as bad; nil: only failures.
  public var latencyObjectiveMs: Double?
  /// Burn-rate windows are divided by this (a 1 h window over a 30 min drill);
  /// shown on screen and in the JSON.
  public var compression: Double
  public init(target: Double, latencyObjectiveMs: Double? = nil, compression: Double = 12) {
    self.target = target
    self.latencyObjectiveMs = latencyObjectiveMs
    self.compression = compression
  }
  public var allowedBadFraction: Double { 1 - target }
}

/// Where a drill's fault start (what "time to detect" counts from) is read: always
/// from the simulation, never a number written by hand.
public enum DrillFaultSource: String, Sendable, Hashable, Codable {
  /// The first instant the hidden fault schedule acts on a pod (`Simulation.faultStart`:
  /// an error or latency fault on a Ready pod taking requests, a crash, a failing
  /// readiness probe, a lost node holding Ready pods).
  case schedule
  /// The first pod of the release the scheduler cannot place (`FailedScheduling`):
  /// a cluster too small for the surge has no fault schedule.
  case unschedulablePods
  /// Nothing goes wrong (the decoy).
  case none
}

/// One drill: a manifest + scenario file under Strategies/drills/ whose Simulation
/// holds the hidden fault schedule, the SLO, and what a good response is.
public struct Drill: Sendable, Hashable {
  public var name: String
  /// One line, what the operator is told (never the fault).
  public var briefing: String
  /// 1 (easy) … 3 (hard).
  public var difficulty: Int
  /// File name under Strategies/drills/.
  public var file: String { name + ".yaml" }
  public var slo: DrillSLO
  /// Seconds the drill lasts (simulated).
  public var durationSeconds: Int
  /// Where the fault's start comes from (hidden; `.none`: nothing goes wrong, the decoy).
  public var fault: DrillFaultSource
  /// The responses that are right for the fault (`nothing` for the decoy).
  public var good: Set<ResponseClass>
  /// What the fault really was, for the debrief.
  public var debrief: String

  public var difficultyText: String { String(repeating: "*", count: difficulty) + String(repeating: ".", count: 3 - difficulty) }
}
