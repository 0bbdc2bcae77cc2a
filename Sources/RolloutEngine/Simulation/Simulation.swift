/// The discrete-event simulation of one workload, or of several on one cluster.
///
/// Time only moves through the timer queue. At each instant the simulation fires
/// the instant's timers (pod transitions, scheduled actions, controller wake-ups),
/// then runs controller passes until nothing changes ("settle": the real
/// controller re-syncs on every ReplicaSet status update, so at one
/// instant it can scale up, down, up … until neither is allowed), then updates the
/// traffic routing. Same input and seed → the same sequence of states.
///
/// Several workloads (`SimulationInput.additionalWorkloads`) share the nodes, the
/// scheduler, the clock and the seeded generator; each has its own controller, its
/// own ReplicaSets (`ReplicaSet.owner`) and its own Service traffic. In every pass
/// the controllers reconcile in input order, so their surges compete for the same
/// free capacity in a fixed order (Simulation+Workloads.swift).
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
  /// One controller and one traffic model per workload, in input order.
  var controllers: [any WorkloadController]
  var traffics: [TrafficModel]
  /// Scheduled actions not yet fired.
  var pendingActions = 0
  /// Did the last processed instant change anything visible?
  public private(set) var lastInstantChanged = false
  /// Actions performed, with their outcomes (for the trace and recordings).
  public private(set) var actionLog: [(time: SimTime, verb: ActionVerb, outcome: ActionOutcome)] = []
  /// For each `actionLog` entry, the workload it named (nil: untargeted).
  public private(set) var actionTargets: [Int?] = []
  /// Fewest available pods seen, per workload.
  var minAvailableSeen: [Int?]
  /// Most non-terminating and existing pods per workload at the end of an instant,
  /// and ∫ existing pods dt (ms), kept only when several workloads share the cluster
  /// (one workload reads the cluster's own counters).
  var workloadStats: [WorkloadStats] = []
  /// When the rollout finished (`isFinished` became and stayed true), or nil while it
  /// runs: the run's duration, whatever the clock did afterwards.
  public private(set) var finishedAt: SimTime?
  /// Each workload's finish (several on one cluster): when, and its request counts
  /// then, for its summary (its figures stop there too); nil while it runs. Empty
  /// with one workload, which reads `finishedAt`.
  var workloadFinish: [(at: SimTime, requests: RequestCounts)?] = []
  /// Node fault events to come and nodes NotReady (Simulation+Faults.swift).
  var faultState: FaultState

  public var now: SimTime { cluster.now }

  /// The first workload's controller and traffic (drills and the fault views run one workload).
  var controller: any WorkloadController { controllers[0] }
  var traffic: TrafficModel { traffics[0] }

  /// A safety net against a controller that never settles (a bug): passes per instant.
  static let maxPassesPerInstant = 10_000

  /// Builds the world at t = 0: nodes, the initial fleet on `fromImage` (fully
  /// available), the workload's controller and the scheduled actions, then settles
  /// the controllers at t = 0 (the rollout of the manifest's template starts).
  public init(_ input: SimulationInput) throws { try self.init(input, onePodAtATime: false) }

  /// `onePodAtATime`: tests run the batch forms pod by pod (`Cluster.onePodAtATime`).
  init(_ input: SimulationInput, onePodAtATime: Bool) throws {
    self.input = input
    guard !input.cluster.nodes.isEmpty else { throw SimulationError("the cluster has no nodes") }
    faultState = FaultState(input.faults)
    let workloads = input.workloads
    cluster = Cluster(
      spec: input.cluster, images: input.faults.applyingLifecycleFaults(to: input.images), workloadNames: workloads.map(\.name),
      seed: input.seed, strictMinReady: input.strictMinReady)
    cluster.onePodAtATime = onePodAtATime
    controllers = []
    traffics = []
    minAvailableSeen = Array(repeating: nil, count: workloads.count)
    if workloads.count > 1 { workloadFinish = Array(repeating: nil, count: workloads.count) }
    if workloads.count > 1 { workloadStats = Array(repeating: WorkloadStats(), count: workloads.count) }
    for i in workloads.indices {
      let one = input.workloadInput(i)
      var traffic = TrafficModel(spec: one.traffic)
      traffic.faults = one.faults
      traffic.noise = one.noise
      traffic.seed = one.seed
      traffics.append(traffic)
      var controller: any WorkloadController
      switch one.workload {
      case .deployment(let d):
        let service = one.services.first { svc in
          !svc.selector.isEmpty && svc.selector.allSatisfy { d.template.labels[$0.key] == $0.value }
        }
        var c = DeploymentController(spec: d, serviceSelector: service?.selector)
        c.owner = i
        controller = c
      case .rollout(let r):
        var c = try RolloutController(spec: r, input: one)
        c.owner = i
        controller = c
      }
      if let from = one.fromImage {
        let template = one.workload.template.withImage(from)
        let t = template
        let fitsSomewhere = one.cluster.nodes.contains { $0.cpuMillis >= t.cpuMillis && $0.memoryBytes >= t.memoryBytes }
        guard fitsSomewhere || one.workload.replicas == 0 else {
          throw SimulationError("pods of \(from) request \(t.cpuMillis)m CPU and \(t.memoryBytes) bytes of memory; no node is that large")
        }
        cluster.emitOwner = i
        try controller.seedInitialFleet(&cluster, template: template)
        cluster.emitOwner = nil
      }
      controllers.append(controller)
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
    if time > cluster.now { advanceClock(to: time) }
  }

  /// Fires all timers at instant `t` and settles.
  mutating func process(upTo t: SimTime) {
    advanceClock(to: t)
    cluster.instantEvents.removeAll(keepingCapacity: true)
    cluster.instantContainerExits = 0
    cluster.changed = false
    while let next = cluster.queue.heap.min, next.time <= t {
      let timer = cluster.queue.heap.removeMin()
      switch timer.kind {
      case .action:
        pendingActions -= 1
        let a = input.actions[timer.arg]
        _ = performNow(a.verb, target: a.workload)
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
      let a = reconcileWorkloads()
      let b = cluster.reconcileReplicaSets()
      if !a && !b { break }
    }
    syncWorkloads()
    // A status change may unblock another pass (e.g. a pause condition cleared).
    while passes < Simulation.maxPassesPerInstant {
      passes += 1
      let a = reconcileWorkloads()
      let b = cluster.reconcileReplicaSets()
      if !a && !b { break }
      syncWorkloads()
    }
    for w in traffics.indices where traffics[w].reconfigure(at: cluster.now, groups: controllers[w].routing(cluster), cluster: cluster) {
      cluster.changed = true
    }
    noteTrafficFault()
    scheduleTrafficFaultWake()
    cluster.queue.flush(now: cluster.now)
    for w in controllers.indices {
      let available = cluster.liveAvailable(of: w)
      minAvailableSeen[w] = min(minAvailableSeen[w] ?? available, available)
    }
    if !workloadStats.isEmpty { observeWorkloadStats() }
    lastInstantChanged = cluster.changed
    // The finish: when the rollout last became finished (an action or fault that
    // re-opens it clears it). A finished rollout checks no progress deadline
    // (`DeploymentController.syncStatus`, `RolloutController.syncStatus` skip it),
    // so its queued deadline wake is dropped: it would fire and change nothing.
    for w in workloadFinish.indices {
      if !isFinished(workload: w) {
        workloadFinish[w] = nil
      } else if workloadFinish[w] == nil {
        workloadFinish[w] = (cluster.now, traffics[w].total(at: cluster.now))
      }
    }
    if isFinished {
      if finishedAt == nil { finishedAt = cluster.now }
      cluster.queue.dropDeadlineWakes()
    } else {
      finishedAt = nil
    }
  }

  // MARK: - Actions

  /// Applies a user action at the current instant and settles the controllers;
  /// `workload` names the workload a workload verb acts on (nil: the first).
  public mutating func perform(_ verb: ActionVerb, workload: String? = nil) -> ActionOutcome {
    cluster.instantEvents.removeAll(keepingCapacity: true)
    cluster.instantContainerExits = 0
    cluster.changed = false
    let outcome = performNow(verb, target: workload)
    settle()
    lastInstantChanged = true
    return outcome
  }

  /// What `perform` would answer now, this simulation unchanged: the verb is tried
  /// on a copy and not settled. The answer is decided before the settle, and the
  /// settle is where a scale's pods are created, so trying `scale=1000000` costs
  /// nothing.
  public func outcome(of verb: ActionVerb, workload: String? = nil) -> ActionOutcome {
    var trial = self
    return trial.performNow(verb, target: workload)
  }

  mutating func performNow(_ verb: ActionVerb, target name: String?) -> ActionOutcome {
    let target = name.flatMap { n in workloadIndex(named: n) }
    /// The workload the action's event is about: the target, or the controller's.
    var owner = target
    let outcome: ActionOutcome
    switch verb {
    case _ where name != nil && target == nil:
      outcome = .rejected(.notFound, "\(verb): no workload \(name!) (the input has \(workloadNames.joined(separator: ", ")))")
    case .killPod:
      if let name = cluster.killRandomPod(owner: target) { outcome = .applied("deleted pod \(name)") } else {
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
      let w = target ?? 0
      cluster.emitOwner = w
      outcome = controllers[w].perform(verb, &cluster)
      cluster.emitOwner = nil
      owner = w
    }
    let text: String
    switch outcome {
    case .applied(let m): text = m
    case .rejected(_, let m): text = "rejected: " + m
    }
    cluster.emitOwner = owner
    cluster.emit(reason: "UserAction", object: "action/\(verb)", message: "\(verb): \(text)")
    cluster.emitOwner = nil
    actionLog.append((cluster.now, verb, outcome))
    actionTargets.append(target)
    return outcome
  }

  // MARK: - Views

  /// True once every workload's rollout is complete, every pod has settled (nothing
  /// pending, starting or terminating) and no scheduled action is left.
  public var isFinished: Bool {
    guard pendingActions == 0, faultState.pendingNodeEvents.isEmpty else { return false }
    return controllers.indices.allSatisfy(workloadSettled)
  }

  /// `isFinished` for one workload: its rollout complete and its pods settled, no
  /// scheduled action or node event left.
  public func isFinished(workload w: Int) -> Bool {
    pendingActions == 0 && faultState.pendingNodeEvents.isEmpty && workloadSettled(w)
  }

  func workloadSettled(_ w: Int) -> Bool {
    guard controllers[w].isComplete(cluster) else { return false }
    for i in cluster.liveReplicaSets(of: w) {
      let rs = cluster.replicaSets[i]
      if rs.terminating > 0 || rs.pending > 0 || rs.creating > 0 || rs.specReplicas != rs.statusReplicas { return false }
      if rs.available != rs.statusReplicas { return false }
    }
    return true
  }

  /// The current ReplicaSet's revision (of the first workload).
  public var revision: Int { revision(workload: 0) }

  public func revision(workload w: Int) -> Int {
    controllers[w].describe(cluster, traffic: traffics[w]).newRS.map { cluster.replicaSets[$0].revision } ?? 0
  }

  /// Pod state transitions so far (benchmarks report them per second).
  public var podTransitions: Int { cluster.podTransitions }

  /// Events of the last processed instant.
  public var instantEvents: [SimEvent] { cluster.instantEvents }
  /// Containers that exited in the current instant (a crash or an OOM kill).
  public var instantContainerExits: Int { cluster.instantContainerExits }

  /// Cumulative requests (of the first workload's Service).
  public var requests: RequestCounts { traffics[0].total(at: cluster.now) }

  /// Statistics for the summary line, of workload `workload` (the first by default).
  public func summary(workload w: Int = 0) -> RunSummary {
    let view = controllers[w].describe(cluster, traffic: traffics[w])
    let finish = workloadFinish.isEmpty ? nil : workloadFinish[w]
    let total = finish?.requests ?? traffics[w].total(at: cluster.now)
    let outcome = controllers[w].outcome(cluster)
    let stats = workloadStats.isEmpty ? nil : workloadStats[w]
    return RunSummary(
      strategy: view.strategy, completed: controllers[w].isComplete(cluster) && outcome != .aborted, duration: (workloadFinish.isEmpty ? finishedAt : finish?.at) ?? cluster.now,
      peakPods: stats?.peakActivePods ?? cluster.peakActivePods,
      peakPodsIncludingTerminating: stats?.peakExistingPods ?? cluster.peakExistingPods,
      minAvailable: minAvailableSeen[w] ?? 0, requestsOk: total.okCount,
      requestsFailed: total.failedCount,
      podSeconds: Double(stats?.podMilliseconds ?? cluster.podMilliseconds) / 1000, revision: revision(workload: w), phase: view.phase,
      aborted: view.aborted, promotedAt: view.promotedAt, outcome: outcome, analysisRuns: view.analysisRuns)
  }
}
