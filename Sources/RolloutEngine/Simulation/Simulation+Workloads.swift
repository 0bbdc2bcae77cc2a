/// Several workloads on one cluster: the controllers in input order, the events each
/// emits, and the per-workload figures the cluster's counters (shared) can't give.
extension Simulation {
  /// The workloads' names, in input order.
  public var workloadNames: [String] { cluster.workloadNames }

  /// How many workloads the run simulates.
  public var workloadCount: Int { controllers.count }

  /// The workload `NAME` or `KIND/NAME` names (`deploy/web`, `rollout/shop`), or nil.
  public func workloadIndex(named selector: String) -> Int? {
    input.workloads.firstIndex { WorkloadSelector.matches(selector, $0) }
  }

  /// One reconcile pass of every controller, in input order; true if any changed
  /// something. Events a controller emits are its workload's.
  mutating func reconcileWorkloads() -> Bool {
    if controllers.count == 1 { return controllers[0].reconcile(&cluster, traffic: traffics[0]) }
    var any = false
    for w in controllers.indices {
      cluster.emitOwner = w
      if controllers[w].reconcile(&cluster, traffic: traffics[w]) { any = true }
    }
    cluster.emitOwner = nil
    return any
  }

  mutating func syncWorkloads() {
    if controllers.count == 1 { return controllers[0].syncStatus(&cluster, traffic: traffics[0]) }
    for w in controllers.indices {
      cluster.emitOwner = w
      controllers[w].syncStatus(&cluster, traffic: traffics[w])
    }
    cluster.emitOwner = nil
  }

  /// Moves the clock, integrating each workload's pod-seconds when several share it.
  mutating func advanceClock(to t: SimTime) {
    if !workloadStats.isEmpty, t > cluster.now {
      let dt = Int64(t - cluster.now)
      for w in workloadStats.indices { workloadStats[w].podMilliseconds += Int64(workloadStats[w].existing) * dt }
    }
    cluster.advanceClock(to: t)
  }

  /// After an instant settled: each workload's pods, and their peaks.
  mutating func observeWorkloadStats() {
    for w in workloadStats.indices {
      var active = 0
      var existing = 0
      for rs in cluster.replicaSets where rs.owner == w {
        active += rs.statusReplicas
        existing += rs.statusReplicas + rs.terminating
      }
      workloadStats[w].existing = existing
      workloadStats[w].peakActivePods = max(workloadStats[w].peakActivePods, active)
      workloadStats[w].peakExistingPods = max(workloadStats[w].peakExistingPods, existing)
    }
  }
}

/// One workload's pods on a shared cluster, sampled when each instant has settled.
struct WorkloadStats: Sendable {
  var existing = 0
  var peakActivePods = 0
  var peakExistingPods = 0
  var podMilliseconds: Int64 = 0
}

/// `NAME` or `KIND/NAME`: the spellings kubectl takes for a Deployment or a Rollout
/// (`shop`, `Rollout/shop`, `deploy/shop`, `deployments.apps/shop`).
public enum WorkloadSelector {
  public static func matches(_ selector: String, _ workload: WorkloadSpec) -> Bool {
    guard let slash = selector.firstIndex(of: "/") else { return selector == workload.name }
    let k = selector[..<slash].lowercased()
    let name = String(selector[selector.index(after: slash)...])
    let spellings: [String]
    switch workload {
    case .rollout: spellings = ["rollout", "rollouts", "ro", "rollouts.argoproj.io", "rollout.argoproj.io"]
    case .deployment: spellings = ["deployment", "deployments", "deploy", "deployments.apps", "deployment.apps"]
    }
    return spellings.contains(k) && name == workload.name
  }

  /// `Deployment web`, how errors name a workload (as `--workload`'s errors do).
  public static func label(_ workload: WorkloadSpec) -> String {
    switch workload {
    case .rollout(let r): return "Rollout \(r.name)"
    case .deployment(let d): return "Deployment \(d.name)"
    }
  }
}
