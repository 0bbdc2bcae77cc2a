import RolloutEngine

/// What an operator would see: request counts sampled (seeded noise) in 5 s
/// buckets, the error rate, and the burn rate against the SLO with the standard
/// multi-window alerts (Google SRE workbook, "Alerting on SLOs": page at 14.4× over
/// 1 h and 5 m, ticket at 6× over 6 h and 30 m), windows divided by the drill's
/// compression. Also the exact bad-request integral the score uses.
public struct DrillMonitor: Sendable {
  public struct Bucket: Sendable, Hashable {
    public var end: SimTime
    public var served: Int64
    public var bad: Int64
  }
  public enum Alert: String, Sendable, Hashable, Codable {
    case none, ticket, page
  }
  public static let bucketMs: SimTime = 5000
  /// The noise stream of the SLO meter (TrafficNoise.generator's salt).
  static let salt: UInt64 = 0x510_A1E7

  public let slo: DrillSLO
  let seed: UInt64
  public private(set) var buckets: [Bucket] = []
  /// Exact ∫ requests and ∫ bad requests so far.
  public private(set) var requests = 0.0
  public private(set) var badRequests = 0.0
  var last: RequestQuality
  var lastTime: SimTime
  var bucketServed = 0.0
  var bucketBad = 0.0
  public private(set) var firstPage: SimTime?
  public private(set) var firstTicket: SimTime?
  /// Healthy = bad rate within the SLO's allowance; the last time it became healthy
  /// again after being unhealthy, and whether it is healthy now.
  public private(set) var lastRecovery: SimTime?
  public private(set) var firstUnhealthy: SimTime?
  public private(set) var healthy = true
  /// The first FailedScheduling event, and the last message of one.
  public private(set) var firstUnschedulable: SimTime?
  public private(set) var schedulingMessage: String?
  /// The state as of the last instant observed, and as of the instant before the
  /// first applied action (the scorer's "why").
  public private(set) var view: DrillView?
  public private(set) var beforeFirstAction: DrillView?
  var actionsSeen = false

  public init(slo: DrillSLO, start sim: Simulation) {
    self.slo = slo
    seed = sim.input.seed
    last = sim.requestQuality(latencyObjectiveMs: slo.latencyObjectiveMs)
    lastTime = sim.now
    healthy = isHealthy(last)
    noteScheduling(sim)
    view = DrillView(sim, scheduling: schedulingMessage, quality: last)
  }

  mutating func noteScheduling(_ sim: Simulation) {
    for e in sim.instantEvents where e.reason == "FailedScheduling" {
      if firstUnschedulable == nil { firstUnschedulable = sim.now }
      schedulingMessage = e.message
    }
  }

  func isHealthy(_ q: RequestQuality) -> Bool { q.rps <= 0 || q.bad / q.rps <= slo.allowedBadFraction + 1e-12 }

  /// Reads the instant just processed (after `Run.advance`'s callback or a `perform`).
  public mutating func observe(_ sim: Simulation) {
    integrate(to: sim.now)
    last = sim.requestQuality(latencyObjectiveMs: slo.latencyObjectiveMs)
    let h = isHealthy(last)
    if !h, healthy, firstUnhealthy == nil { firstUnhealthy = sim.now }
    if h, !healthy { lastRecovery = sim.now }
    healthy = h
    if !actionsSeen, let first = sim.actionLog.first(where: { $0.outcome.isApplied }) {
      // The state as the operator saw it when acting: the last instant before.
      actionsSeen = true
      var v = view ?? DrillView(sim, scheduling: schedulingMessage, quality: last)
      v.time = first.time
      beforeFirstAction = v
    }
    noteScheduling(sim)
    view = DrillView(sim, scheduling: schedulingMessage, quality: last)
  }

  /// Integrates the current rates up to `t`, closing 5 s buckets on the way.
  public mutating func integrate(to t: SimTime) {
    while lastTime < t {
      let bucketEnd = (lastTime / DrillMonitor.bucketMs + 1) * DrillMonitor.bucketMs
      let upTo = min(t, bucketEnd)
      let dt = Double(upTo - lastTime) / 1000
      requests += last.rps * dt
      badRequests += last.bad * dt
      bucketServed += last.rps * dt
      bucketBad += last.bad * dt
      lastTime = upTo
      if upTo == bucketEnd { closeBucket(at: bucketEnd) }
    }
  }

  mutating func closeBucket(at end: SimTime) {
    var g = TrafficNoise.generator(seed: seed, salt: DrillMonitor.salt, time: end)
    let s = TrafficNoise.sampleWindow(expected: bucketServed, badFraction: bucketServed > 0 ? bucketBad / bucketServed : 0, &g)
    buckets.append(Bucket(end: end, served: s.served, bad: s.bad))
    bucketServed = 0
    bucketBad = 0
    let a = alert
    if a == .page, firstPage == nil { firstPage = end }
    if a != .none, firstTicket == nil { firstTicket = end }
  }

  /// A window of `seconds` real seconds, compressed.
  public func windowMs(_ seconds: Double) -> SimTime { max(DrillMonitor.bucketMs, SimTime.seconds(seconds / slo.compression)) }

  /// Bad / served over the last window (sampled), nil with nothing served.
  public func badFraction(overMs w: SimTime) -> Double? {
    guard let end = buckets.last?.end else { return nil }
    var served: Int64 = 0
    var bad: Int64 = 0
    for b in buckets.reversed() {
      guard b.end > end - w else { break }
      served += b.served
      bad += b.bad
    }
    return served > 0 ? Double(bad) / Double(served) : nil
  }

  /// Burn rate over a window: its bad fraction over the allowance.
  public func burnRate(overSeconds s: Double) -> Double {
    guard slo.allowedBadFraction > 0, let f = badFraction(overMs: windowMs(s)) else { return 0 }
    return f / slo.allowedBadFraction
  }

  public var alert: Alert {
    if burnRate(overSeconds: 3600) > 14.4 && burnRate(overSeconds: 300) > 14.4 { return .page }
    if burnRate(overSeconds: 21600) > 6 && burnRate(overSeconds: 1800) > 6 { return .ticket }
    return .none
  }

  /// The error budget spent so far, in % of the drill's allowance (exact counts).
  public var budgetBurnedPercent: Double {
    let allowed = requests * slo.allowedBadFraction
    return allowed > 0 ? badRequests / allowed * 100 : 0
  }
}

extension TrafficNoise {
  /// (served, bad) of a window, named for the SLO meter.
  static func sampleWindow(expected: Double, badFraction: Double, _ g: inout SplitMix64) -> (served: Int64, bad: Int64) {
    let s = sample(expected: expected, failFraction: badFraction, &g)
    return (s.served, s.failed)
  }
}
