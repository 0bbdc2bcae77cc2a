/// The few numbers of one instant that the run layer integrates over time: what a
/// strategy costs (pods over `replicas`, Pending pods), what it risks (available
/// pods, failed requests) and when the new revision takes traffic.
///
/// Between two instants of the timer queue nothing changes (pods move only on
/// timers, routing only when the controllers settle), so integrating these values
/// as piecewise constant from instant to instant is exact.
public struct InstantSample: Sendable, Hashable {
  public var time: SimTime
  /// `spec.replicas` now.
  public var desiredReplicas: Int
  /// Pods that are not terminating (pending, creating, running, ready).
  public var activePods: Int
  /// Pods that exist, terminating ones included (they still hold node capacity).
  public var existingPods: Int
  public var available: Int
  /// Unscheduled pods.
  public var pending: Int
  /// The rollout is halted: a user pause, a pause step, a blue/green pause.
  public var paused: Bool
  /// Share of requests the given revision receives now, 0…1.
  public var shares: [Int: Double]
  public var requestsPerSecond: Double
  public var failedPerSecond: Double

  public init(
    time: SimTime, desiredReplicas: Int, activePods: Int, existingPods: Int, available: Int, pending: Int,
    paused: Bool, shares: [Int: Double], requestsPerSecond: Double, failedPerSecond: Double
  ) {
    self.time = time
    self.desiredReplicas = desiredReplicas
    self.activePods = activePods
    self.existingPods = existingPods
    self.available = available
    self.pending = pending
    self.paused = paused
    self.shares = shares
    self.requestsPerSecond = requestsPerSecond
    self.failedPerSecond = failedPerSecond
  }

  /// The share of `revision`, 0 when it receives nothing.
  public func share(of revision: Int) -> Double { shares[revision] ?? 0 }
}

extension Simulation {
  /// The numbers of the current instant.
  ///
  /// - Complexity: O(ReplicaSets + routed ReplicaSets); no pod or node is visited.
  public func sample(workload w: Int = 0) -> InstantSample {
    var available = 0
    var pending = 0
    var active = 0
    var existing = 0
    for i in cluster.liveReplicaSets(of: w) {
      available += cluster.replicaSets[i].available
      pending += cluster.replicaSets[i].pending
    }
    if controllers.count == 1 {
      active = cluster.activePods
      existing = cluster.existingPods
    } else {
      // A deleted ReplicaSet's pods may still be terminating: every one the
      // workload ever owned counts.
      for rs in cluster.replicaSets where rs.owner == w {
        active += rs.statusReplicas
        existing += rs.statusReplicas + rs.terminating
      }
    }
    let traffic = traffics[w]
    var shares: [Int: Double] = [:]
    for (r, s) in traffic.shares() { shares[cluster.replicaSets[r].revision, default: 0] += s }
    // Halted: `spec.paused`, or a pause step / blue/green pause (phase Paused).
    let view = controllers[w].describe(cluster, traffic: traffic)
    return InstantSample(
      time: cluster.now, desiredReplicas: controllers[w].desiredReplicas, activePods: active,
      existingPods: existing, available: available, pending: pending,
      paused: view.paused || view.phase == .paused, shares: shares,
      requestsPerSecond: traffic.spec.requestsPerSecond, failedPerSecond: traffic.failedPerSecond)
  }

  /// Cumulative requests of workload `w`'s Service.
  public func requests(workload w: Int) -> RequestCounts { traffics[w].total(at: cluster.now) }

  /// Requests served so far by the pods of `revision` (every ReplicaSet that has had
  /// that revision number): the blast radius of a bad release.
  public func requests(revision: Int, workload w: Int = 0) -> RequestCounts {
    var c = RequestCounts()
    for (i, rs) in cluster.replicaSets.enumerated() where rs.revision == revision && rs.owner == w {
      let r = traffics[w].counts(rs: i, at: cluster.now)
      c.ok += r.ok
      c.failed += r.failed
    }
    return c
  }
}
