/// Seeded sampling of request outcomes (`noise`): a window's requests are a Poisson
/// count around the expectation and its failures a binomial draw, so a canary at
/// 1 rps cannot tell 0.1 % from 2 % errors — the false alarms and misses real
/// low-traffic canaries have. Off by default: without it every count is the exact
/// expectation of `TrafficModel`, as before.
///
/// Each window draws from its own SplitMix64 stream derived from the simulation's
/// seed and the window's identity (what is measured, and when), so a sample does
/// not depend on how many other samples were drawn before it: the same seed gives
/// the same measurements whatever else a run does (a dashboard frame, an action).
public enum TrafficNoise {
  /// A generator for one window: `seed` is the simulation's, `salt` names the series
  /// (a metric, an SLO meter), `time` the window's end.
  public static func generator(seed: UInt64, salt: UInt64, time: SimTime) -> SplitMix64 {
    var mix = SplitMix64(seed: seed ^ (salt &* 0x9E37_79B9_7F4A_7C15))
    var g = SplitMix64(seed: mix.next() ^ UInt64(bitPattern: Int64(time)) &* 0xBF58_476D_1CE4_E5B9)
    _ = g.next()
    return g
  }

  /// A uniform in (0, 1).
  static func uniform(_ g: inout SplitMix64) -> Double {
    (Double(g.next() >> 11) + 0.5) / Double(UInt64(1) << 53)
  }

  /// A standard normal by inversion (the engine has no cos/sin).
  static func normal(_ g: inout SplitMix64) -> Double { TrafficModel.normalQuantile(uniform(&g)) }

  /// Poisson(λ): Knuth's product method below 30, the normal approximation above.
  public static func poisson(_ lambda: Double, _ g: inout SplitMix64) -> Int64 {
    guard lambda > 0 else { return 0 }
    if lambda < 30 {
      let limit = TrafficModel.exp(-lambda)
      var k: Int64 = 0
      var p = uniform(&g)
      while p > limit {
        k += 1
        p *= uniform(&g)
      }
      return k
    }
    return Int64(max(0, (lambda + lambda.squareRoot() * normal(&g)).rounded()))
  }

  /// Binomial(n, p): Bernoulli trials for n ≤ 64, Poisson(np) when np is small
  /// (capped at n), the normal approximation otherwise.
  public static func binomial(_ n: Int64, _ p: Double, _ g: inout SplitMix64) -> Int64 {
    guard n > 0, p > 0 else { return 0 }
    if p >= 1 { return n }
    if n <= 64 {
      var k: Int64 = 0
      for _ in 0..<n where uniform(&g) < p { k += 1 }
      return k
    }
    let mean = Double(n) * p
    if mean < 30 { return min(n, poisson(mean, &g)) }
    if Double(n) * (1 - p) < 30 { return n - min(n, poisson(Double(n) * (1 - p), &g)) }
    let sd = (mean * (1 - p)).squareRoot()
    return min(n, Int64(max(0, (mean + sd * normal(&g)).rounded())))
  }

  /// One window's (served, failed): `expected` requests of which a share
  /// `failFraction` fail in expectation.
  public static func sample(expected: Double, failFraction: Double, _ g: inout SplitMix64) -> (served: Int64, failed: Int64) {
    let n = poisson(expected, &g)
    return (n, binomial(n, min(max(failFraction, 0), 1), &g))
  }
}
