import RolloutEngine

/// The series a plot draws for one run: one point per instant at which anything
/// visible changed (values hold until the next point).
public struct Timeline: Sendable, Hashable {
  public struct Point: Sendable, Hashable {
    public var time: SimTime
    public var available: Int
    /// Pods that exist, terminating ones included.
    public var pods: Int
    public var replicas: Int
    /// `replicas + maxSurge` and `replicas − maxUnavailable` where the strategy has them.
    public var maxPods: Int?
    public var minAvailable: Int?
    /// The new revision's share of requests, 0…1.
    public var newShare: Double
    public var failedPerSecond: Double
  }

  public private(set) var points: [Point] = []
  /// The workload drawn (its index in input order).
  public let workload: Int

  init(start sim: Simulation, newRevision: Int?, workload: Int = 0) {
    self.workload = workload
    record(sim, newRevision: newRevision)
  }

  /// Adds the current instant; `newRevision` is the meter's (see `RunMeter`).
  mutating func record(_ sim: Simulation, newRevision: Int?) {
    let snap = sim.snapshot(maxEvents: 0, includePods: false, workload: workload)
    let s = sim.sample(workload: workload)
    let p = Point(
      time: s.time, available: s.available, pods: s.existingPods, replicas: s.desiredReplicas,
      maxPods: snap.maxPods, minAvailable: snap.minAvailable, newShare: newRevision.map { s.share(of: $0) } ?? 0,
      failedPerSecond: s.failedPerSecond)
    if let lastTime = points.last?.time, lastTime == p.time { points[points.count - 1] = p } else { points.append(p) }
  }

  /// The last instant of the series.
  public var end: SimTime { points.last?.time ?? 0 }
}
