/// How the traffic kinds of a `FaultSchedule` (error rate, latency) act on the
/// requests one ReplicaSet serves, at one instant.
struct TrafficFaultEffect: Sendable, Hashable {
  /// Added to the image's own error rate (the sum capped at 1).
  var extraErrorRate = 0.0
  /// The latency distribution replacing the image's, when a latency fault is active.
  var latency: LatencyShape?
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

  /// When a traffic fault of `image` starts (nil: a load trigger, or never).
  static func start(_ f: ImageFault, createdAt: SimTime) -> SimTime? {
    switch f.trigger {
    case .at(let t): return t
    case .after(let d): return createdAt + d
    case .whenRpsPerPodAbove: return nil
    }
  }

  /// The effect on a ReplicaSet of `image` created at `createdAt`, at `now`, its
  /// Ready pods serving `perPodLoad` requests per second each.
  func trafficEffect(image: String, createdAt: SimTime, now: SimTime, perPodLoad: Double) -> TrafficFaultEffect {
    var e = TrafficFaultEffect()
    for f in images where f.image == image && f.kind.isTraffic {
      var elapsed: SimTime
      if case .whenRpsPerPodAbove(let limit) = f.trigger {
        guard perPodLoad > limit else { continue }
        elapsed = .max
      } else {
        guard let s = FaultSchedule.start(f, createdAt: createdAt), now >= s else { continue }
        elapsed = now - s
      }
      switch f.kind {
      case .errorRate(let from, let to, let ramp):
        var rate = to
        let rampMs = SimTime.seconds(ramp)
        if rampMs > 0, elapsed < rampMs {
          // The staircase value: the step that began at or before now.
          let stepped = (elapsed / FaultSchedule.rampStepMs) * FaultSchedule.rampStepMs
          rate = from + (to - from) * Double(stepped) / Double(rampMs)
        }
        e.extraErrorRate = min(1, e.extraErrorRate + max(0, rate))
      case .latency(let p50, let p99):
        e.latency = LatencyShape(p50Ms: p50, p99Ms: max(p99, p50))
      default: break
      }
    }
    return e
  }

  /// The next instant after `now` at which a time-triggered traffic fault starts or
  /// steps its ramp, for the ReplicaSets alive (image, createdAt); nil when none.
  func nextTrafficChange(after now: SimTime, replicaSets: [(image: String, createdAt: SimTime)]) -> SimTime? {
    var best: SimTime?
    func consider(_ t: SimTime) { if t > now { best = min(best ?? t, t) } }
    for f in images where f.kind.isTraffic {
      var starts: [SimTime] = []
      if case .at(let t) = f.trigger { starts = [t] } else {
        starts = replicaSets.filter { $0.image == f.image }.compactMap { FaultSchedule.start(f, createdAt: $0.createdAt) }
      }
      for s in starts {
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
