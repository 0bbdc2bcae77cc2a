import RolloutEngine
import RolloutRuns

/// Rewind, restart and breakpoints. The engine is deterministic, so going back is
/// re-running from t=0 with the recorded keys (the same stepping loop,
/// `advanceSampled`, as the live clock): the state reached is the state that was
/// there (`RewindTests`).
extension DashboardSession {
  /// A decision `<` / `>` stop at: what a learner wants to see happen.
  public enum Decision: String, CaseIterable, Sendable {
    case scaling = "ScalingReplicaSet"
    case stepCompleted = "RolloutStepCompleted"
    case paused = "RolloutPaused"
    case switched = "SwitchService"
    case aborted = "RolloutAborted"
    case completed = "RolloutCompleted"
    case deadline = "ProgressDeadlineExceeded"
    case timedOut = "RolloutTimedOut"
    case weight = "TrafficWeightUpdated"
    case action = "UserAction"
  }

  /// What `b` stops the clock at.
  public enum NotableEvent: String, CaseIterable, Sendable {
    /// A pause step or BlueGreenPause.
    case paused = "RolloutPaused"
    case analysisFailed = "AnalysisRunFailed"
    case analysisError = "AnalysisRunError"
    case aborted = "RolloutAborted"
    case switched = "SwitchService"
    case deadline = "ProgressDeadlineExceeded"
    case timedOut = "RolloutTimedOut"
    /// A container exited (`Simulation.instantContainerExits`; the raw value is the
    /// event of the later, backed-off exits).
    case crash = "BackOff"
  }

  /// Records the decisions of the instant just processed at `t`.
  mutating func noteInstant(_ t: SimTime) {
    if simulation.instantEvents.contains(where: { Decision(rawValue: $0.reason) != nil }), decisionTimes.last != t {
      decisionTimes.append(t)
    }
  }

  /// The notable event of the instant just processed, if any, and what to say of it.
  /// A crash stops the clock at the first container exit only (a crash loop would
  /// stop it at every restart); the first exit has no event of its own, the kubelet
  /// restarts it at once (`BackOff` comes from the second), so it is counted.
  mutating func breakpointHit() -> (NotableEvent, String)? {
    for e in simulation.instantEvents {
      guard let n = NotableEvent(rawValue: e.reason), n != .crash else { continue }
      return (n, "\(e.reason) \(e.message)")
    }
    let exits = simulation.instantContainerExits
    if exits > 0, !crashBreakSeen {
      crashBreakSeen = true
      return (.crash, "\(exits == 1 ? "a container" : "\(exits) containers") exited (crash); the kubelet restarts a first exit at once, later ones after a back-off")
    }
    return nil
  }

  mutating func stopAtBreakpoint(_ hit: (NotableEvent, String), at t: SimTime) {
    ui.paused = true
    ui.status = "breakpoint at t=\(formatDuration(t - t % 1000)): \(hit.1) (space resumes, b turns breakpoints off)"
  }

  /// `R`: the scenario from t=0, without the keys pressed so far.
  public mutating func restart() {
    recording = []
    rerun(to: 0)
    ui.status = "restarted at t=0 (the keys pressed before are dropped)"
  }

  /// `g TIME`: forward runs on; backward re-runs from t=0 with the recorded keys (the
  /// later ones stay recorded, so going forward again replays them).
  public mutating func jump(to time: SimTime) {
    let target = max(0, time)
    if target >= simulation.now {
      advanceSampled(to: target)
    } else {
      rerun(to: target)
    }
    ui.status = "at t=\(formatDuration(target)): \(recording.filter { $0.at > target }.count) recorded keys ahead"
  }

  /// `<`: the latest decision before now (re-run from t=0).
  public mutating func previousDecision() {
    guard let t = decisionTimes.last(where: { $0 < simulation.now }) else {
      ui.status = "<: no decision before t=\(formatDuration(simulation.now))"
      return
    }
    rerun(to: t)
    ui.status = "<: back to t=\(formatDuration(t)): \(decisionSummary())"
  }

  /// `>`: runs on to the next decision (bounded: an hour of simulated time).
  /// Tried on a copy: with no decision ahead the clock stays where it is.
  public mutating func nextDecision() {
    var probe = self
    let limit = simulation.now + 3_600_000
    let seen = decisionTimes.count
    while probe.decisionTimes.count == seen, let t = probe.simulation.nextEventTime(), t <= limit {
      probe.advanceSampled(to: t)
    }
    guard probe.decisionTimes.count > seen, let t = probe.decisionTimes.last else {
      ui.status = ">: no decision ahead; the rollout has settled"
      return
    }
    self = probe
    ui.status = ">: t=\(formatDuration(t)): \(decisionSummary())"
  }

  /// The last decision's event, for the status line.
  func decisionSummary() -> String {
    let e = focusedSnapshot(maxEvents: 50, includePods: false).events.last { Decision(rawValue: $0.reason) != nil }
    return e.map { "\($0.reason) \($0.message)" } ?? ""
  }

  /// Re-runs the scenario from t=0 with the recorded keys up to `time` (every
  /// recorded key stays scheduled), resetting what the screen remembers.
  mutating func rerun(to time: SimTime) {
    var input = baseInput
    input.actions += recording
    // The input ran once already, so it runs again.
    guard let fresh = try? Run(input) else { return }
    run = fresh
    ui.history = SparkHistory(capacity: ui.history.capacity)
    workloadHistories = []
    ui.revisionColours = [:]
    ui.settled = false
    ui.banner = nil
    decisionTimes = []
    noteInstant(simulation.now)
    crashBreakSeen = false
    sampleDirty = true
    sampleHistory()
    advanceSampled(to: time)
  }

  /// Before acting at a rewound time: the recorded keys later than now are dropped
  /// and the simulation re-run without them (they were scheduled in it).
  mutating func dropRecordedFuture() {
    guard recording.contains(where: { $0.at > simulation.now }) else { return }
    let now = simulation.now
    recording.removeAll { $0.at > now }
    rerun(to: now)
  }
}
