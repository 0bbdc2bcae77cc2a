import RolloutEngine

/// Several workloads on one cluster: the focused one's panels, `w` / `W` to move the
/// focus, and the rows of the WORKLOADS list.
extension DashboardSession {
  /// The focused workload's name when the run has several (the target of every key
  /// that acts on a workload); nil with one.
  var focusedName: String? { simulation.workloadCount > 1 ? simulation.workloadNames[ui.focusedWorkload] : nil }

  /// The focused workload's state (the only one's with one workload).
  func focusedSnapshot(maxEvents: Int = 50, includePods: Bool = true) -> SimulationSnapshot {
    simulation.snapshot(maxEvents: maxEvents, includePods: includePods, workload: ui.focusedWorkload)
  }

  /// `w` (+1) / `W` (−1): the next or previous workload, wrapping.
  mutating func focusWorkload(_ step: Int) {
    let n = simulation.workloadCount
    guard n > 1 else {
      ui.status = "w: this run has one workload"
      return
    }
    sampleOtherWorkloads()
    let old = ui.focusedWorkload
    ui.focusedWorkload = ((old + step) % n + n) % n
    ui.selection = 0
    if case .describe = ui.view { ui.view = .dashboard }
    // TREND draws the focused workload's history: every workload's is kept.
    workloadHistories[old] = ui.history
    workloadSamples[old] = lastSample
    ui.history = workloadHistories[ui.focusedWorkload]
    lastSample = workloadSamples[ui.focusedWorkload]
    ui.revisionColours = [:]
    sampleHistory()
    noteRevisions(focusedSnapshot(maxEvents: 0, includePods: false))
    ui.status = "workload \(simulation.workloadNames[ui.focusedWorkload]): keys act on it (w / W for the next / previous)"
  }

  /// Samples every workload but the focused one (which `recordSeconds` samples).
  mutating func sampleOtherWorkloads() {
    let n = simulation.workloadCount
    guard n > 1 else { return }
    if workloadHistories.count != n {
      workloadHistories = Array(repeating: SparkHistory(capacity: ui.history.capacity), count: n)
      workloadSamples = Array(repeating: lastSample, count: n)
    }
    for w in 0..<n where w != ui.focusedWorkload {
      workloadSamples[w] = SparkHistory.Sample(simulation.snapshot(maxEvents: 0, includePods: false, workload: w))
    }
  }

  /// Appends the other workloads' samples up to `second`, as `recordSeconds` does
  /// for the focused one.
  mutating func appendOtherWorkloads(through second: Int64) {
    guard workloadHistories.count > 1 else { return }
    for w in workloadHistories.indices where w != ui.focusedWorkload && second > workloadHistories[w].lastSecond {
      workloadHistories[w].append(workloadSamples[w], through: second)
    }
  }

  /// One row per workload, in input order (none with one workload).
  func workloadRows() -> [WorkloadRow] {
    guard simulation.workloadCount > 1 else { return [] }
    return (0..<simulation.workloadCount).map { w in
      WorkloadRow(simulation.snapshot(maxEvents: 0, includePods: false, workload: w))
    }
  }
}

/// A line of the WORKLOADS list, as k9s' Deployments view shows one: READY pods over
/// desired, UP-TO-DATE (the current revision's pods), AVAILABLE, and the phase.
public struct WorkloadRow: Sendable, Hashable {
  public var name: String
  public var kind: WorkloadKind
  public var strategy: StrategyKind
  public var desired: Int
  public var ready: Int
  public var upToDate: Int
  public var available: Int
  public var pending: Int
  public var phase: WorkloadPhase
  public var paused: Bool

  public init(_ s: SimulationSnapshot) {
    name = s.name
    kind = s.kind
    strategy = s.strategy
    desired = s.desiredReplicas
    ready = s.revisions.reduce(0) { $0 + $1.ready }
    upToDate = s.revisions.first { $0.isNew }?.pods ?? 0
    available = s.revisions.reduce(0) { $0 + $1.available }
    pending = s.revisions.reduce(0) { $0 + $1.pending }
    phase = s.phase
    paused = s.paused
  }
}
