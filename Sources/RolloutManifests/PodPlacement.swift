import RolloutEngine
import Yams

/// The scheduling rules of a pod spec: required anti-affinity and DoNotSchedule
/// topology spread on `kubernetes.io/hostname` become `PlacementConstraint`s; every
/// other rule is a warning that it is not simulated.
extension ManifestLoader {
  static let hostnameKey = "kubernetes.io/hostname"

  static func placement(_ spec: YAMLMap) throws(ManifestError) -> [PlacementConstraint] {
    let ctx = spec.ctx
    var out: [PlacementConstraint] = []
    if let n = spec["nodeSelector"] { ctx.warn(n, "\(spec.sub("nodeSelector")): not simulated (every node is taken to match)") }
    if let n = spec["nodeName"] { ctx.warn(n, "\(spec.sub("nodeName")): not simulated (the scheduler places every pod)") }
    if let aff = try spec.map("affinity") {
      aff.checkUnknown(known: ["nodeAffinity", "podAffinity", "podAntiAffinity"])
      if let n = aff["nodeAffinity"] { ctx.warn(n, "\(aff.sub("nodeAffinity")): not simulated (every node is taken to match)") }
      if let n = aff["podAffinity"] { ctx.warn(n, "\(aff.sub("podAffinity")): not simulated") }
      if let anti = try aff.map("podAntiAffinity") {
        let required = "requiredDuringSchedulingIgnoredDuringExecution"
        let preferred = "preferredDuringSchedulingIgnoredDuringExecution"
        anti.checkUnknown(known: [required, preferred])
        if let n = anti[preferred] { ctx.warn(n, "\(anti.sub(preferred)): not simulated (a scoring preference)") }
        for (i, term) in (try anti.list(required) ?? []).enumerated() {
          let tm = try YAMLMap(term, path: "\(anti.sub(required))[\(i)]", ctx: ctx)
          tm.checkUnknown(known: ["labelSelector", "topologyKey"], ignored: ["namespaces", "namespaceSelector"])
          for k in ["matchLabelKeys", "mismatchLabelKeys"] where tm[k] != nil {
            ctx.warn(tm[k], "\(tm.sub(k)): not simulated; the term is ignored")
          }
          let key = try tm.requiredString("topologyKey")
          guard key == hostnameKey else {
            ctx.warn(tm["topologyKey"], "\(tm.sub("topologyKey")): \"\(key)\" is not simulated (rollsim's nodes have only a hostname); the term is ignored")
            continue
          }
          guard let sel = try matchLabels(tm, "labelSelector") else { continue }
          out.append(.antiAffinity(selector: sel))
        }
      }
    }
    for (i, c) in (try spec.list("topologySpreadConstraints") ?? []).enumerated() {
      let cm = try YAMLMap(c, path: "\(spec.sub("topologySpreadConstraints"))[\(i)]", ctx: ctx)
      cm.checkUnknown(
        known: ["maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector", "minDomains", "matchLabelKeys"],
        ignored: ["nodeAffinityPolicy", "nodeTaintsPolicy"])
      guard let skew = try cm.int("maxSkew", min: 1) else { throw ctx.error(c, "\(cm.sub("maxSkew")): Required value") }
      let key = try cm.requiredString("topologyKey")
      let when = try cm.requiredString("whenUnsatisfiable")
      guard when == "DoNotSchedule" || when == "ScheduleAnyway" else {
        throw ctx.error(cm["whenUnsatisfiable"], "\(cm.sub("whenUnsatisfiable")): Unsupported value: \"\(when)\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"")
      }
      if when == "ScheduleAnyway" {
        ctx.warn(cm["whenUnsatisfiable"], "\(cm.path): whenUnsatisfiable ScheduleAnyway is not simulated (a scoring preference)")
        continue
      }
      guard key == hostnameKey else {
        ctx.warn(cm["topologyKey"], "\(cm.sub("topologyKey")): \"\(key)\" is not simulated (rollsim's nodes have only a hostname); the constraint is ignored")
        continue
      }
      if let n = cm["matchLabelKeys"] { ctx.warn(n, "\(cm.sub("matchLabelKeys")): not simulated; the constraint is ignored"); continue }
      if let n = cm["minDomains"] { ctx.warn(n, "\(cm.sub("minDomains")): not simulated") }
      guard let sel = try matchLabels(cm, "labelSelector") else { continue }
      out.append(.spread(maxSkew: skew, selector: sel))
    }
    return out
  }

  /// A label selector as matchLabels: `matchExpressions` with `In` and one value
  /// are the same thing; other expressions are a warning and the rule is ignored.
  /// No selector: nil (it selects no pod, so the rule has no effect).
  static func matchLabels(_ m: YAMLMap, _ key: String) throws(ManifestError) -> [String: String]? {
    guard let sel = try m.map(key) else { return nil }
    sel.checkUnknown(known: ["matchLabels", "matchExpressions"])
    var labels = try sel.stringMap("matchLabels") ?? [:]
    for (i, e) in (try sel.list("matchExpressions") ?? []).enumerated() {
      let em = try YAMLMap(e, path: "\(sel.sub("matchExpressions"))[\(i)]", ctx: m.ctx)
      em.checkUnknown(known: ["key", "operator", "values"])
      let k = try em.requiredString("key")
      let op = try em.requiredString("operator")
      let values = try (em.list("values") ?? []).map { v throws(ManifestError) -> String in
        guard case .scalar(let s) = v else { throw m.ctx.error(v, "\(em.sub("values")): expected a string") }
        return s.string
      }
      guard op == "In", values.count == 1 else {
        m.ctx.warn(e, "\(em.path): only `In` with one value is simulated; the rule is ignored")
        return nil
      }
      labels[k] = values[0]
    }
    return labels
  }
}

extension ManifestLoader {
  /// Sets each readiness gate of the workload's template from the Simulation
  /// document's `readinessGates`; a gate it never sets keeps every new pod unready,
  /// as in a cluster where nothing sets the condition, with a warning.
  static func applyReadinessGates(
    _ w: WorkloadSpec, _ sim: ParsedSimulation?, doc: Document, warnings: inout [Diagnostic]
  ) -> WorkloadSpec {
    var t = w.template
    let set = sim?.readinessGates ?? [:]
    for i in t.readinessGates.indices {
      let type = t.readinessGates[i].conditionType
      if let at = set[type] {
        t.readinessGates[i].afterSeconds = Double(at) / 1000
      } else {
        let node = doc.map.node
        warnings.append(
          Diagnostic(
            .warning, file: doc.ctx.path, line: node.mark?.line, column: node.mark?.column,
            message:
              "readiness gate \"\(type)\" is never set, so new pods never become Ready (set it in the Simulation document: spec.readinessGates: {\(type): 5s})"
          ))
      }
    }
    if let sim {
      for type in set.keys.sorted() where !t.readinessGates.contains(where: { $0.conditionType == type }) {
        let node = sim.readinessGatesNode
        warnings.append(
          Diagnostic(
            .warning, file: sim.doc.ctx.path, line: node?.mark?.line, column: node?.mark?.column,
            message: "spec.readinessGates.\(type): the pod template has no such readiness gate"))
      }
    }
    switch w {
    case .deployment(var d):
      d.template = t
      return .deployment(d)
    case .rollout(var r):
      r.template = t
      return .rollout(r)
    }
  }
}
