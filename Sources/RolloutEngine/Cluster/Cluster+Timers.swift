/// Firing the kubelet's and the ReplicaSet controller's pod timers.
extension Cluster {
  // MARK: - Timers

  /// Fires one timer. Each pod in a batch is checked against the timer's token so a
  /// deleted, re-used or already-moved pod is left alone.
  mutating func fire(_ timer: Timer) {
    switch timer.kind {
    case .containerStarted:
      let ids = valid(timer, state: .containerCreating)
      if !ids.isEmpty {
        let c = containerName(of: ids[0])
        emitPodEvents(ids, reason: "Started", message: { _, _ in "Started container \(c)" }, summary: { "Started container \(c) in \($0) pods" })
      }
      containersStarted(ids)
    case .probeReady:
      for id in valid(timer, state: .running) { becomeReady(id) }
    case .becomeAvailable:
      transition(valid(timer, state: .ready), to: .available)
    case .probeFailed:
      let ids = valid(timer, state: .running)
      emitPodEvents(
        ids, kind: .warning, reason: "Unhealthy", message: { _, _ in "Readiness probe failed: HTTP probe failed with statuscode: 503" },
        summary: { "Readiness probe failed: HTTP probe failed with statuscode: 503 (\($0) pods)" })
    case .crash:
      var ids: [Int32] = []
      for id in timer.pods {
        let p = Int(id)
        let s = pods.state[p]
        guard s != PodStore.gone, pods.createdAt(p) <= timer.scheduledAt, Int(pods.restarts[p]) == timer.arg,
          s == PodDisplayState.running.rawValue || s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue
        else { continue }
        ids.append(id)
      }
      let container = ids.first.map { containerName(of: $0) } ?? "app"
      // Which pods restart at once and which wait (the kubelet's `doBackOff`):
      // decided first, so the events come before the pods move.
      // (`BackOff` is recorded only when `doBackOff` refuses to start the container.)
      let waits = ids.map { nextBackoff($0) }
      let restarted = zip(ids, waits).filter { $0.1 == 0 }.map(\.0)
      let backingOff = zip(ids, waits).filter { $0.1 > 0 }.map(\.0)
      emitPodEvents(
        restarted, reason: "Started", message: { _, _ in "Started container \(container)" },
        summary: { "Started container \(container) in \($0) pods" })
      emitPodEvents(
        backingOff, kind: .warning, reason: "BackOff", message: { c, id in "Back-off restarting failed container \(container) in pod \(c.podName(id))" },
        summary: { "Back-off restarting failed container \(container) (\($0) pods)" })
      for (id, wait) in zip(ids, waits) { crash(id, wait: wait) }
    case .readinessLost:
      loseReadiness(timer)
    case .restart:
      let ids = valid(timer, state: .crashLoopBackOff)
      if !ids.isEmpty {
        let c = containerName(of: ids[0])
        emitPodEvents(ids, reason: "Started", message: { _, _ in "Started container \(c)" }, summary: { "Started container \(c) in \($0) pods" })
      }
      for id in ids { containerStarted(id) }
    case .podGone:
      podsGone(valid(timer, state: .terminating))
    case .action, .controllerWake:
      break  // handled by the Simulation
    }
  }

  func valid(_ timer: Timer, state: PodDisplayState) -> [Int32] {
    // Usually every pod of the batch is still valid: room for all of them at once.
    var out: [Int32] = []
    out.reserveCapacity(timer.pods.count)
    let raw = state.rawValue
    for id in timer.pods {
      let p = Int(id)
      if pods.state[p] == raw && pods.since(p) == timer.scheduledAt { out.append(id) }
    }
    return out
  }
}
