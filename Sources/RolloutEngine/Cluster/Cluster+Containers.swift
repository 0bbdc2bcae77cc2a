/// What the kubelet keeps per container beyond the pod's state: when the running
/// container started (a fault's `after` counts from it, and again from each
/// restart) and its CrashLoopBackOff entry. Kept only for the ReplicaSets whose
/// image needs it (`ImageBehavior.tracksContainers`), in a side table keyed by pod
/// slot, so the million-pod paths pay nothing.
struct ContainerClock: Sendable, Hashable {
  var startedAt: SimTime
  /// The back-off the last restart waited (0: none yet).
  var backoff: SimTime = 0
}

extension ImageBehavior {
  /// Whether the kubelet paths keep a `ContainerClock` for this image's pods.
  var tracksContainers: Bool { crashLoop || readinessStopsAfterSeconds != nil || perContainerTrafficFault }
}

extension Cluster {
  /// The kubelet's container back-off (`MaxContainerBackOff` = 300 s, initial 10 s;
  /// pkg/kubelet/kubelet.go `NewMainKubelet`).
  static let initialBackoff: SimTime = 10_000
  static let maxBackoff: SimTime = 300_000

  /// Called at every container start (`containerStarted`).
  mutating func startContainerClock(_ id: Int32) {
    guard rsBehavior[Int(pods.rs[Int(id)])].tracksContainers else { return }
    if containers[id] != nil { containers[id]!.startedAt = now } else { containers[id] = ContainerClock(startedAt: now) }
  }

  /// The wait before restarting a container that exited now, as the kubelet's
  /// `doBackOff` decides it (pkg/kubelet/kuberuntime/kuberuntime_manager.go) with
  /// client-go's per-container `flowcontrol.Backoff`:
  /// - no entry yet (the first exit), or an entry that has expired (`hasExpired`: last
  ///   updated, at the previous restart, more than 2 × 300 s before this exit — the
  ///   container ran over 10 min): `IsInBackOffSince` is false, so the container
  ///   restarts at once, and `Next` sets the entry to the initial 10 s;
  /// - otherwise the container waits the entry's back-off (CrashLoopBackOff), and the
  ///   restart's `Next` doubles it, capped at 300 s (`MaxContainerBackOff`).
  /// So the waits run 0, 10 s, 20 s, 40 s … 300 s. rollsim restarts "at once" in the
  /// same instant; the real kubelet notices the exit at its next PLEG relist (about
  /// 1 s), which rollsim leaves out, as it leaves out `Backoff`'s jitter.
  mutating func nextBackoff(_ id: Int32) -> SimTime {
    var c = containers[id] ?? ContainerClock(startedAt: pods.since(Int(id)))
    let wait: SimTime
    if c.backoff == 0 || now - c.startedAt > 2 * Cluster.maxBackoff {
      wait = 0
      c.backoff = Cluster.initialBackoff
    } else {
      wait = c.backoff
      c.backoff = min(c.backoff * 2, Cluster.maxBackoff)
    }
    containers[id] = c
    return wait
  }

  /// Container starts of a ReplicaSet's Ready pods, one per pod (the traffic model's
  /// per-pod fault clocks).
  func readyContainerStarts(rs r: Int) -> [SimTime] {
    var out: [SimTime] = []
    for id in replicaSets[r].live {
      let s = pods.state[Int(id)]
      guard s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue else { continue }
      out.append(containers[id]?.startedAt ?? pods.readyAt(Int(id)))
    }
    return out
  }

  /// Container starts of a ReplicaSet's pods whose container runs (Ready or not),
  /// for the next fault wake.
  func runningContainerStarts(rs r: Int) -> [SimTime] {
    var out: [SimTime] = []
    for id in replicaSets[r].live {
      let s = pods.state[Int(id)]
      guard s == PodDisplayState.running.rawValue || s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue,
        let c = containers[id]
      else { continue }
      out.append(c.startedAt)
    }
    return out
  }

  /// The first instant a lifecycle fault hit a pod (a crash, a readiness probe that
  /// fails); what a drill's "time to detect" counts from.
  mutating func noteFaultHit() { if firstFaultHit == nil { firstFaultHit = now } }

  /// The container exits (a crash-looping image): the kubelet restarts it at once
  /// (first exit, or after a run of over 10 min) or after its back-off in
  /// CrashLoopBackOff (`nextBackoff`).
  mutating func crash(_ id: Int32) { crash(id, wait: nextBackoff(id)) }

  /// `crash` with the wait `nextBackoff` chose (the `.crash` timer decides the waits
  /// of a batch first, to record its events before the pods move).
  mutating func crash(_ id: Int32, wait: SimTime) {
    let p = Int(id)
    if pods.restarts[p] < UInt16.max { pods.restarts[p] += 1 }
    instantContainerExits += 1
    noteFaultHit()
    restartedReplicaSets.insert(Int(pods.rs[p]))
    guard wait > 0 else {
      containerStarted(id)
      return
    }
    transition(id, to: .crashLoopBackOff)
    queue.addPod(id, .restart, at: now + wait)
  }

  // MARK: - Readiness that stops passing

  /// At a container start of an image whose readiness stops passing: the timer of
  /// the NotReady instant; false when it fails before it would first have passed
  /// (never Ready: the `probeFailed` path of `neverReady`).
  mutating func scheduleReadinessStop(_ id: Int32, afterSeconds stop: Double) -> Bool {
    let r = Int(pods.rs[Int(id)])
    let trigger = now.addingSaturated(.seconds(stop))
    let lost = Cluster.readinessLostAt(start: now, trigger: trigger, probe: rsKubelet[r].readinessProbe)
    guard let delay = rsKubelet[r].readyDelay, now.addingSaturated(delay) < trigger else {
      queue.addPod(id, .probeFailed, at: lost)
      return false
    }
    queue.addPod(id, .readinessLost, at: lost, arg: Int(pods.restarts[Int(id)]))
    return true
  }

  /// When the kubelet marks a container NotReady whose readiness probe fails from
  /// `trigger` on: the prober worker probes at `initialDelaySeconds` after the start
  /// and every `periodSeconds` after (pkg/kubelet/prober/worker.go `run`, its
  /// initial jitter left out), and the result turns Failure at the
  /// `failureThreshold`-th failure in a row (`doProbe`: `resultRun < threshold`
  /// keeps the last result).
  static func readinessLostAt(start: SimTime, trigger: SimTime, probe: ReadinessProbe) -> SimTime {
    let period = SimTime.seconds(max(1, probe.periodSeconds))
    let first = start.addingSaturated(.seconds(probe.initialDelaySeconds))
    var k: SimTime = 0
    if trigger > first { k = (trigger - first + period - 1) / period }
    let (more, overflow) = (k + SimTime(max(1, probe.failureThreshold) - 1)).multipliedReportingOverflow(by: period)
    return overflow ? .max : first.addingSaturated(more)
  }

  /// The `.readinessLost` timer: each pod still Ready on the same container loses
  /// its Ready condition (leaves the endpoints; the ReplicaSet's ready and available
  /// counts drop).
  mutating func loseReadiness(_ timer: Timer) {
    var ids: [Int32] = []
    for id in timer.pods {
      let p = Int(id)
      let s = pods.state[p]
      guard s != PodStore.gone, pods.createdAt(p) <= timer.scheduledAt, Int(pods.restarts[p]) == timer.arg,
        s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue
      else { continue }
      ids.append(id)
    }
    guard !ids.isEmpty else { return }
    emitPodEvents(
      ids, kind: .warning, reason: "Unhealthy", message: { _, _ in "Readiness probe failed: HTTP probe failed with statuscode: 503" },
      summary: { "Readiness probe failed: HTTP probe failed with statuscode: 503 (\($0) pods)" })
    noteFaultHit()
    for id in ids { transition(id, to: .running) }
  }
}

// MARK: - Container start and readiness

extension Cluster {
  /// Container start → Running, then readiness per the probe (or crash).
  mutating func containerStarted(_ id: Int32) {
    let p = Int(id)
    let r = Int(pods.rs[p])
    let b = rsBehavior[r]
    if b.tracksContainers { startContainerClock(id) }
    if !b.crashLoop, !b.neverReady, b.readinessStopsAfterSeconds == nil, let delay = rsKubelet[r].readyDelay, delay <= 0 {
      // Running and Ready in the same instant: the counters move once (the
      // Running step is counted, not written: nothing reads it in between). Only
      // for an image with no fault at start (a crash, a probe that fails or stops
      // passing): those take the steps below.
      podTransitions += 1
      becomeReady(id)
      return
    }
    transition(id, to: .running)
    if b.crashLoop {
      // A container that exits at start never passes readiness: the kubelet sees it
      // terminated before any Ready condition, so the pod is never Available, not
      // even for the instant of its start.
      if b.crashAfterSeconds <= 0 {
        crash(id)
        return
      }
      queue.addPod(id, .crash, at: now + SimTime.seconds(b.crashAfterSeconds), arg: Int(pods.restarts[p]))
    }
    if b.neverReady {
      noteFaultHit()
      queue.addPod(id, .probeFailed, at: now + rsKubelet[r].probeFailure)
      return
    }
    if let stop = b.readinessStopsAfterSeconds, !scheduleReadinessStop(id, afterSeconds: stop) { return }
    // No probe: Ready as soon as Running (Kubernetes). With a probe: the first probe
    // runs initialDelaySeconds after start, then every periodSeconds; Ready after
    // successThreshold consecutive successes.
    // A startup probe and readiness gates add to it; a gate never set keeps the pod
    // unready (Kubelet.swift).
    guard let delay = rsKubelet[r].readyDelay else { return }
    if delay <= 0 { becomeReady(id) } else { queue.addPod(id, .probeReady, at: now.addingSaturated(delay)) }
  }

  mutating func becomeReady(_ id: Int32) {
    let p = Int(id)
    let minReady = replicaSets[Int(pods.rs[p])].minReadySeconds
    if minReady <= 0 {
      // Ready and Available in the same instant: one counter move (`count(.available)`
      // counts it Ready too), both transitions counted.
      transition(id, to: .available)
      podTransitions += 1
      pods.setReadyAt(p, now)
      return
    }
    transition(id, to: .ready)
    pods.setReadyAt(p, now)
    // IsPodAvailable: Ready condition's lastTransitionTime (1 s resolution) +
    // minReadySeconds <= now (inclusive, newest releases); the strict `Before` of older
    // releases is observed at the ReplicaSet controller's re-check, 1 s later.
    let truncated = (now / 1000) * 1000
    var at = truncated + SimTime.seconds(minReady)
    if strictMinReady { at += 1000 }
    queue.addPod(id, .becomeAvailable, at: max(at, now))
  }
}
