import RolloutEngine

/// One simulation driven from t = 0: the one step loop every command, the dashboard,
/// the benchmarks and the tests go through.
///
/// A `Run` owns a `Simulation`, moves it instant by instant, and after every instant
/// feeds a `RunMeter` (the figures a comparison reports) and, when asked, a
/// `Timeline` (the series a plot draws). Nothing else steps a simulation.
///
/// ```swift
/// var run = try Run(input)
/// run.runToEnd(until: .seconds(3600)) { sim in
///   if sim.lastInstantChanged { print(TraceFormat.jsonLine(sim.snapshot(includePods: false), events: sim.instantEvents)) }
/// }
/// print(run.figures)
/// ```
public struct Run: Sendable {
  /// A name for this run in a comparison (the file, or a sweep's settings).
  public var label: String
  public private(set) var simulation: Simulation
  public private(set) var meter: RunMeter
  /// The other workloads' meters when several share the cluster (workload 1, 2, …).
  public private(set) var workloadMeters: [RunMeter] = []
  /// Series for plots; nil unless the run was made with `timeline: true`.
  public private(set) var timeline: Timeline?
  /// The other workloads' series (workload 1, 2, …), when made with `timeline: true`.
  public private(set) var workloadTimelines: [Timeline] = []

  /// Builds the world at t = 0 (see `Simulation.init`).
  ///
  /// - Throws: `SimulationError` when the world can't run (no nodes, a fleet that
  ///   fits nowhere).
  public init(_ input: SimulationInput, label: String? = nil, timeline: Bool = false) throws {
    self.init(try Simulation(input), label: label, timeline: timeline)
  }

  /// A run of a simulation built elsewhere (a session that started it), from its
  /// current state on: the figures count from here.
  public init(_ simulation: Simulation, label: String? = nil, timeline: Bool = false) {
    self.label = label ?? simulation.input.name
    self.simulation = simulation
    self.meter = RunMeter(start: simulation)
    self.workloadMeters = (1..<simulation.workloadCount).map { RunMeter(start: simulation, workload: $0) }
    self.timeline = timeline ? Timeline(start: simulation, newRevision: meter.newRevision) : nil
    if timeline {
      self.workloadTimelines = workloadMeters.map { Timeline(start: simulation, newRevision: $0.newRevision, workload: $0.workload) }
    }
  }

  public var now: SimTime { simulation.now }
  /// The rollout is complete and nothing is pending (see `Simulation.isFinished`).
  public var isFinished: Bool { simulation.isFinished }
  public func nextEventTime() -> SimTime? { simulation.nextEventTime() }

  // MARK: - Stepping

  /// Processes the next instant of the timer queue; false when nothing is pending.
  @discardableResult public mutating func step() -> Bool {
    guard let t = simulation.nextEventTime() else { return false }
    integrate(to: t)
    simulation.stepToNextEvent()
    observe()
    return true
  }

  /// Processes every instant up to and including `time`, then moves the clock to
  /// `time` (a time before `now` only processes nothing).
  public mutating func advance(to time: SimTime) { advance(to: time) { _ in } }

  /// `advance(to:)`, calling `onInstant` after every processed instant; an error it
  /// throws (an output bound) stops the run there.
  public mutating func advance(to time: SimTime, onInstant: (Simulation) throws -> Void) rethrows {
    while let t = simulation.nextEventTime(), t <= time {
      step()
      try onInstant(simulation)
    }
    if time > simulation.now {
      integrate(to: time)
      simulation.advance(to: time)
      observeMeters()
    }
  }

  /// Runs until the rollout is finished or the clock reaches `until`, calling
  /// `onInstant` after every processed instant (its `lastInstantChanged` says
  /// whether anything visible changed). An unfinished run ends with the clock at
  /// `until`. An error thrown by `onInstant` (an output bound) ends the run there.
  public mutating func runToEnd(until: SimTime, onInstant: (Simulation) throws -> Void) rethrows {
    while !simulation.isFinished, let t = simulation.nextEventTime(), t <= until {
      step()
      try onInstant(simulation)
    }
    if !simulation.isFinished { advance(to: until) }
  }

  /// Runs to the end the way `rollsim simulate` prints it: `record` sees the state
  /// at t = 0 and after every instant at which anything visible changed.
  public mutating func recordChanges(until: SimTime, _ record: (Simulation) throws -> Void) rethrows {
    try record(simulation)
    try runToEnd(until: until) { sim in
      if sim.lastInstantChanged { try record(sim) }
    }
  }

  /// Runs until finished or `until`, no callback.
  public mutating func runToEnd(until: SimTime) { runToEnd(until: until) { _ in } }

  /// Applies a user action now (a key, `--action` handled live) and settles.
  @discardableResult public mutating func perform(_ verb: ActionVerb, workload: String? = nil) -> ActionOutcome {
    let outcome = simulation.perform(verb, workload: workload)
    observe()
    return outcome
  }

  mutating func integrate(to t: SimTime) {
    meter.integrate(to: t)
    for i in workloadMeters.indices { workloadMeters[i].integrate(to: t) }
  }

  mutating func observeMeters() {
    meter.observe(simulation)
    for i in workloadMeters.indices { workloadMeters[i].observe(simulation) }
  }

  mutating func observe() {
    observeMeters()
    if timeline != nil, simulation.lastInstantChanged {
      timeline?.record(simulation, newRevision: meter.newRevision)
      for i in workloadTimelines.indices { workloadTimelines[i].record(simulation, newRevision: workloadMeters[i].newRevision) }
    }
  }

  // MARK: - Results

  /// The figures of the run so far.
  public var figures: RunFigures {
    var f = meter.figures(simulation)
    f.label = label
    return f
  }
  public var summary: RunSummary { simulation.summary() }

  /// The figures of workload `w` (input order) so far; `label` is the run's for the
  /// first workload, the workload's name for the others.
  public func figures(workload w: Int) -> RunFigures {
    guard w > 0 else { return figures }
    return workloadMeters[w - 1].figures(simulation)
  }
}
