/// Drills (a killed pod, a lost node) and the steady-state fleet at t = 0.
extension Cluster {
  // MARK: - Disruptions

  /// `kubectl delete pod` of one pod picked with the seeded generator among the
  /// scheduled, non-terminating pods. Returns its name.
  mutating func killRandomPod() -> String? {
    var candidates: [Int32] = []
    for rs in replicaSets where !rs.deleted {
      for id in rs.live where pods.node[Int(id)] >= 0 { candidates.append(id) }
    }
    guard !candidates.isEmpty else { return nil }
    let id = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
    let name = podName(id)
    emit(reason: "Killing", object: "pod/\(name)", message: "Stopping container \(containerName(of: id))")
    terminate(id)
    return name
  }

  /// The node is lost (deleted, like a VM the cloud provider removed): the pod
  /// garbage collector deletes the pods bound to it at once and the node takes no
  /// new pods until it is back. (A NotReady node would keep its pods for the
  /// 300 s default toleration first; a lost node is the sharper, commoner drill.)
  mutating func nodeDown(_ index: Int) -> Int {
    guard nodes.indices.contains(index), nodes[index].up else { return 0 }
    nodes[index].up = false
    nodeChanged(index)
    emit(.warning, reason: "RemovingNode", object: "node/\(nodes[index].spec.name)", message: "Node \(nodes[index].spec.name) event: Removing Node \(nodes[index].spec.name) from Controller")
    var lost: [Int32] = []
    for r in replicaSets.indices {
      for id in replicaSets[r].live where pods.node[Int(id)] == Int32(index) { lost.append(id) }
    }
    var gone: [Int32] = []
    for p in 0..<pods.capacity where pods.node[p] == Int32(index) && pods.state[p] == PodDisplayState.terminating.rawValue {
      gone.append(Int32(p))
    }
    let nodeName = nodes[index].spec.name
    emitPodEvents(
      lost, kind: .warning, reason: "NodeLost", message: { _, _ in "Pod deleted: node \(nodeName) is gone" },
      summary: { "\($0) pods deleted: node \(nodeName) is gone" })
    for id in lost {
      removeFromLive(id)
      activePods -= 1
      transition(id, to: .terminating)
      podGone(id)
    }
    for id in gone { podGone(id) }
    return lost.count
  }

  mutating func nodeUp(_ index: Int) -> Bool {
    guard nodes.indices.contains(index), !nodes[index].up else { return false }
    nodes[index].up = true
    nodeChanged(index)
    emit(reason: "RegisteredNode", object: "node/\(nodes[index].spec.name)", message: "Node \(nodes[index].spec.name) event: Registered Node \(nodes[index].spec.name) in Controller")
    lowerFirstFitCursors(to: index)
    capacityFreed = true
    return true
  }

  // MARK: - Initial fleet

  /// Creates `count` pods of a ReplicaSet that are already scheduled and Available at
  /// time 0: the steady state before the rollout starts.
  mutating func seedAvailablePods(rs: Int, count: Int) -> Int {
    replicaSets[rs].specReplicas = count
    // A rollout holds up to about twice the fleet at once (blue/green: both
    // ReplicaSets in full, plus pods still terminating).
    if pods.capacity == 0 { pods.reserve(count * 2 + 16) }
    replicaSets[rs].live.reserveCapacity(count)
    var placed = 0
    for _ in 0..<count {
      let id = pods.allocate(rs: Int32(rs), at: now)
      pods.liveIndex[Int(id)] = Int32(replicaSets[rs].live.count)
      replicaSets[rs].live.append(id)
      replicaSets[rs].count(.pending, 1)
      existingPods += 1
      activePods += 1
      let t = replicaSets[rs].template
      guard let n = pickNode(for: t) else {
        unscheduled.append(id)
        continue
      }
      place(id, on: n, cpu: t.cpuMillis, memory: t.memoryBytes, cursor: t.placement.isEmpty)
      transition(id, to: .available)
      pods.setReadyAt(Int(id), now)
      placed += 1
    }
    peakActivePods = max(peakActivePods, activePods)
    peakExistingPods = max(peakExistingPods, existingPods)
    return placed
  }
}
