/// Argo Rollouts' analysis verdicts (docs/semantics.md; `utils/evaluate`,
/// `analysis/analysis.go`): one measurement → a phase, a metric's measurements → its
/// phase, a run's metrics → the run's phase. Pure and small, like the source.

public enum AnalysisPhase: String, Sendable, Hashable {
  case pending = "Pending", running = "Running", successful = "Successful", failed = "Failed", error = "Error", inconclusive = "Inconclusive"

  /// Worst-of order for the run verdict: Successful < Running < Pending < Inconclusive
  /// < Error < Failed.
  var rank: Int {
    switch self {
    case .successful: 0
    case .running: 1
    case .pending: 2
    case .inconclusive: 3
    case .error: 4
    case .failed: 5
    }
  }

  public var isTerminal: Bool { self == .successful || self == .failed || self == .error || self == .inconclusive }
}

/// One measurement (`evaluate.go` `EvaluateResult`). No value (provider or expression error) is
/// Error. Only successCondition: true → Successful, else Failed. Only failureCondition:
/// true → Failed, else Successful. Both: failure wins, then success, else Inconclusive.
/// Neither: Successful (the code since PR #368; the docs still say Inconclusive).
public func evaluateMeasurement(value: Double?, success: MetricCondition?, failure: MetricCondition?) -> AnalysisPhase {
  guard let v = value else { return .error }
  switch (success, failure) {
  case (nil, nil): return .successful
  case (let s?, nil): return s.evaluate(v) ? .successful : .failed
  case (nil, let f?): return f.evaluate(v) ? .failed : .successful
  case (let s?, let f?): return f.evaluate(v) ? .failed : (s.evaluate(v) ? .successful : .inconclusive)
  }
}

/// A metric's running tallies (`MetricResult`: count, successful, failed,
/// inconclusive, error, consecutiveError, consecutiveSuccess).
public struct MetricRunState: Sendable, Hashable {
  public var count = 0
  public var successful = 0
  public var failed = 0
  public var inconclusive = 0
  public var error = 0
  public var consecutiveError = 0
  public var consecutiveSuccess = 0

  public init() {}

  /// Records one completed measurement. Any non-error result resets the error streak;
  /// any non-success result resets the success streak.
  public mutating func record(_ p: AnalysisPhase) {
    guard p.isTerminal else { return }  // Pending/Running are not completed measurements
    count += 1
    switch p {
    case .successful:
      successful += 1
      consecutiveError = 0
      consecutiveSuccess += 1
    case .failed:
      failed += 1
      consecutiveError = 0
      consecutiveSuccess = 0
    case .inconclusive:
      inconclusive += 1
      consecutiveError = 0
      consecutiveSuccess = 0
    case .error:
      error += 1
      consecutiveError += 1
      consecutiveSuccess = 0
    case .pending, .running:
      break
    }
  }

  /// The effective count: `count` if set and non-zero; otherwise 1 without an
  /// interval, unlimited (nil) with one.
  public static func effectiveCount(_ spec: MetricSpec) -> Int? {
    if let c = spec.count, c > 0 { return c }
    return (spec.intervalSeconds ?? 0) > 0 ? nil : 1
  }

  /// The metric verdict after the latest measurement
  /// (`assessMetricStatus`), checked in this order:
  /// failed > failureLimit (−1 disables) → Failed; inconclusive > inconclusiveLimit →
  /// Inconclusive; consecutive errors > consecutiveErrorLimit (default 4) → Error;
  /// consecutive successes ≥ consecutiveSuccessLimit (> 0) → Successful; count reached →
  /// Successful, or, when a consecutiveSuccessLimit was not met, Inconclusive if a
  /// failureLimit was also given and Failed otherwise. All limits compare strictly.
  public func verdict(for spec: MetricSpec) -> AnalysisPhase {
    if count == 0 { return .pending }
    if spec.failureLimit >= 0 && failed > spec.failureLimit { return .failed }
    if inconclusive > spec.inconclusiveLimit { return .inconclusive }
    if consecutiveError > spec.consecutiveErrorLimit { return .error }
    if spec.consecutiveSuccessLimit > 0 && consecutiveSuccess >= spec.consecutiveSuccessLimit { return .successful }
    if let eff = Self.effectiveCount(spec), count >= eff {
      if spec.consecutiveSuccessLimit > 0 { return spec.failureLimitSet ? .inconclusive : .failed }
      return .successful
    }
    return .running
  }
}

/// The run verdict: the worst metric phase; no metrics counts as Successful.
public func runVerdict(_ phases: [AnalysisPhase]) -> AnalysisPhase { phases.max { $0.rank < $1.rank } ?? .successful }
