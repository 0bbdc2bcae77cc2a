/// Drills (a killed pod, a lost node) and the steady-state fleet at t = 0.
extension Cluster {
  // MARK: - Disruptions

  /// `kubectl delete pod` of one pod picked with the seeded generator among the
  /// scheduled, non-terminating pods. Returns its name.
  ///
  /// The candidates are, in order, each live ReplicaSet's scheduled pods in `live`
  /// order. Only unscheduled pods are Pending (binding moves a pod on at once), so a
  /// ReplicaSet has `live.count − pending` candidates and the pick is found by
  /// counting, without listing every pod; only a ReplicaSet that has Pending pods is
  /// walked. `owner` narrows the candidates to one workload's pods.
  mutating func killRandomPod(owner: Int? = nil) -> String? {
    func candidate(_ rs: ReplicaSet) -> Bool { owner.map { rs.owned(by: $0) } ?? !rs.deleted }
    let total = replicaSets.reduce(0) { $0 + (candidate($1) ? $1.live.count - $1.pending : 0) }
    guard total > 0 else { return nil }
    var k = Int.random(in: 0..<total, using: &rng)
    var picked: Int32 = -1
    for rs in replicaSets where candidate(rs) {
      let scheduled = rs.live.count - rs.pending
      if k >= scheduled {
        k -= scheduled
        continue
      }
      if rs.pending == 0 {
        picked = rs.live[k]
      } else {
        for id in rs.live where pods.node[Int(id)] >= 0 {
          if k == 0 { picked = id; break }
          k -= 1
        }
      }
      break
    }
    let id = picked
    let name = podName(id)
    let saved = emitOwner
    emitOwner = replicaSets[Int(pods.rs[Int(id)])].owner
    defer { emitOwner = saved }
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
    let (lost, gone) = podsLost(on: index)
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

  /// The pods a lost node takes with it: its live pods (`lost`) and its terminating
  /// ones (`gone`). O(pods on the node), from the node's list, in the order the
  /// reference scan (`podsLostScan`) meets them: live pods by ReplicaSet, then by
  /// their place in its live list; terminating pods by slot.
  func podsLost(on index: Int) -> (lost: [Int32], gone: [Int32]) {
    var lost: [Int32] = []
    var gone: [Int32] = []
    for id in podsOnNode(index) {
      if pods.liveIndex[Int(id)] >= 0 {
        lost.append(id)
      } else if pods.state[Int(id)] == PodDisplayState.terminating.rawValue {
        gone.append(id)
      }
    }
    lost.sort { a, b in
      let ra = pods.rs[Int(a)]
      let rb = pods.rs[Int(b)]
      return ra != rb ? ra < rb : pods.liveIndex[Int(a)] < pods.liveIndex[Int(b)]
    }
    gone.sort()
    return (lost, gone)
  }

  /// The reference for `podsLost`: a scan of every ReplicaSet's live pods and every
  /// slot, O(pods). Tests only.
  func podsLostScan(on index: Int) -> (lost: [Int32], gone: [Int32]) {
    var lost: [Int32] = []
    for r in replicaSets.indices {
      for id in replicaSets[r].live where pods.node[Int(id)] == Int32(index) { lost.append(id) }
    }
    var gone: [Int32] = []
    for p in 0..<pods.capacity where pods.node[p] == Int32(index) && pods.state[p] == PodDisplayState.terminating.rawValue {
      gone.append(Int32(p))
    }
    return (lost, gone)
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
    let t = replicaSets[rs].template
    let cpu = t.cpuMillis
    let memory = t.memoryBytes
    var placed = 0
    for _ in 0..<count {
      let id = pods.allocate(rs: Int32(rs), at: now)
      pods.liveIndex[Int(id)] = Int32(replicaSets[rs].live.count)
      replicaSets[rs].live.append(id)
      guard let n = pickNode(for: t) else {
        unscheduled.append(id)
        continue
      }
      place(id, on: n, cpu: cpu, memory: memory, cursor: t.placement.isEmpty)
      // Pending -> Available at once: `transition`'s work, with the ReplicaSet's
      // counters settled once for the whole fleet below (allocate already set
      // `since` to now).
      pods.state[Int(id)] = PodDisplayState.available.rawValue
      pods.setReadyAt(Int(id), now)
      placed += 1
    }
    replicaSets[rs].count(.pending, count - placed)
    replicaSets[rs].count(.available, placed)
    podTransitions += placed
    existingPods += count
    activePods += count
    if placed > 0 { changed = true }
    peakActivePods = max(peakActivePods, activePods)
    peakExistingPods = max(peakExistingPods, existingPods)
    return placed
  }
}
