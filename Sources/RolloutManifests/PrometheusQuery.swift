import RolloutEngine

/// What a Prometheus query measures, read from its shape: the simulation stands in
/// for Prometheus, so the query decides which simulated value the metric gets.
enum PrometheusQuery {
  /// The forms the classifier knows, short enough for one diagnostic line.
  static let knownForms =
    #"x{status!~"5.."} / x (or response_code!~"5.*", status!~"[4-5].*") as success-rate, x{status=~"5.."} / x as error-rate, histogram_quantile(0.99, …) as latency-p99"#

  /// Labels that carry an HTTP status or its class.
  static let statusLabels: Set<String> = [
    "response_code", "status", "code", "status_code", "http_status", "http_status_code", "envoy_response_code_class",
    "response_code_class", "status_class", "response_status",
  ]

  /// A label matcher `name op "value"`.
  struct Matcher {
    var label: String
    var negated: Bool
    var value: String
  }

  static func matchers(_ q: String) -> [Matcher] {
    q.matches(of: #/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"/#).map {
      Matcher(label: String($0.output.1), negated: $0.output.2.hasPrefix("!"), value: String($0.output.3))
    }
  }

  /// Which class of status a matcher's value selects: the errors (5xx, or 4xx and
  /// 5xx), the successes (2xx), or neither.
  enum StatusClass { case errors, successes }

  static func statusClass(_ value: String) -> StatusClass? {
    var v = value
    if v.hasPrefix("^") { v.removeFirst() }
    if v.hasSuffix("$") { v.removeLast() }
    let errors = ["5.*", "5..", "5xx", "5", "5.+", "[5].*", "[4-5].*", "[45].*", "[4-5]..", "[45]..", "4..|5..", "5..|4..", "(4|5)..", "(5|4)..", "[5]..", "5\\d\\d"]
    if errors.contains(v) || (v.count == 3 && v.hasPrefix("5") && v.dropFirst().allSatisfy(\.isNumber)) { return .errors }
    let successes = ["2.*", "2..", "2xx", "2", "2.+", "[2].*", "[2]..", "2\\d\\d"]
    if successes.contains(v) { return .successes }
    return nil
  }

  /// The simulated value a query stands for, or nil when rollsim can't tell.
  ///
  /// A ratio's numerator decides: `sum(rate(x{status!~"5.."}[1m])) / sum(rate(x[1m]))`
  /// counts the requests that did not fail, a success rate; a negated error matcher is
  /// never read as an error rate. `1 - (…)` flips the reading.
  static func classify(_ query: String) -> MetricSource? {
    let q = query.trimmed
    let lower = q.lowercased()
    if let r = lower.firstRange(of: "histogram_quantile(") {
      let rest = lower[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." }
      return Double(rest).map { .latencyPercentile($0 * 100) }
    }
    let flipped = lower.hasPrefix("1 -") || lower.hasPrefix("1-")
    if let m = matchers(q).first(where: { statusLabels.contains($0.label) }), let cls = statusClass(m.value) {
      let countsErrors = (cls == .errors) != m.negated
      let success = countsErrors == flipped
      return success ? .successRate : .errorRate
    }
    if lower.contains("available") { return .availableRatio }
    return nil
  }
}
