/// Read-only views of a simulation at one instant: what the dashboard renders, what
/// the trace writers serialise, and what compare/drills will read. Plain values, no
/// references into the engine.

/// A pod's state as `kubectl get pods` and the dashboard show it.
public enum PodDisplayState: UInt8, Sendable, Hashable, CaseIterable {
  /// Not yet placed on a node (FailedScheduling) or waiting to be placed.
  case pending
  /// Placed; the image is pulled and the container starting.
  case containerCreating
  /// The container runs but the readiness probe has not passed (or failed).
  case running
  /// Ready: an endpoint of its Services; not yet available (inside minReadySeconds).
  case ready
  /// Ready for at least minReadySeconds: counts toward availableReplicas.
  case available
  /// The container exited and the kubelet waits out its back-off before restarting.
  case crashLoopBackOff
  /// Deleted, shutting down within its grace period; no longer an endpoint.
  case terminating

  /// The STATUS column word, as `kubectl get pods` prints it.
  public var kubectlWord: String {
    switch self {
    case .pending: return "Pending"
    case .containerCreating: return "ContainerCreating"
    case .running, .ready, .available: return "Running"
    case .crashLoopBackOff: return "CrashLoopBackOff"
    case .terminating: return "Terminating"
    }
  }
}

/// The part a ReplicaSet plays in a rollout, as Argo's CLI tags it.
public enum RevisionRole: String, Sendable, Hashable {
  case stable, canary, active, preview
}

/// One ReplicaSet (revision) of the workload.
public struct RevisionStatus: Sendable, Hashable {
  /// The `deployment.kubernetes.io/revision` (or `rollout.argoproj.io/revision`) number.
  public var revision: Int
  /// `<workload>-<pod-template-hash>`.
  public var name: String
  public var podTemplateHash: String
  public var image: String
  /// Roles for Rollouts (e.g. stable, or active + stable); empty for Deployments.
  public var roles: [RevisionRole]
  /// True for the Deployment's current ("new") ReplicaSet.
  public var isNew: Bool
  /// `spec.replicas`.
  public var replicas: Int
  /// Non-terminating pods (`status.replicas`).
  public var pods: Int
  public var ready: Int
  public var available: Int
  public var terminating: Int
  /// Pods not yet placed on a node.
  public var pending: Int
  public var createdAt: SimTime
  /// When a delayed scale-down will happen (blue/green, traffic-routed canary).
  public var scaleDownAt: SimTime?
  /// Why its containers last exited (`OOMKilled`, `Error`), once one of them has
  /// restarted; nil before.
  public var lastTermination: ContainerTerminationReason?

  public init(
    revision: Int, name: String, podTemplateHash: String, image: String, roles: [RevisionRole] = [],
    isNew: Bool = false, replicas: Int, pods: Int, ready: Int, available: Int, terminating: Int,
    pending: Int = 0, createdAt: SimTime = 0, scaleDownAt: SimTime? = nil
  ) {
    self.revision = revision
    self.name = name
    self.podTemplateHash = podTemplateHash
    self.image = image
    self.roles = roles
    self.isNew = isNew
    self.replicas = replicas
    self.pods = pods
    self.ready = ready
    self.available = available
    self.terminating = terminating
    self.pending = pending
    self.createdAt = createdAt
    self.scaleDownAt = scaleDownAt
  }
}

/// One pod, compactly: which revision, what state, which node. Stored in 12 bytes.
/// A dashboard frame makes none (it reads `PodTable`'s counts and runs); tests,
/// `replay` and the grouped grid of a small fleet read them.
public struct PodView: Sendable, Hashable {
  private var revision32: Int32
  /// Index into `SimulationSnapshot.nodes`, or -1 when unscheduled.
  public var node: Int32
  private var restarts16: UInt16
  public var state: PodDisplayState
  /// `lastState.terminated.reason` of its container once it restarted.
  public var lastTermination: ContainerTerminationReason?
  /// Revision number of the owning ReplicaSet.
  public var revision: Int {
    get { Int(revision32) }
    set { revision32 = Int32(clamping: newValue) }
  }
  /// Container restarts (the kubelet's count, kept to 65,535 as the engine keeps it).
  public var restarts: Int {
    get { Int(restarts16) }
    set { restarts16 = UInt16(clamping: newValue) }
  }
  public init(revision: Int, state: PodDisplayState, node: Int32, restarts: Int = 0, lastTermination: ContainerTerminationReason? = nil) {
    self.revision32 = Int32(clamping: revision)
    self.node = node
    self.restarts16 = UInt16(clamping: restarts)
    self.state = state
    self.lastTermination = lastTermination
  }
}

public struct NodeView: Sendable, Hashable {
  public var name: String
  public var up: Bool
  public var cpuMillis: Int
  public var memoryBytes: Int64
  public var requestedCpuMillis: Int
  public var requestedMemoryBytes: Int64
  public var pods: Int
  public init(
    name: String, up: Bool, cpuMillis: Int, memoryBytes: Int64, requestedCpuMillis: Int,
    requestedMemoryBytes: Int64, pods: Int
  ) {
    self.name = name
    self.up = up
    self.cpuMillis = cpuMillis
    self.memoryBytes = memoryBytes
    self.requestedCpuMillis = requestedCpuMillis
    self.requestedMemoryBytes = requestedMemoryBytes
    self.pods = pods
  }
}

/// Traffic at this instant.
public struct TrafficView: Sendable, Hashable {
  /// Share of requests (0…1) per revision number, summing to 1, or empty when nothing
  /// serves.
  public var shares: [Int: Double]
  public var requestsPerSecond: Double
  /// Failed requests per second at this instant (capacity excess, error rate, no
  /// endpoint).
  public var failedPerSecond: Double
  /// Cumulative counts.
  public var requestsOk: Int64
  public var requestsFailed: Int64
  /// Weighted canaries: the step's weight and the weight Argo's CLI reports.
  public var setWeight: Int?
  public var actualWeight: Int?
  /// How `actualWeight` is derived: "pods" (replica share) or "router".
  public var weightSource: String?

  public init(
    shares: [Int: Double] = [:], requestsPerSecond: Double = 0, failedPerSecond: Double = 0,
    requestsOk: Int64 = 0, requestsFailed: Int64 = 0, setWeight: Int? = nil, actualWeight: Int? = nil,
    weightSource: String? = nil
  ) {
    self.shares = shares
    self.requestsPerSecond = requestsPerSecond
    self.failedPerSecond = failedPerSecond
    self.requestsOk = requestsOk
    self.requestsFailed = requestsFailed
    self.setWeight = setWeight
    self.actualWeight = actualWeight
    self.weightSource = weightSource
  }
}

/// A Kubernetes event, plus the controller's reasoning for scaling events.
public struct SimEvent: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable { case normal = "Normal", warning = "Warning" }
  public var time: SimTime
  public var kind: Kind
  /// `ScalingReplicaSet`, `Killing`, `Started`, `Unhealthy`, `FailedScheduling`, …
  public var reason: String
  /// `deployment/web`, `pod/web-7d4b9-x2k1p`, `replicaset/web-7d4b9`.
  public var object: String
  /// The message `kubectl get events` shows.
  public var message: String
  /// Why, in the controller's terms (scaling events), or nil.
  public var why: String?
  /// The workload (index in input order) whose controller, ReplicaSet or pod the event
  /// is about, in a run of several workloads; nil for cluster events (a node) and in
  /// a one-workload run.
  public var workload: Int?

  public init(time: SimTime, kind: Kind = .normal, reason: String, object: String, message: String, why: String? = nil, workload: Int? = nil) {
    self.workload = workload
    self.time = time
    self.kind = kind
    self.reason = reason
    self.object = object
    self.message = message
    self.why = why
  }

  /// `message (why)`, the one-line form used in traces.
  public var line: String { why.map { "\(message) (\($0))" } ?? message }
}

/// A canary's steps and where the rollout is among them.
public struct StepsView: Sendable, Hashable {
  /// Human-readable steps: `setWeight: 20`, `pause: 30s`, `pause`, `analysis: error-rate`.
  public var steps: [String]
  /// The steps themselves (typed), in the same order as `steps`.
  public var items: [CanaryStep]
  /// 0-based index of the step in progress; == steps.count when done.
  public var index: Int
  /// Remaining time of a timed pause in progress.
  public var pauseRemaining: SimTime?
  public init(steps: [String], items: [CanaryStep] = [], index: Int, pauseRemaining: SimTime? = nil) {
    self.steps = steps
    self.items = items
    self.index = index
    self.pauseRemaining = pauseRemaining
  }
}

/// One measurement of an analysis metric.
public struct MeasurementView: Sendable, Hashable {
  public var time: SimTime
  public var value: Double?
  /// Successful, Failed, Inconclusive or Error.
  public var phase: AnalysisPhase
  public init(time: SimTime, value: Double?, phase: AnalysisPhase) {
    self.time = time
    self.value = value
    self.phase = phase
  }
}

public struct MetricView: Sendable, Hashable {
  public var name: String
  /// `successCondition` / `failureCondition` as written.
  public var successCondition: String?
  public var failureCondition: String?
  public var phase: AnalysisPhase
  public var measurements: [MeasurementView]
  /// `count` as written (nil or 0: one measurement without `interval`, unlimited with one).
  public var count: Int?
  /// `interval` in seconds, nil when not set.
  public var intervalSeconds: Int?
  /// `failureLimit`: the run fails when failures exceed it.
  public var failureLimit: Int
  /// When the next measurement is taken, nil once the metric has a verdict.
  public var nextMeasurementAt: SimTime?
  public init(
    name: String, successCondition: String?, failureCondition: String?, phase: AnalysisPhase, measurements: [MeasurementView],
    count: Int? = nil, intervalSeconds: Int? = nil, failureLimit: Int = 0, nextMeasurementAt: SimTime? = nil
  ) {
    self.name = name
    self.successCondition = successCondition
    self.failureCondition = failureCondition
    self.phase = phase
    self.measurements = measurements
    self.count = count
    self.intervalSeconds = intervalSeconds
    self.failureLimit = failureLimit
    self.nextMeasurementAt = nextMeasurementAt
  }
}

/// An AnalysisRun.
public struct AnalysisRunView: Sendable, Hashable {
  public var name: String
  public var phase: AnalysisPhase
  /// `background`, `step 3`, `prePromotion`, `postPromotion`.
  public var kind: String
  public var revision: Int
  public var metrics: [MetricView]
  public init(name: String, phase: AnalysisPhase, kind: String, revision: Int, metrics: [MetricView]) {
    self.name = name
    self.phase = phase
    self.kind = kind
    self.revision = revision
    self.metrics = metrics
  }
}

/// Everything visible about a simulation at one instant.
public struct SimulationSnapshot: Sendable, Hashable {
  public var time: SimTime
  public var name: String
  public var kind: WorkloadKind
  public var strategy: StrategyKind
  /// Parameters, e.g. `maxSurge 3 (25%) maxUnavailable 2 (25%)`.
  public var strategyDetail: String
  public var phase: WorkloadPhase
  public var message: String
  public var paused: Bool
  public var desiredReplicas: Int
  /// `replicas + maxSurge` and `replicas − maxUnavailable` where they apply.
  public var maxPods: Int?
  public var minAvailable: Int?
  /// Newest revision first.
  public var revisions: [RevisionStatus]
  /// The pods, grouped by node in node order, unscheduled last (empty when the
  /// snapshot was taken without pods). The dashboard reads its counts and runs.
  public var podTable = PodTable()
  /// Every pod of `podTable`, one `PodView` each (materialised on each read: O(pods)).
  public var pods: [PodView] {
    get { podTable.views }
    set { podTable = PodTable(newValue) }
  }
  public var nodes: [NodeView]
  public var traffic: TrafficView
  public var steps: StepsView?
  public var analysisRuns: [AnalysisRunView]
  /// The latest events, oldest first.
  public var events: [SimEvent]
  public var conditions: [ConditionType: ConditionState]
  /// True once the rollout is complete (promoted or rolled back, not aborted) and
  /// nothing is pending.
  public var finished: Bool
  /// How the run ended, once nothing more will change; nil while it runs.
  public var outcome: RunOutcome?
  /// Filled on demand by the dashboard (`Simulation.timers()`, `podDetails`), empty
  /// in the snapshots traces take: "why not yet", and the pods a describe view shows.
  public var timers: TimersView?
  public var podDetails: [PodDetail] = []

  public init(
    time: SimTime, name: String, kind: WorkloadKind, strategy: StrategyKind, strategyDetail: String, phase: WorkloadPhase,
    message: String = "", paused: Bool = false, desiredReplicas: Int, maxPods: Int? = nil,
    minAvailable: Int? = nil, revisions: [RevisionStatus], pods: [PodView], nodes: [NodeView],
    traffic: TrafficView, steps: StepsView? = nil, analysisRuns: [AnalysisRunView] = [],
    events: [SimEvent] = [], conditions: [ConditionType: ConditionState] = [:], finished: Bool = false, outcome: RunOutcome? = nil
  ) {
    self.outcome = outcome
    self.time = time
    self.name = name
    self.kind = kind
    self.strategy = strategy
    self.strategyDetail = strategyDetail
    self.phase = phase
    self.message = message
    self.paused = paused
    self.desiredReplicas = desiredReplicas
    self.maxPods = maxPods
    self.minAvailable = minAvailable
    self.revisions = revisions
    self.podTable = PodTable(pods)
    self.nodes = nodes
    self.traffic = traffic
    self.steps = steps
    self.analysisRuns = analysisRuns
    self.events = events
    self.conditions = conditions
    self.finished = finished
  }
}
