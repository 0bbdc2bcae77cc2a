import RolloutEngine
import Yams

/// `spec.faults` of a `rollsim/v1 Simulation` (README, "Faults"):
///
/// ```yaml
/// faults:
///   images:
///   - image: shop:2.0
///     after: 90s              # or at: 5m, or whenRpsPerPodAbove: 80
///     oom: true               # or errorRate: 0.05 | errorRate: {from: 0, to: 0.2, over: 5m}
///                             # | latency: {p50Ms: 300, p99Ms: 1200} | crash: true
///                             # | readinessFails: true | slowStart: 2m
///   nodes:
///   - node: 2
///     notReadyAt: 3m
///     tolerationSeconds: 300  # the default
///     backAt: 20m             # optional
/// ```
extension ManifestLoader {
  static func parseFaults(_ f: YAMLMap, ctx: FileContext) throws(ManifestError) -> FaultSchedule {
    f.checkUnknown(known: ["images", "nodes"])
    var out = FaultSchedule()
    for (i, n) in (try f.list("images", maxItems: 1000) ?? []).enumerated() {
      let m = try YAMLMap(n, path: "spec.faults.images[\(i)]", ctx: ctx)
      m.checkUnknown(known: ["image", "after", "at", "whenRpsPerPodAbove", "errorRate", "latency", "crash", "oom", "readinessFails", "slowStart"])
      let image = try m.requiredString("image")
      var triggers: [FaultTrigger] = []
      if let t = try m.duration("after") { triggers.append(.after(t)) }
      if let t = try m.duration("at") { triggers.append(.at(t)) }
      if let r = try m.double("whenRpsPerPodAbove", min: 0) { triggers.append(.whenRpsPerPodAbove(r)) }
      guard triggers.count <= 1 else { throw ctx.error(m.node, "\(m.path): at most one of after, at, whenRpsPerPodAbove") }
      let trigger = triggers.first ?? .at(0)
      var kinds: [FaultKind] = []
      if let v = m["errorRate"] {
        if case .mapping = v {
          let e = try YAMLMap(v, path: m.sub("errorRate"), ctx: ctx)
          e.checkUnknown(known: ["from", "to", "over"])
          let to = try e.double("to", min: 0, max: 1) ?? 1
          kinds.append(.errorRate(from: try e.double("from", min: 0, max: 1) ?? 0, to: to, rampSeconds: Double(try e.duration("over") ?? 0) / 1000))
        } else {
          let r = try m.double("errorRate", min: 0, max: 1) ?? 0
          kinds.append(.errorRate(from: r, to: r, rampSeconds: 0))
        }
      }
      if let l = try m.map("latency") {
        l.checkUnknown(known: ["p50Ms", "p99Ms"])
        let p50 = try l.double("p50Ms", min: 0) ?? 50
        kinds.append(.latency(p50Ms: p50, p99Ms: try l.double("p99Ms", min: 0) ?? p50 * 3.2))
      }
      if try m.bool("crash") == true { kinds.append(.crash) }
      if try m.bool("oom") == true { kinds.append(.oom) }
      if try m.bool("readinessFails") == true { kinds.append(.readinessFails) }
      if let s = try m.duration("slowStart") { kinds.append(.slowStart(seconds: Double(s) / 1000)) }
      guard kinds.count == 1, let kind = kinds.first else {
        throw ctx.error(m.node, "\(m.path): exactly one of errorRate, latency, crash, oom, readinessFails, slowStart")
      }
      if !kind.isTraffic, case .after = trigger {} else if !kind.isTraffic, triggers.isEmpty {} else if !kind.isTraffic {
        throw ctx.error(m.node, "\(m.path): crash, oom, readinessFails and slowStart act on each pod: trigger them with after (from the container's start)")
      }
      out.images.append(ImageFault(image: image, trigger: trigger, kind: kind))
    }
    for (i, n) in (try f.list("nodes", maxItems: 1000) ?? []).enumerated() {
      let m = try YAMLMap(n, path: "spec.faults.nodes[\(i)]", ctx: ctx)
      m.checkUnknown(known: ["node", "notReadyAt", "tolerationSeconds", "backAt"])
      guard let node = try m.int("node", min: 1, max: 100_000) else { throw ctx.error(m.node, "\(m.sub("node")): Required value") }
      guard let at = try m.duration("notReadyAt") else { throw ctx.error(m.node, "\(m.sub("notReadyAt")): Required value") }
      out.nodes.append(
        NodeFault(node: node, at: at, tolerationSeconds: try m.double("tolerationSeconds", min: 0) ?? 300, backAt: try m.duration("backAt")))
    }
    return out
  }

  /// One line for `validate`'s summary; the drills never print it (the fault is hidden).
  static func faultsText(_ f: FaultSchedule) -> String {
    "\(f.images.count) image fault\(f.images.count == 1 ? "" : "s"), \(f.nodes.count) node fault\(f.nodes.count == 1 ? "" : "s")"
  }
}
