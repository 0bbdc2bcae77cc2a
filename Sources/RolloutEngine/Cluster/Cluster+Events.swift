/// The event log: what `kubectl get events` would show, each event of a run of
/// several workloads tagged with the workload it is about.
extension Cluster {
  // MARK: - Events

  mutating func emit(_ kind: SimEvent.Kind = .normal, reason: String, object: String, message: String, why: String? = nil) {
    let e = SimEvent(
      time: now, kind: kind, reason: reason, object: object, message: message, why: why, workload: sharedByWorkloads ? emitOwner : nil)
    instantEvents.append(e)
    recentEvents.append(e)
    if recentEvents.count > Cluster.recentEventLimit { recentEvents.removeFirst() }
    changed = true
  }

  /// The container name the kubelet's events use for pod `id` (one batch of pod
  /// timers belongs to one ReplicaSet, so its first pod names them all).
  func containerName(of id: Int32) -> String { replicaSets[Int(pods.rs[Int(id)])].template.containerName }

  /// Emits one event per pod for small batches, or one summarising event.
  mutating func emitPodEvents(
    _ ids: [Int32], kind: SimEvent.Kind = .normal, reason: String, message: (Cluster, Int32) -> String,
    summary: (Int) -> String
  ) {
    guard !ids.isEmpty else { return }
    if sharedByWorkloads {
      // One batch per workload, each event its workload's (a scheduling round can
      // bind the pods of several workloads).
      let saved = emitOwner
      var owners: [Int] = []
      for id in ids {
        let o = replicaSets[Int(pods.rs[Int(id)])].owner
        if !owners.contains(o) { owners.append(o) }
      }
      for o in owners {
        emitOwner = o
        emitPodBatch(ids.filter { replicaSets[Int(pods.rs[Int($0)])].owner == o }, kind: kind, reason: reason, message: message, summary: summary)
      }
      emitOwner = saved
      return
    }
    emitPodBatch(ids, kind: kind, reason: reason, message: message, summary: summary)
  }

  mutating func emitPodBatch(
    _ ids: [Int32], kind: SimEvent.Kind, reason: String, message: (Cluster, Int32) -> String, summary: (Int) -> String
  ) {
    guard let first = ids.first else { return }
    if ids.count <= Cluster.perPodEventLimit {
      let lines = ids.map { ("pod/" + podName($0), message(self, $0)) }
      for (object, text) in lines { emit(kind, reason: reason, object: object, message: text) }
    } else {
      emit(kind, reason: reason, object: "replicaset/\(replicaSets[Int(pods.rs[Int(first)])].name)", message: summary(ids.count))
    }
  }
}
