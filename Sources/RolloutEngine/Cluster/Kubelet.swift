/// The kubelet's start-up sequence beyond the main container: init containers first.
extension Cluster {
  /// From binding to the main containers' start: each init container in order (a
  /// regular one runs to completion, a sidecar until it has started; the kubelet
  /// starts the next only then, `pkg/kubelet/kuberuntime/kuberuntime_container.go`
  /// `computeInitContainerActions`), then the main container's image start-up.
  /// Every duration is the image's `ImageBehavior.startupSeconds`.
  func startupTime(_ t: PodTemplate) -> SimTime {
    var total = SimTime.seconds(behavior(of: t.image).startupSeconds)
    for c in t.initContainers { total = total.addingSaturated(SimTime.seconds(behavior(of: c.image).startupSeconds)) }
    return total
  }

  /// From the main containers' start to the pod's Ready condition: the probes (see
  /// `PodTemplate.readyDelay`), then the readiness gates; nil when a gate is never
  /// set, so the pod stays Running and unready.
  func readyDelay(_ t: PodTemplate) -> SimTime? {
    guard let gates = t.readinessGateDelay else { return nil }
    return t.readyDelay.addingSaturated(gates)
  }
}

extension SimTime {
  /// `self + other`, clamped instead of trapping on overflow.
  func addingSaturated(_ other: SimTime) -> SimTime {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other > 0 ? .max : .min) : sum
  }
}

extension Cluster {
  /// A ReplicaSet template's kubelet timings and whether it has placement rules.
  struct KubeletTiming: Sendable {
    /// `startupTime`: init containers, then the image's start-up.
    var startup: SimTime
    /// `readyDelay`: nil when a readiness gate is never set.
    var readyDelay: SimTime?
    /// When a never-ready image's readiness probe has failed `failureThreshold` times.
    var probeFailure: SimTime
    /// The template's readiness probe, or the defaults (a readiness fault needs one).
    var readinessProbe: ReadinessProbe
    var hasPlacement: Bool
    /// From deletion to gone: min(the image's shutdown time, terminationGracePeriodSeconds).
    var termination: SimTime
  }
}
