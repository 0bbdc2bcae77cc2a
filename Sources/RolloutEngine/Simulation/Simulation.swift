/// The discrete-event simulation of one workload.
///
/// Time only moves through the timer queue. At each instant the simulation fires
/// the instant's timers (pod transitions, scheduled actions, controller wake-ups),
/// then runs controller passes until nothing changes ("settle": the real
/// controller re-syncs on every ReplicaSet status update, so at one
/// instant it can scale up, down, up … until neither is allowed), then updates the
/// traffic routing. Same input and seed → the same sequence of states.
///
/// ```swift
/// var sim = try Simulation(input)
/// while !sim.isFinished, sim.stepToNextEvent() {
///   if sim.lastInstantChanged { render(sim.snapshot(includePods: false)) }
/// }
/// ```
public struct Simulation: Sendable {
  public let input: SimulationInput
  var cluster: Cluster
  var controller: any WorkloadController
  var traffic: TrafficModel
  /// Scheduled actions not yet fired.
  var pendingActions = 0
  /// Did the last processed instant change anything visible?
  public private(set) var lastInstantChanged = false
  /// Actions performed, with their outcomes (for the trace and recordings).
  public private(set) var actionLog: [(time: SimTime, verb: ActionVerb, outcome: ActionOutcome)] = []
  var minAvailableSeen: Int?
  /// When the rollout finished (`isFinished` became and stayed true), or nil while it
  /// runs: the run's duration, whatever the clock did afterwards.
  public private(set) var finishedAt: SimTime?
  /// Node fault events to come and nodes NotReady (Simulation+Faults.swift).
  var faultState: FaultState

  public var now: SimTime { cluster.now }

  /// A safety net against a controller that never settles (a bug): passes per instant.
  static let maxPassesPerInstant = 10_000

  /// Builds the world at t = 0: nodes, the initial fleet on `fromImage` (fully
  /// available), the workload's controller and the scheduled actions, then settles
  /// the controllers at t = 0 (the rollout of the manifest's template starts).
  public init(_ input: SimulationInput) throws {
    self.input = input
    guard !input.cluster.nodes.isEmpty else { throw SimulationError("the cluster has no nodes") }
    faultState = FaultState(input.faults)
    cluster = Cluster(
      spec: input.cluster, images: input.faults.applyingLifecycleFaults(to: input.images), workloadName: input.workload.name, seed: input.seed,
      strictMinReady: input.strictMinReady)
    traffic = TrafficModel(spec: input.traffic)
    traffic.faults = input.faults
    traffic.noise = input.noise
    traffic.seed = input.seed
    switch input.workload {
    case .deployment(let d):
      let service = input.services.first { svc in
        !svc.selector.isEmpty && svc.selector.allSatisfy { d.template.labels[$0.key] == $0.value }
      }
      controller = DeploymentController(spec: d, serviceSelector: service?.selector)
    case .rollout(let r):
      controller = try RolloutController(spec: r, input: input)
    }
    if let from = input.fromImage {
      let template = input.workload.template.withImage(from)
      let t = template
      let fitsSomewhere = input.cluster.nodes.contains { $0.cpuMillis >= t.cpuMillis && $0.memoryBytes >= t.memoryBytes }
      guard fitsSomewhere || input.workload.replicas == 0 else {
        throw SimulationError("pods of \(from) request \(t.cpuMillis)m CPU and \(t.memoryBytes) bytes of memory; no node is that large")
      }
      try controller.seedInitialFleet(&cluster, template: template)
    }
    for (i, a) in input.actions.enumerated() {
      cluster.queue.push(.action, at: max(0, a.at), scheduledAt: 0, arg: i)
      pendingActions += 1
    }
    scheduleNodeFaults()
    settle()
  }

  // MARK: - Stepping

  /// The time of the next pending timer, or nil when nothing is pending.
  public func nextEventTime() -> SimTime? { cluster.queue.nextTime }

  /// Processes the timers of the next instant; false when nothing is pending.
  @discardableResult public mutating func stepToNextEvent() -> Bool {
    guard let t = cluster.queue.nextTime else { return false }
    process(upTo: t)
    return true
  }

  /// Processes every timer up to and including `time`, then moves the clock to `time`.
  public mutating func advance(to time: SimTime) {
    while let t = cluster.queue.nextTime, t <= time { process(upTo: t) }
    if time > cluster.now { cluster.advanceClock(to: time) }
  }

  /// Fires all timers at instant `t` and settles.
  mutating func process(upTo t: SimTime) {
    cluster.advanceClock(to: t)
    cluster.instantEvents.removeAll(keepingCapacity: true)
    cluster.changed = false
    while let next = cluster.queue.heap.min, next.time <= t {
      let timer = cluster.queue.heap.removeMin()
      switch timer.kind {
      case .action:
        pendingActions -= 1
        let a = input.actions[timer.arg]
        _ = performNow(a.verb)
      case .controllerWake:
        if timer.arg == EventQueue.progressDeadlineWake { cluster.queue.deadlineWakes -= 1 }
      default:
        cluster.fire(timer)
      }
    }
    applyDueNodeFaults()
    settle()
  }

  /// Controller passes until quiescent, then status, routing and timers.
  mutating func settle() {
    var passes = 0
    while passes < Simulation.maxPassesPerInstant {
      passes += 1
      let a = controller.reconcile(&cluster, traffic: traffic)
      let b = cluster.reconcileReplicaSets()
      if !a && !b { break }
    }
    controller.syncStatus(&cluster, traffic: traffic)
    // A status change may unblock another pass (e.g. a pause condition cleared).
    while passes < Simulation.maxPassesPerInstant {
      passes += 1
      let a = controller.reconcile(&cluster, traffic: traffic)
      let b = cluster.reconcileReplicaSets()
      if !a && !b { break }
      controller.syncStatus(&cluster, traffic: traffic)
    }
    if traffic.reconfigure(at: cluster.now, groups: controller.routing(cluster), cluster: cluster) {
      cluster.changed = true
    }
    noteTrafficFault()
    scheduleTrafficFaultWake()
    cluster.queue.flush(now: cluster.now)
    let available = cluster.replicaSets.reduce(0) { $0 + ($1.deleted ? 0 : $1.available) }
    minAvailableSeen = min(minAvailableSeen ?? available, available)
    lastInstantChanged = cluster.changed
    // The finish: when the rollout last became finished (an action or fault that
    // re-opens it clears it). A finished rollout checks no progress deadline
    // (`DeploymentController.syncStatus`, `RolloutController.syncStatus` skip it),
    // so its queued deadline wake is dropped: it would fire and change nothing.
    if isFinished {
      if finishedAt == nil { finishedAt = cluster.now }
      cluster.queue.dropDeadlineWakes()
    } else {
      finishedAt = nil
    }
  }

  // MARK: - Actions

  /// Applies a user action at the current instant and settles the controllers.
  public mutating func perform(_ verb: ActionVerb) -> ActionOutcome {
    cluster.instantEvents.removeAll(keepingCapacity: true)
    cluster.changed = false
    let outcome = performNow(verb)
    settle()
    lastInstantChanged = true
    return outcome
  }

  mutating func performNow(_ verb: ActionVerb) -> ActionOutcome {
    let outcome: ActionOutcome
    switch verb {
    case .killPod:
      if let name = cluster.killRandomPod() { outcome = .applied("deleted pod \(name)") } else {
        outcome = .rejected(.notFound, "kill-pod: no running pod to delete")
      }
    case .nodeDown(let n):
      if n < 1 || n > cluster.nodes.count {
        outcome = .rejected(.notFound, "node-down: no node \(n) (the cluster has \(cluster.nodes.count))")
      } else if !cluster.nodes[n - 1].up {
        outcome = .rejected(.alreadyDone, "node-down: \(cluster.nodes[n - 1].spec.name) is already down")
      } else {
        let lost = cluster.nodeDown(n - 1)
        outcome = .applied("\(cluster.nodes[n - 1].spec.name) is down; \(lost) pods lost")
      }
    case .nodeUp(let n):
      if n >= 1, n <= cluster.nodes.count, faultState.notReady[n - 1] != nil {
        nodeBack(n - 1)
        outcome = .applied("\(cluster.nodes[n - 1].spec.name) is Ready again")
      } else if n >= 1, n <= cluster.nodes.count, cluster.nodeUp(n - 1) {
        outcome = .applied("\(cluster.nodes[n - 1].spec.name) is back")
      } else {
        outcome = .rejected(.alreadyDone, "node-up: node \(n) is not down")
      }
    default:
      outcome = controller.perform(verb, &cluster)
    }
    let text: String
    switch outcome {
    case .applied(let m): text = m
    case .rejected(_, let m): text = "rejected: " + m
    }
    cluster.emit(reason: "UserAction", object: "action/\(verb)", message: "\(verb): \(text)")
    actionLog.append((cluster.now, verb, outcome))
    return outcome
  }

  // MARK: - Views

  /// True once the rollout is complete, every pod has settled (nothing pending,
  /// starting or terminating) and no scheduled action is left.
  public var isFinished: Bool {
    guard pendingActions == 0, faultState.pendingNodeEvents.isEmpty, controller.isComplete(cluster) else { return false }
    for rs in cluster.replicaSets where !rs.deleted {
      if rs.terminating > 0 || rs.pending > 0 || rs.creating > 0 || rs.specReplicas != rs.statusReplicas { return false }
      if rs.available != rs.statusReplicas { return false }
    }
    return true
  }

  /// The current ReplicaSet's revision.
  public var revision: Int {
    controller.describe(cluster, traffic: traffic).newRS.map { cluster.replicaSets[$0].revision } ?? 0
  }

  /// A view of the current state. `maxEvents` bounds the event list; `includePods`
  /// false leaves `pods` empty (cheap, for traces).
  public func snapshot(maxEvents: Int = 50, includePods: Bool = true) -> SimulationSnapshot {
    let view = controller.describe(cluster, traffic: traffic)
    var revisions: [RevisionStatus] = []
    for (i, rs) in cluster.replicaSets.enumerated() where !rs.deleted {
      revisions.append(
        RevisionStatus(
          revision: rs.revision, name: rs.name, podTemplateHash: rs.podTemplateHash, image: rs.template.image,
          roles: view.roles[i] ?? [], isNew: view.newRS == i, replicas: rs.specReplicas, pods: rs.statusReplicas,
          ready: rs.ready, available: rs.available, terminating: rs.terminating, pending: rs.pending,
          createdAt: rs.createdAt, scaleDownAt: rs.scaleDownAt))
      if cluster.restartedReplicaSets.contains(i) { revisions[revisions.count - 1].lastTermination = cluster.rsBehavior[i].crashReason }
    }
    revisions.sort { $0.revision > $1.revision }
    var pods: [PodView] = []
    if includePods { pods = podViews() }
    let nodes = cluster.nodes.map {
      NodeView(
        name: $0.spec.name, up: $0.up, cpuMillis: $0.spec.cpuMillis, memoryBytes: $0.spec.memoryBytes,
        requestedCpuMillis: $0.requestedCpuMillis, requestedMemoryBytes: $0.requestedMemoryBytes, pods: $0.pods)
    }
    var shares: [Int: Double] = [:]
    for (r, s) in traffic.shares() { shares[cluster.replicaSets[r].revision, default: 0] += s }
    let total = traffic.total(at: cluster.now)
    let tv = TrafficView(
      shares: shares, requestsPerSecond: input.traffic.requestsPerSecond, failedPerSecond: traffic.failedPerSecond,
      requestsOk: total.okCount, requestsFailed: total.failedCount,
      setWeight: view.setWeight, actualWeight: view.actualWeight, weightSource: view.weightSource)
    let events = Array(cluster.recentEvents.suffix(maxEvents))
    return SimulationSnapshot(
      time: cluster.now, name: input.name, kind: view.kind, strategy: view.strategy,
      strategyDetail: view.strategyDetail, phase: view.phase, message: view.message, paused: view.paused,
      desiredReplicas: currentReplicas, maxPods: view.maxPods, minAvailable: view.minAvailable,
      revisions: revisions, pods: pods, nodes: nodes, traffic: tv, steps: view.steps,
      analysisRuns: view.analysisRuns, events: events, conditions: view.conditions,
      finished: isFinished && controller.outcome(cluster) != .aborted, outcome: isFinished ? controller.outcome(cluster) : nil)
  }

  var currentReplicas: Int { controller.desiredReplicas }

  /// Every existing pod, grouped by node in node order, unscheduled last; within a
  /// group, in pod-slot order.
  ///
  /// The dashboard calls this every frame, so at 100k pods it must not allocate one
  /// array per node and flatten them (that was ~88% of a frame): it counts the pods of
  /// each group first (a counting sort), then writes every view straight into its slot
  /// of one preallocated array. Same order and contents as the grouped version.
  func podViews() -> [PodView] {
    let nodeCount = cluster.nodes.count
    let p = cluster.pods
    let revisions = cluster.replicaSets.map(\.revision)
    // offsets[g] = first slot of group g (group nodeCount = unscheduled).
    var offsets = [Int](repeating: 0, count: nodeCount + 2)
    var total = 0
    p.state.withUnsafeBufferPointer { state in
      p.node.withUnsafeBufferPointer { node in
        for i in 0..<state.count where state[i] != PodStore.gone {
          let n = Int(node[i])
          offsets[(n < 0 ? nodeCount : n) + 1] += 1
          total += 1
        }
      }
    }
    for g in 0..<(nodeCount + 1) { offsets[g + 1] += offsets[g] }
    return [PodView](unsafeUninitializedCapacity: total) { out, initialized in
      p.state.withUnsafeBufferPointer { state in
        p.node.withUnsafeBufferPointer { node in
          p.rs.withUnsafeBufferPointer { rs in
            p.restarts.withUnsafeBufferPointer { restarts in
              for i in 0..<state.count where state[i] != PodStore.gone {
                let n = Int(node[i])
                let g = n < 0 ? nodeCount : n
                let slot = offsets[g]
                offsets[g] = slot + 1
                (out.baseAddress! + slot).initialize(
                  to: PodView(
                    revision: revisions[Int(rs[i])],
                    state: PodDisplayState(rawValue: state[i]) ?? .terminating, node: Int32(n),
                    restarts: Int(restarts[i]),
                    lastTermination: restarts[i] > 0 ? cluster.rsBehavior[Int(rs[i])].crashReason : nil))
              }
            }
          }
        }
      }
      initialized = total
    }
  }

  /// Pod state transitions so far (benchmarks report them per second).
  public var podTransitions: Int { cluster.podTransitions }

  /// Events of the last processed instant.
  public var instantEvents: [SimEvent] { cluster.instantEvents }

  /// Cumulative requests.
  public var requests: RequestCounts { traffic.total(at: cluster.now) }

  /// Statistics for the summary line.
  public func summary() -> RunSummary {
    let view = controller.describe(cluster, traffic: traffic)
    let total = traffic.total(at: cluster.now)
    let outcome = controller.outcome(cluster)
    return RunSummary(
      strategy: view.strategy, completed: controller.isComplete(cluster) && outcome != .aborted, duration: finishedAt ?? cluster.now,
      peakPods: cluster.peakActivePods, peakPodsIncludingTerminating: cluster.peakExistingPods,
      minAvailable: minAvailableSeen ?? 0, requestsOk: total.okCount,
      requestsFailed: total.failedCount,
      podSeconds: Double(cluster.podMilliseconds) / 1000, revision: revision, phase: view.phase,
      aborted: view.aborted, promotedAt: view.promotedAt, outcome: outcome, analysisRuns: view.analysisRuns)
  }
}
