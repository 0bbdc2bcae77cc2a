/// The discrete-event simulation of one workload. (API stub: the engine fills this in.)
public struct Simulation: Sendable {
  public let input: SimulationInput
  public private(set) var now: SimTime = 0

  /// Builds the world at t = 0: nodes, the initial fleet (`fromImage`), Services and
  /// the scheduled actions. Throws `SimulationError` for inputs the world can't run.
  public init(_ input: SimulationInput) throws {
    self.input = input
  }

  /// Applies a user action at the current instant and settles the controllers.
  public mutating func perform(_ verb: ActionVerb) -> ActionOutcome {
    .rejected("not implemented")
  }

  /// The time of the next pending event, or nil when nothing is pending.
  public func nextEventTime() -> SimTime? { nil }

  /// Processes every event up to and including `time`, then sets the clock to `time`.
  public mutating func advance(to time: SimTime) { now = max(now, time) }

  /// Processes the events of the next instant; false when nothing is pending.
  @discardableResult public mutating func stepToNextEvent() -> Bool { false }

  /// True once the rollout is complete and nothing is pending.
  public var isFinished: Bool { true }

  /// A view of the current state. `maxEvents` bounds the event list; `includePods`
  /// false leaves `pods` empty (cheap, for traces).
  public func snapshot(maxEvents: Int = 50, includePods: Bool = true) -> SimulationSnapshot {
    SimulationSnapshot(
      time: now, name: input.name, kind: "Deployment", strategy: "RollingUpdate", strategyDetail: "",
      phase: "Progressing", desiredReplicas: input.workload.replicas, revisions: [], pods: [], nodes: [],
      traffic: TrafficView())
  }
}

/// The result of a user action.
public enum ActionOutcome: Sendable, Hashable {
  /// Done; the message says what happened (`rolled back to revision 1`).
  case applied(String)
  /// Not applicable now; the message says why (`promote: a Deployment has no steps`).
  case rejected(String)
}

/// Inputs the world can't run.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
