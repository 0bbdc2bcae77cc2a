/// The parts of a pod spec that shape its start-up, readiness and placement beyond
/// one container's image and probe: init and sidecar containers, the startup probe,
/// readiness gates, required anti-affinity and topology spread.

/// An entry of `spec.initContainers`. A regular init container runs to completion
/// before the next one starts; a sidecar (`restartPolicy: Always`, Kubernetes 1.29+)
/// is started and keeps running, and the next one starts once it has started.
public struct InitContainer: Sendable, Hashable {
  public var name: String
  /// Its `ImageBehavior.startupSeconds` is how long it runs (or, for a sidecar,
  /// takes to start).
  public var image: String
  public var sidecar: Bool
  public init(name: String, image: String, sidecar: Bool = false) {
    self.name = name
    self.image = image
    self.sidecar = sidecar
  }
}

/// A container's `startupProbe`: readiness (and liveness) probing only counts once
/// it has passed. Its success threshold is always 1 (API validation).
public struct StartupProbe: Sendable, Hashable {
  public var initialDelaySeconds: Int
  public var periodSeconds: Int
  public var failureThreshold: Int
  public init(initialDelaySeconds: Int = 0, periodSeconds: Int = 10, failureThreshold: Int = 3) {
    self.initialDelaySeconds = initialDelaySeconds
    self.periodSeconds = periodSeconds
    self.failureThreshold = failureThreshold
  }
}

/// A `readinessGates` entry: the pod is Ready only once every gate's condition is
/// True. Something outside the kubelet sets it (a load balancer controller, a test
/// harness); in rollsim the Simulation document says when.
public struct ReadinessGate: Sendable, Hashable {
  public var conditionType: String
  /// Seconds after the containers are Ready at which the condition becomes True;
  /// nil = never (the pod stays unready).
  public var afterSeconds: Double?
  public init(conditionType: String, afterSeconds: Double?) {
    self.conditionType = conditionType
    self.afterSeconds = afterSeconds
  }
}

/// A required scheduling rule on the `kubernetes.io/hostname` topology, the ones
/// rollsim's nodes (which have no zones) can honour.
public enum PlacementConstraint: Sendable, Hashable {
  /// `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`: no node may
  /// hold a pod (terminating ones included) whose labels match the selector.
  case antiAffinity(selector: [String: String])
  /// `topologySpreadConstraints` with `whenUnsatisfiable: DoNotSchedule`: after
  /// placement, the node's matching pods (terminating ones excluded) exceed the
  /// least-loaded node's by at most `maxSkew`.
  case spread(maxSkew: Int, selector: [String: String])
}

extension PodTemplate {
  /// Milliseconds from the main containers' start to the containers being Ready,
  /// for one container's probes (the kubelet's prober, `pkg/kubelet/prober`): with a
  /// startup probe, readiness results only count from its first success (at its
  /// initialDelaySeconds); the readiness probe runs at initialDelaySeconds and then
  /// every periodSeconds, and needs successThreshold successes in a row. No probe at
  /// all: Ready when started.
  public static func readyDelay(readiness: ReadinessProbe?, startup: StartupProbe?) -> SimTime {
    let started = SimTime.seconds(startup?.initialDelaySeconds ?? 0)
    guard let r = readiness else { return started }
    // No startup probe: the probe's own saturating delay.
    guard started > 0 else { return r.readyDelay }
    let period = SimTime.seconds(r.periodSeconds)
    var first = SimTime.seconds(r.initialDelaySeconds)
    if first < started, period > 0 {
      // The first readiness probe at or after the startup probe's success.
      first += (started - first + period - 1) / period * period
    }
    // int32 × int32 seconds overflows milliseconds: saturate, as `readyDelay` does.
    let (more, overflow) = SimTime(max(0, r.successThreshold - 1)).multipliedReportingOverflow(by: period)
    return overflow ? .max : first.addingSaturated(more)
  }

  /// This template's delay from start to containers Ready (see `readyDelay`).
  public var readyDelay: SimTime { Self.readyDelay(readiness: readinessProbe, startup: startupProbe) }

  /// Extra time after the containers are Ready until every readiness gate is True;
  /// nil when a gate is never set.
  public var readinessGateDelay: SimTime? {
    var longest: SimTime = 0
    for g in readinessGates {
      guard let a = g.afterSeconds else { return nil }
      longest = max(longest, SimTime.seconds(a))
    }
    return longest
  }
}
