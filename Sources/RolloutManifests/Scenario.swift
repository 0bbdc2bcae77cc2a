import RolloutEngine
import Yams

/// The `rollsim/v1 Simulation` document.
struct ParsedSimulation {
  var doc: ManifestLoader.Document
  var name: String?
  var seed: UInt64?
  var from: String?
  var fromNode: Node?
  /// `from` as a mapping, for several workloads: each one's starting image, by the
  /// NAME or KIND/NAME it was given, with its node.
  var fromByWorkload: [(name: String, image: String, node: Node)] = []
  var cluster: ClusterSpec?
  var clusterNode: Node?
  var traffic: TrafficSpec?
  /// `spec.traffic.workloads`: a workload's own rate and pod capacity (the rest
  /// inherit `traffic`'s), by the name or KIND/NAME it was given, with its node.
  var workloadTraffic: [(name: String, spec: TrafficSpec, node: Node)] = []
  var images: [String: ImageBehavior]
  var actions: [ScheduledAction]
  /// Each action's node, for errors about its workload.
  var actionNodes: [Node] = []
  var strictMinReady: Bool
  /// `spec.readinessGates`: when each pod condition becomes True, after the
  /// containers are Ready.
  var readinessGates: [String: SimTime] = [:]
  var readinessGatesNode: Node?
  /// `spec.analysis`: how metrics rollsim can't measure go, per template or
  /// `template/metric`.
  var analysis: [String: AnalysisSetting] = [:]
  var analysisNodes: [String: Node] = [:]
  /// `spec.faults` (Scenario+Faults.swift) and `spec.noise`.
  var faults = FaultSchedule()
  var noise = false

  var summary: String {
    var parts = ["Simulation\(name.map { " " + $0 } ?? ""): seed \(seed ?? 1)"]
    parts.append(ManifestLoader.clusterText(cluster ?? .default))
    parts.append(ManifestLoader.trafficText(traffic ?? TrafficSpec()))
    if let f = from { parts.append("from \(f)") }
    if !images.isEmpty {
      parts.append(images.keys.sorted().map { k in
        let b = images[k]!
        var s = "\(k) starts in \(TraceNumber.text(b.startupSeconds))s"
        if b.errorRate > 0 { s += ", errorRate \(TraceNumber.text(b.errorRate))" }
        if b.crashLoop { s += ", crash-loops" }
        if b.neverReady { s += ", never Ready" }
        return s
      }.joined(separator: "; "))
    }
    if !faults.isEmpty { parts.append(ManifestLoader.faultsText(faults)) }
    if noise { parts.append("noise on") }
    parts.append("\(actions.count) action\(actions.count == 1 ? "" : "s")" + (actions.isEmpty ? "" : " (" + actions.map { "\(formatDuration($0.at)) \($0.verb)" }.joined(separator: ", ") + ")"))
    return parts.joined(separator: ", ")
  }
}

extension ManifestLoader {
  static func parseSimulation(_ d: Document) throws(ManifestError) -> ParsedSimulation {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"])
    let name = try m.map("metadata")?.string("name")
    let spec = try m.map("spec")
    spec?.checkUnknown(known: ["seed", "from", "cluster", "traffic", "images", "actions", "strictMinReady", "readinessGates", "analysis", "faults", "noise"])
    var out = ParsedSimulation(doc: d, name: name, images: [:], actions: [], strictMinReady: false)
    guard let spec else { return out }
    if let s = try spec.int("seed", min: 0) { out.seed = UInt64(s) }
    out.fromNode = spec["from"]
    if case .mapping = spec["from"] {
      let f = try YAMLMap(spec["from"]!, path: spec.sub("from"), ctx: d.ctx)
      for p in f.pairs {
        guard let image = try f.string(p.key), !image.isEmpty else { throw d.ctx.error(p.value, "spec.from.\(TerminalText.echo(p.key)): expected an image") }
        out.fromByWorkload.append((p.key, image, p.keyNode))
      }
    } else {
      out.from = try spec.string("from")
    }
    if let c = try spec.map("cluster") {
      c.checkUnknown(known: ["nodes", "cpu", "memory", "scheduling", "percentageOfNodesToScore"])
      let count = try c.int("nodes", min: 1, max: 100_000) ?? 3
      var cpu = 4000
      if let s = try c.string("cpu") {
        guard let v = Quantity.cpuMillis(s), v > 0 else { throw d.ctx.error(c["cpu"], "spec.cluster.cpu: Invalid value: \"\(s)\": a CPU quantity like 4 or 3500m") }
        cpu = v
      }
      var mem: Int64 = 8 << 30
      if let s = try c.string("memory") {
        guard let v = Quantity.bytes(s), v > 0 else { throw d.ctx.error(c["memory"], "spec.cluster.memory: Invalid value: \"\(s)\": a memory quantity like 8Gi") }
        mem = v
      }
      var policy = SchedulingPolicy.leastAllocated
      if let p = try c.string("scheduling") {
        guard let v = SchedulingPolicy(rawValue: p) else {
          throw d.ctx.error(c["scheduling"], "spec.cluster.scheduling: Unsupported value: \"\(p)\": supported values: \"leastAllocated\", \"firstFit\"")
        }
        policy = v
      }
      out.cluster = .uniform(count: count, cpuMillis: cpu, memoryBytes: mem, scheduling: policy)
      // kube-scheduler's sampling (0 = its adaptive default); absent = every node scored.
      out.cluster?.percentageOfNodesToScore = try c.int("percentageOfNodesToScore", min: 0, max: 100)
      out.clusterNode = c.node
    }
    if let t = try spec.map("traffic") {
      t.checkUnknown(known: ["requestsPerSecond", "podCapacity", "workloads"])
      let shared = TrafficSpec(requestsPerSecond: try t.double("requestsPerSecond", min: 0) ?? 100, podCapacity: try t.double("podCapacity", min: 0))
      out.traffic = shared
      if let ws = try t.map("workloads") {
        for p in ws.pairs {
          let w = try YAMLMap(p.value, path: ws.sub(p.key), ctx: d.ctx)
          w.checkUnknown(known: ["requestsPerSecond", "podCapacity"])
          let spec = TrafficSpec(
            requestsPerSecond: try w.double("requestsPerSecond", min: 0) ?? shared.requestsPerSecond,
            podCapacity: try w.double("podCapacity", min: 0) ?? shared.podCapacity)
          out.workloadTraffic.append((p.key, spec, p.keyNode))
        }
      }
    }
    if let imgs = try spec.map("images") {
      for p in imgs.pairs {
        let im = try YAMLMap(p.value, path: imgs.sub(p.key), ctx: d.ctx)
        im.checkUnknown(known: ["startupSeconds", "errorRate", "crashLoop", "crashAfterSeconds", "neverReady", "shutdownSeconds", "latencyMs"])
        var b = ImageBehavior()
        b.startupSeconds = try im.double("startupSeconds", min: 0) ?? b.startupSeconds
        b.errorRate = try im.double("errorRate", min: 0, max: 1) ?? 0
        b.crashLoop = try im.bool("crashLoop") ?? false
        b.crashAfterSeconds = try im.double("crashAfterSeconds", min: 0) ?? b.crashAfterSeconds
        b.neverReady = try im.bool("neverReady") ?? false
        b.shutdownSeconds = try im.double("shutdownSeconds", min: 0) ?? b.shutdownSeconds
        b.latencyMs = try im.double("latencyMs", min: 0) ?? b.latencyMs
        out.images[p.key] = b
      }
    }
    for (i, a) in (try spec.list("actions") ?? []).enumerated() {
      let am = try YAMLMap(a, path: "spec.actions[\(i)]", ctx: d.ctx)
      am.checkUnknown(known: ["at", "do", "workload"])
      guard let atNode = am["at"], case .scalar(let atText) = atNode else { throw d.ctx.error(a, "\(am.sub("at")): Required value") }
      guard let t = parseDuration(atText.string) else {
        throw d.ctx.error(atNode, "\(am.sub("at")): Invalid value: \"\(atText.string)\": not a time (use e.g. 45s, 2m, 1h30m)")
      }
      let verbText = try am.requiredString("do")
      guard let verb = ActionVerb.parse(verbText) else {
        throw d.ctx.error(am["do"], "\(am.sub("do")): unknown action \"\(verbText)\" (valid: \(ActionVerb.spellings))")
      }
      if case .scale(let n) = verb, n > maxReplicas {
        throw d.ctx.error(am["do"], "\(am.sub("do")): Invalid value: \"\(verbText)\": rollsim simulates at most \(maxReplicas) replicas")
      }
      out.actions.append(ScheduledAction(at: t, verb: verb, workload: try am.string("workload")))
      out.actionNodes.append(a)
    }
    out.strictMinReady = try spec.bool("strictMinReady") ?? false
    if let f = try spec.map("faults") { out.faults = try parseFaults(f, ctx: d.ctx) }
    out.noise = try spec.bool("noise") ?? false
    if let g = try spec.map("readinessGates") {
      out.readinessGatesNode = g.node
      for p in g.pairs {
        guard let t = try g.duration(p.key) else { continue }
        out.readinessGates[p.key] = t
      }
    }
    if let a = try spec.map("analysis") {
      for p in a.pairs {
        let sm = try YAMLMap(p.value, path: a.sub(p.key), ctx: d.ctx)
        sm.checkUnknown(known: ["result", "after", "metric"])
        out.analysisNodes[p.key] = p.keyNode
        if let metric = try sm.string("metric") {
          guard let s = namedSource(metric) else {
            throw d.ctx.error(sm["metric"], "\(sm.sub("metric")): Unsupported value: \"\(metric)\": supported values: error-rate, success-rate, latency-p50, latency-p90, latency-p95, latency-p99, available-ratio")
          }
          out.analysis[p.key] = .measured(s)
          continue
        }
        let text = try sm.string("result") ?? "pass"
        let results: [String: AnalysisPhase] = [
          "pass": .successful, "succeed": .successful, "successful": .successful, "fail": .failed, "failed": .failed,
          "inconclusive": .inconclusive, "error": .error,
        ]
        guard let r = results[text.lowercased()] else {
          throw d.ctx.error(sm["result"], "\(sm.sub("result")): Unsupported value: \"\(text)\": supported values: \"pass\", \"fail\", \"inconclusive\", \"error\"")
        }
        out.analysis[p.key] = .scripted(r, afterSeconds: try sm.seconds("after") ?? 0)
      }
    }
    return out
  }
}
