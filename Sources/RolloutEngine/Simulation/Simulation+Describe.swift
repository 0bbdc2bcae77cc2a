/// What the dashboard's describe views and "why not yet" line read, computed on
/// demand: for the pods on screen (a few dozen), not for every pod every frame.

/// A pod's identity across instants: its slot and creation serial (a slot is reused
/// by a later pod with another serial).
public struct PodRef: Sendable, Hashable {
  public var slot: Int32
  public var serial: UInt32
  public init(slot: Int32, serial: UInt32) {
    self.slot = slot
    self.serial = serial
  }
}

/// One pod as `kubectl describe pod` would tell it, plus what happens to it next.
public struct PodDetail: Sendable, Hashable {
  public var ref: PodRef
  /// `<replicaset>-<5 chars>`, as the events name it.
  public var name: String
  public var revision: Int
  public var state: PodDisplayState
  public var restarts: Int
  /// The node's name, nil while unscheduled.
  public var node: String?
  public var createdAt: SimTime
  /// When it entered its current state.
  public var stateSince: SimTime
  /// Why it is not available (yet), nil when it is.
  public var notReady: String?
  /// Why its container last exited (`kubectl describe pod`'s "Last State:
  /// Terminated"), nil before any restart.
  public var lastTermination: ContainerTerminationReason?
  /// The next timer that changes this pod: what it does and when (nil: none pending).
  public var next: String?
  public var nextAt: SimTime?
}

/// The timers "why not yet" counts down: the rollout's, not one pod's.
public struct TimersView: Sendable, Hashable {
  /// The current ReplicaSet's `minReadySeconds`.
  public var minReadySeconds: Int
  /// Ready pods still inside minReadySeconds, and when the first becomes available.
  public var waitingMinReady: Int
  public var firstAvailableAt: SimTime?
  /// When the progress deadline passes if nothing progresses before (nil: not
  /// counting: complete, paused, at an indefinite step, already exceeded, or none).
  public var progressDeadlineAt: SimTime?
  /// The next timer that changes anything (stale pod timers skipped) and what it does.
  public var nextAt: SimTime?
  public var next: String?
  /// Pods in CrashLoopBackOff and the most restarts any of them has had.
  public var crashLooping: Int
  public var maxRestarts: Int
}

extension Simulation {
  /// Details of up to `limit` pods of the ReplicaSet with `revision` (terminating
  /// ones too), in pod-slot order. O(pods) to find them, O(timers) for their next
  /// change: for a describe view, not for every frame of the dashboard.
  /// `workload`: whose ReplicaSet (several workloads on the cluster).
  public func podDetails(revision: Int, limit: Int, workload: Int = 0) -> [PodDetail] {
    guard limit > 0, let r = cluster.liveReplicaSets(of: workload).first(where: { cluster.replicaSets[$0].revision == revision }) else { return [] }
    var ids: [Int32] = []
    let p = cluster.pods
    for i in 0..<p.capacity where p.state[i] != PodStore.gone && Int(p.rs[i]) == r {
      ids.append(Int32(i))
      if ids.count >= limit { break }
    }
    return details(ids)
  }

  /// One pod's details, nil once it is gone.
  public func podDetail(_ ref: PodRef) -> PodDetail? {
    let p = cluster.pods
    let i = Int(ref.slot)
    guard i >= 0, i < p.capacity, p.state[i] != PodStore.gone, p.serial[i] == ref.serial else { return nil }
    return details([ref.slot]).first
  }

  /// The pod at `index` of `snapshot().pods` (grouped by node, unscheduled last, slot
  /// order within a group): what a cursor on the PODS grid points at. O(pods).
  /// With several workloads the grid is one workload's pods (`snapshot(workload:)`):
  /// `workload` counts only its pods.
  public func podRef(viewIndex index: Int, workload: Int = 0) -> PodRef? {
    let nodeCount = cluster.nodes.count
    let p = cluster.pods
    let owner: Int? = controllers.count > 1 ? workload : nil
    func counted(_ i: Int) -> Bool { owner.map { cluster.replicaSets[Int(p.rs[i])].owner == $0 } ?? true }
    var perGroup = [Int](repeating: 0, count: nodeCount + 1)
    for i in 0..<p.capacity where p.state[i] != PodStore.gone && counted(i) {
      let n = Int(p.node[i])
      perGroup[n < 0 ? nodeCount : n] += 1
    }
    var rest = index
    guard index >= 0 else { return nil }
    for g in 0...nodeCount {
      if rest < perGroup[g] {
        for i in 0..<p.capacity where p.state[i] != PodStore.gone && counted(i) {
          let n = Int(p.node[i])
          guard (n < 0 ? nodeCount : n) == g else { continue }
          if rest == 0 { return PodRef(slot: Int32(i), serial: p.serial[i]) }
          rest -= 1
        }
      }
      rest -= perGroup[g]
    }
    return nil
  }

  /// "Why not yet" for the whole rollout (one pass over the timers).
  /// `workload`: whose rollout (several workloads on the cluster); the next timer is
  /// the cluster's.
  public func timers(workload w: Int = 0) -> TimersView {
    let view = controllers[w].describe(cluster, traffic: traffics[w])
    let minReady = view.newRS.map { cluster.replicaSets[$0].minReadySeconds } ?? 0
    var waiting = 0
    var crashing = 0
    for i in cluster.liveReplicaSets(of: w) {
      waiting += cluster.replicaSets[i].ready - cluster.replicaSets[i].available
      crashing += cluster.replicaSets[i].crashLooping
    }
    var firstAvailable: SimTime?
    var next: (at: SimTime, seq: UInt64, what: String)?
    for t in cluster.queue.heap.unordered {
      if let n = next, (t.time, t.seq) > (n.at, n.seq), t.kind != .becomeAvailable { continue }
      let live = t.pods.isEmpty ? 0 : t.pods.reduce(0) { $0 + (timerApplies(t, $1) ? 1 : 0) }
      if !t.pods.isEmpty, live == 0 { continue }
      if t.kind == .becomeAvailable { firstAvailable = min(firstAvailable ?? t.time, t.time) }
      if let n = next, (t.time, t.seq) > (n.at, n.seq) { continue }
      let what: String
      switch t.kind {
      case .action: what = "scheduled action \(input.actions[t.arg].verb)"
      case .controllerWake: what = t.arg == EventQueue.progressDeadlineWake ? "progress deadline check" : wakeWords(t.time, view)
      default: what = "\(Self.timerWords(t.kind)) (\(live) pod\(live == 1 ? "" : "s"))"
      }
      next = (t.time, t.seq, what)
    }
    var maxRestarts = 0
    if crashing > 0 {
      let p = cluster.pods
      for i in 0..<p.capacity where p.state[i] == PodDisplayState.crashLoopBackOff.rawValue {
        maxRestarts = max(maxRestarts, Int(p.restarts[i]))
      }
    }
    return TimersView(
      minReadySeconds: minReady, waitingMinReady: waiting, firstAvailableAt: firstAvailable,
      progressDeadlineAt: controllers[w].progressDeadlineAt(cluster), nextAt: next?.at, next: next?.what,
      crashLooping: crashing, maxRestarts: maxRestarts)
  }

  /// What a controller wake-up at `t` is for: a measurement, a timed pause's end, a
  /// delayed scale-down (the controller schedules each of these as a wake).
  func wakeWords(_ t: SimTime, _ view: WorkloadView) -> String {
    for run in view.analysisRuns {
      if let m = run.metrics.first(where: { $0.nextMeasurementAt == t }) { return "analysis measurement (\(m.name))" }
    }
    if let rem = view.steps?.pauseRemaining, cluster.now + rem == t { return "pause step ends" }
    if cluster.liveReplicaSets.contains(where: { cluster.replicaSets[$0].scaleDownAt == t }) { return "delayed scale-down of the old ReplicaSet" }
    return "controller wake-up"
  }

  /// What a pod timer does, in a pod's terms.
  static func timerWords(_ kind: Timer.Kind) -> String {
    switch kind {
    case .containerStarted: return "container starts"
    case .probeReady: return "readiness probe passes: Ready"
    case .becomeAvailable: return "minReadySeconds over: Available"
    case .probeFailed: return "readiness probe fails (Unhealthy)"
    case .crash: return "container exits (crash)"
    case .readinessLost: return "readiness probe stops passing: NotReady"
    case .restart: return "back-off over: container restarts"
    case .podGone: return "shutdown over: pod gone"
    case .action: return "scheduled action"
    case .controllerWake: return "controller wake-up"
    }
  }

  /// Whether `timer` still applies to pod `id` (the tokens `Cluster.fire` checks).
  func timerApplies(_ timer: Timer, _ id: Int32) -> Bool {
    let p = cluster.pods
    let i = Int(id)
    let s = p.state[i]
    guard s != PodStore.gone else { return false }
    switch timer.kind {
    case .crash:
      return p.createdAt(i) <= timer.scheduledAt && Int(p.restarts[i]) == timer.arg
        && (s == PodDisplayState.running.rawValue || s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue)
    case .readinessLost:
      return p.createdAt(i) <= timer.scheduledAt && Int(p.restarts[i]) == timer.arg
        && (s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue)
    case .containerStarted: return s == PodDisplayState.containerCreating.rawValue && p.since(i) == timer.scheduledAt
    case .probeReady, .probeFailed: return s == PodDisplayState.running.rawValue && p.since(i) == timer.scheduledAt
    case .becomeAvailable: return s == PodDisplayState.ready.rawValue && p.since(i) == timer.scheduledAt
    case .restart: return s == PodDisplayState.crashLoopBackOff.rawValue && p.since(i) == timer.scheduledAt
    case .podGone: return s == PodDisplayState.terminating.rawValue && p.since(i) == timer.scheduledAt
    case .action, .controllerWake: return false
    }
  }

  func details(_ ids: [Int32]) -> [PodDetail] {
    // The next timer of each pod asked for: one pass over the queue.
    var want: [Int32: (at: SimTime, seq: UInt64, kind: Timer.Kind)] = [:]
    let asked = Set(ids)
    for t in cluster.queue.heap.unordered where !t.pods.isEmpty {
      for id in t.pods where asked.contains(id) && timerApplies(t, id) {
        if let w = want[id], (w.at, w.seq) < (t.time, t.seq) { continue }
        want[id] = (t.time, t.seq, t.kind)
      }
    }
    let p = cluster.pods
    return ids.map { id in
      let i = Int(id)
      let r = Int(p.rs[i])
      let rs = cluster.replicaSets[r]
      let state = p.displayState(id)
      let n = Int(p.node[i])
      let next = want[id]
      return PodDetail(
        ref: PodRef(slot: id, serial: p.serial[i]), name: cluster.podName(id), revision: rs.revision, state: state,
        restarts: Int(p.restarts[i]), node: n >= 0 && n < cluster.nodes.count ? cluster.nodes[n].spec.name : nil,
        createdAt: p.createdAt(i), stateSince: p.since(i), notReady: notReadyReason(id, state: state),
        lastTermination: p.restarts[i] > 0 ? cluster.rsBehavior[r].crashReason : nil,
        next: next.map { Self.timerWords($0.kind) }, nextAt: next?.at)
    }
  }

  /// Why pod `id` is not available, in the kubelet's and the scheduler's terms.
  func notReadyReason(_ id: Int32, state: PodDisplayState) -> String? {
    let i = Int(id)
    let r = Int(cluster.pods.rs[i])
    let b = cluster.rsBehavior[r]
    switch state {
    case .available:
      return nil
    case .pending:
      return cluster.pods.node[i] < 0
        ? "Unschedulable: \(cluster.failedSchedulingMessage(for: id))" : "bound to a node, waiting for the kubelet"
    case .containerCreating:
      return "ContainerCreating: pulling and starting \(cluster.replicaSets[r].template.image)"
    case .running:
      if b.crashLoop { return "the container exits \(formatDuration(.seconds(b.crashAfterSeconds))) after it starts (crash loop)" }
      if b.neverReady { return "Readiness probe failed: HTTP probe failed with statuscode: 503" }
      if cluster.rsKubelet[r].readyDelay == nil { return "a readiness gate is never set: the pod stays unready" }
      return "readiness probe has not passed yet"
    case .ready:
      return "Ready, not yet available: minReadySeconds \(cluster.replicaSets[r].minReadySeconds)s"
    case .crashLoopBackOff:
      return "CrashLoopBackOff: the container exited (\(cluster.pods.restarts[i]) restarts); the kubelet backs off"
    case .terminating:
      return "Terminating: deleted, shutting down within its grace period"
    }
  }
}
