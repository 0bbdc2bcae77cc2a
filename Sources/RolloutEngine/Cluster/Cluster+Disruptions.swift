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
    let candidates = owner.map { liveReplicaSets(of: $0) } ?? liveReplicaSets
    let total = candidates.reduce(0) { $0 + replicaSets[$1].live.count - replicaSets[$1].pending }
    guard total > 0 else { return nil }
    var k = Int.random(in: 0..<total, using: &rng)
    var picked: Int32 = -1
    for r in candidates {
      let rs = replicaSets[r]
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

  /// True when every node is up with the same capacity, requests and pod count and
  /// the scheduler is `leastAllocated` without sampling. Then, for pods of one size,
  /// the picks go round-robin by node index: with nodes 0..<j at k + 1 pods and the
  /// rest at k, a k-pod node scores no more than a (k + 1)-pod one (the score only
  /// grows with the requests) and wins a tie on pods, so node j is the lowest key;
  /// and when it does not fit, no node does. This is exactly what `pickNodeLinear`
  /// (and so the index) chooses.
  var uniformFleet: Bool {
    guard scheduling == .leastAllocated, percentageOfNodesToScore == nil, let first = nodes.first?.load else { return false }
    return nodes.allSatisfy {
      let l = $0.load
      return l.up == first.up && l.cpuMillis == first.cpuMillis && l.memoryBytes == first.memoryBytes
        && l.requestedCpuMillis == first.requestedCpuMillis && l.requestedMemoryBytes == first.requestedMemoryBytes && l.pods == first.pods
    }
  }

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
    // A fleet of like nodes under the default scheduler: the picks are known
    // without scoring (`uniformFleet`), and the score indexes are brought up to
    // date once at the end instead of on every placement.
    let uniform = t.placement.isEmpty && uniformFleet
    var next = 0
    var full = false
    let ids = pods.allocate(rs: Int32(rs), count: count, at: now)
    pods.setLiveIndexes(ids, from: Int32(replicaSets[rs].live.count))
    replicaSets[rs].live.append(contentsOf: ids)
    // The loop below on like nodes, all at once: pod i goes to node i mod N while
    // the nodes have room (when node 0 is full, every node is).
    let atOnce = uniform && placementIndex == nil && !auditPicks && !onePodAtATime
    if atOnce {
      let perNode = nodes[0].load.podsThatFit(cpu: cpu, memory: memory) ?? .max
      let (all, overflow) = perNode.multipliedReportingOverflow(by: nodes.count)
      placed = overflow ? count : min(count, all)
      pods.seedRoundRobin(ids, placed: placed, nodeCount: nodes.count, heads: &nodeHead, at: now)
      for n in nodes.indices {
        let k = placed / nodes.count + (n < placed % nodes.count ? 1 : 0)
        if k > 0 { nodes[n].account(cpu: cpu * k, memory: memory * Int64(k), pods: k) }
      }
      unscheduled.append(contentsOf: ids[placed...])
    }
    for id in ids where !atOnce {
      let pick: Int?
      if uniform {
        if !full, nodes[next].fits(cpu: cpu, memory: memory) { pick = next } else { pick = nil; full = true }
        if auditPicks, pick != pickNodeLinear(cpu: cpu, memory: memory) {
          pickMismatches.append("t=\(now) \(cpu)m/\(memory)B: uniform fleet \(pick.map(String.init) ?? "nil"), scan \(pickNodeLinear(cpu: cpu, memory: memory).map(String.init) ?? "nil")")
        }
      } else {
        pick = pickNode(for: t)
      }
      guard let n = pick else {
        unscheduled.append(id)
        continue
      }
      place(id, on: n, cpu: cpu, memory: memory, cursor: t.placement.isEmpty, reindex: !uniform)
      if uniform { next = next + 1 == nodes.count ? 0 : next + 1 }
      // Pending -> Available at once: `transition`'s work, with the ReplicaSet's
      // counters settled once for the whole fleet below (allocate already set
      // `since` to now).
      pods.state[Int(id)] = PodDisplayState.available.rawValue
      pods.setReadyAt(Int(id), now)
      placed += 1
    }
    if uniform, placed > 0 { for n in nodes.indices { rescore(n) } }
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
