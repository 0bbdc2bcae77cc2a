/// The `faults:` section of a `rollsim/v1 Simulation` document: what goes wrong, and
/// when. A drill's hidden fault schedule is one of these.

/// When an image fault begins.
public enum FaultTrigger: Sendable, Hashable {
  /// A time after each of the image's containers starts: `after: 90s`. A restarted
  /// container starts its clock again (a memory leak restarts). For the traffic
  /// kinds (error rate, latency) each Ready pod fails or slows on its own clock, and
  /// the ReplicaSet's requests are the mean over its Ready pods.
  case after(SimTime)
  /// A simulated wall time: `at: 5m`.
  case at(SimTime)
  /// While each Ready pod of the image serves more than this many requests per
  /// second: `whenRpsPerPodAbove: 80` (fine at 10 % of the traffic, failing at 50 %).
  case whenRpsPerPodAbove(Double)
}

/// What goes wrong with an image.
public enum FaultKind: Sendable, Hashable {
  /// A further share of requests fails: `to` at once (`rampSeconds` 0), or rising
  /// linearly from `from` to `to` over `rampSeconds` after the trigger.
  case errorRate(from: Double, to: Double, rampSeconds: Double)
  /// Requests are slower: a log-normal with this median and 99th percentile (ms),
  /// still rising with per-pod load as `1 + utilisation²` (`TrafficModel.latency`).
  case latency(p50Ms: Double, p99Ms: Double)
  /// The container exits `after` its start; the kubelet restarts it with back-off.
  case crash
  /// As `crash`: the container is killed for exceeding its memory limit (`OOMKilled`
  /// in its last state), and the kubelet restarts it with the same back-off.
  case oom
  /// The readiness probe stops passing `after` the container's start (`after: 0s`,
  /// the default: it never passes); the kubelet marks the pod NotReady at the
  /// probe's `failureThreshold`-th failure in a row.
  case readinessFails
  /// The container needs this many more seconds to start.
  case slowStart(seconds: Double)

  /// Kinds that act on requests (changing over time or with load) rather than on
  /// the pod lifecycle.
  public var isTraffic: Bool {
    switch self {
    case .errorRate, .latency: return true
    default: return false
    }
  }
}

public struct ImageFault: Sendable, Hashable {
  public var image: String
  public var trigger: FaultTrigger
  public var kind: FaultKind
  public init(image: String, trigger: FaultTrigger, kind: FaultKind) {
    self.image = image
    self.trigger = trigger
    self.kind = kind
  }
}

/// A node stops reporting (`NotReady`): the node lifecycle controller marks its pods
/// not Ready and taints it `node.kubernetes.io/unreachable` (`NoSchedule`, then
/// `NoExecute`); the taint manager evicts each pod once its toleration ends, 300 s
/// by default (`DefaultTolerationSeconds` admission plugin; kubernetes
/// pkg/controller/nodelifecycle/node_lifecycle_controller.go `MarkPodsNotReady`,
/// pkg/controller/tainteviction/taint_eviction.go `processPodOnNode`).
public struct NodeFault: Sendable, Hashable {
  /// 1-based, like `node-down=N`.
  public var node: Int
  public var at: SimTime
  public var tolerationSeconds: Double
  /// When the node reports again (nil: it stays NotReady until `node-up`).
  public var backAt: SimTime?
  public init(node: Int, at: SimTime, tolerationSeconds: Double = 300, backAt: SimTime? = nil) {
    self.node = node
    self.at = at
    self.tolerationSeconds = tolerationSeconds
    self.backAt = backAt
  }
}

public struct FaultSchedule: Sendable, Hashable {
  public var images: [ImageFault]
  public var nodes: [NodeFault]
  public init(images: [ImageFault] = [], nodes: [NodeFault] = []) {
    self.images = images
    self.nodes = nodes
  }
  public var isEmpty: Bool { images.isEmpty && nodes.isEmpty }

  /// The image behaviours with the lifecycle faults folded in: the kubelet paths
  /// (`Cluster.containerStarted`, `crash`) then play them as they play
  /// `crashLoop` and `neverReady`. Only `after` triggers apply (from the container's
  /// start); the loader rejects others for these kinds. Traffic faults on each
  /// container's clock mark the image so the kubelet keeps the clocks.
  public func applyingLifecycleFaults(to images: [String: ImageBehavior]) -> [String: ImageBehavior] {
    var out = images
    for f in self.images {
      var b = out[f.image] ?? .default
      if f.kind.isTraffic {
        if case .after = f.trigger { b.perContainerTrafficFault = true }
        out[f.image] = b
        continue
      }
      let delay: Double
      if case .after(let d) = f.trigger { delay = Double(d) / 1000 } else { delay = 0 }
      switch f.kind {
      case .crash, .oom:
        b.crashLoop = true
        b.crashAfterSeconds = delay
        if f.kind == .oom { b.crashReason = .oomKilled }
      case .readinessFails:
        if delay > 0 { b.readinessStopsAfterSeconds = delay } else { b.neverReady = true }
      case .slowStart(let s): b.startupSeconds += s
      case .errorRate, .latency: break
      }
      out[f.image] = b
    }
    return out
  }
}
