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
    var pods: [PodView] = []
    if includePods { pods = podViews(owner: controllers.count > 1 ? w : nil) }
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
    return SimulationSnapshot(
      time: cluster.now, name: controllers.count > 1 ? workloadNames[w] : input.name, kind: view.kind, strategy: view.strategy,
      strategyDetail: view.strategyDetail, phase: view.phase, message: view.message, paused: view.paused,
      desiredReplicas: controllers[w].desiredReplicas, maxPods: view.maxPods, minAvailable: view.minAvailable,
      revisions: revisions, pods: pods, nodes: nodes, traffic: tv, steps: view.steps,
      analysisRuns: view.analysisRuns, events: events, conditions: view.conditions,
      finished: finished && outcome != .aborted, outcome: finished ? outcome : nil)
  }

  var currentReplicas: Int { controllers[0].desiredReplicas }

  /// Every existing pod, grouped by node in node order, unscheduled last; within a
  /// group, in pod-slot order.
  ///
  /// The dashboard calls this every frame, so at 100k pods it must not allocate one
  /// array per node and flatten them (that was ~88% of a frame): it counts the pods of
  /// each group first (a counting sort), then writes every view straight into its slot
  /// of one preallocated array. Same order and contents as the grouped version.
  ///
  /// `owner` keeps only that workload's pods, in the same order (a run of several).
  func podViews(owner: Int? = nil) -> [PodView] {
    if let owner { return podViews(of: owner) }
    let nodeCount = cluster.nodes.count
    let p = cluster.pods
    let revisions = cluster.replicaSets.map(\.revision)
    // offsets[g] = first slot of group g (group nodeCount = unscheduled).
    var offsets = [Int](repeating: 0, count: nodeCount + 2)
    var total = 0
    p.state.withUnsafeBufferPointer { state in
      p.node.withUnsafeBufferPointer { node in
        for i in 0..<state.count where state[i] != PodStore.gone {
          let n = Int(node[i])
          offsets[(n < 0 ? nodeCount : n) + 1] += 1
          total += 1
        }
      }
    }
    for g in 0..<(nodeCount + 1) { offsets[g + 1] += offsets[g] }
    return [PodView](unsafeUninitializedCapacity: total) { out, initialized in
      p.state.withUnsafeBufferPointer { state in
        p.node.withUnsafeBufferPointer { node in
          p.rs.withUnsafeBufferPointer { rs in
            p.restarts.withUnsafeBufferPointer { restarts in
              for i in 0..<state.count where state[i] != PodStore.gone {
                let n = Int(node[i])
                let g = n < 0 ? nodeCount : n
                let slot = offsets[g]
                offsets[g] = slot + 1
                (out.baseAddress! + slot).initialize(
                  to: PodView(
                    revision: revisions[Int(rs[i])],
                    state: PodDisplayState(rawValue: state[i]) ?? .terminating, node: Int32(n),
                    restarts: Int(restarts[i]),
                    lastTermination: restarts[i] > 0 ? cluster.rsBehavior[Int(rs[i])].crashReason : nil))
              }
            }
          }
        }
      }
      initialized = total
    }
  }

  func podViews(of owner: Int) -> [PodView] {
    let nodeCount = cluster.nodes.count
    let p = cluster.pods
    var groups = [[PodView]](repeating: [], count: nodeCount + 1)
    for i in 0..<p.state.count where p.state[i] != PodStore.gone {
      let rs = cluster.replicaSets[Int(p.rs[i])]
      guard rs.owner == owner else { continue }
      let n = Int(p.node[i])
      groups[n < 0 ? nodeCount : n].append(
        PodView(
          revision: rs.revision, state: PodDisplayState(rawValue: p.state[i]) ?? .terminating, node: Int32(n),
          restarts: Int(p.restarts[i]), lastTermination: p.restarts[i] > 0 ? cluster.rsBehavior[Int(p.rs[i])].crashReason : nil))
    }
    return groups.flatMap { $0 }
  }
}
