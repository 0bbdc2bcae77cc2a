/// Requests flowing through Services to Ready pods.
///
/// The workload controller says where traffic goes as weighted groups of
/// ReplicaSets (`RouteGroup`): one group for a Deployment's Service, the active
/// ReplicaSet for blue/green, stable + canary groups with router weights for a
/// traffic-routed canary. Within a group, requests spread evenly over the Ready
/// pods (kube-proxy's random endpoint choice, in expectation). A pod serves up to
/// `podCapacity` requests per second and fails the excess; the image fails a further
/// `errorRate` of what it serves; a group with no endpoint fails all its requests.
///
/// Counts are computed in closed form from the start of the current routing
/// segment, never accumulated per call, so the totals at any time are the same
/// however finely the clock was stepped (the dashboard's frames vs. the headless
/// trace): same input and seed, same numbers.
public struct RouteGroup: Sendable, Hashable {
  public var weight: Double
  public var replicaSets: [Int]
  public init(weight: Double, replicaSets: [Int]) {
    self.weight = weight
    self.replicaSets = replicaSets
  }
}

/// Cumulative request counts.
public struct RequestCounts: Sendable, Hashable {
  public var ok: Double = 0
  public var failed: Double = 0
  public init(ok: Double = 0, failed: Double = 0) {
    self.ok = ok
    self.failed = failed
  }
  public var total: Double { ok + failed }
  /// Whole requests, each counter rounded down on its own: both only ever grow,
  /// which `floor(total) − floor(ok)` would not guarantee (it can step back by one
  /// when `ok` crosses an integer before `total` does).
  public var okCount: Int64 { Int64(ok.rounded(.down)) }
  public var failedCount: Int64 { Int64(failed.rounded(.down)) }
}

struct TrafficModel: Sendable {
  let spec: TrafficSpec
  /// Error-rate and latency faults (TrafficFaults.swift); empty for most runs.
  var faults = FaultSchedule()
  /// Analysis samples request outcomes from the seed (TrafficNoise.swift).
  var noise = false
  var seed: UInt64 = 1

  /// Per ReplicaSet index in force during the current segment.
  struct Flow: Sendable, Hashable {
    var rps: Double
    var failFraction: Double
    /// Requests per second per endpoint (for latency).
    var perPodLoad: Double
    /// Share of all routed requests: group weight × the RS's share of the group's
    /// endpoints, so a traffic-routed share is exactly W / maxTrafficWeight.
    var fraction: Double = 0
    /// A latency fault's distribution in force (TrafficFaults.swift), on this share
    /// of the ReplicaSet's Ready pods (the rest answer at the image's own).
    var latency: LatencyShape?
    var latencyShare = 1.0
    /// A fault of the image is active on one of its Ready pods.
    var faultActive = false
  }
  private(set) var flows: [Int: Flow] = [:]
  private(set) var noEndpointRps: Double = 0
  private(set) var segmentStart: SimTime = 0
  /// Cumulative counts at the segment start, per ReplicaSet index and in total.
  private(set) var base: [Int: RequestCounts] = [:]
  private(set) var baseTotal = RequestCounts()
  private(set) var baseNoEndpoint: Double = 0

  init(spec: TrafficSpec) { self.spec = spec }

  /// Requests served by each ReplicaSet up to `t` (t ≥ segment start).
  func counts(rs: Int, at t: SimTime) -> RequestCounts {
    var c = base[rs] ?? RequestCounts()
    if let f = flows[rs] {
      let dt = Double(t - segmentStart) / 1000
      let n = f.rps * dt
      c.ok += n * (1 - f.failFraction)
      c.failed += n * f.failFraction
    }
    return c
  }

  func total(at t: SimTime) -> RequestCounts {
    var c = baseTotal
    let dt = Double(t - segmentStart) / 1000
    // Sorted keys: Dictionary order is seeded per process, float sums are not
    // associative, and the output must be byte-identical run to run.
    for r in flows.keys.sorted() {
      let f = flows[r]!
      let n = f.rps * dt
      c.ok += n * (1 - f.failFraction)
      c.failed += n * f.failFraction
    }
    c.failed += noEndpointRps * dt
    return c
  }

  /// Failed requests per second in the current segment.
  var failedPerSecond: Double {
    flows.keys.sorted().reduce(noEndpointRps) { $0 + flows[$1]!.rps * flows[$1]!.failFraction }
  }

  /// Recomputes the flows from the routing and the Ready pods at time `t`. Returns
  /// true if they changed (a new segment started).
  mutating func reconfigure(at t: SimTime, groups: [RouteGroup], cluster: Cluster) -> Bool {
    var newFlows: [Int: Flow] = [:]
    var noEndpoint = 0.0
    let totalWeight = groups.reduce(0) { $0 + $1.weight }
    for g in groups where g.weight > 0 {
      let rps = totalWeight > 0 ? spec.requestsPerSecond * g.weight / totalWeight : 0
      let endpoints = g.replicaSets.reduce(0) { $0 + cluster.replicaSets[$1].ready }
      guard endpoints > 0 else {
        noEndpoint += rps
        continue
      }
      let perPod = rps / Double(endpoints)
      var overload = 0.0
      if let cap = spec.podCapacity, perPod > cap { overload = (perPod - cap) / perPod }
      for r in g.replicaSets {
        let ready = cluster.replicaSets[r].ready
        guard ready > 0 else { continue }
        let image = cluster.replicaSets[r].template.image
        var errorRate = min(max(cluster.behavior(of: image).errorRate, 0), 1)
        var fault = TrafficFaultEffect()
        if !faults.images.isEmpty {
          // Each Ready pod on its own clock only for `after` triggers; otherwise one
          // entry stands for them all (the mean of equal values).
          let starts = faults.hasPerContainerTrafficFault(image: image) ? cluster.readyContainerStarts(rs: r) : [0]
          fault = faults.trafficEffect(image: image, starts: starts, now: t, perPodLoad: perPod)
          errorRate = min(1, errorRate + fault.extraErrorRate)
        }
        var f = newFlows[r] ?? Flow(rps: 0, failFraction: 0, perPodLoad: perPod)
        f.latency = fault.latency
        f.latencyShare = fault.latency == nil ? 1 : fault.latencyShare
        f.faultActive = fault.active
        // Two groups can share a ReplicaSet (never in practice); blend them.
        let add = rps * Double(ready) / Double(endpoints)
        f.fraction += totalWeight > 0 ? (g.weight / totalWeight) * (Double(ready) / Double(endpoints)) : 0
        let frac = overload + (1 - overload) * errorRate
        let sum = f.rps + add
        f.failFraction = sum > 0 ? (f.rps * f.failFraction + add * frac) / sum : frac
        f.rps = sum
        f.perPodLoad = perPod
        newFlows[r] = f
      }
    }
    guard newFlows != flows || noEndpoint != noEndpointRps else { return false }
    // Close the segment. A ReplicaSet without a flow keeps its base (`counts` adds
    // nothing to it), so only the flowing ones move: O(routed), not O(every
    // ReplicaSet ever served).
    for r in flows.keys { base[r] = counts(rs: r, at: t) }
    baseTotal = total(at: t)
    baseNoEndpoint += noEndpointRps * Double(t - segmentStart) / 1000
    flows = newFlows
    noEndpointRps = noEndpoint
    segmentStart = t
    return true
  }

  /// Share of the requests served by each ReplicaSet at this instant (by index),
  /// summing to 1 (to rounding), or empty when nothing serves. Requests of a group
  /// without endpoints fail and are left out, so the shares are of served requests.
  func shares() -> [(rs: Int, share: Double)] {
    let served = flows.filter { $0.value.rps > 0 }.sorted { $0.key < $1.key }
    let total = served.reduce(0) { $0 + $1.value.fraction }
    guard total > 0 else { return [] }
    if noEndpointRps == 0 && abs(total - 1) < 1e-12 { return served.map { ($0.key, $0.value.fraction) } }
    return served.map { ($0.key, $0.value.fraction / total) }
  }

  /// The latency percentile `p` (0–100) of requests served by a ReplicaSet, in ms:
  /// a log-normal spread (σ = 0.5) around the image's median latency, slowed by
  /// load as `1 + utilisation²`.
  func latency(rs: Int, percentile p: Double, medianMs: Double) -> Double? {
    guard let f = flows[rs], f.rps > 0 else { return nil }
    let q = min(max(p / 100, 0.001), 0.999)
    let z = TrafficModel.normalQuantile(q)
    let slowdown = loadSlowdown(f)
    let median = f.latency?.p50Ms ?? medianMs
    let sigma = f.latency?.sigma ?? 0.5
    guard let shape = f.latency, f.latencyShare < 1 else { return median * TrafficModel.exp(sigma * z) * slowdown }
    // A latency fault on some of the Ready pods: the quantile of the mixture
    // s·LogN(ln m_f, σ_f) + (1 − s)·LogN(ln m, 0.5), by bisection on ln x.
    let parts = [(shape.p50Ms, shape.sigma, f.latencyShare), (medianMs, 0.5, 1 - f.latencyShare)]
    func cdf(_ lnx: Double) -> Double {
      parts.reduce(0) { $0 + $1.2 * TrafficModel.normalCDF((lnx - TrafficModel.log($1.0)) / $1.1) }
    }
    var lo = parts.map { TrafficModel.log($0.0) - 4 * $0.1 }.min()!
    var hi = parts.map { TrafficModel.log($0.0) + 4 * $0.1 }.max()!
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      if cdf(mid) < q { lo = mid } else { hi = mid }
    }
    return TrafficModel.exp((lo + hi) / 2) * slowdown
  }

  /// `1 + utilisation²` of a flow's pods.
  func loadSlowdown(_ f: Flow) -> Double {
    var util = 0.0
    if let cap = spec.podCapacity, cap > 0 { util = min(f.perPodLoad / cap, 1) }
    return 1 + util * util
  }

  /// Of a ReplicaSet's served requests, the share slower than `objectiveMs`: P(L > T)
  /// = 1 − Φ((ln T − ln m) / σ) per part of the mixture, m the load-slowed median.
  func slowFraction(rs: Int, objectiveMs: Double, medianMs: Double) -> Double {
    guard let f = flows[rs], f.rps > 0, objectiveMs > 0 else { return 0 }
    let slowdown = loadSlowdown(f)
    var parts = [(medianMs, 0.5, 1.0)]
    if let shape = f.latency { parts = [(shape.p50Ms, shape.sigma, f.latencyShare), (medianMs, 0.5, 1 - f.latencyShare)] }
    return parts.reduce(0) { acc, part in
      guard part.2 > 0, part.0 > 0 else { return acc }
      let z = (TrafficModel.log(objectiveMs) - TrafficModel.log(part.0 * slowdown)) / part.1
      return acc + part.2 * (1 - TrafficModel.normalCDF(z))
    }
  }

  /// Φ(z) by Abramowitz & Stegun 7.1.26 (|ε| < 1.5e-7).
  static func normalCDF(_ z: Double) -> Double {
    let x = abs(z) / 2.squareRoot()
    let t = 1 / (1 + 0.3275911 * x)
    let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    let erf = 1 - poly * TrafficModel.exp(-x * x)
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
  }

  /// Acklam's rational approximation of the standard normal quantile (|ε| < 1.2e-9).
  static func normalQuantile(_ p: Double) -> Double {
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let pl = 0.02425
    if p < pl {
      let q = (-2 * log(p)).squareRoot()
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - pl {
      let q = (-2 * log(1 - p)).squareRoot()
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5
    let r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  }

  /// Natural log and exp without Foundation: the engine imports nothing.
  static func log(_ x: Double) -> Double {
    // log(x) = 2·atanh((x−1)/(x+1)), after scaling x into [0.5, 1) by powers of two.
    var m = x.significand / 2
    var e = Double(x.exponent + 1)
    if m < 0.70710678118654752 { m *= 2; e -= 1 }
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var term = s
    var sum = 0.0
    var k = 1.0
    while abs(term / k) > 1e-17 {
      sum += term / k
      term *= s2
      k += 2
    }
    return 2 * sum + e * 0.69314718055994530942
  }

  static func exp(_ x: Double) -> Double {
    // exp(x) = 2^k · exp(r), |r| ≤ ln2/2, with a Taylor series for exp(r).
    let k = (x / 0.69314718055994530942).rounded()
    let r = x - k * 0.69314718055994530942
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while abs(term) > 1e-17 {
      term *= r / n
      sum += term
      n += 1
    }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
  }
}
