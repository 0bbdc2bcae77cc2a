/// A ReplicaSet: a pod template at a revision, a desired size, and the pods it owns.
///
/// The Deployment and Rollout controllers only ever change `specReplicas` (and
/// annotations); the ReplicaSet controller (`Cluster.reconcileReplicaSet`) creates and
/// deletes pods to match, as in Kubernetes (`replica_set.go` `manageReplicas`).
public struct ReplicaSet: Sendable {
  public var name: String
  public var podTemplateHash: String
  public var template: PodTemplate
  /// `deployment.kubernetes.io/revision`.
  public var revision: Int
  /// Earlier revision numbers this template had (`revision-history`).
  public var revisionHistory: [Int] = []
  public var createdAt: SimTime
  /// `spec.replicas`.
  public var specReplicas: Int = 0
  /// `minReadySeconds`, copied from the workload when the RS is touched as "new".
  public var minReadySeconds: Int = 0
  /// `deployment.kubernetes.io/desired-replicas` and `max-replicas`,
  /// read by proportional scaling.
  public var desiredAnnotation: Int?
  public var maxAnnotation: Int?
  /// A pending delayed scale-down (blue/green, traffic-routed canary), or nil.
  public var scaleDownAt: SimTime?
  /// Deleted by revision-history clean-up; kept as a tombstone so indices stay valid.
  public var deleted = false
  /// The workload that owns it (`ownerReferences`), as an index in input order.
  public internal(set) var owner = 0

  /// Non-terminating pods, by slot id (the ReplicaSet controller's view).
  var live: [Int32] = []

  // Status counters, kept incrementally (O(1) per pod transition).
  public internal(set) var pending = 0
  public internal(set) var creating = 0
  public internal(set) var running = 0
  public internal(set) var crashLooping = 0
  public internal(set) var ready = 0
  public internal(set) var available = 0
  public internal(set) var terminating = 0

  /// `status.replicas`: pods not being deleted.
  public var statusReplicas: Int { live.count }

  public init(name: String, podTemplateHash: String, template: PodTemplate, revision: Int, createdAt: SimTime) {
    self.name = name
    self.podTemplateHash = podTemplateHash
    self.template = template
    self.revision = revision
    self.createdAt = createdAt
  }

  /// One pod moved from `old` to `new` (one access to the ReplicaSet, not two).
  @inline(__always) mutating func move(from old: PodDisplayState, to new: PodDisplayState) {
    count(old, -1)
    count(new, 1)
  }

  /// What a workload's controller sees: a ReplicaSet not deleted whose owner it is.
  /// The Deployment and Rollout controllers list only the ReplicaSets whose
  /// controllerRef is theirs (`getReplicaSetsForDeployment` in
  /// pkg/controller/deployment/deployment_controller.go; `getReplicaSetsForRollouts`
  /// in argo-rollouts rollout/replicaset.go), so two workloads never touch each
  /// other's ReplicaSets even with overlapping labels.
  func owned(by workload: Int) -> Bool { !deleted && owner == workload }

  /// Adjusts the counter of `state` by `delta`. `ready` counts Ready pods including
  /// available ones, as `status.readyReplicas` does.
  @inline(__always) mutating func count(_ state: PodDisplayState, _ delta: Int) {
    switch state {
    case .pending: pending += delta
    case .containerCreating: creating += delta
    case .running: running += delta
    case .crashLoopBackOff: crashLooping += delta
    case .ready: ready += delta
    case .available:
      ready += delta
      available += delta
    case .terminating: terminating += delta
    }
  }
}

/// A node with allocatable capacity and what is requested on it.
public struct ClusterNode: Sendable {
  public var spec: NodeSpec
  public var up = true
  public var requestedCpuMillis = 0
  public var requestedMemoryBytes: Int64 = 0
  /// Pods bound to the node (including terminating ones: they still hold resources).
  public var pods = 0

  public init(spec: NodeSpec) { self.spec = spec }

  func fits(cpu: Int, memory: Int64) -> Bool { load.fits(cpu: cpu, memory: memory) }

  /// Adds a pod's requests (negative: removes them); one access to the node.
  @inline(__always) mutating func account(cpu: Int, memory: Int64, pods delta: Int) {
    requestedCpuMillis += cpu
    requestedMemoryBytes += memory
    pods += delta
  }

  /// The numbers the scheduler scores, without the node's name (a plain value: the
  /// per-placement paths copy it without reference counting).
  var load: NodeLoad {
    NodeLoad(
      up: up, cpuMillis: spec.cpuMillis, memoryBytes: spec.memoryBytes, requestedCpuMillis: requestedCpuMillis,
      requestedMemoryBytes: requestedMemoryBytes, pods: pods)
  }
}

/// A node's capacity and what is requested on it: what `leastAllocated` scores.
struct NodeLoad: Sendable {
  var up: Bool
  var cpuMillis: Int
  var memoryBytes: Int64
  var requestedCpuMillis: Int
  var requestedMemoryBytes: Int64
  var pods: Int

  @inline(__always) func fits(cpu: Int, memory: Int64) -> Bool {
    up && requestedCpuMillis + cpu <= cpuMillis && requestedMemoryBytes + memory <= memoryBytes
  }

  /// How many more pods of this size fit (`fits` holds for each in turn), or nil
  /// when there is no bound (nothing requested).
  func podsThatFit(cpu: Int, memory: Int64) -> Int? {
    guard up, cpu >= 0, memory >= 0 else { return 0 }
    var n: Int? = nil
    if cpu > 0 { n = max(0, (cpuMillis - requestedCpuMillis) / cpu) } else if requestedCpuMillis > cpuMillis { return 0 }
    if memory > 0 { n = min(n ?? .max, max(0, Int((memoryBytes - requestedMemoryBytes) / memory))) } else if requestedMemoryBytes > memoryBytes { return 0 }
    return n
  }
}
