import RolloutEngine
import Yams

/// Pod templates as Kubernetes reads them: requests defaulted from limits, the
/// scheduler's pod requests, init and sidecar containers, every container's probes,
/// readiness gates and the required placement rules. A field that changes behaviour
/// and is not simulated is a warning naming it.
extension ManifestLoader {
  struct Resources {
    var cpu: Int = 0
    var memory: Int64 = 0
  }

  static func parsePodTemplate(_ t: YAMLMap) throws(ManifestError) -> PodTemplate {
    t.checkUnknown(known: ["metadata", "spec"])
    let meta = try t.map("metadata")
    meta?.checkUnknown(known: ["labels"], ignored: ignoredMetadata)
    let labels = try meta?.labels("labels") ?? [:]
    guard let spec = try t.map("spec") else { throw t.ctx.error(t.node, "\(t.sub("spec")): Required value") }
    spec.checkUnknown(
      known: [
        "containers", "terminationGracePeriodSeconds", "initContainers", "overhead", "readinessGates", "affinity",
        "topologySpreadConstraints", "nodeSelector", "nodeName",
      ], ignored: ignoredPodSpec)
    guard let containers = try spec.list("containers"), !containers.isEmpty else {
      throw t.ctx.error(spec.node, "\(spec.sub("containers")): Required value")
    }
    var image = ""
    var containerName = "app"
    var sum = Resources()
    // Ready when every container's probes pass: the slowest container's timing.
    var probes: (ReadinessProbe?, StartupProbe?) = (nil, nil)
    var slowest: SimTime = -1
    func consider(_ p: (ReadinessProbe?, StartupProbe?)) {
      let d = PodTemplate.readyDelay(readiness: p.0, startup: p.1)
      if d > slowest {
        probes = p
        slowest = d
      }
    }
    for (i, c) in containers.enumerated() {
      let cm = try YAMLMap(c, path: "\(spec.sub("containers"))[\(i)]", ctx: t.ctx)
      cm.checkUnknown(known: ["image", "resources", "readinessProbe", "startupProbe", "lifecycle"], ignored: ignoredContainer)
      let img = try cm.requiredString("image")
      if i == 0 {
        image = img
        // Kubernetes requires a name; rollsim only uses it in the kubelet's events.
        if let n = try cm.string("name"), !n.isEmpty { containerName = n }
      }
      sum = try add(sum, try containerRequests(cm), cm)
      consider(try containerProbes(cm))
      try lifecycleWarnings(cm)
    }
    // kube-scheduler's pod requests (`PodRequests`, k8s.io/component-helpers/resource/
    // helpers.go): sidecars add to the containers' sum and to every later init
    // container's; the pod requests the larger of that sum and the largest init step,
    // plus the overhead.
    var initMax = Resources()
    var sidecars = Resources()
    var inits: [InitContainer] = []
    for (i, c) in (try spec.list("initContainers") ?? []).enumerated() {
      let cm = try YAMLMap(c, path: "\(spec.sub("initContainers"))[\(i)]", ctx: t.ctx)
      cm.checkUnknown(known: ["image", "resources", "restartPolicy", "readinessProbe", "startupProbe", "lifecycle"], ignored: ignoredContainer)
      let img = try cm.requiredString("image")
      var sidecar = false
      if let rp = try cm.string("restartPolicy") {
        guard rp == "Always" else {
          throw t.ctx.error(cm["restartPolicy"], "\(cm.sub("restartPolicy")): Unsupported value: \"\(rp)\": supported values: \"Always\"")
        }
        sidecar = true
      }
      let r = try containerRequests(cm)
      if sidecar {
        sum = try add(sum, r, cm)
        sidecars = try add(sidecars, r, cm)
        initMax = Resources(cpu: max(initMax.cpu, sidecars.cpu), memory: max(initMax.memory, sidecars.memory))
        // A sidecar's readiness is part of the pod's (it keeps running).
        consider(try containerProbes(cm))
      } else {
        for probe in ["readinessProbe", "startupProbe", "livenessProbe"] where cm[probe] != nil {
          throw t.ctx.error(cm[probe], "\(cm.sub(probe)): Forbidden: may not be set for init containers without restartPolicy=Always")
        }
        let step = try add(r, sidecars, cm)
        initMax = Resources(cpu: max(initMax.cpu, step.cpu), memory: max(initMax.memory, step.memory))
      }
      try lifecycleWarnings(cm)
      inits.append(InitContainer(name: try cm.string("name") ?? "init-\(i)", image: img, sidecar: sidecar))
    }
    var total = Resources(cpu: max(sum.cpu, initMax.cpu), memory: max(sum.memory, initMax.memory))
    if let o = try spec.map("overhead") {
      o.checkUnknown(known: ["cpu", "memory"])
      let q = try quantities(o)
      total = try add(total, Resources(cpu: q.cpu ?? 0, memory: q.memory ?? 0), o)
    }
    var gates: [ReadinessGate] = []
    for (i, g) in (try spec.list("readinessGates") ?? []).enumerated() {
      let gm = try YAMLMap(g, path: "\(spec.sub("readinessGates"))[\(i)]", ctx: t.ctx)
      gm.checkUnknown(known: ["conditionType"])
      // Set from the Simulation document once the workload is chosen (`applyReadinessGates`).
      gates.append(ReadinessGate(conditionType: try gm.requiredString("conditionType"), afterSeconds: nil))
    }
    let grace = try spec.int("terminationGracePeriodSeconds", min: 0) ?? 30
    return PodTemplate(
      labels: labels, image: image, cpuMillis: total.cpu, memoryBytes: total.memory, readinessProbe: probes.0,
      terminationGracePeriodSeconds: grace, containerName: containerName, startupProbe: probes.1, initContainers: inits,
      readinessGates: gates, placement: try placement(spec))
  }

  /// `a + b` for the container (or overhead) `at`, bounded like every quantity (no
  /// overflow trap).
  static func add(_ a: Resources, _ b: Resources, _ at: YAMLMap) throws(ManifestError) -> Resources {
    let (memory, overflow) = a.memory.addingReportingOverflow(b.memory)
    guard !overflow, memory <= 1 << 60 else {
      // Name the quantity that tipped the sum over, where it was written.
      let res = try at.map("resources")
      let field = try res?.map("requests")?["memory"] != nil ? try res?.map("requests") : try res?.map("limits")
      let m = field ?? at
      throw at.ctx.error(m["memory"] ?? at.node, "\(m.sub("memory")): Invalid value: \"\(try m.string("memory") ?? "")\": the containers' memory requests add up to more than 1Ei")
    }
    guard a.cpu + b.cpu <= 1_000_000_000 else {
      throw at.ctx.error(at.node, "\(at.path): the containers' CPU requests add up to more than a million CPUs")
    }
    return Resources(cpu: a.cpu + b.cpu, memory: memory)
  }

  /// A container's requests, with the API server's defaulting (`SetDefaults_Pod`,
  /// pkg/apis/core/v1/defaults.go): a resource with a limit and no request requests
  /// its limit. A request above its limit is the API's validation error.
  static func containerRequests(_ cm: YAMLMap) throws(ManifestError) -> Resources {
    guard let res = try cm.map("resources") else { return Resources() }
    res.checkUnknown(known: ["requests", "limits"], ignored: ["claims"])
    let req = try res.map("requests")
    let lim = try res.map("limits")
    let none: (cpu: Int?, memory: Int64?) = (nil, nil)
    let r = try req.map { m throws(ManifestError) in try quantities(m) } ?? none
    let l = try lim.map { m throws(ManifestError) in try quantities(m) } ?? none
    if let req, let rc = r.cpu, let lc = l.cpu, rc > lc {
      throw cm.ctx.error(req["cpu"], "\(req.sub("cpu")): Invalid value: \"\(try req.string("cpu") ?? "")\": must be less than or equal to cpu limit of \(try lim?.string("cpu") ?? "")")
    }
    if let req, let rm = r.memory, let lm = l.memory, rm > lm {
      throw cm.ctx.error(req["memory"], "\(req.sub("memory")): Invalid value: \"\(try req.string("memory") ?? "")\": must be less than or equal to memory limit of \(try lim?.string("memory") ?? "")")
    }
    return Resources(cpu: r.cpu ?? l.cpu ?? 0, memory: r.memory ?? l.memory ?? 0)
  }

  /// The `cpu` and `memory` of a requests, limits or overhead mapping.
  static func quantities(_ m: YAMLMap) throws(ManifestError) -> (cpu: Int?, memory: Int64?) {
    m.checkUnknown(known: ["cpu", "memory"], ignored: ["ephemeral-storage", "hugepages-2Mi", "hugepages-1Gi", "nvidia.com/gpu"])
    var cpu: Int?
    var memory: Int64?
    if let s = try m.string("cpu") {
      guard let v = Quantity.cpuMillis(s) else { throw m.ctx.error(m["cpu"], "\(m.sub("cpu")): Invalid value: \"\(s)\": quantities must match the regular expression (e.g. 250m, 0.5, 2)") }
      cpu = v
    }
    if let s = try m.string("memory") {
      guard let v = Quantity.bytes(s) else { throw m.ctx.error(m["memory"], "\(m.sub("memory")): Invalid value: \"\(s)\": quantities must match the regular expression (e.g. 256Mi, 1Gi, 500M)") }
      memory = v
    }
    return (cpu, memory)
  }

  /// A container's readiness and startup probes (their timing; the handler is not
  /// simulated: a healthy image passes, `neverReady` fails).
  static func containerProbes(_ cm: YAMLMap) throws(ManifestError) -> (ReadinessProbe?, StartupProbe?) {
    let handlers = ["httpGet", "tcpSocket", "exec", "grpc", "timeoutSeconds", "terminationGracePeriodSeconds"]
    var readiness: ReadinessProbe?
    var startup: StartupProbe?
    if let p = try cm.map("readinessProbe") {
      p.checkUnknown(known: ["initialDelaySeconds", "periodSeconds", "successThreshold", "failureThreshold"], ignored: handlers)
      readiness = ReadinessProbe(
        initialDelaySeconds: try p.int("initialDelaySeconds", min: 0) ?? 0, periodSeconds: try p.int("periodSeconds", min: 1) ?? 10,
        successThreshold: try p.int("successThreshold", min: 1) ?? 1, failureThreshold: try p.int("failureThreshold", min: 1) ?? 3)
    }
    if let p = try cm.map("startupProbe") {
      p.checkUnknown(known: ["initialDelaySeconds", "periodSeconds", "successThreshold", "failureThreshold"], ignored: handlers)
      // ValidateProbe: a startup probe's successThreshold must be 1.
      if let s = try p.int("successThreshold", min: 1), s != 1 {
        throw cm.ctx.error(p["successThreshold"], "\(p.sub("successThreshold")): Invalid value: \(s): must be 1")
      }
      startup = StartupProbe(
        initialDelaySeconds: try p.int("initialDelaySeconds", min: 0) ?? 0, periodSeconds: try p.int("periodSeconds", min: 1) ?? 10,
        failureThreshold: try p.int("failureThreshold", min: 1) ?? 3)
    }
    return (readiness, startup)
  }

  /// Lifecycle hooks change start-up and shutdown timing, which rollsim takes from
  /// the image's behaviour instead.
  static func lifecycleWarnings(_ cm: YAMLMap) throws(ManifestError) {
    guard let l = try cm.map("lifecycle") else { return }
    l.checkUnknown(known: ["postStart", "preStop"], ignored: ["stopSignal"])
    if let n = l["postStart"] { cm.ctx.warn(n, "\(l.sub("postStart")): not simulated (the container starts in its image's startupSeconds)") }
    if let n = l["preStop"] { cm.ctx.warn(n, "\(l.sub("preStop")): not simulated (the pod shuts down in its image's shutdownSeconds)") }
  }
}
