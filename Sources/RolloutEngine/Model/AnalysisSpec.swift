/// AnalysisTemplates as the engine reads them: where a metric's value comes from,
/// the conditions it is judged by, and the limits that turn measurements into a verdict.

/// What a metric reads from the simulation instead of Prometheus.
public enum MetricSource: Sendable, Hashable {
  /// Failed / all requests served by the canary (new) revision in the interval.
  case errorRate
  /// Successful / all requests of the canary (new) revision in the interval.
  case successRate
  /// A latency percentile (0–100) of the canary (new) revision, in milliseconds.
  case latencyPercentile(Double)
  /// Available / desired pods of the rollout.
  case availableRatio
  /// A provider rollsim cannot measure (a Job, a web hook, Datadog, New Relic…):
  /// every measurement is `result` once `afterSeconds` have passed since the run
  /// started, Successful before; as the Simulation document scripts it.
  case scripted(AnalysisPhase, afterSeconds: Int)
}

/// A comparison over `result`: `result < 0.05`, `result[0] >= 0.95`, `result <= 300`.
/// Conditions may be joined with `&&` / `||` (evaluated left to right, `&&` first).
public struct MetricCondition: Sendable, Hashable {
  public enum Op: String, Sendable, Hashable { case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!=" }
  public struct Clause: Sendable, Hashable {
    public var op: Op
    public var value: Double
    public init(op: Op, value: Double) {
      self.op = op
      self.value = value
    }
  }
  /// Disjunction of conjunctions.
  public var anyOf: [[Clause]]
  /// The expression as written, for display.
  public var text: String
  public init(anyOf: [[Clause]], text: String) {
    self.anyOf = anyOf
    self.text = text
  }

  public func evaluate(_ result: Double) -> Bool {
    anyOf.contains { all in
      all.allSatisfy { c in
        switch c.op {
        case .lt: return result < c.value
        case .le: return result <= c.value
        case .gt: return result > c.value
        case .ge: return result >= c.value
        case .eq: return result == c.value
        case .ne: return result != c.value
        }
      }
    }
  }
}

public struct MetricSpec: Sendable, Hashable {
  public var name: String
  public var source: MetricSource
  public var successCondition: MetricCondition?
  public var failureCondition: MetricCondition?
  /// Seconds between measurements; nil = none.
  public var intervalSeconds: Int?
  /// nil or 0 = 1 without interval, unlimited with one
  /// (`analysis/analysis.go`).
  public var count: Int?
  public var initialDelaySeconds: Int
  public var failureLimit: Int
  public var inconclusiveLimit: Int
  public var consecutiveErrorLimit: Int
  /// `consecutiveSuccessLimit`; 0 = unset.
  public var consecutiveSuccessLimit: Int
  /// Whether `failureLimit` was written in the template (not the default 0): with a
  /// consecutiveSuccessLimit, reaching the count without the streak is then
  /// Inconclusive rather than Failed (`assessMetricStatus`).
  public var failureLimitSet: Bool

  public init(
    name: String, source: MetricSource, successCondition: MetricCondition? = nil,
    failureCondition: MetricCondition? = nil, intervalSeconds: Int? = nil, count: Int? = nil,
    initialDelaySeconds: Int = 0, failureLimit: Int = 0, inconclusiveLimit: Int = 0,
    consecutiveErrorLimit: Int = 4, consecutiveSuccessLimit: Int = 0, failureLimitSet: Bool = false
  ) {
    self.consecutiveSuccessLimit = consecutiveSuccessLimit
    self.failureLimitSet = failureLimitSet
    self.name = name
    self.source = source
    self.successCondition = successCondition
    self.failureCondition = failureCondition
    self.intervalSeconds = intervalSeconds
    self.count = count
    self.initialDelaySeconds = initialDelaySeconds
    self.failureLimit = failureLimit
    self.inconclusiveLimit = inconclusiveLimit
    self.consecutiveErrorLimit = consecutiveErrorLimit
  }
}

public struct AnalysisTemplateSpec: Sendable, Hashable {
  public var name: String
  public var metrics: [MetricSpec]
  public init(name: String, metrics: [MetricSpec]) {
    self.name = name
    self.metrics = metrics
  }
}
