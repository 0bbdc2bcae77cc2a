import RolloutEngine

extension StrategyKind: Codable {}
extension RunOutcome: Codable {}

/// What a strategy cost and risked, the same numbers in `simulate`'s summary, in
/// `compare`'s table, JSON and CSV, and in the live compare table.
public struct RunFigures: Sendable, Hashable, Codable {
  /// The file, or a sweep's settings.
  public var label: String
  public var strategy: StrategyKind
  public var outcome: RunOutcome
  /// Seconds until the rollout was complete and settled; nil when it never was.
  public var timeToComplete: Double?
  /// Seconds the run lasted (to completion, or to `--until`).
  public var duration: Double
  /// Of `duration`: seconds the rollout was halted (user pause, pause step,
  /// blue/green pause) and seconds it was not.
  public var pausedSeconds: Double
  public var activeSeconds: Double
  /// Seconds until the new revision first received a request; nil when never.
  public var timeToFirstTraffic: Double?
  /// Most non-terminating pods at once, and that over `replicas`.
  public var peakPods: Int
  public var peakExtraPods: Int
  /// ∫ max(0, pods − replicas) dt, terminating pods included: what the strategy costs.
  public var extraPodSeconds: Double
  /// ∫ pods dt, terminating pods included.
  public var podSeconds: Double
  public var minAvailable: Int
  /// Fewest available pods as a percentage of `replicas`.
  public var minCapacityPercent: Double
  public var requestsOk: Int64
  public var requestsFailed: Int64
  /// failed / (ok + failed), 0 with no requests.
  public var failureRate: Double
  /// Failed requests served by the new revision: the blast radius of a bad release.
  public var newRevisionFailed: Int64
  /// ∫ unscheduled pods dt.
  public var pendingPodSeconds: Double
  /// For an `undo` or `abort`: seconds from the action until no request reached the
  /// new revision; nil without such an action, or when traffic never came back.
  public var rollbackSeconds: Double?

  /// Names and one-line meanings, in column order (table rows, CSV header, README).
  /// Names, one-line meanings and which way each is better, in column order (table
  /// rows, CSV header, README; the best-value marks).
  public static let columns: [(name: String, meaning: String, better: Better)] = [
    ("label", "the file or the sweep's settings", .neither),
    ("strategy", "RollingUpdate, Recreate, BlueGreen or Canary", .neither),
    ("outcome", "promoted, aborted, rolledBack, stalled or timedOut", .neither),
    ("timeToComplete", "seconds until complete and settled (empty: never)", .lower),
    ("duration", "seconds the run lasted", .lower),
    ("pausedSeconds", "seconds the rollout was halted", .lower),
    ("activeSeconds", "seconds it was not", .lower),
    ("timeToFirstTraffic", "seconds until the new revision took a request", .neither),
    ("peakPods", "most non-terminating pods at once", .lower),
    ("peakExtraPods", "peak pods over replicas", .lower),
    ("extraPodSeconds", "pod-seconds over replicas (the cost)", .lower),
    ("podSeconds", "pod-seconds in all", .lower),
    ("minAvailable", "fewest available pods", .higher),
    ("minCapacityPercent", "fewest available pods, % of replicas", .higher),
    ("requestsOk", "requests served", .neither),
    ("requestsFailed", "requests failed", .lower),
    ("failureRate", "failed / all requests", .lower),
    ("newRevisionFailed", "failed requests served by the new revision", .lower),
    ("pendingPodSeconds", "pod-seconds spent Pending", .lower),
    ("rollbackSeconds", "undo/abort until no request reaches the new revision", .lower),
  ]
}

/// Integrates a run's samples into `RunFigures`, instant by instant.
///
/// Values hold from one instant to the next, so `integrate(to:)` adds the previous
/// instant's sample times the gap before the next instant is processed.
public struct RunMeter: Sendable {
  /// The revision of the fleet before t = 0 (0 for a first deploy).
  public let fromRevision: Int
  /// The revision the rollout brings in: the first current ReplicaSet newer than the
  /// starting fleet (Recreate creates it only once the old pods are gone). nil until
  /// then, and when the manifest's template is the one already running.
  public private(set) var newRevision: Int?
  /// The workload measured (its index in input order).
  public let workload: Int
  var last: InstantSample
  var pausedMs: Int64 = 0
  var extraPodMs: Int64 = 0
  var pendingPodMs: Int64 = 0
  var podMs: Int64 = 0
  var peakPods: Int
  var peakExtraPods: Int
  var minAvailable: Int
  var minCapacity: Double
  var firstTraffic: SimTime?
  var completedAt: SimTime?
  /// Requests (all, and the new revision's) when the run completed: the figures
  /// stop there, however long the clock runs on (`simulate --every`, a live view).
  var requestsAtCompletion: (all: RequestCounts, newRevision: RequestCounts)?
  var actionsSeen = 0
  var rollbackStart: SimTime?
  var rollbackDone: SimTime?

  init(start sim: Simulation, workload: Int = 0) {
    self.workload = workload
    fromRevision = sim.input.workloadInput(workload).fromImage == nil ? 0 : 1
    last = sim.sample(workload: workload)
    peakPods = last.activePods
    peakExtraPods = max(0, last.activePods - last.desiredReplicas)
    minAvailable = last.available
    minCapacity = RunMeter.capacity(last)
    observe(sim)
  }

  static func capacity(_ s: InstantSample) -> Double {
    s.desiredReplicas > 0 ? Double(s.available) / Double(s.desiredReplicas) * 100 : 100
  }

  /// Adds the current sample's contribution up to `t`; nothing once complete.
  mutating func integrate(to t: SimTime) {
    guard t > last.time, completedAt == nil else { return }
    let dt = Int64(t - last.time)
    if last.paused { pausedMs += dt }
    extraPodMs += Int64(max(0, last.existingPods - last.desiredReplicas)) * dt
    pendingPodMs += Int64(last.pending) * dt
    podMs += Int64(last.existingPods) * dt
    last.time = t
  }

  /// Reads the instant just processed.
  mutating func observe(_ sim: Simulation) {
    let s = sim.sample(workload: workload)
    last = s
    let revision = sim.revision(workload: workload)
    if newRevision == nil, revision > fromRevision { newRevision = revision }
    let newShare = newRevision.map { s.share(of: $0) } ?? 0
    peakPods = max(peakPods, s.activePods)
    peakExtraPods = max(peakExtraPods, s.activePods - s.desiredReplicas)
    minAvailable = min(minAvailable, s.available)
    minCapacity = min(minCapacity, RunMeter.capacity(s))
    if firstTraffic == nil, newShare > 0 { firstTraffic = s.time }
    let log = sim.actionLog
    while actionsSeen < log.count {
      let a = log[actionsSeen]
      let target = sim.actionTargets[actionsSeen] ?? 0
      actionsSeen += 1
      guard rollbackStart == nil, a.outcome.isApplied, target == workload else { continue }
      switch a.verb {
      case .undo, .abort: rollbackStart = a.time
      default: break
      }
    }
    if let start = rollbackStart, rollbackDone == nil, s.time >= start, newShare == 0, !s.shares.isEmpty {
      rollbackDone = s.time
    }
    if sim.isFinished(workload: workload) {
      if completedAt == nil {
        completedAt = s.time
        requestsAtCompletion = (
          sim.requests(workload: workload), newRevision.map { sim.requests(revision: $0, workload: workload) } ?? RequestCounts()
        )
      }
    } else {
      completedAt = nil
      requestsAtCompletion = nil
    }
  }

  func figures(_ sim: Simulation) -> RunFigures {
    let summary = sim.summary(workload: workload)
    let end = completedAt ?? sim.now
    let total = requestsAtCompletion?.all ?? sim.requests(workload: workload)
    let all = Double(total.okCount + total.failedCount)
    return RunFigures(
      label: workload == 0 ? sim.input.name : sim.workloadNames[workload], strategy: summary.strategy, outcome: summary.outcome,
      timeToComplete: completedAt.map(RunMeter.seconds), duration: RunMeter.seconds(end),
      pausedSeconds: Double(pausedMs) / 1000, activeSeconds: Double(end - pausedMs) / 1000,
      timeToFirstTraffic: firstTraffic.map(RunMeter.seconds), peakPods: peakPods, peakExtraPods: max(0, peakExtraPods),
      extraPodSeconds: Double(extraPodMs) / 1000, podSeconds: Double(podMs) / 1000, minAvailable: minAvailable,
      minCapacityPercent: (minCapacity * 10).rounded() / 10, requestsOk: total.okCount,
      requestsFailed: total.failedCount,
      failureRate: all > 0 ? (Double(total.failedCount) / all * 1_000_000).rounded() / 1_000_000 : 0,
      newRevisionFailed: (requestsAtCompletion?.newRevision ?? newRevision.map { sim.requests(revision: $0, workload: workload) } ?? RequestCounts())
        .failedCount,
      pendingPodSeconds: Double(pendingPodMs) / 1000,
      rollbackSeconds: rollbackStart.flatMap { s in rollbackDone.map { RunMeter.seconds($0 - s) } })
  }

  static func seconds(_ t: SimTime) -> Double { Double(t) / 1000 }

}
