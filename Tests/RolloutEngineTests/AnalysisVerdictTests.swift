import Testing
@testable import RolloutEngine

/// Argo's analysis verdict rules (`utils/evaluate/evaluate.go`, `analysis/analysis.go`;
/// docs/semantics.md "Argo Rollouts: analysis"), one behaviour per test.
@Suite struct AnalysisVerdictTests {
  static let ge95 = MetricCondition(anyOf: [[.init(op: .ge, value: 0.95)]], text: "result[0] >= 0.95")
  static let lt90 = MetricCondition(anyOf: [[.init(op: .lt, value: 0.90)]], text: "result[0] < 0.90")

  static func metric(
    count: Int? = nil, interval: Int? = nil, failureLimit: Int = 0, inconclusiveLimit: Int = 0, consecutiveErrorLimit: Int = 4,
    consecutiveSuccessLimit: Int = 0, failureLimitSet: Bool = false
  ) -> MetricSpec {
    MetricSpec(
      name: "m", source: .successRate, successCondition: ge95, intervalSeconds: interval, count: count, failureLimit: failureLimit,
      inconclusiveLimit: inconclusiveLimit, consecutiveErrorLimit: consecutiveErrorLimit, consecutiveSuccessLimit: consecutiveSuccessLimit,
      failureLimitSet: failureLimitSet)
  }

  /// The verdict after each measurement of `phases`.
  static func verdicts(_ spec: MetricSpec, _ phases: [AnalysisPhase]) -> [AnalysisPhase] {
    var s = MetricRunState()
    return phases.map {
      s.record($0)
      return s.verdict(for: spec)
    }
  }

  @Test func measurementEvaluation() {
    #expect(evaluateMeasurement(value: nil, success: Self.ge95, failure: nil) == .error)
    #expect(evaluateMeasurement(value: 0.5, success: nil, failure: nil) == .successful)  // code, not the docs
    #expect(evaluateMeasurement(value: 0.97, success: Self.ge95, failure: nil) == .successful)
    #expect(evaluateMeasurement(value: 0.93, success: Self.ge95, failure: nil) == .failed)
    #expect(evaluateMeasurement(value: 0.80, success: nil, failure: Self.lt90) == .failed)
    #expect(evaluateMeasurement(value: 0.93, success: nil, failure: Self.lt90) == .successful)
    // Both: failure wins, then success, else Inconclusive.
    #expect(evaluateMeasurement(value: 0.80, success: Self.ge95, failure: Self.lt90) == .failed)
    #expect(evaluateMeasurement(value: 0.97, success: Self.ge95, failure: Self.lt90) == .successful)
    #expect(evaluateMeasurement(value: 0.93, success: Self.ge95, failure: Self.lt90) == .inconclusive)
  }

  @Test func defaultFailureLimitZeroFailsOnTheFirstFailure() {
    #expect(Self.verdicts(Self.metric(count: 5, interval: 10), [.successful, .failed]) == [.running, .failed])
  }

  @Test func failureLimitIsStrict() {
    let spec = Self.metric(count: 5, interval: 10, failureLimit: 2)
    #expect(Self.verdicts(spec, [.failed, .failed, .failed]) == [.running, .running, .failed])
  }

  @Test func failureLimitMinusOneDisablesTheCheck() {
    let spec = Self.metric(count: 3, interval: 10, failureLimit: -1)
    #expect(Self.verdicts(spec, [.failed, .failed, .failed]) == [.running, .running, .successful])
  }

  @Test func inconclusiveLimitIsStrict() {
    #expect(Self.verdicts(Self.metric(count: 5, interval: 10), [.inconclusive]) == [.inconclusive])
    let spec = Self.metric(count: 5, interval: 10, inconclusiveLimit: 1)
    #expect(Self.verdicts(spec, [.inconclusive, .inconclusive]) == [.running, .inconclusive])
  }

  /// Default consecutiveErrorLimit 4: the 5th error in a row is Error; a non-error
  /// measurement resets the streak.
  @Test func consecutiveErrorsDefaultLimitFour() {
    let spec = Self.metric(interval: 10)
    #expect(Self.verdicts(spec, Array(repeating: .error, count: 5)) == [.running, .running, .running, .running, .error])
    let reset: [AnalysisPhase] = [.error, .error, .error, .error, .successful, .error, .error, .error, .error]
    #expect(Self.verdicts(spec, reset).allSatisfy { $0 == .running })
  }

  @Test func effectiveCount() {
    #expect(MetricRunState.effectiveCount(Self.metric()) == 1)
    #expect(MetricRunState.effectiveCount(Self.metric(count: 0)) == 1)
    #expect(MetricRunState.effectiveCount(Self.metric(interval: 30)) == nil)
    #expect(MetricRunState.effectiveCount(Self.metric(count: 0, interval: 30)) == nil)
    #expect(MetricRunState.effectiveCount(Self.metric(count: 4, interval: 30)) == 4)
    // No interval, no count: one measurement decides.
    #expect(Self.verdicts(Self.metric(), [.successful]) == [.successful])
    // With an interval and no count the metric runs until terminated.
    #expect(Self.verdicts(Self.metric(interval: 10), Array(repeating: .successful, count: 20)).allSatisfy { $0 == .running })
  }

  @Test func consecutiveSuccessLimitEndsTheMetricEarly() {
    let spec = Self.metric(interval: 10, failureLimit: 3, consecutiveSuccessLimit: 2)
    #expect(Self.verdicts(spec, [.successful, .failed, .successful, .successful]) == [.running, .running, .running, .successful])
  }

  /// Reaching the count without the success streak: Inconclusive when a failureLimit
  /// was also given, Failed with only consecutiveSuccessLimit.
  @Test func countReachedWithoutTheSuccessStreak() {
    let phases: [AnalysisPhase] = [.successful, .inconclusive, .successful]
    let both = Self.metric(count: 3, interval: 10, failureLimit: 2, inconclusiveLimit: 2, consecutiveSuccessLimit: 2, failureLimitSet: true)
    #expect(Self.verdicts(both, phases) == [.running, .running, .inconclusive])
    let only = Self.metric(count: 3, interval: 10, inconclusiveLimit: 2, consecutiveSuccessLimit: 2)
    #expect(Self.verdicts(only, phases) == [.running, .running, .failed])
  }

  @Test func runVerdictIsTheWorstMetric() {
    #expect(runVerdict([]) == .successful)
    #expect(runVerdict([.successful, .running]) == .running)
    #expect(runVerdict([.running, .pending]) == .pending)
    #expect(runVerdict([.pending, .inconclusive, .successful]) == .inconclusive)
    #expect(runVerdict([.inconclusive, .error]) == .error)
    #expect(runVerdict([.error, .failed, .successful]) == .failed)
  }
}
