import RolloutEngine
import Yams

/// What a load produced: the simulation input, warnings, and a plain-language
/// account of what was understood (for `rollsim validate`).
public struct LoadedManifests: Sendable {
  public var input: SimulationInput
  public var warnings: [Diagnostic]
  public var summary: [String]
}

/// Turns YAML manifests into a `SimulationInput`.
///
/// Reads `apps/v1` Deployments, `argoproj.io/v1alpha1` Rollouts (with `template` or
/// `workloadRef`) and AnalysisTemplates, `v1` Services, Istio VirtualServices and the
/// `rollsim/v1` Simulation document. API defaults are applied here
/// (k8s-deployment.md §2, argo-rollouts.md §2.2, §2.7, §3), so the engine sees
/// explicit values. Every error names the file, line and column.
public enum ManifestLoader {
  /// Loads a manifest file and an optional separate scenario file.
  public static func load(manifest: SourceText, scenario: SourceText? = nil, seedOverride: UInt64? = nil) throws(ManifestError) -> LoadedManifests {
    var docs: [Document] = []
    var contexts: [FileContext] = []
    for src in [manifest] + (scenario.map { [$0] } ?? []) {
      let ctx = FileContext(path: src.path)
      contexts.append(ctx)
      docs += try parseDocuments(src, ctx)
    }
    var loaded = try build(docs, primary: manifest.path, seedOverride: seedOverride)
    loaded.warnings = contexts.flatMap(\.warnings)
    return loaded
  }

  /// Checks files independently or together: a file with only a Simulation document
  /// is checked as a scenario; a manifest file as a whole. Returns all diagnostics
  /// and, per file, what was understood.
  public static func validate(_ sources: [SourceText]) -> (diagnostics: [Diagnostic], summary: [String]) {
    var diags: [Diagnostic] = []
    var summary: [String] = []
    for src in sources {
      let ctx = FileContext(path: src.path)
      do {
        let docs = try parseDocuments(src, ctx)
        if docs.allSatisfy({ $0.kind == "Simulation" }) {
          let sims = try docs.map { d throws(ManifestError) in try parseSimulation(d) }
          summary.append("\(src.path): ok")
          for s in sims { summary.append("  " + s.summary) }
        } else {
          let loaded = try build(docs, primary: src.path, seedOverride: nil)
          summary.append("\(src.path): ok")
          summary += loaded.summary.map { "  " + $0 }
        }
      } catch {
        diags += error.diagnostics
      }
      diags += ctx.warnings
    }
    return (diags, summary)
  }

  // MARK: - Documents

  struct Document {
    var map: YAMLMap
    var kind: String
    var apiVersion: String
    var name: String?
    var ctx: FileContext { map.ctx }
  }

  static let kinds: [String: [String]] = [
    "Deployment": ["apps/v1"],
    "Service": ["v1"],
    "Rollout": ["argoproj.io/v1alpha1"],
    "AnalysisTemplate": ["argoproj.io/v1alpha1"],
    "ClusterAnalysisTemplate": ["argoproj.io/v1alpha1"],
    "VirtualService": ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1", "networking.istio.io/v1"],
    "Simulation": ["rollsim/v1"],
  ]

  static func parseDocuments(_ src: SourceText, _ ctx: FileContext) throws(ManifestError) -> [Document] {
    let meaningful = src.text.split(whereSeparator: \.isNewline).contains { line in
      let t = line.drop { $0 == " " || $0 == "\t" }
      return !t.isEmpty && !t.hasPrefix("#") && t != "---" && t != "..."
    }
    guard meaningful else { throw ctx.error(nil, "file is empty") }
    if let (line, column) = excessiveNesting(src.text) {
      throw ManifestError([
        Diagnostic(.error, file: ctx.path, line: line, column: column, message: "malformed YAML: nested more than \(maxNesting) levels deep")
      ])
    }
    var nodes: [Node] = []
    do {
      // Not `compose_all`: its sequence stops at an error and keeps it to itself, so
      // a malformed file would read as an empty one.
      let parser = try Parser(yaml: src.text)
      while let n = try parser.nextRoot() { nodes.append(n) }
    } catch let e as YamlError {
      throw yamlError(e, ctx)
    } catch {
      throw ctx.error(nil, "malformed YAML: \(error)")
    }
    var docs: [Document] = []
    for n in nodes {
      if case .scalar(let s) = n, s.string.isEmpty { continue }
      let m = try YAMLMap(n, path: "", ctx: ctx)
      guard let kind = try m.string("kind"), !kind.isEmpty else { throw ctx.error(n, "missing \"kind\"") }
      guard let api = try m.string("apiVersion"), !api.isEmpty else { throw ctx.error(n, "\(TerminalText.echo(kind)): missing \"apiVersion\"") }
      guard let apis = kinds[kind], apis.contains(api) else {
        if let apis = kinds[kind] {
          throw ctx.error(m["apiVersion"], "unsupported apiVersion \"\(TerminalText.echo(api))\" for kind \(kind) (expected \(apis.joined(separator: " or ")))")
        }
        throw ctx.error(m["kind"], "unknown kind \"\(TerminalText.echo(kind))\" (apiVersion \(TerminalText.echo(api))); rollsim reads Deployment, Rollout, Service, VirtualService, AnalysisTemplate and Simulation")
      }
      let name = try m.map("metadata")?.string("name")
      docs.append(Document(map: m, kind: kind, apiVersion: api, name: name))
    }
    guard !docs.isEmpty else { throw ctx.error(nil, "file is empty") }
    return docs
  }

  // MARK: - Assembly

  static func build(_ docs: [Document], primary: String, seedOverride: UInt64?) throws(ManifestError) -> LoadedManifests {
    var services: [String: (ServiceSpec, Document)] = [:]
    var serviceOrder: [String] = []
    var vss: [String: (VirtualServiceSpec, Document)] = [:]
    var templates: [String: AnalysisTemplateSpec] = [:]
    var templateOrder: [String] = []
    var deployments: [(DeploymentSpec, Document)] = []
    var rolloutDocs: [Document] = []
    var simulations: [ParsedSimulation] = []
    for d in docs {
      switch d.kind {
      case "Service":
        let s = try parseService(d)
        if services[s.name] == nil { serviceOrder.append(s.name) }
        services[s.name] = (s, d)
      case "VirtualService":
        let v = try parseVirtualService(d)
        vss[v.name] = (v, d)
      case "AnalysisTemplate", "ClusterAnalysisTemplate":
        let t = try parseAnalysisTemplate(d)
        if templates[t.name] == nil { templateOrder.append(t.name) }
        templates[t.name] = t
      case "Deployment":
        deployments.append((try parseDeployment(d), d))
      case "Rollout":
        rolloutDocs.append(d)
      case "Simulation":
        simulations.append(try parseSimulation(d))
      default: break
      }
    }
    if simulations.count > 1 {
      let d = simulations[1].doc
      throw d.ctx.error(d.map.node, "more than one rollsim/v1 Simulation document")
    }
    // The workload: a Rollout (its workloadRef Deployment is only a template source),
    // or else the one Deployment.
    var workload: WorkloadSpec
    var workloadDoc: Document
    var referenced: Set<String> = []
    var rollouts: [(RolloutSpec, Document)] = []
    for d in rolloutDocs {
      let r = try parseRollout(d, deployments: deployments, services: services, vss: vss, templates: templates)
      if let ref = try d.map.map("spec")?.map("workloadRef")?.string("name") { referenced.insert(ref) }
      rollouts.append((r, d))
    }
    let plainDeployments = deployments.filter { !referenced.contains($0.0.name) }
    let candidates = rollouts.map { ("Rollout \($0.0.name)", $0.1) } + plainDeployments.map { ("Deployment \($0.0.name)", $0.1) }
    if candidates.isEmpty {
      let ctx = docs.first?.ctx ?? FileContext(path: primary)
      throw ctx.error(nil, "no Deployment or Rollout found")
    }
    if candidates.count > 1 {
      let d = candidates[1].1
      throw d.ctx.error(d.map.node, "more than one workload to simulate: \(candidates.map(\.0).joined(separator: ", ")); put one per file")
    }
    if let r = rollouts.first {
      workload = .rollout(r.0)
      workloadDoc = r.1
    } else {
      workload = .deployment(plainDeployments[0].0)
      workloadDoc = plainDeployments[0].1
    }
    let sim = simulations.first
    let template = workload.template
    let fromImage = sim?.from ?? Self.previousImage(template.image)
    let cluster = sim?.cluster ?? .default
    // The initial fleet must fit somewhere; a new template that doesn't is a scenario
    // (Pending pods), but a fleet that can't exist before t=0 is an input error.
    if workload.replicas > 0 {
      let maxCpu = cluster.nodes.map(\.cpuMillis).max() ?? 0
      let maxMem = cluster.nodes.map(\.memoryBytes).max() ?? 0
      if template.cpuMillis > maxCpu || template.memoryBytes > maxMem {
        let node = sim?.fromNode ?? sim?.clusterNode ?? workloadDoc.map.node
        let ctx = sim?.doc.ctx ?? workloadDoc.ctx
        let what = template.cpuMillis > maxCpu
          ? "request \(cpuText(template.cpuMillis)) CPU; no node has more than \(cpuText(maxCpu))"
          : "request \(memText(template.memoryBytes)) of memory; no node has more than \(memText(maxMem))"
        throw ctx.error(node, "spec.from: pods of \(fromImage) \(what), so the fleet can't start")
      }
    }
    var images = sim?.images ?? [:]
    // Unlisted images get the defaults; list them so validate shows them.
    for img in [fromImage, template.image] where images[img] == nil { images[img] = .default }
    let input = SimulationInput(
      name: sim?.name ?? workload.name, workload: workload, fromImage: fromImage,
      services: serviceOrder.compactMap { services[$0]?.0 }, virtualServices: vss.keys.sorted().compactMap { vss[$0]?.0 },
      analysisTemplates: templateOrder.compactMap { templates[$0] }, seed: seedOverride ?? sim?.seed ?? 1, cluster: cluster,
      traffic: sim?.traffic ?? TrafficSpec(), images: images, actions: sim?.actions ?? [], strictMinReady: sim?.strictMinReady ?? false)
    var summary = [describe(workload)]
    for s in serviceOrder { summary.append("Service \(s): selects \(labels(services[s]!.0.selector))") }
    for v in vss.keys.sorted() { summary.append("VirtualService \(v): \(vss[v]!.0.routes.count) HTTP route(s)") }
    for t in templateOrder { summary.append("AnalysisTemplate \(t): \(templates[t]!.metrics.map(\.name).joined(separator: ", "))") }
    summary.append(sim?.summary ?? "Simulation (defaults): seed \(input.seed), \(clusterText(cluster)), \(trafficText(input.traffic)), from \(fromImage)")
    return LoadedManifests(input: input, warnings: [], summary: summary)
  }

  /// `shop:1.1` → `shop:previous`; `registry:5000/shop` → `registry:5000/shop:previous`.
  static func previousImage(_ image: String) -> String {
    if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
      return String(image[..<colon]) + ":previous"
    }
    return image + ":previous"
  }

  // MARK: - Describing

  static func cpuText(_ m: Int) -> String { m % 1000 == 0 ? String(m / 1000) : "\(m)m" }
  static func memText(_ b: Int64) -> String {
    if b >= 1 << 30, b % (1 << 30) == 0 { return "\(b >> 30)Gi" }
    if b >= 1 << 20, b % (1 << 20) == 0 { return "\(b >> 20)Mi" }
    return "\(b)"
  }
  static func labels(_ l: [String: String]) -> String { l.keys.sorted().map { "\($0)=\(l[$0]!)" }.joined(separator: ",") }
  static func clusterText(_ c: ClusterSpec) -> String {
    let first = c.nodes.first
    let uniform = c.nodes.allSatisfy { $0.cpuMillis == first?.cpuMillis && $0.memoryBytes == first?.memoryBytes }
    if uniform, let f = first { return "\(c.nodes.count) nodes × \(cpuText(f.cpuMillis)) CPU / \(memText(f.memoryBytes)) (\(c.scheduling.rawValue))" }
    return "\(c.nodes.count) nodes (\(c.scheduling.rawValue))"
  }
  static func trafficText(_ t: TrafficSpec) -> String {
    "\(TraceNumber.text(t.requestsPerSecond)) rps" + (t.podCapacity.map { ", podCapacity \(TraceNumber.text($0))" } ?? ", unlimited pod capacity")
  }

  static func describe(_ w: WorkloadSpec) -> String {
    switch w {
    case .deployment(let d):
      var s = "Deployment \(d.name): \(d.replicas) replicas, image \(d.template.image), "
      switch d.strategy {
      case .recreate: s += "Recreate"
      case .rollingUpdate(let ms, let mu):
        let surge = ms.scaled(d.replicas, roundUp: true)
        var unavail = mu.scaled(d.replicas, roundUp: false)
        if surge == 0 && unavail == 0 { unavail = 1 }
        unavail = d.replicas == 0 ? 0 : min(unavail, d.replicas)
        func show(_ v: Int, _ raw: IntOrPercent) -> String {
          if case .percent = raw { return "\(v) (\(raw))" }
          return String(v)
        }
        s += "RollingUpdate maxSurge \(show(surge, ms)) maxUnavailable \(show(unavail, mu))"
      }
      s += ", minReadySeconds \(d.minReadySeconds), progressDeadline " + (d.progressDeadlineSeconds.map { "\($0)s" } ?? "none")
      if d.paused { s += ", paused" }
      return s
    case .rollout(let r):
      var s = "Rollout \(r.name): \(r.replicas) replicas, image \(r.template.image), "
      switch r.strategy {
      case .canary(let c):
        let steps = c.steps.map(stepText)
        s += "Canary \(c.steps.count) steps" + (steps.isEmpty ? "" : " (" + steps.joined(separator: ", ") + ")")
        if let tr = c.trafficRouting {
          s += ", trafficRouting" + (tr.istio.map { " istio vs/\($0.virtualService)" } ?? "") + ", maxTrafficWeight \(tr.maxTrafficWeight)"
        } else {
          s += ", replica-weighted, maxSurge \(c.maxSurge) maxUnavailable \(c.maxUnavailable)"
        }
        if c.analysis != nil { s += ", background analysis" }
      case .blueGreen(let b):
        s += "BlueGreen active \(b.activeService)"
        if let p = b.previewService { s += ", preview \(p)" }
        s += b.autoPromotionEnabled ? ", auto-promotion" : ", manual promotion"
        if let p = b.previewReplicaCount { s += ", previewReplicaCount \(p)" }
        s += ", scaleDownDelaySeconds \(b.scaleDownDelaySeconds)"
      }
      return s
    }
  }

  static func stepText(_ s: CanaryStep) -> String {
    switch s {
    case .setWeight(let w): return "setWeight \(w)"
    case .pause(let d): return d.map { "pause \($0)s" } ?? "pause"
    case .setCanaryScale(let c):
      switch c {
      case .replicas(let r): return "setCanaryScale replicas \(r)"
      case .weight(let w): return "setCanaryScale weight \(w)"
      case .matchTrafficWeight: return "setCanaryScale matchTrafficWeight"
      }
    case .analysis(let r): return "analysis " + r.templateNames.joined(separator: "+")
    }
  }
}
