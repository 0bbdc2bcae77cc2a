/// The `rollsim/v1 Simulation` document: the world a workload runs in.

/// How an image behaves in this simulation (`spec.images` of the Simulation document).
public struct ImageBehavior: Sendable, Hashable {
  /// Time from scheduling to the container running (pull + start), ContainerCreating.
  public var startupSeconds: Double
  /// Fraction of requests this image fails (0…1).
  public var errorRate: Double
  /// The container exits shortly after starting; the kubelet restarts the first exit
  /// at once, then with back-off 10 s, 20 s, 40 s … capped at 300 s (CrashLoopBackOff).
  public var crashLoop: Bool
  /// Seconds a crash-looping container runs before it exits.
  public var crashAfterSeconds: Double
  /// The readiness probe never succeeds.
  public var neverReady: Bool
  /// Seconds the process needs to shut down after SIGTERM; the pod is gone after
  /// min(this, terminationGracePeriodSeconds). nil = it uses the whole grace period.
  public var shutdownSeconds: Double?
  /// Median latency of a request in milliseconds (used by latency analysis).
  public var latencyMs: Double
  /// Why a crash-looping container exits: its last termination reason (an `oom`
  /// fault: `OOMKilled`, exit code 137).
  public var crashReason: ContainerTerminationReason = .error
  /// A `readinessFails` fault with `after` > 0: seconds after each container start
  /// at which its readiness probe stops passing (nil: it keeps passing).
  public var readinessStopsAfterSeconds: Double?
  /// An error-rate or latency fault triggered `after` each container's start.
  var perContainerTrafficFault = false

  public init(
    startupSeconds: Double = 2, errorRate: Double = 0, crashLoop: Bool = false,
    crashAfterSeconds: Double = 1, neverReady: Bool = false, shutdownSeconds: Double? = 1,
    latencyMs: Double = 50
  ) {
    self.startupSeconds = startupSeconds
    self.errorRate = errorRate
    self.crashLoop = crashLoop
    self.crashAfterSeconds = crashAfterSeconds
    self.neverReady = neverReady
    self.shutdownSeconds = shutdownSeconds
    self.latencyMs = latencyMs
  }

  public static let `default` = ImageBehavior()
}

/// `status.containerStatuses[].lastState.terminated.reason` of a restarted container.
public enum ContainerTerminationReason: String, Sendable, Hashable, Codable {
  /// The process exited non-zero.
  case error = "Error"
  /// The kernel's OOM killer ended it for exceeding its memory limit (SIGKILL).
  case oomKilled = "OOMKilled"

  public var exitCode: Int { self == .oomKilled ? 137 : 1 }
}

/// A node with allocatable capacity.
public struct NodeSpec: Sendable, Hashable {
  public var name: String
  public var cpuMillis: Int
  public var memoryBytes: Int64
  public init(name: String, cpuMillis: Int, memoryBytes: Int64) {
    self.name = name
    self.cpuMillis = cpuMillis
    self.memoryBytes = memoryBytes
  }
}

/// How the scheduler picks a node among those that fit.
public enum SchedulingPolicy: String, Sendable, Hashable {
  /// The first node (by name order) with room: packs nodes, cheap for huge fleets.
  case firstFit
  /// The node with the lowest requested share after placement, like the default
  /// kube-scheduler's `NodeResourcesFit` LeastAllocated score; ties by name.
  case leastAllocated
}

public struct ClusterSpec: Sendable, Hashable {
  public var nodes: [NodeSpec]
  public var scheduling: SchedulingPolicy
  /// kube-scheduler's `percentageOfNodesToScore` for `leastAllocated`: stop looking
  /// once this share of the nodes has been found feasible, scanning from where the
  /// previous pod's search stopped. nil (the default) scores every node, as rollsim
  /// always has; 0 is kube-scheduler's adaptive default, max(5, 50 − nodes/125) %;
  /// 1…100 a fixed percentage. At least 100 nodes are searched either way.
  public var percentageOfNodesToScore: Int?

  public init(nodes: [NodeSpec], scheduling: SchedulingPolicy = .leastAllocated, percentageOfNodesToScore: Int? = nil) {
    self.nodes = nodes
    self.scheduling = scheduling
    self.percentageOfNodesToScore = percentageOfNodesToScore
  }

  /// `count` identical nodes named `node-1` … `node-N`.
  public static func uniform(
    count: Int, cpuMillis: Int, memoryBytes: Int64, scheduling: SchedulingPolicy = .leastAllocated
  ) -> ClusterSpec {
    ClusterSpec(
      nodes: (0..<count).map { NodeSpec(name: "node-\($0 + 1)", cpuMillis: cpuMillis, memoryBytes: memoryBytes) },
      scheduling: scheduling)
  }

  /// The default: 3 nodes of 4 CPU / 8 GiB.
  public static let `default` = ClusterSpec.uniform(count: 3, cpuMillis: 4000, memoryBytes: 8 << 30)
}

public struct TrafficSpec: Sendable, Hashable {
  public var requestsPerSecond: Double
  /// Requests per second one Ready pod can serve; the excess fails. nil = unlimited.
  public var podCapacity: Double?
  public init(requestsPerSecond: Double = 100, podCapacity: Double? = nil) {
    self.requestsPerSecond = requestsPerSecond
    self.podCapacity = podCapacity
  }
}

/// A user action, scheduled (`--action TIME:VERB`, `spec.actions`) or interactive.
public enum ActionVerb: Sendable, Hashable, CustomStringConvertible {
  case pause
  case resume
  /// `undo` (nil: the previous revision) or `undo=REVISION`.
  case undo(revision: Int?)
  case scale(Int)
  case setImage(String)
  /// Delete one running pod, picked with the simulation's seeded generator.
  case killPod
  /// Take node N (1-based) down: its pods are lost and it takes no new pods.
  case nodeDown(Int)
  case nodeUp(Int)
  case promote
  case promoteFull
  case abort
  case retry

  public var description: String {
    switch self {
    case .pause: return "pause"
    case .resume: return "resume"
    case .undo(let r): return r.map { "undo=\($0)" } ?? "undo"
    case .scale(let n): return "scale=\(n)"
    case .setImage(let i): return "set-image=\(i)"
    case .killPod: return "kill-pod"
    case .nodeDown(let n): return "node-down=\(n)"
    case .nodeUp(let n): return "node-up=\(n)"
    case .promote: return "promote"
    case .promoteFull: return "promote-full"
    case .abort: return "abort"
    case .retry: return "retry"
    }
  }

  /// Verbs the cluster carries out (a node, a random pod): they need no workload
  /// in a run of several (`kill-pod` may name one to pick among its pods).
  public var isClusterVerb: Bool {
    switch self {
    case .killPod, .nodeDown, .nodeUp: return true
    default: return false
    }
  }

  /// `node-down` / `node-up`: a node is the cluster's, shared by every workload, so
  /// the action takes no workload target.
  public var actsOnNode: Bool {
    switch self {
    case .nodeDown, .nodeUp: return true
    default: return false
    }
  }

  /// Parses the `VERB[=ARG]` form used by `--action` and recordings.
  /// Returns nil with no message; callers report the error with context.
  public static func parse(_ text: String) -> ActionVerb? {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    let verb = parts.first ?? ""
    let arg = parts.count > 1 ? parts[1] : nil
    func int() -> Int? { arg.flatMap { Int($0) } }
    switch verb {
    case "pause": return arg == nil ? .pause : nil
    case "resume": return arg == nil ? .resume : nil
    case "undo":
      if arg == nil { return .undo(revision: nil) }
      guard let r = int(), r > 0 else { return nil }
      return .undo(revision: r)
    case "scale": guard let n = int(), n >= 0 else { return nil }; return .scale(n)
    case "set-image": guard let a = arg, !a.isEmpty else { return nil }; return .setImage(a)
    case "kill-pod": return arg == nil ? .killPod : nil
    case "node-down": guard let n = int(), n > 0 else { return nil }; return .nodeDown(n)
    case "node-up": guard let n = int(), n > 0 else { return nil }; return .nodeUp(n)
    case "promote": return arg == nil ? .promote : nil
    case "promote-full": return arg == nil ? .promoteFull : nil
    case "abort": return arg == nil ? .abort : nil
    case "retry": return arg == nil ? .retry : nil
    default: return nil
    }
  }

  /// Every verb's spelling, for help texts and error messages.
  public static let spellings =
    "pause, resume, undo, undo=REVISION, scale=N, set-image=IMAGE, kill-pod, node-down=N, node-up=N, promote, promote-full, abort, retry"
}

public struct ScheduledAction: Sendable, Hashable {
  public var at: SimTime
  public var verb: ActionVerb
  /// The workload the verb acts on (`TIME:VERB@NAME`), by name; nil: the only (or
  /// first) workload, or the cluster for cluster verbs (`node-down`, `kill-pod`).
  public var workload: String?
  public init(at: SimTime, verb: ActionVerb, workload: String? = nil) {
    self.at = at
    self.verb = verb
    self.workload = workload
  }
}

/// A workload simulated beside the input's first one on the same cluster (an app
/// folder with several Deployments and Rollouts): its own controller, ReplicaSets,
/// Service traffic and starting fleet.
public struct AdditionalWorkload: Sendable, Hashable {
  public var workload: WorkloadSpec
  /// The image its fleet runs before t = 0 (nil: a first deploy).
  public var fromImage: String?
  public init(workload: WorkloadSpec, fromImage: String?) {
    self.workload = workload
    self.fromImage = fromImage
  }
}

/// Everything a simulation needs: the workload, the objects beside it and the world.
public struct SimulationInput: Sendable, Hashable {
  public var name: String
  public var workload: WorkloadSpec
  /// The image the fleet runs, fully available, before t = 0; the workload's template
  /// is rolled out at t = 0. nil = start from nothing (a first deploy).
  public var fromImage: String?
  public var services: [ServiceSpec]
  public var virtualServices: [VirtualServiceSpec]
  public var analysisTemplates: [AnalysisTemplateSpec]
  public var seed: UInt64
  public var cluster: ClusterSpec
  public var traffic: TrafficSpec
  public var images: [String: ImageBehavior]
  public var actions: [ScheduledAction]
  /// Pod availability uses the old strict `Before(now)` rule of older
  /// Kubernetes releases (`pkg/api/v1/pod/util.go` `IsPodAvailable`).
  public var strictMinReady: Bool
  /// What goes wrong, and when (FaultSpec.swift); empty by default.
  public var faults = FaultSchedule()
  /// Request outcomes are sampled from the seed instead of the exact expectation
  /// (analysis measurements, TrafficNoise.swift); off by default.
  public var noise = false
  /// Workloads simulated together with `workload` on the shared cluster, in input
  /// order (empty: the one-workload run every output format was first written for).
  public var additionalWorkloads: [AdditionalWorkload] = []
  /// A workload's own traffic, by workload name (`spec.traffic.workloads`); the
  /// others take `traffic`.
  public var workloadTraffic: [String: TrafficSpec] = [:]

  public init(
    name: String? = nil, workload: WorkloadSpec, fromImage: String? = nil,
    services: [ServiceSpec] = [], virtualServices: [VirtualServiceSpec] = [],
    analysisTemplates: [AnalysisTemplateSpec] = [], seed: UInt64 = 1,
    cluster: ClusterSpec = .default, traffic: TrafficSpec = TrafficSpec(),
    images: [String: ImageBehavior] = [:], actions: [ScheduledAction] = [],
    strictMinReady: Bool = false
  ) {
    self.name = name ?? workload.name
    self.workload = workload
    self.fromImage = fromImage
    self.services = services
    self.virtualServices = virtualServices
    self.analysisTemplates = analysisTemplates
    self.seed = seed
    self.cluster = cluster
    self.traffic = traffic
    self.images = images
    self.actions = actions
    self.strictMinReady = strictMinReady
  }

  public func behavior(of image: String) -> ImageBehavior { images[image] ?? .default }

  /// Every workload of the run, in input order: `workload` first.
  public var workloads: [WorkloadSpec] { [workload] + additionalWorkloads.map(\.workload) }

  /// The input of workload `i` alone (its spec and starting fleet, the shared world).
  public func workloadInput(_ i: Int) -> SimulationInput {
    var one = self
    one.additionalWorkloads = []
    if i > 0 {
      one.workload = additionalWorkloads[i - 1].workload
      one.fromImage = additionalWorkloads[i - 1].fromImage
      one.name = one.workload.name
    }
    if let t = workloadTraffic[one.workload.name] { one.traffic = t }
    one.workloadTraffic = [:]
    return one
  }
}
