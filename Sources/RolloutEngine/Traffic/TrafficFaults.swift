/// How the traffic kinds of a `FaultSchedule` (error rate, latency) act on the
/// requests one ReplicaSet serves, at one instant.
struct TrafficFaultEffect: Sendable, Hashable {
  /// Added to the image's own error rate (the sum capped at 1): the mean over the
  /// ReplicaSet's Ready pods, each on its own clock for `after` triggers.
  var extraErrorRate = 0.0
  /// The latency distribution of the pods a latency fault slows, and their share of
  /// the Ready pods (so of the requests: kube-proxy spreads them evenly).
  var latency: LatencyShape?
  var latencyShare = 0.0
  /// Some fault of the image is active on at least one Ready pod.
  var active = false
}

/// A log-normal latency: median and 99th percentile in ms.
struct LatencyShape: Sendable, Hashable {
  var p50Ms: Double
  var p99Ms: Double
  /// σ of the log-normal: ln(p99 / p50) / z(0.99).
  var sigma: Double { p99Ms > p50Ms && p50Ms > 0 ? TrafficModel.log(p99Ms / p50Ms) / 2.3263478740408408 : 0.5 }
}

extension FaultSchedule {
  /// Seconds between error-rate steps during a ramp: the traffic model's counts are
  /// closed-form per routing segment, so a ramp is a staircase of segments.
  static let rampStepMs: SimTime = 10_000

  /// When a time-triggered fault starts for a container started at `containerStart`
  /// (nil: a load trigger).
  static func start(_ f: ImageFault, containerStart: SimTime) -> SimTime? {
    switch f.trigger {
    case .at(let t): return t
    case .after(let d): return containerStart + d
    case .whenRpsPerPodAbove: return nil
    }
  }

  /// The error rate a fault adds `elapsed` after its start.
  static func rate(_ kind: FaultKind, elapsed: SimTime) -> Double {
    guard case .errorRate(let from, let to, let ramp) = kind else { return 0 }
    var rate = to
    let rampMs = SimTime.seconds(ramp)
    if rampMs > 0, elapsed < rampMs {
      // The staircase value: the step that began at or before now.
      let stepped = (elapsed / FaultSchedule.rampStepMs) * FaultSchedule.rampStepMs
      rate = from + (to - from) * Double(stepped) / Double(rampMs)
    }
    return max(0, rate)
  }

  /// Whether `image` has a traffic fault whose clock is each container's start.
  func hasPerContainerTrafficFault(image: String) -> Bool {
    images.contains { f in
      guard f.image == image, f.kind.isTraffic, case .after = f.trigger else { return false }
      return true
    }
  }

  /// The effect on a ReplicaSet of `image` at `now`, its Ready pods' containers
  /// started at `starts` (one entry per Ready pod), each serving `perPodLoad`
  /// requests per second.
  func trafficEffect(image: String, starts: [SimTime], now: SimTime, perPodLoad: Double) -> TrafficFaultEffect {
    var e = TrafficFaultEffect()
    guard !starts.isEmpty else { return e }
    let n = Double(starts.count)
    for f in images where f.image == image && f.kind.isTraffic {
      // Per Ready pod: how long its fault has been on (nil: not yet).
      var elapsed: [SimTime] = []
      switch f.trigger {
      case .whenRpsPerPodAbove(let limit):
        guard perPodLoad > limit else { continue }
        elapsed = Array(repeating: .max, count: starts.count)
      case .at(let t):
        guard now >= t else { continue }
        elapsed = Array(repeating: now - t, count: starts.count)
      case .after(let d):
        elapsed = starts.compactMap { s in now >= s + d ? now - (s + d) : nil }
      }
      guard !elapsed.isEmpty else { continue }
      e.active = true
      switch f.kind {
      case .errorRate:
        let sum = elapsed.reduce(0.0) { $0 + FaultSchedule.rate(f.kind, elapsed: $1) }
        e.extraErrorRate = min(1, e.extraErrorRate + sum / n)
      case .latency(let p50, let p99):
        e.latency = LatencyShape(p50Ms: p50, p99Ms: max(p99, p50))
        e.latencyShare = Double(elapsed.count) / n
      default: break
      }
    }
    return e
  }

  /// The next instant after `now` at which a time-triggered traffic fault starts or
  /// steps its ramp, for the live ReplicaSets' containers (image, container starts);
  /// nil when none.
  func nextTrafficChange(after now: SimTime, replicaSets: [(image: String, starts: [SimTime])]) -> SimTime? {
    var best: SimTime?
    func consider(_ t: SimTime) { if t > now { best = min(best ?? t, t) } }
    for f in images where f.kind.isTraffic {
      var starts: [SimTime] = []
      switch f.trigger {
      case .at(let t): starts = [t]
      case .after(let d):
        for rs in replicaSets where rs.image == f.image { starts += rs.starts.map { $0 + d } }
      case .whenRpsPerPodAbove: continue
      }
      for s in Set(starts) {
        consider(s)
        if case .errorRate(_, _, let ramp) = f.kind, ramp > 0, now >= s {
          let end = s + SimTime.seconds(ramp)
          let next = s + ((now - s) / FaultSchedule.rampStepMs + 1) * FaultSchedule.rampStepMs
          consider(min(next, end))
        }
      }
    }
    return best
  }
}
