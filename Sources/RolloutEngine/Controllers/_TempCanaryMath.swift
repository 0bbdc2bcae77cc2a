// TEMPORARY: replaced by the argomath branch.
public struct CanaryRSCounts: Sendable, Hashable {
  public var specReplicas: Int
  public var availableReplicas: Int
  public init(specReplicas: Int, availableReplicas: Int) { self.specReplicas = specReplicas; self.availableReplicas = availableReplicas }
}
public enum CanaryMath {
  public static func resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: Int) -> (surge: Int, unavailable: Int) {
    let s = maxSurge.scaled(replicas, roundUp: true)
    var u = maxUnavailable.scaled(replicas, roundUp: false)
    if s == 0 && u == 0 { u = 1 }
    if replicas == 0 { u = 0 }
    return (s, min(u, replicas))
  }
  public static func trafficWeightToReplicas(replicas: Int, weight: Int, maxWeight: Int) -> Int {
    maxWeight > 0 ? (weight * replicas + maxWeight - 1) / maxWeight : 0
  }
  public static func currentSetWeight(steps: [CanaryStep], index: Int, aborted: Bool) -> Int {
    if aborted { return 0 }
    if index >= steps.count { return 100 }
    var w = 0
    for i in 0...index { if case .setWeight(let x) = steps[i] { w = x } }
    return w
  }
  public static func basicCanaryReplicaCounts(
    replicas n: Int, weight w: Int, maxSurge: IntOrPercent, maxUnavailable: IntOrPercent,
    canary: CanaryRSCounts?, stable: CanaryRSCounts?, olderSpecReplicas: Int
  ) -> (canary: Int, stable: Int) {
    let (s, u) = resolveFenceposts(maxSurge: maxSurge, maxUnavailable: maxUnavailable, replicas: n)
    let dc = (n * w + 50) / 100
    let ds = n - dc
    var c = canary?.specReplicas ?? 0
    var st = stable?.specReplicas ?? 0
    var up = n + s - (c + st + olderSpecReplicas)
    if st < ds && up > 0 { let x = min(ds, st + up); up -= x - st; st = x }
    if c < dc && up > 0 { c = min(dc, c + up) }
    if olderSpecReplicas > 0 { return (c, st) }
    let minA = n - u
    let increasing = dc >= (canary?.specReplicas ?? 0)
    let counted = increasing ? min(canary?.availableReplicas ?? 0, c) + st : c + min(stable?.availableReplicas ?? 0, st)
    if counted > minA {
      let sd = counted - minA
      if increasing { if st > ds { st = max(ds, st - sd) } } else { if c > dc { c = max(dc, c - sd) } }
    }
    return (c, st)
  }
}
public enum AnalysisPhase: String, Sendable, Hashable {
  case pending = "Pending", running = "Running", successful = "Successful", failed = "Failed", error = "Error", inconclusive = "Inconclusive"
  var rank: Int { switch self { case .successful: 0; case .running: 1; case .pending: 2; case .inconclusive: 3; case .error: 4; case .failed: 5 } }
  public var isTerminal: Bool { self == .successful || self == .failed || self == .error || self == .inconclusive }
}
public func evaluateMeasurement(value: Double?, success: MetricCondition?, failure: MetricCondition?) -> AnalysisPhase {
  guard let v = value else { return .error }
  switch (success, failure) {
  case (nil, nil): return .successful
  case (let s?, nil): return s.evaluate(v) ? .successful : .failed
  case (nil, let f?): return f.evaluate(v) ? .failed : .successful
  case (let s?, let f?): return f.evaluate(v) ? .failed : (s.evaluate(v) ? .successful : .inconclusive)
  }
}
public struct MetricRunState: Sendable, Hashable {
  public var successful = 0, failed = 0, inconclusive = 0, error = 0, consecutiveError = 0, count = 0
  public init() {}
  public mutating func record(_ p: AnalysisPhase) {
    count += 1
    switch p { case .successful: successful += 1; consecutiveError = 0
    case .failed: failed += 1; consecutiveError = 0
    case .inconclusive: inconclusive += 1; consecutiveError = 0
    case .error: error += 1; consecutiveError += 1
    default: break }
  }
  public func verdict(for spec: MetricSpec) -> AnalysisPhase {
    if spec.failureLimit >= 0 && failed > spec.failureLimit { return .failed }
    if inconclusive > spec.inconclusiveLimit { return .inconclusive }
    if consecutiveError > spec.consecutiveErrorLimit { return .error }
    let eff = (spec.count ?? 0) > 0 ? spec.count! : (spec.intervalSeconds == nil ? 1 : Int.max)
    if count >= eff { return .successful }
    return .running
  }
}
public func runVerdict(_ phases: [AnalysisPhase]) -> AnalysisPhase { phases.max { $0.rank < $1.rank } ?? .successful }
