import RolloutEngine
import Yams

/// Services, VirtualServices, and the pieces of AnalysisTemplates (Analysis.swift).
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
    case .scripted(let r, let after): return "\(r.rawValue) after \(after)s (scripted)"
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
