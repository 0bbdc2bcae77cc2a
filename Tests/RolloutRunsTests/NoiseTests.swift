import Foundation
import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

/// Seeded noise (TrafficNoise.swift) against the binomial calculation.
@Suite struct NoiseTests {
  /// A canary at 1 rps (1 of 2 pods, 2 rps) whose image fails 0.2 % of requests,
  /// analysed every minute: successRate ≥ 0.99, count 5, failureLimit 1.
  static let manifest = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: app}
    spec:
      replicas: 2
      strategy:
        canary:
          steps:
          - setWeight: 50
          - analysis: {templates: [{templateName: success}]}
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          containers:
          - {name: app, image: "app:2", resources: {requests: {cpu: 100m, memory: 64Mi}}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: app}
    spec: {selector: {app: app}, ports: [{port: 80}]}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: success}
    spec:
      metrics:
      - name: success
        initialDelay: 60s
        interval: 60s
        count: 5
        failureLimit: 1
        successCondition: result >= 0.99
        provider: {rollsim: {metric: success-rate}}
    ---
    apiVersion: rollsim/v1
    kind: Simulation
    metadata: {name: noise}
    spec:
      from: app:1
      noise: true
      traffic: {requestsPerSecond: 2}
      images: {app:2: {errorRate: 0.002}}
    """

  /// P(one minute's measurement fails): n ~ Poisson(60) requests, k ~ Bin(n, p)
  /// failures, failing when 1 − k/n < 0.99.
  static func measurementFailure(p: Double, lambda: Double = 60) -> Double {
    var total = 0.0
    var pois = Foundation.exp(-lambda)
    for n in 0..<200 {
      if n > 0 { pois *= lambda / Double(n) }
      guard n > 0 else { continue }
      // P(k > 0.01 n).
      var pass = 0.0
      var b = Foundation.pow(1 - p, Double(n))
      for k in 0...n {
        if k > 0 { b *= Double(n - k + 1) / Double(k) * p / (1 - p) }
        if !(1 - Double(k) / Double(n) < 0.99) { pass += b }
      }
      total += pois * (1 - pass)
    }
    return total
  }


  @Test func falseAlarmShareMatchesTheBinomialCalculation() throws {
    let base = try ManifestLoader.load(manifest: SourceText(path: "noise.yaml", text: Self.manifest)).input
    var aborted = 0
    for seed in 1...200 {
      var input = base
      input.seed = UInt64(seed)
      var run = try Run(input)
      run.runToEnd(until: .seconds(1800))
      if run.figures.outcome == .aborted { aborted += 1 }
    }
    let q = Self.measurementFailure(p: 0.002)
    // failureLimit 1: the run fails when more than one of 5 measurements fails.
    let expected = 1 - Foundation.pow(1 - q, 5) - 5 * q * Foundation.pow(1 - q, 4)
    let observed = Double(aborted) / 200
    print("noise: aborted \(aborted)/200 = \(observed); binomial: \(expected) (per-minute failure \(q))")
    #expect(abs(observed - expected) < 0.06)
  }

  @Test func withoutNoiseTheSameReleaseNeverFails() throws {
    var input = try ManifestLoader.load(manifest: SourceText(path: "noise.yaml", text: Self.manifest)).input
    input.noise = false
    var run = try Run(input)
    run.runToEnd(until: .seconds(1800))
    #expect(run.figures.outcome == .promoted)
  }

  @Test func sameSeedSameSamples() throws {
    let input = try ManifestLoader.load(manifest: SourceText(path: "noise.yaml", text: Self.manifest)).input
    var a = try Run(input)
    var b = try Run(input)
    a.runToEnd(until: .seconds(1800))
    b.runToEnd(until: .seconds(1800))
    #expect(a.simulation.snapshot().analysisRuns == b.simulation.snapshot().analysisRuns)
  }
}
