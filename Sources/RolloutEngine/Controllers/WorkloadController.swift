/// The controller that owns a workload's ReplicaSets: the Kubernetes Deployment
/// controller or the Argo Rollouts controller. One implementation per workload kind;
/// each strategy (RollingUpdate, Recreate, BlueGreen, Canary) lives in its own file.
///
/// Controllers never create or delete pods: they set ReplicaSet sizes and Service
/// routing, and the cluster's ReplicaSet controller, scheduler and kubelet do the
/// rest (docs/semantics.md, "Kubernetes Deployment: the control loop").
protocol WorkloadController: Sendable {
  /// One reconcile pass at `cluster.now`. Returns true if it changed anything, in
  /// which case the simulation runs another pass at the same instant ("settle":
  /// every ReplicaSet status update re-queues the real controller).
  mutating func reconcile(_ cluster: inout Cluster, traffic: TrafficModel) -> Bool

  /// Called once per instant after the passes settled: status, conditions, and
  /// timers (`cluster.queue.push(.controllerWake, …)`) for deadlines and delays.
  mutating func syncStatus(_ cluster: inout Cluster, traffic: TrafficModel)

  /// A user action (`--action`, a dashboard key).
  mutating func perform(_ verb: ActionVerb, _ cluster: inout Cluster) -> ActionOutcome

  /// Where requests go now.
  func routing(_ cluster: Cluster) -> [RouteGroup]

  /// The rollout is done: nothing more will change without a new input.
  func isComplete(_ cluster: Cluster) -> Bool

  /// How the run stands: promoted, aborted, rolled back, stalled or timed out.
  func outcome(_ cluster: Cluster) -> RunOutcome

  /// What the dashboard, the trace and the summary show.
  func describe(_ cluster: Cluster, traffic: TrafficModel) -> WorkloadView

  /// Creates the steady state before t = 0: a ReplicaSet of `template` at revision 1
  /// with every pod scheduled and available (the scenario's `from`).
  mutating func seedInitialFleet(_ cluster: inout Cluster, template: PodTemplate) throws

  /// `spec.replicas` now.
  var desiredReplicas: Int { get }

  /// When the progress deadline will pass if nothing progresses first (the instant
  /// its check fires), or nil when no deadline is counting down.
  func progressDeadlineAt(_ cluster: Cluster) -> SimTime?
}

/// A controller's view of its workload.
struct WorkloadView: Sendable {
  var kind: WorkloadKind
  var strategy: StrategyKind
  var strategyDetail: String
  var phase: WorkloadPhase
  var message: String
  var paused: Bool
  var maxPods: Int?
  var minAvailable: Int?
  /// Roles per ReplicaSet index.
  var roles: [Int: [RevisionRole]] = [:]
  /// The current ("new") ReplicaSet index.
  var newRS: Int?
  var steps: StepsView?
  var analysisRuns: [AnalysisRunView] = []
  var conditions: [ConditionType: ConditionState] = [:]
  var setWeight: Int?
  var actualWeight: Int?
  var weightSource: String?
  /// Rollouts: set when aborted / promoted.
  var aborted = false
  var promotedAt: SimTime?
}
