import RolloutEngine
import Yams

/// Services, VirtualServices, AnalysisTemplates.
extension ManifestLoader {
  static func parseService(_ d: Document) throws(ManifestError) -> ServiceSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    let spec = try m.map("spec")
    spec?.checkUnknown(
      known: ["selector"],
      ignored: [
        "ports", "type", "clusterIP", "clusterIPs", "sessionAffinity", "externalTrafficPolicy", "internalTrafficPolicy",
        "ipFamilies", "ipFamilyPolicy", "loadBalancerIP", "externalName", "publishNotReadyAddresses", "healthCheckNodePort",
      ])
    return ServiceSpec(name: name, selector: try spec?.stringMap("selector") ?? [:])
  }

  static func parseVirtualService(_ d: Document) throws(ManifestError) -> VirtualServiceSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    guard let spec = try m.map("spec") else { throw m.ctx.error(m.node, "spec: Required value") }
    spec.checkUnknown(known: ["http"], ignored: ["hosts", "gateways", "tls", "tcp", "exportTo"])
    var routes: [HTTPRoute] = []
    for (i, h) in (try spec.list("http") ?? []).enumerated() {
      let hm = try YAMLMap(h, path: "spec.http[\(i)]", ctx: m.ctx)
      hm.checkUnknown(
        known: ["name", "route"],
        ignored: ["match", "timeout", "retries", "fault", "mirror", "mirrorPercentage", "corsPolicy", "headers", "rewrite", "redirect"])
      var dests: [RouteDestination] = []
      let list = try hm.list("route") ?? []
      for (j, r) in list.enumerated() {
        let rm = try YAMLMap(r, path: "\(hm.sub("route"))[\(j)]", ctx: m.ctx)
        rm.checkUnknown(known: ["destination", "weight"], ignored: ["headers"])
        guard let dm = try rm.map("destination") else { throw m.ctx.error(r, "\(rm.sub("destination")): Required value") }
        dm.checkUnknown(known: ["host"], ignored: ["subset", "port"])
        // A single destination without a weight takes all traffic (Istio).
        let w = try rm.int("weight", min: 0) ?? (list.count == 1 ? 100 : 0)
        dests.append(RouteDestination(host: try dm.requiredString("host"), weight: w))
      }
      let sum = dests.reduce(0) { $0 + $1.weight }
      if !dests.isEmpty && sum != 100 {
        throw m.ctx.error(hm["route"], "\(hm.sub("route")): destination weights sum to \(sum), must be 100")
      }
      routes.append(HTTPRoute(name: try hm.string("name") ?? "", destinations: dests))
    }
    return VirtualServiceSpec(name: name, routes: routes)
  }

  static func parseAnalysisTemplate(_ d: Document) throws(ManifestError) -> AnalysisTemplateSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    guard let spec = try m.map("spec") else { throw m.ctx.error(m.node, "spec: Required value") }
    spec.checkUnknown(known: ["metrics", "args"], ignored: ["dryRun", "measurementRetention"])
    guard let list = try spec.list("metrics"), !list.isEmpty else { throw m.ctx.error(spec.node, "spec.metrics: Required value") }
    var metrics: [MetricSpec] = []
    for (i, x) in list.enumerated() {
      let mm = try YAMLMap(x, path: "spec.metrics[\(i)]", ctx: m.ctx)
      mm.checkUnknown(
        known: [
          "name", "provider", "successCondition", "failureCondition", "interval", "count", "initialDelay", "failureLimit",
          "inconclusiveLimit", "consecutiveErrorLimit", "consecutiveSuccessLimit",
        ])
      let mname = try mm.requiredString("name")
      if metrics.contains(where: { $0.name == mname }) {
        throw m.ctx.error(mm["name"], "\(mm.sub("name")): duplicate metric name \"\(mname)\"")
      }
      guard let provider = try mm.map("provider") else { throw m.ctx.error(x, "\(mm.sub("provider")): Required value") }
      let source = try metricSource(provider)
      let success = try condition(mm, "successCondition")
      let failure = try condition(mm, "failureCondition")
      var count: Int? = nil
      if let c = mm["count"] {
        guard case .scalar(let s) = c, let v = Int(s.string), v >= 0 else { throw m.ctx.error(c, "\(mm.sub("count")): Invalid value: must be a non-negative integer") }
        count = v
      }
      metrics.append(
        MetricSpec(
          name: mname, source: source, successCondition: success, failureCondition: failure, intervalSeconds: try mm.seconds("interval"),
          count: count, initialDelaySeconds: try mm.seconds("initialDelay") ?? 0, failureLimit: try mm.int("failureLimit", min: -1) ?? 0,
          inconclusiveLimit: try mm.int("inconclusiveLimit", min: 0) ?? 0, consecutiveErrorLimit: try mm.int("consecutiveErrorLimit", min: 0) ?? 4,
          consecutiveSuccessLimit: try mm.int("consecutiveSuccessLimit", min: 0) ?? 0,
          // argo-rollouts.md §5: with a consecutiveSuccessLimit, reaching the count
          // without the streak is Inconclusive when a failureLimit was written too and
          // Failed otherwise; so the loader records whether it was written.
          failureLimitSet: mm["failureLimit"] != nil))
    }
    return AnalysisTemplateSpec(name: name, metrics: metrics)
  }

  /// Metrics read the simulation instead of a metrics backend:
  /// `provider: {rollsim: {metric: error-rate}}`; a Prometheus query is mapped by its
  /// shape, with a warning.
  static func metricSource(_ p: YAMLMap) throws(ManifestError) -> MetricSource {
    if let r = try p.map("rollsim") {
      r.checkUnknown(known: ["metric"])
      let metric = try r.requiredString("metric")
      if let s = namedSource(metric) { return s }
      throw p.ctx.error(r["metric"], "\(r.sub("metric")): Unsupported value: \"\(metric)\": supported values: error-rate, success-rate, latency-p50, latency-p90, latency-p95, latency-p99, available-ratio")
    }
    if let prom = try p.map("prometheus") {
      prom.checkUnknown(known: ["query"], ignored: ["address", "timeout", "insecure", "headers", "authentication"])
      let q = (try prom.string("query") ?? "").lowercased()
      let source: MetricSource?
      if let r = q.firstRange(of: "histogram_quantile(") {
        let rest = q[r.upperBound...].prefix { $0.isNumber || $0 == "." }
        source = Double(rest).map { .latencyPercentile($0 * 100) }
      } else if q.contains("5..") || q.contains("5xx") || q.contains("error") || q.contains("fail") {
        source = .errorRate
      } else if q.contains("2..") || q.contains("success") || q.contains("2xx") {
        source = .successRate
      } else if q.contains("available") {
        source = .availableRatio
      } else {
        source = nil
      }
      guard let s = source else {
        throw p.ctx.error(prom["query"], "\(prom.sub("query")): rollsim can't tell what this query measures; use provider: {rollsim: {metric: error-rate | success-rate | latency-p99 | available-ratio}}")
      }
      p.ctx.warn(prom["query"], "\(prom.sub("query")): the simulation stands in for Prometheus; this query is read as \(sourceName(s))")
      return s
    }
    throw p.ctx.error(p.node, "\(p.path): rollsim simulates metrics; use provider: {rollsim: {metric: error-rate}} (or a prometheus query)")
  }

  static func namedSource(_ s: String) -> MetricSource? {
    switch s {
    case "error-rate": return .errorRate
    case "success-rate": return .successRate
    case "available-ratio": return .availableRatio
    default:
      if s.hasPrefix("latency-p"), let p = Double(s.dropFirst("latency-p".count)), p > 0, p < 100 { return .latencyPercentile(p) }
      return nil
    }
  }

  static func sourceName(_ s: MetricSource) -> String {
    switch s {
    case .errorRate: return "error-rate"
    case .successRate: return "success-rate"
    case .availableRatio: return "available-ratio"
    case .latencyPercentile(let p): return "latency-p\(TraceNumber.text(p))"
    }
  }

  /// `result < 0.05`, `result[0] >= 0.95 && result[0] <= 1`, `0.95 <= result`.
  static func condition(_ m: YAMLMap, _ key: String) throws(ManifestError) -> MetricCondition? {
    guard let text = try m.string(key) else { return nil }
    guard let c = parseCondition(text) else {
      throw m.ctx.error(m[key], "\(m.sub(key)): can't read \"\(text)\": rollsim understands comparisons of result (or result[0]) with a number, joined by && or ||")
    }
    return c
  }

  static func parseCondition(_ text: String) -> MetricCondition? {
    var any: [[MetricCondition.Clause]] = []
    for disj in text.split(separator: "||", omittingEmptySubsequences: false) {
      var all: [MetricCondition.Clause] = []
      for conj in disj.split(separator: "&&", omittingEmptySubsequences: false) {
        guard let c = parseClause(String(conj)) else { return nil }
        all.append(c)
      }
      any.append(all)
    }
    return any.isEmpty ? nil : MetricCondition(anyOf: any, text: text.trimmed)
  }

  static func parseClause(_ raw: String) -> MetricCondition.Clause? {
    var s = raw.trimmed
    while s.hasPrefix("(") && s.hasSuffix(")") { s = String(s.dropFirst().dropLast()).trimmed }
    let ops: [(String, MetricCondition.Op, MetricCondition.Op)] = [
      ("<=", .le, .ge), (">=", .ge, .le), ("==", .eq, .eq), ("!=", .ne, .ne), ("<", .lt, .gt), (">", .gt, .lt),
    ]
    for (tok, op, flipped) in ops {
      guard let r = s.firstRange(of: tok) else { continue }
      let lhs = String(s[..<r.lowerBound]).trimmed
      let rhs = String(s[r.upperBound...]).trimmed
      let isResult = { (x: String) in x == "result" || x == "result[0]" || x == "asFloat(result)" || x == "float(result)" }
      if isResult(lhs), let v = Double(rhs) { return .init(op: op, value: v) }
      if isResult(rhs), let v = Double(lhs) { return .init(op: flipped, value: v) }
      return nil
    }
    return nil
  }
}

extension String {
  var trimmed: String {
    var sub = Substring(self)
    while let f = sub.first, f.isWhitespace { sub.removeFirst() }
    while let l = sub.last, l.isWhitespace { sub.removeLast() }
    return String(sub)
  }
}
