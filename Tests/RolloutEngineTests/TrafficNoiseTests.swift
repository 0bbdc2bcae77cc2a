import Testing
@testable import RolloutEngine

/// The samplers of TrafficNoise.swift against their moments.
@Suite struct TrafficNoiseTests {
  static func moments(_ xs: [Double]) -> (mean: Double, sd: Double) {
    let m = xs.reduce(0, +) / Double(xs.count)
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    return (m, v.squareRoot())
  }

  @Test func poissonAndBinomialHaveTheirMeansAndSpreads() {
    for lambda in [0.5, 6.0, 60.0, 6000.0] {
      var g = SplitMix64(seed: 11)
      let m = Self.moments((0..<4000).map { _ in Double(TrafficNoise.poisson(lambda, &g)) })
      #expect(abs(m.mean - lambda) < 4 * (lambda / 4000).squareRoot() + 0.01, "λ \(lambda): mean \(m.mean)")
      #expect(abs(m.sd - lambda.squareRoot()) < 0.1 * lambda.squareRoot() + 0.05, "λ \(lambda): sd \(m.sd)")
    }
    for (n, p) in [(Int64(40), 0.1), (1000, 0.002), (100_000, 0.3)] {
      var g = SplitMix64(seed: 5)
      let m = Self.moments((0..<4000).map { _ in Double(TrafficNoise.binomial(n, p, &g)) })
      let sd = (Double(n) * p * (1 - p)).squareRoot()
      #expect(abs(m.mean - Double(n) * p) < 4 * sd / 4000.0.squareRoot() + 0.01, "n \(n) p \(p): mean \(m.mean)")
      #expect(abs(m.sd - sd) < 0.1 * sd, "n \(n) p \(p): sd \(m.sd)")
    }
  }

  @Test func sampledP99IsTheOrderStatisticSpread() {
    #expect(AnalysisRun.sampledPercentile(99, requests: 0, seed: 1, salt: 1, time: 0) == 99)
    // 2000 requests: the spread (0.22 points) stays clear of the model's 99.9 cap.
    let xs = (0..<3000).map { AnalysisRun.sampledPercentile(99, requests: 2000, seed: 3, salt: 9, time: SimTime($0) * 1000) }
    let m = Self.moments(xs)
    #expect(abs(m.mean - 99) < 0.02)
    #expect(abs(m.sd - (0.99 * 0.01 / 2000).squareRoot() * 100) < 0.03)
  }

  @Test func sameWindowSameDraw() {
    var a = TrafficNoise.generator(seed: 4, salt: 2, time: 60_000)
    var b = TrafficNoise.generator(seed: 4, salt: 2, time: 60_000)
    #expect(TrafficNoise.sample(expected: 60, failFraction: 0.01, &a) == TrafficNoise.sample(expected: 60, failFraction: 0.01, &b))
  }
}
