/// What the trace, the dashboard and the tests read of a simulation.
extension Simulation {
  /// A view of the current state of workload `workload` (the first by default) on
  /// the shared cluster. `maxEvents` bounds the event list; `includePods` false
  /// leaves `pods` empty (cheap, for traces). With several workloads the events are
  /// the workload's and the cluster's (nodes), and `name` is the workload's.
  public func snapshot(maxEvents: Int = 50, includePods: Bool = true, workload w: Int = 0) -> SimulationSnapshot {
    let view = controllers[w].describe(cluster, traffic: traffics[w])
    var revisions: [RevisionStatus] = []
    for i in cluster.liveReplicaSets(of: w) {
      let rs = cluster.replicaSets[i]
      revisions.append(
        RevisionStatus(
          revision: rs.revision, name: rs.name, podTemplateHash: rs.podTemplateHash, image: rs.template.image,
          roles: view.roles[i] ?? [], isNew: view.newRS == i, replicas: rs.specReplicas, pods: rs.statusReplicas,
          ready: rs.ready, available: rs.available, terminating: rs.terminating, pending: rs.pending,
          createdAt: rs.createdAt, scaleDownAt: rs.scaleDownAt))
      if cluster.restartedReplicaSets.contains(i) { revisions[revisions.count - 1].lastTermination = cluster.rsBehavior[i].crashReason }
    }
    revisions.sort { $0.revision > $1.revision }
    let nodes = cluster.nodes.map {
      NodeView(
        name: $0.spec.name, up: $0.up, cpuMillis: $0.spec.cpuMillis, memoryBytes: $0.spec.memoryBytes,
        requestedCpuMillis: $0.requestedCpuMillis, requestedMemoryBytes: $0.requestedMemoryBytes, pods: $0.pods)
    }
    let traffic = traffics[w]
    var shares: [Int: Double] = [:]
    for (r, s) in traffic.shares() { shares[cluster.replicaSets[r].revision, default: 0] += s }
    let total = traffic.total(at: cluster.now)
    let tv = TrafficView(
      shares: shares, requestsPerSecond: traffic.spec.requestsPerSecond, failedPerSecond: traffic.failedPerSecond,
      requestsOk: total.okCount, requestsFailed: total.failedCount,
      setWeight: view.setWeight, actualWeight: view.actualWeight, weightSource: view.weightSource)
    let events: [SimEvent]
    if controllers.count > 1 {
      events = Array(cluster.recentEvents.lazy.filter { $0.workload == nil || $0.workload == w }.suffix(maxEvents))
    } else {
      events = Array(cluster.recentEvents.suffix(maxEvents))
    }
    let finished = isFinished(workload: w)
    let outcome = controllers[w].outcome(cluster)
    var snap = SimulationSnapshot(
      time: cluster.now, name: controllers.count > 1 ? workloadNames[w] : input.name, kind: view.kind, strategy: view.strategy,
      strategyDetail: view.strategyDetail, phase: view.phase, message: view.message, paused: view.paused,
      desiredReplicas: controllers[w].desiredReplicas, maxPods: view.maxPods, minAvailable: view.minAvailable,
      revisions: revisions, pods: [], nodes: nodes, traffic: tv, steps: view.steps,
      analysisRuns: view.analysisRuns, events: events, conditions: view.conditions,
      finished: finished && outcome != .aborted, outcome: finished ? outcome : nil)
    if includePods { snap.podTable = podTable(owner: controllers.count > 1 ? w : nil) }
    return snap
  }

  var currentReplicas: Int { controllers[0].desiredReplicas }

  /// Every existing pod, grouped by node in node order, unscheduled last; within a
  /// group, in pod-slot order (`PodTable.views`).
  ///
  /// `owner` keeps only that workload's pods, in the same order (a run of several).
  func podViews(owner: Int? = nil) -> [PodView] { podTable(owner: owner).views }

  /// The pods a snapshot holds: the engine's pod columns as they are (no copy, see
  /// `PodTable`) and one sequential pass counting them per node and per state.
  func podTable(owner: Int? = nil) -> PodTable {
    let sets = cluster.replicaSets
    return PodTable(
      cluster.pods, nodeCount: cluster.nodes.count, revision: sets.map { Int32(clamping: $0.revision) },
      crashReason: cluster.rsBehavior.map(\.crashReason), keep: owner.map { o in sets.map { $0.owner == o } })
  }
}
