/// An AnalysisRun whose metrics read the simulation instead of Prometheus
/// (docs/semantics.md, analysis). Measurements are taken on controller wake-ups at
/// `start + initialDelay + k·interval`; verdicts follow `AnalysisVerdict`.
struct AnalysisRun: Sendable {
  enum Kind: Sendable, Hashable {
    case background
    case step(Int)
    case prePromotion
    case postPromotion

    var label: String {
      switch self {
      case .background: return "background"
      case .step(let i): return "step \(i)"
      case .prePromotion: return "prePromotion"
      case .postPromotion: return "postPromotion"
      }
    }
  }

  struct Metric: Sendable {
    var spec: MetricSpec
    var state = MetricRunState()
    var measurements: [MeasurementView] = []
    var phase: AnalysisPhase = .pending
    var nextAt: SimTime
    /// Request counts of the measured ReplicaSet at the previous measurement.
    var lastCounts = RequestCounts()
  }

  var name: String
  var kind: Kind
  /// ReplicaSet index whose requests are measured (the canary / new revision).
  var target: Int
  var revision: Int
  var startedAt: SimTime
  var metrics: [Metric]
  var phase: AnalysisPhase = .running
  /// Set when the rollout stops an open-ended run (background analysis at the end).
  var terminated = false

  init(name: String, kind: Kind, target: Int, revision: Int, templates: [AnalysisTemplateSpec], now: SimTime, baseline: RequestCounts) {
    self.name = name
    self.kind = kind
    self.target = target
    self.revision = revision
    self.startedAt = now
    self.metrics = templates.flatMap(\.metrics).map {
      Metric(spec: $0, nextAt: now + SimTime.seconds($0.initialDelaySeconds), lastCounts: baseline)
    }
  }

  var isTerminal: Bool { phase != .running && phase != .pending }

  /// The next measurement time, if any metric is still running.
  var nextMeasurement: SimTime? {
    guard !isTerminal else { return nil }
    return metrics.filter { !$0.phase.isTerminal }.map(\.nextAt).min()
  }

  /// Takes every measurement due at `now`; returns true if anything was recorded.
  mutating func measure(now: SimTime, cluster: Cluster, traffic: TrafficModel, desiredReplicas: Int) -> Bool {
    guard !isTerminal else { return false }
    var any = false
    for i in metrics.indices where !metrics[i].phase.isTerminal && metrics[i].nextAt <= now {
      let counts = traffic.counts(rs: target, at: now)
      var window = (metrics[i].lastCounts, counts)
      var source = metrics[i].spec.source
      if traffic.noise {
        let salt = UInt64(i + 1) &* 7919 &+ UInt64(revision)
        window = AnalysisRun.sampled(window, seed: traffic.seed, salt: salt, time: now)
        if case .latencyPercentile(let p) = source {
          source = .latencyPercentile(AnalysisRun.sampledPercentile(p, requests: window.1.total, seed: traffic.seed, salt: salt, time: now))
        }
      }
      let value = AnalysisRun.read(
        source, window: window, rs: target, cluster: cluster, traffic: traffic,
        desiredReplicas: desiredReplicas)
      metrics[i].lastCounts = counts
      let phase: AnalysisPhase
      if case .scripted(let result, let after) = metrics[i].spec.source {
        // A scripted provider: its result, not a comparison of a value.
        phase = now - startedAt >= SimTime.seconds(after) ? result : .successful
      } else {
        phase = evaluateMeasurement(value: value, success: metrics[i].spec.successCondition, failure: metrics[i].spec.failureCondition)
      }
      metrics[i].state.record(phase)
      metrics[i].measurements.append(MeasurementView(time: now, value: value, phase: phase))
      metrics[i].phase = metrics[i].state.verdict(for: metrics[i].spec)
      if let iv = metrics[i].spec.intervalSeconds, iv > 0 { metrics[i].nextAt = now + SimTime.seconds(iv) } else {
        metrics[i].nextAt = now
      }
      any = true
    }
    if any { updatePhase() }
    return any
  }

  mutating func updatePhase() {
    let phases = metrics.map(\.phase)
    let worst = runVerdict(phases)
    // Any Failed/Error/Inconclusive metric ends the run early; otherwise it ends
    // when every metric is Successful.
    if worst == .failed || worst == .error || worst == .inconclusive {
      phase = worst
    } else if phases.allSatisfy({ $0 == .successful }) {
      phase = .successful
    } else {
      phase = .running
    }
  }

  /// Stops an open-ended run: counts as Successful unless already failed.
  mutating func terminate() {
    guard !isTerminal else { return }
    terminated = true
    phase = .successful
  }

  /// Reads a metric from the simulation. Error and success rates are over the
  /// requests the measured ReplicaSet served since the previous measurement; when it
  /// served none (a preview that takes no production traffic, a canary at weight 0),
  /// the measurement stands for synthetic test requests and reads the image's own
  /// error rate. Latency is the model's percentile at the current load.
  static func read(
    _ source: MetricSource, window: (RequestCounts, RequestCounts), rs: Int, cluster: Cluster, traffic: TrafficModel,
    desiredReplicas: Int
  ) -> Double? {
    let image = cluster.replicaSets[rs].template.image
    let b = cluster.behavior(of: image)
    let served = window.1.total - window.0.total
    let failed = window.1.failed - window.0.failed
    switch source {
    case .errorRate:
      if served > 0.5 { return round6(failed / served) }
      return round6(b.errorRate)
    case .successRate:
      if served > 0.5 { return round6(1 - failed / served) }
      return round6(1 - b.errorRate)
    case .latencyPercentile(let p):
      let v = traffic.latency(rs: rs, percentile: p, medianMs: b.latencyMs)
        ?? b.latencyMs * TrafficModel.exp(0.5 * TrafficModel.normalQuantile(min(max(p / 100, 0.001), 0.999)))
      return round6(v)
    case .scripted:
      return nil
    case .availableRatio:
      guard desiredReplicas > 0 else { return 1 }
      let owner = cluster.replicaSets[rs].owner
      let avail = cluster.liveAvailable(of: owner)
      return round6(Double(avail) / Double(desiredReplicas))
    }
  }

  /// With noise on, a window's requests and failures drawn around their
  /// expectation (TrafficNoise.swift); the result reads as a window from zero.
  static func sampled(_ w: (RequestCounts, RequestCounts), seed: UInt64, salt: UInt64, time: SimTime) -> (RequestCounts, RequestCounts) {
    let served = w.1.total - w.0.total
    let failed = w.1.failed - w.0.failed
    var g = TrafficNoise.generator(seed: seed, salt: salt, time: time)
    let s = TrafficNoise.sample(expected: served, failFraction: served > 0 ? failed / served : 0, &g)
    // A window where nothing was drawn still "served" in expectation reads as no
    // data: successRate/errorRate fall back as they do for a window without traffic.
    return (RequestCounts(), RequestCounts(ok: Double(s.served - s.failed), failed: Double(s.failed)))
  }

  /// With noise on, the percentile a window of `requests` sampled requests shows: its
  /// order statistic, whose quantile is about normal around p with variance
  /// p(1 − p)/n; no requests read the model's percentile.
  static func sampledPercentile(_ p: Double, requests: Double, seed: UInt64, salt: UInt64, time: SimTime) -> Double {
    guard requests >= 1 else { return p }
    let q = min(max(p / 100, 0.001), 0.999)
    var g = TrafficNoise.generator(seed: seed, salt: salt ^ 0x1A7E, time: time)
    let u = q + (q * (1 - q) / requests).squareRoot() * TrafficNoise.normal(&g)
    return min(max(u, 0.001), 0.999) * 100
  }

  /// Six decimals: measurements read like a metrics backend's, and print stably.
  static func round6(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }

  var view: AnalysisRunView {
    AnalysisRunView(
      name: name, phase: phase, kind: kind.label, revision: revision,
      metrics: metrics.map {
        MetricView(
          name: $0.spec.name, successCondition: $0.spec.successCondition?.text, failureCondition: $0.spec.failureCondition?.text,
          phase: $0.phase, measurements: $0.measurements, count: $0.spec.count, intervalSeconds: $0.spec.intervalSeconds,
          failureLimit: $0.spec.failureLimit, nextMeasurementAt: isTerminal || $0.phase.isTerminal ? nil : $0.nextAt)
      })
  }
}
