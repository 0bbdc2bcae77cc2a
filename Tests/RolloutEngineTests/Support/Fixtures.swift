import RolloutEngine
import RolloutRuns

/// Small builders for engine inputs used across tests.
enum Fixture {
  static func deployment(
    replicas: Int = 10, maxSurge: IntOrPercent = .percent(25), maxUnavailable: IntOrPercent = .percent(25),
    recreate: Bool = false, image: String = "shop:1.1", minReadySeconds: Int = 0, progressDeadlineSeconds: Int? = 600,
    cpuMillis: Int = 0, probe: ReadinessProbe? = nil
  ) -> DeploymentSpec {
    DeploymentSpec(
      name: "web", replicas: replicas,
      strategy: recreate ? .recreate : .rollingUpdate(maxSurge: maxSurge, maxUnavailable: maxUnavailable),
      minReadySeconds: minReadySeconds, progressDeadlineSeconds: progressDeadlineSeconds,
      template: PodTemplate(labels: ["app": "web"], image: image, cpuMillis: cpuMillis, readinessProbe: probe))
  }

  static func input(
    _ d: DeploymentSpec, from: String? = "shop:1.0", startup: Double = 5, newImage: ImageBehavior? = nil,
    cluster: ClusterSpec = .default, traffic: TrafficSpec = TrafficSpec(requestsPerSecond: 100),
    actions: [ScheduledAction] = [], seed: UInt64 = 1
  ) -> SimulationInput {
    var images: [String: ImageBehavior] = [:]
    if let f = from { images[f] = ImageBehavior(startupSeconds: startup) }
    images[d.template.image] = newImage ?? ImageBehavior(startupSeconds: startup)
    return SimulationInput(
      workload: .deployment(d), fromImage: from, seed: seed, cluster: cluster, traffic: traffic, images: images,
      actions: actions)
  }

  /// (new spec, old spec) per trace instant, new = the current ReplicaSet.
  static func trace(_ input: SimulationInput, until: SimTime = 3_600_000) throws -> [(t: SimTime, new: Int, old: Int, snap: SimulationSnapshot)] {
    var run = try Run(input)
    var out: [(SimTime, Int, Int, SimulationSnapshot)] = []
    run.recordChanges(until: until) { sim in
      let s = sim.snapshot(includePods: false)
      let new = s.revisions.first { $0.isNew }?.replicas ?? 0
      let old = s.revisions.filter { !$0.isNew }.reduce(0) { $0 + $1.replicas }
      out.append((sim.now, new, old, s))
    }
    return out
  }
}
