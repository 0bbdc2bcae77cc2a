/// The kubelet's side of a pod's life on the cluster: state changes with their
/// counters, termination and the end of a pod. The batch forms (`transition(_:to:)`
/// on many pods, `terminate(_:of:)`, `podsGone`, `containersStarted`) do what the
/// one-pod forms do one after another, in one pass over the pods.
extension Cluster {
  // MARK: - Pod lifecycle (kubelet)

  /// Moves a pod to `state`, keeping its ReplicaSet's counters exact.
  mutating func transition(_ id: Int32, to state: PodDisplayState) {
    let p = Int(id)
    let old = PodDisplayState(rawValue: pods.state[p]) ?? .terminating
    let r = Int(pods.rs[p])
    replicaSets[r].move(from: old, to: state)
    if placementIndex != nil, state == .terminating, old != .terminating, pods.node[p] >= 0 {
      placementIndex?.terminating(rs: r, node: Int(pods.node[p]))
    }
    pods.state[p] = state.rawValue
    pods.setSince(p, now)
    podTransitions += 1
    changed = true
  }

  /// Deletes a pod: unscheduled pods vanish at once; others stop being endpoints now
  /// and are gone after min(shutdown time, terminationGracePeriodSeconds).
  mutating func terminate(_ id: Int32) {
    let p = Int(id)
    let r = Int(pods.rs[p])
    removeFromLive(id)
    activePods -= 1
    if pods.node[p] < 0 {
      replicaSets[r].count(PodDisplayState(rawValue: pods.state[p]) ?? .pending, -1)
      // Left in `unscheduled`: `schedulePending` skips entries that are no longer
      // pending (O(1) here instead of a search per deleted pod).
      pods.release(id)
      existingPods -= 1
      changed = true
      return
    }
    transition(id, to: .terminating)
    let delay = rsKubelet[r].termination
    if delay <= 0 { podGone(id) } else { queue.addPod(id, .podGone, at: now + delay) }
  }
  /// `terminate` for pods `ids` of ReplicaSet `r` (a scale-down's victims), in
  /// `ids` order. The usual case, pods on nodes that take time to shut down, is one
  /// pass: the live list, the counters and the pod columns are each written once
  /// for the batch, and the `podGone` timers go into the queue together. Pods not
  /// on a node and pods that are gone at once take `terminate` one by one (their
  /// slots are released in order with the others').
  mutating func terminate(_ ids: [Int32], of r: Int) {
    let delay = rsKubelet[r].termination
    guard ids.count > 1, delay > 0, placementIndex == nil, !onePodAtATime else {
      for id in ids { terminate(id) }
      return
    }
    var live = replicaSets[r].live
    replicaSets[r].live = []
    var onNodes: [Int32] = []
    onNodes.reserveCapacity(ids.count)
    var unbound: [Int32] = []
    pods.removeFromLive(ids, live: &live)
    for id in ids {
      let p = Int(id)
      if pods.node[p] < 0 {
        unbound.append(id)
      } else {
        onNodes.append(id)
      }
    }
    replicaSets[r].live = live
    activePods -= ids.count
    for id in unbound {
      replicaSets[r].count(PodDisplayState(rawValue: pods.state[Int(id)]) ?? .pending, -1)
    }
    if !unbound.isEmpty {
      pods.release(unbound, heads: &nodeHead)
      existingPods -= unbound.count
    }
    transition(onNodes, to: .terminating)
    queue.addPods(onNodes, .podGone, at: now + delay)
    changed = true
  }


  mutating func removeFromLive(_ id: Int32) {
    let p = Int(id)
    let r = Int(pods.rs[p])
    let idx = Int(pods.liveIndex[p])
    guard idx >= 0 else { return }
    let last = replicaSets[r].live.removeLast()
    if last != id {
      replicaSets[r].live[idx] = last
      pods.liveIndex[Int(last)] = Int32(idx)
    }
    pods.liveIndex[p] = -1
  }

  mutating func podGone(_ id: Int32) { podsGone([id]) }

  /// Terminating pods `ids` are gone: their requests leave their nodes, the slots
  /// are free from the next instant. In `ids` order, as one `podGone` after another
  /// would do it, but in one pass (a timer's batch is many pods): the nodes and the
  /// pod columns are written through buffers, not one uniqueness check per write,
  /// and a ReplicaSet's counter moves once per run of its pods.
  mutating func podsGone(_ ids: [Int32]) {
    guard !ids.isEmpty else { return }
    if onePodAtATime {
      for id in ids { podGoneOne(id) }
      return
    }
    var runRS = -1
    var run = 0
    var cpu = 0
    var memory: Int64 = 0
    var lowestNode = Int.max
    let indexed = !scoreIndexes.isEmpty
    nodes.withUnsafeMutableBufferPointer { node in
      for id in ids {
        let p = Int(id)
        let r = Int(pods.rs[p])
        if r != runRS {
          if run > 0 { replicaSets[runRS].count(.terminating, -run) }
          runRS = r
          run = 0
          cpu = replicaSets[r].template.cpuMillis
          memory = replicaSets[r].template.memoryBytes
        }
        run += 1
        let n = Int(pods.node[p])
        guard n >= 0 else { continue }
        placementIndex?.gone(rs: r, node: n, wasTerminating: pods.state[p] == PodDisplayState.terminating.rawValue)
        node[n].account(cpu: -cpu, memory: -memory, pods: -1)
        if indexed { changedNodes.insert(n) }
        lowestNode = min(lowestNode, n)
      }
    }
    replicaSets[runRS].count(.terminating, -run)
    if lowestNode != .max {
      lowerFirstFitCursors(to: lowestNode)
      capacityFreed = true
    }
    if !containers.isEmpty { for id in ids { containers[id] = nil } }
    pods.release(ids, heads: &nodeHead)
    existingPods -= ids.count
    changed = true
  }

  /// `transition` for each of `ids`, in one pass: the pod columns are written
  /// through buffers and each ReplicaSet's counters move once per run of its pods.
  /// (To Terminating with a placement index kept, pod by pod: the index counts
  /// each one.)
  mutating func transition(_ ids: [Int32], to state: PodDisplayState) {
    guard !ids.isEmpty else { return }
    guard state != .terminating || placementIndex == nil, !onePodAtATime else {
      for id in ids { transition(id, to: state) }
      return
    }
    let terminating = Int(PodDisplayState.terminating.rawValue)
    var moved = [Int](repeating: 0, count: PodDisplayState.allCases.count)
    var runRS = -1
    var run = 0
    for id in ids {
      let p = Int(id)
      let r = Int(pods.rs[p])
      if r != runRS {
        if run > 0 { settle(moved: &moved, run: run, rs: runRS, to: state) }
        runRS = r
        run = 0
      }
      let old = Int(pods.state[p])
      moved[old < moved.count ? old : terminating] += 1
      run += 1
    }
    settle(moved: &moved, run: run, rs: runRS, to: state)
    pods.setState(ids, state.rawValue, at: now)
    podTransitions += ids.count
    changed = true
  }

  /// Moves `run` pods of ReplicaSet `rs` out of the states counted in `moved` (then
  /// cleared) and into `state`.
  private mutating func settle(moved: inout [Int], run: Int, rs: Int, to state: PodDisplayState) {
    for raw in moved.indices where moved[raw] > 0 {
      replicaSets[rs].count(PodDisplayState(rawValue: UInt8(raw)) ?? .terminating, -moved[raw])
      moved[raw] = 0
    }
    replicaSets[rs].count(state, run)
  }

  /// `containerStarted` for each of `ids` in order. A run of pods of one ReplicaSet
  /// whose image has no fault at start and that are Ready as soon as Running and
  /// Available as soon as Ready (no probe, gate or minReadySeconds: the usual image)
  /// moves at once, with the same counters and transitions; the others go one by one.
  mutating func containersStarted(_ ids: [Int32]) {
    var i = 0
    while i < ids.count {
      let r = Int(pods.rs[Int(ids[i])])
      var j = i + 1
      while j < ids.count, Int(pods.rs[Int(ids[j])]) == r { j += 1 }
      let b = rsBehavior[r]
      let ready = rsKubelet[r].readyDelay.map { $0 <= 0 } ?? false
      if j - i > 1, ready, !onePodAtATime, !b.tracksContainers, !b.crashLoop, !b.neverReady, b.readinessStopsAfterSeconds == nil,
        replicaSets[r].minReadySeconds <= 0
      {
        // containerStarted's Running and becomeReady's Ready are counted, not
        // written (as there): nothing reads them in between.
        let run = Array(ids[i..<j])
        transition(run, to: .available)
        pods.setReadyAt(run, now)
        podTransitions += 2 * run.count
      } else {
        for id in ids[i..<j] { containerStarted(id) }
      }
      i = j
    }
  }

  /// One pod gone, the plain way: the reference `podsGone` is checked against
  /// (`onePodAtATime`).
  mutating func podGoneOne(_ id: Int32) {
    let p = Int(id)
    let r = Int(pods.rs[p])
    replicaSets[r].count(.terminating, -1)
    let n = Int(pods.node[p])
    if n >= 0 {
      placementIndex?.gone(rs: r, node: n, wasTerminating: pods.state[p] == PodDisplayState.terminating.rawValue)
      nodes[n].account(cpu: -replicaSets[r].template.cpuMillis, memory: -replicaSets[r].template.memoryBytes, pods: -1)
      unlinkFromNode(id, n)
      nodeChanged(n)
      lowerFirstFitCursors(to: n)
      capacityFreed = true
    }
    if !containers.isEmpty { containers[id] = nil }
    pods.release(id)
    existingPods -= 1
    changed = true
  }
}
