/// The `faults:` section of a `rollsim/v1 Simulation` document: what goes wrong, and
/// when. A drill's hidden fault schedule is one of these.

/// When an image fault begins.
public enum FaultTrigger: Sendable, Hashable {
  /// A time after the pod's container starts (crash, OOM, slow start, readiness) or,
  /// for the traffic kinds (error rate, latency), after the image's ReplicaSet was
  /// created: `after: 90s`.
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
  /// The readiness probe never passes.
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

  /// The earliest time any fault begins, given when each image's ReplicaSet was
  /// created (for `after` triggers of traffic kinds) — what a drill's "time to
  /// detect" counts from. Load triggers have no fixed time (nil).
  public func earliestStart(createdAt: (String) -> SimTime?) -> SimTime? {
    var best: SimTime?
    for f in images {
      var t: SimTime?
      switch f.trigger {
      case .at(let a): t = a
      case .after(let d): t = createdAt(f.image).map { $0 + d }
      case .whenRpsPerPodAbove: t = nil
      }
      if let t { best = min(best ?? t, t) }
    }
    for n in nodes { best = min(best ?? n.at, n.at) }
    return best
  }

  /// The image behaviours with the lifecycle faults folded in: the kubelet paths
  /// (`Cluster.containerStarted`, `crash`) then play them as they play
  /// `crashLoop` and `neverReady`. Only `after` triggers apply (from the container's
  /// start); the loader rejects others for these kinds.
  public func applyingLifecycleFaults(to images: [String: ImageBehavior]) -> [String: ImageBehavior] {
    var out = images
    for f in self.images where !f.kind.isTraffic {
      var b = out[f.image] ?? .default
      let delay: Double
      if case .after(let d) = f.trigger { delay = Double(d) / 1000 } else { delay = 0 }
      switch f.kind {
      case .crash, .oom:
        b.crashLoop = true
        b.crashAfterSeconds = delay
      case .readinessFails: b.neverReady = true
      case .slowStart(let s): b.startupSeconds += s
      case .errorRate, .latency: break
      }
      out[f.image] = b
    }
    return out
  }
}
