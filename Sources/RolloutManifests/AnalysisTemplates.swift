import RolloutEngine
import Yams

/// An AnalysisTemplate's metrics (after argument substitution) and their providers.
extension ManifestLoader {
  /// Providers rollsim cannot measure: the Simulation document scripts them, or they
  /// succeed (with a warning naming the template).
  static let externalProviders = [
    "job", "web", "datadog", "newRelic", "wavefront", "kayenta", "cloudWatch", "graphite", "influxdb", "skywalking", "plugin",
  ]

  static func parseAnalysisTemplate(_ d: Document, library: TemplateLibrary) throws(ManifestError) -> AnalysisTemplateSpec {
    let m = d.map
    m.checkUnknown(known: ["apiVersion", "kind", "metadata", "spec"], ignored: ["status"])
    let name = try metadataName(m)
    guard let spec = try m.map("spec") else { throw m.ctx.error(m.node, "spec: Required value") }
    spec.checkUnknown(known: ["metrics", "args", "dryRun"], ignored: ["measurementRetention"])
    if let n = spec["dryRun"] { m.ctx.warn(n, "spec.dryRun: not simulated (dry-run metrics count toward the result)") }
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
      var (source, runSeconds) = try metricSource(provider, template: name, kind: d.kind, metric: mname, library: library)
      // A scripted metric's result is given, so its conditions (often over a web
      // hook's JSON, `result.ok == true`) are not read.
      var scripted = false
      if case .scripted = source { scripted = true }
      let success = scripted ? nil : try condition(mm, "successCondition")
      let failure = scripted ? nil : try condition(mm, "failureCondition")
      var count: Int? = nil
      if let c = mm["count"] {
        guard case .scalar(let s) = c, let v = Int(s.string), v >= 0 else { throw m.ctx.error(c, "\(mm.sub("count")): Invalid value: must be a non-negative integer") }
        count = v
      }
      let interval = try mm.seconds("interval")
      var initialDelay = try mm.seconds("initialDelay") ?? 0
      // A Job's measurement is taken when it finishes; a scripted single measurement
      // when its result is due.
      initialDelay += runSeconds
      if case .scripted(let r, let after) = source, interval == nil {
        initialDelay = max(initialDelay, after)
        source = .scripted(r, afterSeconds: 0)
      }
      metrics.append(
        MetricSpec(
          name: mname, source: source, successCondition: success, failureCondition: failure, intervalSeconds: interval,
          count: count, initialDelaySeconds: initialDelay, failureLimit: try mm.int("failureLimit", min: -1) ?? 0,
          inconclusiveLimit: try mm.int("inconclusiveLimit", min: 0) ?? 0, consecutiveErrorLimit: try mm.int("consecutiveErrorLimit", min: 0) ?? 4,
          consecutiveSuccessLimit: try mm.int("consecutiveSuccessLimit", min: 0) ?? 0,
          // argo-rollouts.md §5: with a consecutiveSuccessLimit, reaching the count
          // without the streak is Inconclusive when a failureLimit was written too and
          // Failed otherwise; so the loader records whether it was written.
          failureLimitSet: mm["failureLimit"] != nil))
    }
    return AnalysisTemplateSpec(name: name, metrics: metrics)
  }

  /// What a metric reads, and for a Job the seconds it runs before its measurement.
  ///
  /// A Simulation document setting for the template or metric wins; then
  /// `provider: {rollsim: {metric: error-rate}}`; a Prometheus query is read by its
  /// shape (PrometheusQuery.swift), with a warning; any other provider is scripted.
  static func metricSource(_ p: YAMLMap, template: String, kind: String, metric: String, library: TemplateLibrary) throws(ManifestError) -> (MetricSource, Int) {
    let providers = p.keys.filter { $0 == "rollsim" || $0 == "prometheus" || externalProviders.contains($0) }
    p.checkUnknown(known: ["rollsim", "prometheus"] + externalProviders)
    let jobSeconds = try jobDuration(p, library: library)
    let key = library.settings["\(template)/\(metric)"] != nil ? "\(template)/\(metric)" : template
    if let setting = library.settings[key] {
      library.usedSettings.insert(key)
      switch setting {
      case .measured(let s): return (s, 0)
      case .scripted(let r, let after): return (.scripted(r, afterSeconds: after), jobSeconds?.seconds ?? 0)
      }
    }
    if let r = try p.map("rollsim") {
      r.checkUnknown(known: ["metric"])
      let name = try r.requiredString("metric")
      if let s = namedSource(name) { return (s, 0) }
      throw p.ctx.error(r["metric"], "\(r.sub("metric")): Unsupported value: \"\(name)\": supported values: error-rate, success-rate, latency-p50, latency-p90, latency-p95, latency-p99, available-ratio")
    }
    if let prom = try p.map("prometheus") {
      prom.checkUnknown(known: ["query"], ignored: ["address", "timeout", "insecure", "headers", "authentication", "rangeQuery"])
      let text = try prom.string("query") ?? ""
      guard let s = PrometheusQuery.classify(text) else {
        throw p.ctx.error(prom["query"], "\(prom.sub("query")): rollsim can't tell what this query measures; it reads \(PrometheusQuery.knownForms); or use provider: {rollsim: {metric: …}}")
      }
      p.ctx.warn(prom["query"], "\(prom.sub("query")): the simulation stands in for Prometheus; this query is read as \(sourceName(s))")
      return (s, 0)
    }
    guard let provider = providers.first else {
      throw p.ctx.error(p.node, "\(p.path): Required value: one of rollsim, prometheus, \(externalProviders.joined(separator: ", "))")
    }
    if let job = jobSeconds, job.deadlineExceeded {
      warnOnce(p, library, "\(template)/\(provider)", "\(kind) \"\(template)\": metric \"\(metric)\": the Job's containers start in more than its activeDeadlineSeconds (\(job.seconds)s), so it fails then")
      return (.scripted(.failed, afterSeconds: 0), job.seconds)
    }
    warnOnce(
      p, library, "\(template)/\(provider)",
      "\(kind) \"\(template)\": the \(provider) provider is not simulated; its metrics succeed (script them in the Simulation document: spec.analysis: {\(template): {result: fail, after: 30s}})")
    return (.scripted(.successful, afterSeconds: 0), jobSeconds?.seconds ?? 0)
  }

  static func warnOnce(_ p: YAMLMap, _ library: TemplateLibrary, _ key: String, _ message: String) {
    guard library.warned.insert(key).inserted else { return }
    p.ctx.warn(p.node, message)
  }

  /// A `job` provider runs as long as its slowest container takes to start (the
  /// image's startupSeconds), bounded by the Job's `activeDeadlineSeconds`.
  static func jobDuration(_ p: YAMLMap, library: TemplateLibrary) throws(ManifestError) -> (seconds: Int, deadlineExceeded: Bool)? {
    guard let job = try p.map("job") else { return nil }
    let spec = try job.map("spec")
    let deadline = try spec?.int("activeDeadlineSeconds", min: 1)
    var longest = 0.0
    for c in (try spec?.map("template")?.map("spec")?.list("containers") ?? []) {
      let cm = try YAMLMap(c, path: "\(p.path).job.spec.template.spec.containers", ctx: p.ctx)
      if let img = try cm.string("image") { longest = max(longest, (library.images[img] ?? .default).startupSeconds) }
    }
    let run = Int(longest.rounded(.up))
    if let d = deadline, run > d { return (d, true) }
    return (run, false)
  }
}
