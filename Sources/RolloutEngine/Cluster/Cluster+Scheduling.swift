import DequeModule

/// The scheduler's part of the cluster: binding pods to nodes, the retry queue, and
/// the FailedScheduling message.
extension Cluster {
  // MARK: - Scheduler

  /// Tries to place pods; those that fit nowhere stay Pending with a FailedScheduling
  /// event in the scheduler's words.
  mutating func schedule(_ ids: [Int32]) {
    var bound: [Int32] = []
    var failed: [Int32] = []
    bound.reserveCapacity(ids.count)
    // A batch created on a full cluster costs one pick, not one per pod.
    var failedSizes = FailedSizes()
    let later = onePodAtATime ? nil : startsLater(ids)
    var picked: [Int32] = []
    for id in ids {
      if bindInPass(id, later: later, failedSizes: &failedSizes, picked: &picked) { bound.append(id) } else { failed.append(id) }
    }
    if let r = later { startContainers(bound, of: r, picked: picked) }
    reportScheduling(bound: bound, failed: failed)
  }

  mutating func reportScheduling(bound: [Int32], failed: [Int32]) {
    if !bound.isEmpty {
      emitPodEvents(
        bound, reason: "Scheduled",
        message: { c, id in "Successfully assigned default/\(c.podName(id)) to \(c.nodes[Int(c.pods.node[Int(id)])].spec.name)" },
        summary: { "Successfully assigned \($0) pods to nodes" })
    }
    if !failed.isEmpty {
      // Only newly created pods come through here, so none is queued yet.
      unscheduled.append(contentsOf: failed)
      let msg = failedSchedulingMessage(for: failed[0])
      emitPodEvents(failed, kind: .warning, reason: "FailedScheduling", message: { _, _ in msg }, summary: { "\(msg) (\($0) pods)" })
    }
  }

  /// Retries unscheduled pods after capacity was freed, oldest first.
  mutating func schedulePending() {
    capacityFreed = false
    guard !unscheduled.isEmpty else { return }
    var bound: [Int32] = []
    var remaining = Deque<Int32>()
    var failedSizes = FailedSizes()
    // Slots already taken in this pass, one bit each (a Set cost a hash per pod).
    var seen = [UInt64](repeating: 0, count: pods.capacity / 64 + 1)
    let later = onePodAtATime ? nil : startsLater(unscheduled, pendingOnly: true)
    var picked: [Int32] = []
    while let id = unscheduled.popFirst() {
      // Stale entries (deleted pods, or a slot re-used by a pod queued again) are skipped.
      let word = Int(id) >> 6
      let bit = UInt64(1) << UInt64(Int(id) & 63)
      guard pods.state[Int(id)] == PodDisplayState.pending.rawValue, pods.node[Int(id)] < 0, seen[word] & bit == 0
      else { continue }
      seen[word] |= bit
      if bindInPass(id, later: later, failedSizes: &failedSizes, picked: &picked) { bound.append(id) } else { remaining.append(id) }
    }
    if let r = later { startContainers(bound, of: r, picked: picked) }
    unscheduled = remaining
    if !bound.isEmpty { reportScheduling(bound: bound, failed: []) }
  }

  /// Binds a pod to a node if one fits; starts ContainerCreating.
  mutating func bind(_ id: Int32) -> Bool {
    guard placeOnNode(id) else { return false }
    startContainer(id)
    return true
  }

  /// `bind`'s placement: the scheduler's pick, if a node fits.
  mutating func placeOnNode(_ id: Int32) -> Bool {
    let p = Int(id)
    let r = Int(pods.rs[p])
    let cpu = replicaSets[r].template.cpuMillis
    let memory = replicaSets[r].template.memoryBytes
    let hasPlacement = rsKubelet[r].hasPlacement
    guard let n = hasPlacement ? pickNode(for: replicaSets[r].template) : pickNode(cpu: cpu, memory: memory) else { return false }
    place(id, on: n, cpu: cpu, memory: memory, cursor: !hasPlacement)
    return true
  }

  /// `placeOnNode` for a pod without placement rules, leaving its node and its place
  /// in the node's list to the caller (`PodStore.link`, once for a batch: no pick
  /// reads them). The node, or nil when none fits.
  mutating func placeUnlinked(_ id: Int32) -> Int? {
    let r = Int(pods.rs[Int(id)])
    let cpu = replicaSets[r].template.cpuMillis
    let memory = replicaSets[r].template.memoryBytes
    guard let n = pickNode(cpu: cpu, memory: memory) else { return nil }
    place(id, on: n, cpu: cpu, memory: memory, link: false)
    return n
  }

  /// `bind`'s start: ContainerCreating, then the container after the ReplicaSet's
  /// startup time (init containers first, then the image: Kubelet.swift
  /// `startupTime`).
  mutating func startContainer(_ id: Int32) {
    transition(id, to: .containerCreating)
    let startup = rsKubelet[Int(pods.rs[Int(id)])].startup
    if startup <= 0 { containerStarted(id) } else { queue.addPod(id, .containerStarted, at: now + startup) }
  }

  /// The ReplicaSet whose pods `ids` all are, if that ReplicaSet's containers take
  /// time to start: then a pass can place them all first and start them together
  /// (`startContainers`), which is what binding one after another does (nothing a
  /// placement reads changes when a pod starts ContainerCreating, and the start
  /// timers go in in the same order).
  /// (`pendingOnly`: counting only the Pending ones, the others are stale.)
  func startsLater(_ ids: some Sequence<Int32>, pendingOnly: Bool = false) -> Int? {
    var r = -1
    for id in ids where !pendingOnly || pods.state[Int(id)] == PodDisplayState.pending.rawValue {
      let q = Int(pods.rs[Int(id)])
      if r < 0 { r = q } else if q != r { return nil }
    }
    return r >= 0 && rsKubelet[r].startup > 0 ? r : nil
  }

  /// A scheduling pass's bind of pod `id`; false when it stays Pending: it fits no
  /// node, or a size no larger already fit none in this pass (`failedSizes`; pods
  /// with placement rules depend on more than size, Placement.swift: no shortcut).
  /// One after another (`later` nil), or, for a pass over one ReplicaSet whose
  /// containers start later, placed now and started with the others by
  /// `startContainers`; a pod without placement rules is then also linked to its
  /// node there (its node is appended to `picked`).
  mutating func bindInPass(_ id: Int32, later: Int?, failedSizes: inout FailedSizes, picked: inout [Int32]) -> Bool {
    let r = Int(pods.rs[Int(id)])
    let cpu = replicaSets[r].template.cpuMillis
    let memory = replicaSets[r].template.memoryBytes
    let sizeOnly = !rsKubelet[r].hasPlacement
    if sizeOnly, failedSizes.covers(cpu: cpu, memory: memory) { return false }
    let bound: Bool
    if later == nil {
      bound = bind(id)
    } else if !sizeOnly {
      bound = placeOnNode(id)
    } else if let n = placeUnlinked(id) {
      picked.append(Int32(n))
      bound = true
    } else {
      bound = false
    }
    if !bound, sizeOnly { failedSizes.add(cpu: cpu, memory: memory) }
    return bound
  }

  /// `startContainer` for pods `ids` of ReplicaSet `r` (its startup time > 0) at once,
  /// after linking them to their nodes `picked` if the pass left that to here.
  mutating func startContainers(_ ids: [Int32], of r: Int, picked: [Int32]) {
    if !picked.isEmpty { pods.link(ids, to: picked, heads: &nodeHead) }
    transition(ids, to: .containerCreating)
    queue.addPods(ids, .containerStarted, at: now + rsKubelet[r].startup)
  }

  /// Accounts pod `id` (of the given size) on node `n`, picked by `pickNode`.
  /// `reindex` false leaves the score indexes to the caller (a batch re-scores each
  /// node once at the end).
  /// `link` false leaves the pod's node and its place in the node's list to the
  /// caller (`PodStore.link`, for a batch: no pick reads them).
  mutating func place(_ id: Int32, on n: Int, cpu: Int, memory: Int64, cursor: Bool = true, reindex: Bool = true, link: Bool = true) {
    if cursor, scheduling == .firstFit { firstFitCursor[ResourceSize(cpu: cpu, memory: memory)] = n }
    nodes[n].account(cpu: cpu, memory: memory, pods: 1)
    placementIndex?.bound(rs: Int(pods.rs[Int(id)]), node: n)
    // Re-scored at once: the next pick (usually the next pod) needs it.
    if reindex { rescore(n) }
    if link { pods.link(id, to: n, heads: &nodeHead) }
  }

  /// Takes pod `id` off node `n`'s list (its resources were released).
  mutating func unlinkFromNode(_ id: Int32, _ n: Int) { pods.unlink(id, from: n, heads: &nodeHead) }

  /// The pods bound to node `n` (terminating ones included), in no particular order.
  func podsOnNode(_ n: Int) -> [Int32] {
    var out: [Int32] = []
    var id = nodeHead[n]
    while id >= 0 {
      out.append(id)
      id = pods.nodeNext[Int(id)]
    }
    return out
  }

  /// The node for a pod of `t`: with placement rules (anti-affinity, topology
  /// spread; Placement.swift) the filtered scan, otherwise `pickNode(cpu:memory:)`.
  mutating func pickNode(for t: PodTemplate) -> Int? {
    guard !t.placement.isEmpty else { return pickNode(cpu: t.cpuMillis, memory: t.memoryBytes) }
    if placementIndex == nil { placementIndex = PlacementIndex(self) }
    if auditPicks, placementFeasibleNodes(t) != placementFeasibleNodesScan(t) {
      pickMismatches.append("t=\(now) placement of \(t.image): index \(placementFeasibleNodes(t)), scan \(placementFeasibleNodesScan(t))")
    }
    return pickNodeWithPlacement(t)
  }

  /// `firstFit`: the lowest-index node with room (a cursor makes uniform fleets O(1)
  /// amortised). `leastAllocated`: like kube-scheduler's default score, the node whose
  /// larger requested share (cpu or memory) after placement is lowest; ties go to the
  /// node with fewer pods (the default topology spreading), then the lower index.
  ///
  /// This is rollsim's deterministic model, not kube-scheduler's exact arithmetic:
  /// upstream's LeastAllocated (pkg/scheduler/framework/plugins/noderesources/
  /// least_allocated.go, `leastResourceScorer`) scores the weighted mean of the
  /// free fractions as an integer 0–100, and `selectHost` (schedule_one.go) breaks
  /// ties between equal scores at random. The model is kept unchanged here so that
  /// every existing trace stays byte-identical.
  ///
  /// `leastAllocated` answers from a `NodeScoreIndex` per pod size (O(1) for fleets
  /// of like nodes, O(log nodes) in general); `pickNodeLinear` is the reference scan
  /// it must always agree with.
  mutating func pickNode(cpu: Int, memory: Int64) -> Int? {
    switch scheduling {
    case .firstFit:
      var i = firstFitCursor[ResourceSize(cpu: cpu, memory: memory)] ?? 0
      while i < nodes.count {
        if nodes[i].fits(cpu: cpu, memory: memory) { return i }
        i += 1
      }
      return nil
    case .leastAllocated:
      if let percentage = percentageOfNodesToScore { return pickNodeSampled(cpu: cpu, memory: memory, percentage: percentage) }
      flushNodeChanges()
      let k: Int
      if let found = scoreIndexes.firstIndex(where: { $0.cpu == cpu && $0.memory == memory }) {
        k = found
      } else {
        // A new size: build its index in O(nodes). Each index is updated on every
        // node change, so only the most recent few sizes are kept; an evicted size is
        // rebuilt if it comes back.
        if scoreIndexes.count >= Cluster.scoreIndexLimit { scoreIndexes.removeFirst() }
        scoreIndexes.append(NodeScoreIndex(cpu: cpu, memory: memory, nodes: nodes, levelLimit: scoreLevelLimit))
        k = scoreIndexes.count - 1
      }
      let picked = scoreIndexes[k].best
      if auditPicks {
        let reference = pickNodeLinear(cpu: cpu, memory: memory)
        if picked != reference {
          pickMismatches.append("t=\(now) \(cpu)m/\(memory)B: index \(picked.map(String.init) ?? "nil"), scan \(reference.map(String.init) ?? "nil")")
        }
      }
      return picked
    }
  }

  /// How many pod sizes keep a `NodeScoreIndex` (a rollout has one or two).
  static let scoreIndexLimit = 8

  /// `leastAllocated` with kube-scheduler's sampling (`percentageOfNodesToScore`):
  /// like `findNodesThatPassFilters` in pkg/scheduler/schedule_one.go, check nodes
  /// from `nextStartNodeIndex` on, wrapping, until `numFeasibleNodesToFind` feasible
  /// ones are found (or every node was checked); the next search starts after the
  /// last node checked (`processedNodes` = feasible + infeasible seen). The best of
  /// the feasible ones wins by this model's score (lowest, then fewest pods); a full
  /// tie goes to the first found — upstream's `selectHost` picks among ties at
  /// random. Upstream filters in parallel and may check a few more nodes than it
  /// needs; this is the sequential reading. O(nodes searched) per pod.
  mutating func pickNodeSampled(cpu: Int, memory: Int64, percentage: Int) -> Int? {
    let all = nodes.count
    guard all > 0 else { return nil }
    let toFind = Cluster.numFeasibleNodesToFind(percentage: percentage, nodes: all)
    var best: Int? = nil
    var bestScore = Double.infinity
    var bestPods = Int.max
    var feasible = 0
    var processed = 0
    let start = nextStartNodeIndex % all
    while processed < all, feasible < toFind {
      let i = (start + processed) % all
      processed += 1
      let n = nodes[i].load
      guard n.fits(cpu: cpu, memory: memory) else { continue }
      feasible += 1
      let score = Cluster.leastAllocatedScore(n, cpu: cpu, memory: memory)
      if score < bestScore || (score == bestScore && n.pods < bestPods) {
        best = i
        bestScore = score
        bestPods = n.pods
      }
    }
    nextStartNodeIndex = (start + processed) % all
    return best
  }

  /// kube-scheduler's `numFeasibleNodesToFind` (pkg/scheduler/schedule_one.go):
  /// every node below 100 nodes; else `percentage` % of them (0 = adaptive,
  /// 50 − nodes/125, at least 5), and never fewer than 100.
  static func numFeasibleNodesToFind(percentage: Int, nodes: Int) -> Int {
    let minFeasibleNodesToFind = 100
    let minFeasibleNodesPercentageToFind = 5
    if nodes < minFeasibleNodesToFind { return nodes }
    var p = percentage
    if p == 0 { p = max(50 - nodes / 125, minFeasibleNodesPercentageToFind) }
    let n = nodes * p / 100
    return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n
  }

  /// The reference `leastAllocated` scan: every node, O(nodes). Kept as the
  /// specification `pickNode` is tested against (`SchedulerIndexTests`).
  func pickNodeLinear(cpu: Int, memory: Int64) -> Int? {
    var best: Int? = nil
    var bestScore = Double.infinity
    var bestPods = Int.max
    for i in nodes.indices where nodes[i].fits(cpu: cpu, memory: memory) {
      let n = nodes[i].load
      let score = Cluster.leastAllocatedScore(n, cpu: cpu, memory: memory)
      if score < bestScore || (score == bestScore && n.pods < bestPods) {
        best = i
        bestScore = score
        bestPods = n.pods
      }
    }
    return best
  }

  /// The larger of the cpu and memory shares requested on `n` once the pod is placed
  /// (0 for a resource the node has none of). One function for the scan and the heap,
  /// so both compare the very same doubles.
  @inline(__always) static func leastAllocatedScore(_ n: NodeLoad, cpu: Int, memory: Int64) -> Double {
    let c = n.cpuMillis > 0 ? Double(n.requestedCpuMillis + cpu) / Double(n.cpuMillis) : 0
    let m = n.memoryBytes > 0 ? Double(n.requestedMemoryBytes + memory) / Double(n.memoryBytes) : 0
    return max(c, m)
  }

  /// Node `n`'s requests, pod count or up state changed: it is re-scored in every
  /// index before the next pick (`ChangedNodes`).
  mutating func nodeChanged(_ n: Int) {
    guard !scoreIndexes.isEmpty else { return }
    changedNodes.insert(n)
  }

  /// Re-scores node `n` in every index now (a placement: the next pick needs it).
  @inline(__always) mutating func rescore(_ n: Int) {
    guard !scoreIndexes.isEmpty else { return }
    let load = nodes[n].load
    for k in scoreIndexes.indices { scoreIndexes[k].update(node: n, load) }
  }

  /// Re-scores the changed nodes in every index.
  mutating func flushNodeChanges() {
    guard !changedNodes.isEmpty else { return }
    // In the order they first changed (the list, not a sorted set).
    for i in changedNodes.nodes.indices { rescore(Int(changedNodes.nodes[i])) }
    changedNodes.removeAll()
  }

  mutating func lowerFirstFitCursors(to n: Int) {
    guard scheduling == .firstFit else { return }
    for (k, v) in firstFitCursor where v > n { firstFitCursor[k] = n }
  }

  /// `0/3 nodes are available: 1 node(s) had untolerated taint …, 2 Insufficient cpu.`
  func failedSchedulingMessage(for id: Int32) -> String {
    if case let t = replicaSets[Int(pods.rs[Int(id)])].template, !t.placement.isEmpty { return placementFailedSchedulingMessage(t) }
    let t = replicaSets[Int(pods.rs[Int(id)])].template
    var down = 0
    var cpu = 0
    var mem = 0
    for n in nodes {
      if !n.up { down += 1; continue }
      if n.requestedCpuMillis + t.cpuMillis > n.spec.cpuMillis { cpu += 1 }
      if n.requestedMemoryBytes + t.memoryBytes > n.spec.memoryBytes { mem += 1 }
    }
    var parts: [String] = []
    if down > 0 { parts.append("\(down) node(s) had untolerated taint {node.kubernetes.io/unreachable: }") }
    if cpu > 0 { parts.append("\(cpu) Insufficient cpu") }
    if mem > 0 { parts.append("\(mem) Insufficient memory") }
    return "0/\(nodes.count) nodes are available: " + parts.joined(separator: ", ") + "."
  }
}

/// The pod sizes that fit no node in one scheduling pass. A failed pick changes
/// nothing (under `percentageOfNodesToScore` too: a scan of every node leaves the
/// start index where it was), so a later pod at least as large fails as well and
/// skips its pick. Pods with placement rules depend on more than size: not here.
struct FailedSizes {
  private var sizes: [(cpu: Int, memory: Int64)] = []

  func covers(cpu: Int, memory: Int64) -> Bool { sizes.contains { $0.cpu <= cpu && $0.memory <= memory } }

  mutating func add(cpu: Int, memory: Int64) { sizes.append((cpu, memory)) }
}
