import DequeModule

/// The simulated cluster: nodes, pods, ReplicaSets, the timer queue and the event log.
///
/// It plays the parts of the scheduler, the kubelet and the ReplicaSet controller.
/// Workload controllers (Deployment, Rollout) only set `specReplicas` on ReplicaSets;
/// `reconcileReplicaSets()` then creates or deletes pods, as the real ReplicaSet
/// controller does (`replica_set.go` `manageReplicas`).
public struct Cluster: Sendable {
  public internal(set) var now: SimTime = 0
  var rng: SplitMix64
  public let seed: UInt64
  public internal(set) var nodes: [ClusterNode]
  /// First pod of each node's list (`PodStore.nodeNext`), or -1.
  var nodeHead: [Int32]
  public let scheduling: SchedulingPolicy
  /// `ClusterSpec.percentageOfNodesToScore`; nil scores every node.
  public let percentageOfNodesToScore: Int?
  /// Where the next sampled search starts (kube-scheduler's `nextStartNodeIndex`).
  var nextStartNodeIndex = 0
  var pods = PodStore()
  public internal(set) var replicaSets: [ReplicaSet] = []
  /// Indices of the ReplicaSets not deleted, ascending (creation order). Deleted
  /// ReplicaSets stay in `replicaSets` as tombstones so indices stay valid; every
  /// per-pass loop walks this list instead, so its cost is the live revisions
  /// (bounded by `revisionHistoryLimit`, `cleanupDeployment`), not every revision
  /// ever created (issue 14: N set-image actions were O(N²)).
  public private(set) var liveReplicaSets: [Int] = []
  /// `liveReplicaSets` per owner (`ReplicaSet.owner`), each ascending: what a
  /// workload's controller lists (`ReplicaSet.owned(by:)`).
  private(set) var liveByOwner: [[Int]] = []
  var queue = EventQueue()
  /// Unscheduled pods, oldest first (the scheduler's active queue).
  var unscheduled = Deque<Int32>()
  let images: [String: ImageBehavior]
  /// `behavior(of:)` of each ReplicaSet's image, by ReplicaSet index: the per-pod
  /// paths read it without hashing the image name.
  var rsBehavior: [ImageBehavior] = []
  /// Per ReplicaSet, what the per-pod paths need of its template, computed once
  /// (copying a PodTemplate per pod costs reference counting on every field).
  var rsKubelet: [KubeletTiming] = []
  /// Container clocks of the pods whose image needs them (Cluster+Containers.swift).
  var containers: [Int32: ContainerClock] = [:]
  /// The first instant a lifecycle fault hit a pod (`noteFaultHit`).
  public internal(set) var firstFaultHit: SimTime?
  /// ReplicaSets one of whose containers has exited and restarted.
  var restartedReplicaSets: Set<Int> = []
  /// The workloads' names, in input order (a ReplicaSet is `<its workload>-<hash>`).
  let workloadNames: [String]
  /// Several workloads share the cluster: events carry the workload they are about.
  var sharedByWorkloads: Bool { workloadNames.count > 1 }
  /// The workload whose controller is running now (events it emits are its own).
  var emitOwner: Int?
  let strictMinReady: Bool

  /// The latest events (bounded), and the events of the current instant.
  public internal(set) var recentEvents = Deque<SimEvent>()
  public internal(set) var instantEvents: [SimEvent] = []
  /// Containers that exited in the current instant (the kubelet records no event for
  /// an exit it restarts at once).
  public internal(set) var instantContainerExits = 0
  public static let recentEventLimit = 500
  /// Pod-level events (Scheduled, Started, Killing, …) are one per pod up to this many
  /// pods in one batch; larger batches get one summarising event, so a million-pod
  /// rollout doesn't produce millions of strings.
  public static let perPodEventLimit = 10

  /// First-fit scan starts per request size: every node before it is known to be
  /// too full for that size. Lowered when a node frees capacity.
  var firstFitCursor: [ResourceSize: Int] = [:]

  /// `leastAllocated`: one score heap per recent pod size (see `NodeScoreIndex`).
  var scoreIndexes: [NodeScoreIndex] = []
  /// Nodes changed since the indexes were last re-scored (`flushNodeChanges`).
  var changedNodes = ChangedNodes()
  /// `NodeScoreIndex.levelLimit`, lowered by tests to exercise the heap fallback.
  var scoreLevelLimit = NodeScoreIndex.levelLimit
  /// Tests set this to check every `leastAllocated` pick against the reference scan;
  /// disagreements are recorded in `pickMismatches` (never set outside tests).
  var auditPicks = false
  var pickMismatches: [String] = []
  /// Tests set this to run every batch form (`transition(_:to:)` on many pods,
  /// `terminate(_:of:)`, `podsGone`, `containersStarted`, the placed-then-started
  /// scheduling pass, the round-robin seed) one pod at a time through the one-pod
  /// forms, the reference the batches are checked against (never set outside tests).
  var onePodAtATime = false
  /// Pods per ReplicaSet per node for the placement filters; nil until a template
  /// with placement rules is first scheduled (PlacementIndex.swift).
  var placementIndex: PlacementIndex?

  struct ResourceSize: Hashable, Sendable {
    var cpu: Int
    var memory: Int64
  }
  var capacityFreed = false
  /// Set by anything visible: the trace writes an instant only when it is set.
  var changed = false

  // Statistics.
  /// Pods that exist (pending … terminating).
  public internal(set) var existingPods = 0
  /// Non-terminating pods.
  public internal(set) var activePods = 0
  public internal(set) var peakActivePods = 0
  public internal(set) var peakExistingPods = 0
  /// Pod state transitions so far (the engine's unit of work, for benchmarks).
  public internal(set) var podTransitions = 0
  /// ∫ existing pods dt, in pod-milliseconds.
  public internal(set) var podMilliseconds: Int64 = 0

  public init(spec: ClusterSpec, images: [String: ImageBehavior], workloadName: String, seed: UInt64, strictMinReady: Bool = false) {
    self.init(spec: spec, images: images, workloadNames: [workloadName], seed: seed, strictMinReady: strictMinReady)
  }

  public init(spec: ClusterSpec, images: [String: ImageBehavior], workloadNames: [String], seed: UInt64, strictMinReady: Bool = false) {
    self.nodes = spec.nodes.map(ClusterNode.init(spec:))
    self.nodeHead = [Int32](repeating: -1, count: spec.nodes.count)
    self.scheduling = spec.scheduling
    self.percentageOfNodesToScore = spec.percentageOfNodesToScore
    self.images = images
    self.workloadNames = workloadNames
    self.liveByOwner = Array(repeating: [], count: workloadNames.count)
    self.seed = seed
    self.rng = SplitMix64(seed: seed)
    self.strictMinReady = strictMinReady
  }

  public func behavior(of image: String) -> ImageBehavior { images[image] ?? .default }

  // MARK: - Time

  /// Moves the clock forward, integrating pod-seconds.
  mutating func advanceClock(to t: SimTime) {
    guard t > now else { return }
    podMilliseconds += Int64(existingPods) * (t - now)
    now = t
    pods.recycle()
  }

  public func podName(_ id: Int32) -> String {
    replicaSets[Int(pods.rs[Int(id)])].name + "-" + PodNames.suffix(serial: pods.serial[Int(id)], seed: seed)
  }

  // MARK: - ReplicaSets

  /// Creates a ReplicaSet for `template` at size 0 owned by workload `owner`, named
  /// `<workload>-<hash>`.
  mutating func createReplicaSet(template: PodTemplate, revision: Int, minReadySeconds: Int, owner: Int = 0) -> Int {
    var collision = 0
    var hash = TemplateHash.of(template)
    while liveReplicaSets(of: owner).contains(where: { replicaSets[$0].podTemplateHash == hash }) {
      collision += 1  // getNewReplicaSet: a name collision bumps collisionCount and retries.
      hash = TemplateHash.of(template, collision: collision)
    }
    var rs = ReplicaSet(name: "\(workloadNames[owner])-\(hash)", podTemplateHash: hash, template: template, revision: revision, createdAt: now)
    rs.minReadySeconds = minReadySeconds
    rs.owner = owner
    replicaSets.append(rs)
    liveReplicaSets.append(replicaSets.count - 1)
    liveByOwner[owner].append(replicaSets.count - 1)
    let b = behavior(of: template.image)
    rsBehavior.append(b)
    let grace = SimTime.seconds(template.terminationGracePeriodSeconds)
    rsKubelet.append(
      KubeletTiming(
        startup: startupTime(template), readyDelay: readyDelay(template),
        probeFailure: (template.readinessProbe ?? ReadinessProbe()).failureDelay,
        readinessProbe: template.readinessProbe ?? ReadinessProbe(), hasPlacement: !template.placement.isEmpty,
        termination: min(grace, b.shutdownSeconds.map { SimTime.seconds($0) } ?? grace)))
    changed = true
    return replicaSets.count - 1
  }

  /// Sets `spec.replicas`; pods follow in `reconcileReplicaSets`.
  mutating func setReplicas(_ rs: Int, _ n: Int) {
    guard replicaSets[rs].specReplicas != n else { return }
    replicaSets[rs].specReplicas = max(0, n)
    changed = true
  }

  mutating func deleteReplicaSet(_ rs: Int) {
    if !replicaSets[rs].deleted, let k = liveReplicaSets.firstIndex(of: rs) {
      liveReplicaSets.remove(at: k)
      let o = replicaSets[rs].owner
      if let j = liveByOwner[o].firstIndex(of: rs) { liveByOwner[o].remove(at: j) }
    }
    replicaSets[rs].deleted = true
    changed = true
  }

  /// The ReplicaSet controller: makes every ReplicaSet's pod count match its spec.
  /// Returns true if any pod was created or deleted.
  @discardableResult mutating func reconcileReplicaSets() -> Bool {
    var any = false
    for i in liveReplicaSets {
      let diff = replicaSets[i].specReplicas - replicaSets[i].live.count
      if diff > 0 {
        createPods(rs: i, count: diff)
        any = true
      } else if diff < 0 {
        deletePods(rs: i, count: -diff)
        any = true
      }
    }
    if capacityFreed { schedulePending() }
    return any
  }

  mutating func createPods(rs: Int, count: Int) {
    let created = pods.allocate(rs: Int32(rs), count: count, at: now)
    var position = Int32(replicaSets[rs].live.count)
    for id in created {
      pods.liveIndex[Int(id)] = position
      position += 1
    }
    replicaSets[rs].live.append(contentsOf: created)
    replicaSets[rs].count(.pending, count)
    existingPods += count
    activePods += count
    peakActivePods = max(peakActivePods, activePods)
    peakExistingPods = max(peakExistingPods, existingPods)
    emitPodEvents(
      created, reason: "SuccessfulCreate", message: { c, id in "Created pod: \(c.podName(id))" },
      summary: { "Created \($0) pods" })
    schedule(created)
  }

  /// Deletes `count` pods of a ReplicaSet, picked by the ReplicaSet controller's
  /// ranking.
  mutating func deletePods(rs: Int, count: Int) {
    let victims = rankVictims(rs: rs, count: count)
    emitPodEvents(
      victims, reason: "SuccessfulDelete", message: { c, id in "Deleted pod: \(c.podName(id))" },
      summary: { "Deleted \($0) pods" })
    terminate(victims, of: rs)
  }

  /// Picks the pods to delete first, following `controller.ActivePodsWithRanks`:
  /// unscheduled before scheduled, Pending/ContainerCreating before Running,
  /// not-ready before ready, then among ready pods the most recently ready first,
  /// then newer first. Rules 4–5 (deletion cost, pods per node) and the restart
  /// count are not modelled: no simulated pod sets a cost, and placement is
  /// spread evenly. The reference simulator approximates the same way.
  ///
  /// - Complexity: O(n) expected (quickselect over packed keys).
  func rankVictims(rs: Int, count: Int) -> [Int32] {
    let live = replicaSets[rs].live
    if count >= live.count { return live }
    // Packed key, larger = deleted first: [class 2 bits][time 31 bits][slot 31 bits].
    var keys = [UInt64](unsafeUninitializedCapacity: live.count) { buffer, initialized in
      for (i, id) in live.enumerated() { buffer.initializeElement(at: i, to: victimKey(id)) }
      initialized = live.count
    }
    let threshold = Selection.kthLargest(&keys, count)
    // Keys are unique (slot bits), so exactly `count` keys are >= threshold; delete in
    // rank order so events read best-first.
    var chosen: [UInt64] = []
    chosen.reserveCapacity(count)
    for k in keys where k >= threshold { chosen.append(k) }
    chosen.sort(by: >)
    return chosen.map { Int32(truncatingIfNeeded: $0 & 0x7FFF_FFFF) }
  }

  /// `rankVictims`' packed key of pod `id`: [class 2 bits][time 31 bits][slot 31 bits].
  @inline(__always) private func victimKey(_ id: Int32) -> UInt64 {
    let p = Int(id)
    let cls: UInt64
    let t: SimTime
    switch PodDisplayState(rawValue: pods.state[p]) ?? .terminating {
    case .pending:
      cls = pods.node[p] < 0 ? 3 : 2
      t = pods.createdAt(p)
    case .containerCreating:
      cls = 2
      t = pods.createdAt(p)
    case .running, .crashLoopBackOff, .terminating:
      cls = 1
      t = pods.createdAt(p)
    case .ready, .available:
      cls = 0
      t = pods.readyAt(p)
    }
    let tt = UInt64(min(max(t, 0), SimTime(Int32.max)))
    return (cls << 62) | (tt << 31) | UInt64(UInt32(id) & 0x7FFF_FFFF)
  }
}
