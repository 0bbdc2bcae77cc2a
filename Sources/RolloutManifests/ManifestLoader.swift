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
/// (`pkg/apis/apps/v1/defaults.go`, Argo's `utils/defaults/defaults.go`; see
/// docs/semantics.md), so the engine sees
/// explicit values. Every error names the file, line and column.
public enum ManifestLoader {
  /// Loads a manifest file and an optional separate scenario file; the scenario
  /// file's Simulation document replaces one in the manifest, with a warning.
  public static func load(manifest: SourceText, scenario: SourceText? = nil, seedOverride: UInt64? = nil) throws(ManifestError) -> LoadedManifests {
    try load([manifest], scenario: scenario, seedOverride: seedOverride)
  }

  /// Loads several files as one input, as `kubectl apply -f` applies a folder: every
  /// document of every file, in order. With more than one file, a file holding no
  /// document is skipped with a warning. `workloads` narrows the input to the named
  /// workloads (`NAME` or `KIND/NAME`, as `--workload` takes them). A separate
  /// `scenario` file's Simulation document replaces the inputs' own, with a warning.
  public static func load(
    _ sources: [SourceText], scenario: SourceText? = nil, seedOverride: UInt64? = nil, workloads: [String] = []
  ) throws(ManifestError) -> LoadedManifests {
    var docs: [Document] = []
    var contexts: [FileContext] = []
    let several = sources.count > 1
    for src in sources {
      let ctx = FileContext(path: src.path)
      contexts.append(ctx)
      if several && !isMeaningful(src.text) {
        ctx.warn(nil, "file is empty; skipped")
        continue
      }
      var parsed = try parseDocuments(src, ctx)
      // An explicit scenario file replaces the inputs' own Simulation documents.
      if let scenario {
        for d in parsed where d.kind == "Simulation" {
          ctx.warn(d.map.node, "this Simulation document is overridden by --scenario \(scenario.path)")
        }
        parsed.removeAll { $0.kind == "Simulation" }
      }
      docs += parsed
    }
    if let scenario {
      let ctx = FileContext(path: scenario.path)
      contexts.append(ctx)
      docs += try parseDocuments(scenario, ctx)
    }
    var loaded = try build(docs, primary: sources.first?.path ?? "-", seedOverride: seedOverride, selectors: workloads)
    loaded.warnings = contexts.flatMap(\.warnings) + loaded.warnings
    return loaded
  }

  /// Checks files independently: each file is one input (see `validate(inputs:)`).
  public static func validate(_ sources: [SourceText]) -> (diagnostics: [Diagnostic], summary: [String]) {
    validate(inputs: sources.map { (name: $0.path, sources: [$0]) })
  }

  /// Checks inputs independently, each one or more files loaded together (a
  /// directory): an input holding only Simulation documents is checked as a
  /// scenario; any other as a whole. Returns all diagnostics and, per input, what
  /// was understood.
  public static func validate(inputs: [(name: String, sources: [SourceText])]) -> (diagnostics: [Diagnostic], summary: [String]) {
    var diags: [Diagnostic] = []
    var summary: [String] = []
    for input in inputs {
      var contexts: [FileContext] = []
      do {
        var docs: [Document] = []
        for src in input.sources {
          let ctx = FileContext(path: src.path)
          contexts.append(ctx)
          if input.sources.count > 1 && !isMeaningful(src.text) {
            ctx.warn(nil, "file is empty; skipped")
            continue
          }
          docs += try parseDocuments(src, ctx)
        }
        if !docs.isEmpty && docs.allSatisfy({ $0.kind == "Simulation" && $0.modelled }) {
          let sims = try docs.map { d throws(ManifestError) in try parseSimulation(d) }
          summary.append("\(input.name): ok")
          for s in sims { summary.append("  " + s.summary) }
        } else {
          let loaded = try build(docs, primary: input.name, seedOverride: nil, selectors: [])
          summary.append("\(input.name): ok")
          summary += loaded.summary.map { "  " + $0 }
          diags += contexts.flatMap(\.warnings) + loaded.warnings
          continue
        }
      } catch {
        diags += error.diagnostics
      }
      diags += contexts.flatMap(\.warnings)
    }
    return (diags, summary)
  }

  // MARK: - Assembly

  static func build(_ docs: [Document], primary: String, seedOverride: UInt64?, selectors: [String]) throws(ManifestError) -> LoadedManifests {
    var services: [String: (ServiceSpec, Document)] = [:]
    var serviceOrder: [String] = []
    var vss: [String: (VirtualServiceSpec, Document)] = [:]
    let templates = TemplateLibrary()
    var deployments: [(DeploymentSpec, Document)] = []
    var rolloutDocs: [Document] = []
    var simulations: [ParsedSimulation] = []
    for d in docs where d.modelled {
      switch d.kind {
      case "Service":
        let s = try parseService(d)
        if services[s.name] == nil { serviceOrder.append(s.name) }
        services[s.name] = (s, d)
      case "VirtualService":
        let v = try parseVirtualService(d)
        vss[v.name] = (v, d)
      case "AnalysisTemplate", "ClusterAnalysisTemplate":
        // Read when a Rollout instantiates it with its arguments (Analysis.swift).
        templates.add(d, name: try metadataName(d.map))
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
    if let sim = simulations.first {
      templates.settings = sim.analysis
      templates.settingNodes = sim.analysisNodes
      templates.images = sim.images
    }
    // The workloads: Rollouts (a workloadRef Deployment is only a template source)
    // and the other Deployments, in input order.
    var referenced: Set<String> = []
    for d in rolloutDocs {
      if let ref = try d.map.map("spec")?.map("workloadRef")?.string("name") { referenced.insert(ref) }
    }
    var candidates: [WorkloadCandidate] = []
    var deploymentIndex = 0
    for d in docs where d.modelled {
      switch d.kind {
      case "Rollout":
        let r = try parseRollout(d, deployments: deployments, services: services, vss: vss, templates: templates)
        candidates.append(WorkloadCandidate(workload: .rollout(r), doc: d))
      case "Deployment":
        let dep = deployments[deploymentIndex]
        deploymentIndex += 1
        if !referenced.contains(dep.0.name) { candidates.append(WorkloadCandidate(workload: .deployment(dep.0), doc: d)) }
      default: break
      }
    }
    // The same workload twice (two files, or kubectl output next to the file it came
    // from): as with `kubectl apply`, the later one is what the cluster ends up with.
    var redefined: [Diagnostic] = []
    var unique: [WorkloadCandidate] = []
    for c in candidates {
      if let i = unique.firstIndex(where: { $0.label == c.label }) {
        let node = c.doc.map.node
        redefined.append(
          Diagnostic(
            .warning, file: c.doc.ctx.path, line: node.mark?.line, column: node.mark?.column,
            message: "\(c.label) is defined again (first in \(unique[i].doc.ctx.path)); this later one is simulated, as kubectl apply would leave it"))
        unique[i] = c
      } else {
        unique.append(c)
      }
    }
    candidates = unique
    if candidates.isEmpty {
      let ctx = docs.first?.ctx ?? FileContext(path: primary)
      let found = docs.map(\.label)
      throw FileContext(path: ctx.path).error(nil, "no Deployment or Rollout found" + (found.isEmpty ? "" : "; the input has " + found.map { TerminalText.echo($0) }.joined(separator: ", ")))
    }
    // A DestinationRule a Rollout's subset routing names is part of what is simulated
    // (its subsets are the router's destinations): no "skipped" line for it.
    var subsetRules: Set<String> = []
    for d in rolloutDocs {
      let istio = try d.map.map("spec")?.map("strategy")?.map("canary")?.map("trafficRouting")?.map("istio")
      if let n = try istio?.map("destinationRule")?.string("name") { subsetRules.insert(n) }
    }
    for d in docs where !d.modelled && d.kind == "DestinationRule" && d.apiVersion.hasPrefix("networking.istio.io/") {
      guard let n = d.name, subsetRules.contains(n) else { continue }
      d.ctx.warnings.removeAll { $0.message == "skipped \(d.label): not simulated" }
    }
    try templates.instantiateUnreferenced()
    var analysisWarnings: [Diagnostic] = []
    for key in templates.settings.keys.sorted() where !templates.usedSettings.contains(key) {
      let node = templates.settingNodes[key]
      analysisWarnings.append(
        Diagnostic(
          .warning, file: simulations.first?.doc.ctx.path ?? primary, line: node?.mark?.line, column: node?.mark?.column,
          message: "spec.analysis.\(key): no AnalysisTemplate or metric of that name"))
    }
    let selected = try selectWorkloads(candidates, selectors: selectors)
    let sim = simulations.first
    let cluster = sim?.cluster ?? .default
    var gateWarnings: [Diagnostic] = []
    var images = sim?.images ?? [:]
    // Each workload with its starting image: the scenario's `from` is the first
    // workload's (or, as a mapping, each named workload's); the others start from
    // their own previous image.
    if let sim {
      try checkNamedWorkloads(sim.fromByWorkload.map { ($0.name, $0.node) }, field: "spec.from", candidates: candidates, ctx: sim.doc.ctx)
      try checkNamedWorkloads(sim.workloadTraffic.map { ($0.name, $0.node) }, field: "spec.traffic.workloads", candidates: candidates, ctx: sim.doc.ctx)
    }
    var prepared: [(workload: WorkloadSpec, fromImage: String)] = []
    for (k, chosen) in selected.enumerated() {
      let workloadDoc = chosen.doc
      let workload = applyReadinessGates(chosen.workload, sim, doc: workloadDoc, warnings: &gateWarnings)
      let template = workload.template
      let named = sim?.fromByWorkload.first { WorkloadSelector.matches($0.name, workload) }
      let fromImage = named?.image ?? (k == 0 ? sim?.from : nil) ?? Self.previousImage(template.image)
      // The initial fleet must fit somewhere; a new template that doesn't is a scenario
      // (Pending pods), but a fleet that can't exist before t=0 is an input error.
      if workload.replicas > 0 {
        let maxCpu = cluster.nodes.map(\.cpuMillis).max() ?? 0
        let maxMem = cluster.nodes.map(\.memoryBytes).max() ?? 0
        if template.cpuMillis > maxCpu || template.memoryBytes > maxMem {
          let node = named?.node ?? (k == 0 ? sim?.fromNode ?? sim?.clusterNode : sim?.clusterNode) ?? workloadDoc.map.node
          let ctx = sim?.doc.ctx ?? workloadDoc.ctx
          let what = template.cpuMillis > maxCpu
            ? "request \(cpuText(template.cpuMillis)) CPU; no node has more than \(cpuText(maxCpu))"
            : "request \(memText(template.memoryBytes)) of memory; no node has more than \(memText(maxMem))"
          let owner = selected.count > 1 ? " (\(chosen.label))" : ""
          throw ctx.error(node, "spec.from: pods of \(fromImage)\(owner) \(what), so the fleet can't start")
        }
      }
      // Unlisted images get the defaults; list them so validate shows them.
      for img in [fromImage, template.image] + template.initContainers.map(\.image) where images[img] == nil { images[img] = .default }
      prepared.append((workload, fromImage))
    }
    if let sim {
      for (i, a) in sim.actions.enumerated() {
        if let problem = targetProblem(a, workloads: prepared.map(\.workload)) {
          throw sim.doc.ctx.error(sim.actionNodes[i], "spec.actions[\(i)]: \(problem)" + (a.workload == nil ? "; name one with `workload: \(prepared[0].workload.name)`" : ""))
        }
      }
    }
    let workload = prepared[0].workload
    let fromImage = prepared[0].fromImage
    var input = SimulationInput(
      name: sim?.name ?? workload.name, workload: workload, fromImage: fromImage,
      services: serviceOrder.compactMap { services[$0]?.0 }, virtualServices: vss.keys.sorted().compactMap { vss[$0]?.0 },
      analysisTemplates: templates.instances, seed: seedOverride ?? sim?.seed ?? 1, cluster: cluster,
      traffic: sim?.traffic ?? TrafficSpec(), images: images, actions: sim?.actions ?? [], strictMinReady: sim?.strictMinReady ?? false)
    input.faults = sim?.faults ?? FaultSchedule()
    input.noise = sim?.noise ?? false
    input.additionalWorkloads = prepared.dropFirst().map { AdditionalWorkload(workload: $0.workload, fromImage: $0.fromImage) }
    // `spec.traffic.workloads` (its names checked above); one that --workload left
    // out has nothing to apply to.
    for o in sim?.workloadTraffic ?? [] {
      guard let w = prepared.first(where: { WorkloadSelector.matches(o.name, $0.workload) }) else { continue }
      input.workloadTraffic[w.workload.name] = o.spec
    }
    var summary = prepared.map { p in
      describe(p.workload) + (prepared.count > 1 ? ", from \(p.fromImage)" : "")
        + (input.workloadTraffic[p.workload.name].map { ", its own traffic \(trafficText($0))" } ?? "")
    }
    if prepared.count > 1 {
      summary.append("\(prepared.count) workloads run together on the shared cluster (narrow with --workload NAME)")
    }
    for o in candidates where !selected.contains(where: { $0.label == o.label }) {
      summary.append("\(o.label): not simulated (not named by --workload)")
    }
    for s in serviceOrder { summary.append("Service \(s): selects \(labels(services[s]!.0.selector))") }
    for v in vss.keys.sorted() { summary.append("VirtualService \(v): \(vss[v]!.0.routes.count) HTTP route(s)") }
    for t in templates.instances { summary.append("AnalysisTemplate \(t.name): \(t.metrics.map(\.name).joined(separator: ", "))") }
    summary.append(sim?.summary ?? "Simulation (defaults): seed \(input.seed), \(clusterText(cluster)), \(trafficText(input.traffic)), from \(fromImage)")
    return LoadedManifests(input: input, warnings: redefined + gateWarnings + analysisWarnings, summary: summary)
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
