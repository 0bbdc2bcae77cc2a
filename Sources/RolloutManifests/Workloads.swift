import RolloutEngine
import Yams

/// Deployments, Rollouts and their pod templates.
extension ManifestLoader {
  static let ignoredMetadata = [
    "namespace", "labels", "annotations", "uid", "generation", "creationTimestamp", "resourceVersion", "ownerReferences",
    "finalizers", "generateName", "managedFields", "selfLink", "deletionTimestamp",
  ]
  /// Pod spec fields that don't change what rollsim simulates.
  static let ignoredPodSpec = [
    "volumes", "tolerations", "serviceAccountName", "serviceAccount", "securityContext",
    "imagePullSecrets", "restartPolicy", "dnsPolicy", "priorityClassName",
    "hostname", "subdomain", "schedulerName", "automountServiceAccountToken", "enableServiceLinks", "hostNetwork",
    "priority", "runtimeClassName", "shareProcessNamespace", "dnsConfig", "hostAliases", "preemptionPolicy",
    "ephemeralContainers", "activeDeadlineSeconds", "os", "hostPID", "hostIPC", "setHostnameAsFQDN",
    "hostUsers", "schedulingGates", "resourceClaims", "resources",
  ]
  /// Container fields that don't change what rollsim simulates (a liveness probe
  /// only matters to a failing container, which the image's behaviour models).
  static let ignoredContainer = [
    "name", "ports", "env", "envFrom", "command", "args", "livenessProbe", "volumeMounts", "imagePullPolicy",
    "securityContext", "workingDir", "terminationMessagePath", "terminationMessagePolicy", "stdin", "tty",
    "volumeDevices", "resizePolicy", "stdinOnce", "restartPolicy",
  ]

  static func metadataName(_ m: YAMLMap) throws(ManifestError) -> String {
    guard let meta = try m.map("metadata") else { throw m.ctx.error(m.node, "metadata.name: Required value") }
    meta.checkUnknown(known: ["name"], ignored: ignoredMetadata)
    return try meta.objectName("name")
  }

  /// The most replicas rollsim simulates: ten times the benchmarked million, so a typo
  /// like `replicas: 1000000000` is an error instead of an out-of-memory kill.
  public static let maxReplicas = 10_000_000

  /// The most canary steps rollsim reads. Argo's CRD sets no limit; no real rollout
  /// has more than a few dozen, and a 100,000-step list is an error, not a long load.
  public static let maxSteps = 10_000

  /// `spec.replicas` (default 1, Kubernetes' and Argo's API default).
  static func replicaCount(_ spec: YAMLMap) throws(ManifestError) -> Int {
    guard let r = try spec.int("replicas", min: 0) else { return 1 }
    if r > maxReplicas {
      throw spec.ctx.error(spec["replicas"], "spec.replicas: Invalid value: \(r): rollsim simulates at most \(maxReplicas) replicas")
    }
    return r
  }

  static func selector(_ spec: YAMLMap, template: PodTemplate, templateNode: Node?) throws(ManifestError) -> [String: String] {
    guard let sel = try spec.map("selector") else { return template.labels }
    sel.checkUnknown(known: ["matchLabels"], ignored: ["matchExpressions"])
    let match = try sel.stringMap("matchLabels") ?? [:]
    if !match.allSatisfy({ template.labels[$0.key] == $0.value }) {
      throw spec.ctx.error(
        templateNode ?? sel.node,
        "spec.template.metadata.labels: Invalid value: map[\(labels(template.labels))]: `selector` does not match template `labels`")
    }
    return match
  }

  // MARK: - IntOrPercent

  enum PercentFlavor { case kubernetes, argo }

  /// `maxSurge` / `maxUnavailable`. Kubernetes requires `N%` for strings; Argo strips
  /// a `%` and reads any string as a percentage (argo-rollouts.md §2.2).
  static func intOrPercent(_ m: YAMLMap, _ key: String, flavor: PercentFlavor, isUnavailable: Bool) throws(ManifestError) -> (IntOrPercent, Node)? {
    guard let v = m[key] else { return nil }
    guard case .scalar(let s) = v else { throw m.ctx.error(v, "\(m.sub(key)): expected an integer or a percentage") }
    let field = m.sub(key)
    let text = s.string
    let quoted = s.style != .plain
    if !quoted, let i = Int(text) {
      if i < 0 { throw m.ctx.error(v, "\(field): Invalid value: \(i): must be greater than or equal to 0") }
      // IntOrString holds an int32; bounded, the engine's N × p / 100 can't overflow.
      if i > Int(Int32.max) { throw m.ctx.error(v, "\(field): Invalid value: \(i): must be less than or equal to \(Int32.max)") }
      return (.int(i), v)
    }
    var digits = Substring(text)
    let hasPercent = digits.hasSuffix("%")
    if hasPercent { digits = digits.dropLast() }
    if flavor == .kubernetes && !hasPercent {
      throw m.ctx.error(v, "\(field): Invalid value: \"\(text)\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")
    }
    guard let p = Int(digits), !digits.isEmpty, digits.allSatisfy(\.isNumber) else {
      throw m.ctx.error(v, "\(field): Invalid value: \"\(text)\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")
    }
    if isUnavailable && p > 100 { throw m.ctx.error(v, "\(field): Invalid value: \"\(text)\": must not be greater than 100%") }
    if p > Int(Int32.max) { throw m.ctx.error(v, "\(field): Invalid value: \"\(text)\": must be less than or equal to \(Int32.max)%") }
    return (.percent(p), v)
  }

  // MARK: - Deployment

  static func parseDeployment(_ d: Document) throws(ManifestError) -> DeploymentSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    guard let spec = try m.map("spec") else { throw m.ctx.error(m.node, "spec: Required value") }
    spec.checkUnknown(
      known: ["replicas", "strategy", "minReadySeconds", "progressDeadlineSeconds", "revisionHistoryLimit", "paused", "selector", "template"])
    let replicas = try replicaCount(spec)
    var strategy = DeploymentStrategy.rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25))
    if let st = try spec.map("strategy") {
      st.checkUnknown(known: ["type", "rollingUpdate"])
      let type = try st.string("type") ?? "RollingUpdate"
      switch type {
      case "Recreate":
        if st["rollingUpdate"] != nil {
          throw m.ctx.error(st["rollingUpdate"], "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'")
        }
        strategy = .recreate
      case "RollingUpdate":
        var surge = IntOrPercent.percent(25)
        var unavail = IntOrPercent.percent(25)
        var unavailNode: Node? = nil
        if let ru = try st.map("rollingUpdate") {
          ru.checkUnknown(known: ["maxSurge", "maxUnavailable"])
          if let (v, _) = try intOrPercent(ru, "maxSurge", flavor: .kubernetes, isUnavailable: false) { surge = v }
          if let (v, n) = try intOrPercent(ru, "maxUnavailable", flavor: .kubernetes, isUnavailable: true) {
            unavail = v
            unavailNode = n
          }
          // Kubernetes validation: both may not be zero (ValidateRollingUpdateDeployment).
          if surge.isZero && unavail.isZero {
            throw m.ctx.error(unavailNode ?? ru.node, "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \(unavail.isPercent ? "\"\(unavail)\"" : "0"): may not be 0 when `maxSurge` is 0")
          }
        }
        strategy = .rollingUpdate(maxSurge: surge, maxUnavailable: unavail)
      default:
        throw m.ctx.error(st["type"], "spec.strategy.type: Unsupported value: \"\(type)\": supported values: \"Recreate\", \"RollingUpdate\"")
      }
    }
    let minReady = try spec.int("minReadySeconds", min: 0) ?? 0
    var deadline: Int? = try spec.int("progressDeadlineSeconds", min: 1) ?? 600
    if deadline == Int(Int32.max) { deadline = nil }
    if let dl = deadline, dl <= minReady {
      throw m.ctx.error(spec["progressDeadlineSeconds"], "spec.progressDeadlineSeconds: Invalid value: \(dl): must be greater than minReadySeconds")
    }
    var history: Int? = try spec.int("revisionHistoryLimit", min: 0) ?? 10
    if history == Int(Int32.max) { history = nil }
    guard let tm = try spec.map("template") else { throw m.ctx.error(spec.node, "spec.template: Required value") }
    let template = try parsePodTemplate(tm)
    let sel = try selector(spec, template: template, templateNode: tm.node)
    return DeploymentSpec(
      name: name, replicas: replicas, strategy: strategy, minReadySeconds: minReady, progressDeadlineSeconds: deadline,
      revisionHistoryLimit: history, paused: try spec.bool("paused") ?? false, selector: sel, template: template)
  }

  // MARK: - Rollout

  static func parseRollout(
    _ d: Document, deployments: [(DeploymentSpec, Document)], services: [String: (ServiceSpec, Document)],
    vss: [String: (VirtualServiceSpec, Document)], templates: [String: AnalysisTemplateSpec]
  ) throws(ManifestError) -> RolloutSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    guard let spec = try m.map("spec") else { throw m.ctx.error(m.node, "spec: Required value") }
    spec.checkUnknown(
      known: [
        "replicas", "strategy", "minReadySeconds", "progressDeadlineSeconds", "progressDeadlineAbort", "revisionHistoryLimit",
        "paused", "selector", "template", "workloadRef",
      ], ignored: ["restartAt", "rollbackWindow", "analysis"])
    let replicas = try replicaCount(spec)
    var template: PodTemplate
    var templateNode: Node?
    if let ref = try spec.map("workloadRef") {
      ref.checkUnknown(known: ["apiVersion", "kind", "name"], ignored: ["scaleDown"])
      let refName = try ref.requiredString("name")
      let kind = try ref.string("kind") ?? "Deployment"
      guard kind == "Deployment", let dep = deployments.first(where: { $0.0.name == refName }) else {
        throw m.ctx.error(ref["name"], "spec.workloadRef.name: \(kind) \"\(refName)\" not found in the input files")
      }
      template = dep.0.template
      templateNode = dep.1.map.node
    } else {
      guard let tm = try spec.map("template") else { throw m.ctx.error(spec.node, "spec.template: Required value (or spec.workloadRef)") }
      template = try parsePodTemplate(tm)
      templateNode = tm.node
    }
    let sel = try selector(spec, template: template, templateNode: templateNode)
    let minReady = try spec.int("minReadySeconds", min: 0) ?? 0
    var deadline: Int? = try spec.int("progressDeadlineSeconds", min: 1) ?? 600
    if deadline == Int(Int32.max) { deadline = nil }
    var history: Int? = try spec.int("revisionHistoryLimit", min: 0) ?? 10
    if history == Int(Int32.max) { history = nil }
    guard let st = try spec.map("strategy") else { throw m.ctx.error(spec.node, "spec.strategy: Required value (canary or blueGreen)") }
    st.checkUnknown(known: ["canary", "blueGreen"])
    let strategy: RolloutStrategy
    switch (try st.map("canary"), try st.map("blueGreen")) {
    case (let c?, nil): strategy = .canary(try parseCanary(c, services: services, vss: vss, templates: templates))
    case (nil, let b?): strategy = .blueGreen(try parseBlueGreen(b, services: services, templates: templates))
    case (nil, nil): throw m.ctx.error(st.node, "spec.strategy: Required value: one of canary or blueGreen")
    case (_?, _?): throw m.ctx.error(st.node, "spec.strategy: Invalid value: only one of canary or blueGreen may be set")
    }
    return RolloutSpec(
      name: name, replicas: replicas, strategy: strategy, minReadySeconds: minReady, progressDeadlineSeconds: deadline,
      progressDeadlineAbort: try spec.bool("progressDeadlineAbort") ?? false, revisionHistoryLimit: history,
      paused: try spec.bool("paused") ?? false, selector: sel, template: template)
  }

  static func requireService(_ m: YAMLMap, _ key: String, _ services: [String: (ServiceSpec, Document)]) throws(ManifestError) -> String? {
    guard let name = try m.string(key) else { return nil }
    guard services[name] != nil else {
      throw m.ctx.error(m[key], "\(m.sub(key)): Service \"\(name)\" not found in the input files")
    }
    return name
  }

  static func analysisRef(_ m: YAMLMap, templates: [String: AnalysisTemplateSpec]) throws(ManifestError) -> AnalysisRef {
    m.checkUnknown(known: ["templates", "args"], ignored: ["startingStep", "dryRun", "measurementRetention", "analysisRunMetadata"])
    guard let list = try m.list("templates"), !list.isEmpty else { throw m.ctx.error(m.node, "\(m.sub("templates")): Required value") }
    var names: [String] = []
    for (i, t) in list.enumerated() {
      let tm = try YAMLMap(t, path: "\(m.sub("templates"))[\(i)]", ctx: m.ctx)
      tm.checkUnknown(known: ["templateName"], ignored: ["clusterScope"])
      let n = try tm.requiredString("templateName")
      guard templates[n] != nil else {
        throw m.ctx.error(tm["templateName"], "\(tm.sub("templateName")): AnalysisTemplate \"\(n)\" not found in the input files")
      }
      names.append(n)
    }
    var args: [String: String] = [:]
    for (i, a) in (try m.list("args") ?? []).enumerated() {
      let am = try YAMLMap(a, path: "\(m.sub("args"))[\(i)]", ctx: m.ctx)
      args[try am.requiredString("name")] = try am.string("value") ?? ""
    }
    return AnalysisRef(templateNames: names, args: args)
  }

  static func parseCanary(
    _ c: YAMLMap, services: [String: (ServiceSpec, Document)], vss: [String: (VirtualServiceSpec, Document)],
    templates: [String: AnalysisTemplateSpec]
  ) throws(ManifestError) -> CanaryStrategy {
    c.checkUnknown(
      known: [
        "steps", "maxSurge", "maxUnavailable", "canaryService", "stableService", "trafficRouting", "dynamicStableScale",
        "abortScaleDownDelaySeconds", "scaleDownDelaySeconds", "minPodsPerReplicaSet", "analysis", "scaleDownDelayRevisionLimit",
      ],
      ignored: ["antiAffinity", "canaryMetadata", "stableMetadata", "pingPong", "replicaProgressThreshold"])
    var s = CanaryStrategy()
    if let (v, _) = try intOrPercent(c, "maxSurge", flavor: .argo, isUnavailable: false) { s.maxSurge = v }
    if let (v, _) = try intOrPercent(c, "maxUnavailable", flavor: .argo, isUnavailable: true) { s.maxUnavailable = v }
    s.canaryService = try requireService(c, "canaryService", services)
    s.stableService = try requireService(c, "stableService", services)
    if let tr = try c.map("trafficRouting") {
      tr.checkUnknown(known: ["istio", "maxTrafficWeight"], ignored: ["nginx", "alb", "smi", "traefik", "apisix", "plugins", "ambassador", "appMesh", "managedRoutes"])
      var routing = TrafficRouting(maxTrafficWeight: try tr.int("maxTrafficWeight", min: 1) ?? 100)
      if let istio = try tr.map("istio") {
        istio.checkUnknown(known: ["virtualService", "virtualServices"], ignored: ["destinationRule"])
        var vsMap = try istio.map("virtualService")
        if vsMap == nil, let list = try istio.list("virtualServices"), let first = list.first {
          vsMap = try YAMLMap(first, path: istio.sub("virtualServices[0]"), ctx: c.ctx)
        }
        guard let vm = vsMap else { throw c.ctx.error(istio.node, "\(istio.sub("virtualService")): Required value") }
        vm.checkUnknown(known: ["name", "routes"], ignored: ["tlsRoutes", "tcpRoutes"])
        let vsName = try vm.requiredString("name")
        guard let vs = vss[vsName] else {
          throw c.ctx.error(vm["name"], "\(vm.sub("name")): VirtualService \"\(vsName)\" not found in the input files")
        }
        var routes: [String] = []
        for (i, r) in (try vm.list("routes") ?? []).enumerated() {
          guard case .scalar(let rs) = r else { throw c.ctx.error(r, "\(vm.sub("routes"))[\(i)]: expected a route name") }
          guard vs.0.routes.contains(where: { $0.name == rs.string }) else {
            throw c.ctx.error(r, "\(vm.sub("routes"))[\(i)]: HTTP route \"\(rs.string)\" not found in VirtualService \"\(vsName)\"")
          }
          routes.append(rs.string)
        }
        routing.istio = IstioRouting(virtualService: vsName, routes: routes)
      } else {
        c.ctx.warn(tr.node, "\(tr.path): only istio is modelled by name; this router is simulated as a generic weighted router")
      }
      if s.canaryService == nil || s.stableService == nil {
        throw c.ctx.error(tr.node, "\(tr.path): canaryService and stableService are required with trafficRouting")
      }
      s.trafficRouting = routing
    }
    let maxW = s.trafficRouting?.maxTrafficWeight ?? 100
    for (i, step) in (try c.list("steps", maxItems: maxSteps) ?? []).enumerated() {
      let sm = try YAMLMap(step, path: "\(c.sub("steps"))[\(i)]", ctx: c.ctx)
      let known = ["setWeight", "pause", "setCanaryScale", "analysis"]
      let unsupported = ["experiment", "setHeaderRoute", "setMirrorRoute", "plugin"]
      let present = sm.keys.filter { known.contains($0) }
      if sm.keys.contains(where: { unsupported.contains($0) }) {
        c.ctx.warn(step, "\(sm.path): \(sm.keys.first { unsupported.contains($0) } ?? "") steps are not simulated; the step is skipped")
        continue
      }
      guard present.count == 1 else {
        throw c.ctx.error(step, "\(sm.path): a step must have exactly one of setWeight, pause, setCanaryScale, analysis")
      }
      sm.checkUnknown(known: known)
      switch present[0] {
      case "setWeight":
        let w = try sm.int("setWeight") ?? 0
        guard w >= 0 && w <= maxW else {
          throw c.ctx.error(sm["setWeight"], "\(sm.sub("setWeight")): Invalid value: \(w): must be between 0 and \(maxW) (maxTrafficWeight)")
        }
        s.steps.append(.setWeight(w))
      case "pause":
        let p = sm["pause"]
        if p == nil {
          s.steps.append(.pause(seconds: nil))
        } else if case .mapping = p! {
          let pm = try YAMLMap(p!, path: sm.sub("pause"), ctx: c.ctx)
          pm.checkUnknown(known: ["duration"])
          s.steps.append(.pause(seconds: try pm.seconds("duration")))
        } else {
          throw c.ctx.error(p, "\(sm.sub("pause")): expected {} or {duration: 30s}")
        }
      case "setCanaryScale":
        guard let cs = try sm.map("setCanaryScale") else { throw c.ctx.error(step, "\(sm.sub("setCanaryScale")): Required value") }
        cs.checkUnknown(known: ["replicas", "weight", "matchTrafficWeight"])
        if let r = try cs.int("replicas", min: 0, max: maxReplicas) { s.steps.append(.setCanaryScale(.replicas(r))) } else if let w = try cs.int("weight", min: 0, max: 100) {
          s.steps.append(.setCanaryScale(.weight(w)))
        } else if try cs.bool("matchTrafficWeight") == true {
          s.steps.append(.setCanaryScale(.matchTrafficWeight))
        } else {
          throw c.ctx.error(cs.node, "\(cs.path): one of replicas, weight or matchTrafficWeight: true is required")
        }
      default:
        guard let am = try sm.map("analysis") else { throw c.ctx.error(step, "\(sm.sub("analysis")): Required value") }
        s.steps.append(.analysis(try analysisRef(am, templates: templates)))
      }
    }
    s.dynamicStableScale = try c.bool("dynamicStableScale") ?? false
    s.abortScaleDownDelaySeconds = try c.int("abortScaleDownDelaySeconds", min: 0)
    s.scaleDownDelaySeconds = try c.int("scaleDownDelaySeconds", min: 0)
    s.scaleDownDelayRevisionLimit = try c.int("scaleDownDelayRevisionLimit", min: 0)
    s.minPodsPerReplicaSet = try c.int("minPodsPerReplicaSet", min: 1)
    if let a = try c.map("analysis") {
      s.analysis = try analysisRef(a, templates: templates)
      s.analysisStartingStep = try a.int("startingStep", min: 0)
    }
    return s
  }

  static func parseBlueGreen(_ b: YAMLMap, services: [String: (ServiceSpec, Document)], templates: [String: AnalysisTemplateSpec]) throws(ManifestError) -> BlueGreenStrategy {
    b.checkUnknown(
      known: [
        "activeService", "previewService", "autoPromotionEnabled", "autoPromotionSeconds", "previewReplicaCount",
        "scaleDownDelaySeconds", "scaleDownDelayRevisionLimit", "abortScaleDownDelaySeconds", "prePromotionAnalysis",
        "postPromotionAnalysis",
      ], ignored: ["antiAffinity", "previewMetadata", "activeMetadata", "maxUnavailable"])
    guard b["activeService"] != nil else { throw b.ctx.error(b.node, "\(b.sub("activeService")): Required value") }
    guard let active = try requireService(b, "activeService", services) else { throw b.ctx.error(b.node, "\(b.sub("activeService")): Required value") }
    var s = BlueGreenStrategy(activeService: active)
    s.previewService = try requireService(b, "previewService", services)
    s.autoPromotionEnabled = try b.bool("autoPromotionEnabled") ?? true
    s.autoPromotionSeconds = try b.int("autoPromotionSeconds", min: 0)
    s.previewReplicaCount = try b.int("previewReplicaCount", min: 0, max: maxReplicas)
    s.scaleDownDelaySeconds = try b.int("scaleDownDelaySeconds", min: 0) ?? 30
    s.scaleDownDelayRevisionLimit = try b.int("scaleDownDelayRevisionLimit", min: 0)
    s.abortScaleDownDelaySeconds = try b.int("abortScaleDownDelaySeconds", min: 0) ?? 30
    if let a = try b.map("prePromotionAnalysis") { s.prePromotionAnalysis = try analysisRef(a, templates: templates) }
    if let a = try b.map("postPromotionAnalysis") { s.postPromotionAnalysis = try analysisRef(a, templates: templates) }
    return s
  }
}

extension IntOrPercent {
  var isZero: Bool {
    switch self {
    case .int(let v), .percent(let v): return v == 0
    }
  }
  var isPercent: Bool {
    if case .percent = self { return true }
    return false
  }
}
