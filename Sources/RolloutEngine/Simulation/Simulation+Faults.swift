/// The fault schedule at run time: node faults as timed events, and the wake-ups
/// that let the traffic model pick up time-triggered error-rate and latency faults.
struct FaultState: Sendable {
  enum NodeEventKind: Sendable, Hashable {
    case notReady
    case evict
    case back
  }
  struct NodeEvent: Sendable, Hashable {
    var time: SimTime
    var node: Int
    var kind: NodeEventKind
  }
  /// Node events not yet applied, in time order (ties in schedule order).
  var pendingNodeEvents: [NodeEvent] = []
  /// Nodes NotReady now (0-based), with the pods the node lifecycle controller
  /// marked not Ready there.
  var notReady: [Int: [Int32]] = [:]
  /// The traffic-fault wake already queued.
  var trafficWakeAt: SimTime?
  /// The first instant an error-rate or latency fault was active on a Ready pod
  /// that took requests, and a node fault took Ready pods out.
  var firstTrafficFault: SimTime?
  var firstNodeFault: SimTime?

  init(_ schedule: FaultSchedule) {
    var events: [NodeEvent] = []
    for f in schedule.nodes {
      events.append(NodeEvent(time: f.at, node: f.node - 1, kind: .notReady))
      events.append(NodeEvent(time: f.at + SimTime.seconds(f.tolerationSeconds), node: f.node - 1, kind: .evict))
      if let b = f.backAt { events.append(NodeEvent(time: b, node: f.node - 1, kind: .back)) }
    }
    pendingNodeEvents = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
  }
}

extension Simulation {
  /// Queues a controller wake at each node fault's times (called once, at t = 0).
  mutating func scheduleNodeFaults() {
    for e in faultState.pendingNodeEvents { cluster.queue.push(.controllerWake, at: max(0, e.time), scheduledAt: 0) }
  }

  /// Applies the node fault events due at `now` (before the controllers settle).
  mutating func applyDueNodeFaults() {
    while let e = faultState.pendingNodeEvents.first, e.time <= cluster.now {
      faultState.pendingNodeEvents.removeFirst()
      guard cluster.nodes.indices.contains(e.node) else { continue }
      switch e.kind {
      case .notReady:
        guard cluster.nodes[e.node].up, faultState.notReady[e.node] == nil else { continue }
        let marked = cluster.nodeNotReady(e.node)
        faultState.notReady[e.node] = marked
        if !marked.isEmpty, faultState.firstNodeFault == nil { faultState.firstNodeFault = cluster.now }
      case .evict:
        guard faultState.notReady[e.node] != nil else { continue }
        cluster.evictTaintedPods(e.node)
        faultState.notReady[e.node] = []
      case .back:
        nodeBack(e.node)
      }
    }
  }

  /// The node reports again (its schedule, or `node-up`): it takes pods again, and
  /// pods still bound to it pass readiness again.
  mutating func nodeBack(_ node: Int) {
    guard let marked = faultState.notReady.removeValue(forKey: node) else { return }
    _ = cluster.nodeUp(node)
    cluster.nodeReadyAgain(node, pods: marked)
    // A pending eviction for this outage no longer applies.
    faultState.pendingNodeEvents.removeAll { $0.node == node && $0.kind == .evict }
  }

  /// The first instant a fault of the schedule actually acted: an error-rate or
  /// latency fault on a Ready pod taking requests, a crash or a failing readiness
  /// probe on a pod (a `crashLoop` / `neverReady` image of `spec.images` counts
  /// too), a lost node with Ready pods on it. Nil while none has. What a
  /// drill's "time to detect" counts from (derived, never written by hand).
  public var faultStart: SimTime? {
    [cluster.firstFaultHit, faultState.firstTrafficFault, faultState.firstNodeFault].compactMap { $0 }.min()
  }

  /// After routing: note the first instant a traffic fault acts on requests.
  mutating func noteTrafficFault() {
    guard faultState.firstTrafficFault == nil, !input.faults.images.isEmpty else { return }
    if traffic.flows.values.contains(where: { $0.faultActive && $0.rps > 0 }) { faultState.firstTrafficFault = cluster.now }
  }

  /// After routing: queue a wake when the next time-triggered traffic fault starts
  /// or steps its ramp, so the traffic model reconfigures then.
  mutating func scheduleTrafficFaultWake() {
    guard !input.faults.images.isEmpty else { return }
    var live: [(image: String, starts: [SimTime])] = []
    for r in cluster.liveReplicaSets where input.faults.hasPerContainerTrafficFault(image: cluster.replicaSets[r].template.image) {
      live.append((cluster.replicaSets[r].template.image, cluster.runningContainerStarts(rs: r)))
    }
    guard let next = input.faults.nextTrafficChange(after: cluster.now, replicaSets: live) else { return }
    if let queued = faultState.trafficWakeAt, queued > cluster.now, queued <= next { return }
    faultState.trafficWakeAt = next
    cluster.queue.push(.controllerWake, at: next, scheduledAt: cluster.now)
  }
}

extension Cluster {
  /// `MarkPodsNotReady`: every pod bound to the node loses its Ready condition (so
  /// leaves the endpoints), and the `unreachable:NoSchedule` taint keeps new pods
  /// off. Returns the pods marked.
  mutating func nodeNotReady(_ n: Int) -> [Int32] {
    nodes[n].up = false
    nodeChanged(n)
    let name = nodes[n].spec.name
    emit(.warning, reason: "NodeNotReady", object: "node/\(name)", message: "Node \(name) status is now: NodeNotReady")
    var marked: [Int32] = []
    for r in liveReplicaSets {  // a deleted ReplicaSet has no live pods (deleted only when empty)
      for id in replicaSets[r].live where pods.node[Int(id)] == Int32(n) {
        let s = pods.state[Int(id)]
        if s == PodDisplayState.ready.rawValue || s == PodDisplayState.available.rawValue { marked.append(id) }
      }
    }
    for id in marked { transition(id, to: .running) }
    return marked
  }

  /// The taint manager's `NoExecute` eviction once the toleration is over: the pods
  /// bound to the node are deleted (the ReplicaSet controller replaces them).
  mutating func evictTaintedPods(_ n: Int) {
    var ids: [Int32] = []
    for r in liveReplicaSets {  // a deleted ReplicaSet has no live pods
      for id in replicaSets[r].live where pods.node[Int(id)] == Int32(n) { ids.append(id) }
    }
    let name = nodes[n].spec.name
    emitPodEvents(
      ids, kind: .warning, reason: "TaintManagerEviction", message: { c, id in "Marking for deletion Pod \(c.podName(id))" },
      summary: { "Marking for deletion \($0) pods on \(name)" })
    for id in ids { terminate(id) }
  }

  /// The node is Ready again: pods it kept pass their readiness probe again.
  mutating func nodeReadyAgain(_ n: Int, pods marked: [Int32]) {
    for id in marked where pods.state[Int(id)] == PodDisplayState.running.rawValue && pods.node[Int(id)] == Int32(n) {
      becomeReady(id)
    }
  }
}

/// What the requests are like right now, for a drill's SLO meter.
public struct RequestQuality: Sendable, Hashable {
  /// Requests per second arriving (served or not).
  public var rps: Double
  /// Of them, failing per second.
  public var failed: Double
  /// Of those served, per second slower than the latency objective.
  public var slow: Double
  /// Bad requests per second: failed or slow.
  public var bad: Double { failed + slow }
}

extension Simulation {
  /// The current request rates; `latencyObjectiveMs` counts served requests slower
  /// than it as bad (the log-normal of `TrafficModel.latency`: P(L > T) =
  /// 1 − Φ((ln T − ln m) / σ), m the load-slowed median).
  public func requestQuality(latencyObjectiveMs: Double?) -> RequestQuality {
    var slow = 0.0
    if let objective = latencyObjectiveMs, objective > 0 {
      for r in traffic.flows.keys.sorted() {
        let f = traffic.flows[r]!
        slow += f.rps * (1 - f.failFraction) * traffic.slowFraction(rs: r, objectiveMs: objective, medianMs: cluster.rsBehavior[r].latencyMs)
      }
    }
    return RequestQuality(rps: traffic.spec.requestsPerSecond, failed: traffic.failedPerSecond, slow: slow)
  }

  /// The latency percentile `p` (ms) of the requests each serving revision answers
  /// now (`TrafficModel.latency`), newest revision first.
  public func servedLatency(percentile p: Double) -> [(revision: Int, ms: Double)] {
    var out: [(revision: Int, ms: Double)] = []
    for r in traffic.flows.keys.sorted() {
      guard let ms = traffic.latency(rs: r, percentile: p, medianMs: cluster.rsBehavior[r].latencyMs) else { continue }
      out.append((cluster.replicaSets[r].revision, ms))
    }
    return out.sorted { $0.revision > $1.revision }
  }
}
