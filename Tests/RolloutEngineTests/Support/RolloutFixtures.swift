import RolloutEngine
import RolloutRuns

enum RolloutFixture {
  static let template = PodTemplate(labels: ["app": "shop"], image: "shop:1.1")

  static func canary(
    replicas: Int = 10, steps: [CanaryStep], maxSurge: IntOrPercent = .percent(25), maxUnavailable: IntOrPercent = .percent(25),
    routing: TrafficRouting? = nil, analysis: AnalysisRef? = nil
  ) -> RolloutSpec {
    RolloutSpec(
      name: "shop", replicas: replicas,
      strategy: .canary(
        CanaryStrategy(
          steps: steps, maxSurge: maxSurge, maxUnavailable: maxUnavailable, canaryService: routing == nil ? nil : "shop-canary",
          stableService: routing == nil ? nil : "shop-stable", trafficRouting: routing, analysis: analysis)),
      template: template)
  }

  static func blueGreen(replicas: Int = 10, auto: Bool = true, previewReplicaCount: Int? = nil, pre: AnalysisRef? = nil, post: AnalysisRef? = nil) -> RolloutSpec {
    RolloutSpec(
      name: "shop", replicas: replicas,
      strategy: .blueGreen(
        BlueGreenStrategy(
          activeService: "shop-active", previewService: "shop-preview", autoPromotionEnabled: auto,
          previewReplicaCount: previewReplicaCount, prePromotionAnalysis: pre, postPromotionAnalysis: post)),
      template: template)
  }

  static func input(
    _ r: RolloutSpec, newImage: ImageBehavior = ImageBehavior(startupSeconds: 5), templates: [AnalysisTemplateSpec] = [],
    actions: [ScheduledAction] = [], cluster: ClusterSpec = .default
  ) -> SimulationInput {
    SimulationInput(
      workload: .rollout(r), fromImage: "shop:1.0", services: [], analysisTemplates: templates, cluster: cluster,
      traffic: TrafficSpec(requestsPerSecond: 100), images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": newImage],
      actions: actions)
  }

  /// Every changed instant: (t, snapshot, events).
  static func run(_ input: SimulationInput, until: SimTime = 3_600_000) throws -> [(t: SimTime, snap: SimulationSnapshot, events: [SimEvent])] {
    var run = try Run(input)
    var out: [(t: SimTime, snap: SimulationSnapshot, events: [SimEvent])] = []
    run.recordChanges(until: until) { sim in out.append((sim.now, sim.snapshot(includePods: false), sim.instantEvents)) }
    return out
  }

  static func dump(_ rows: [(t: SimTime, snap: SimulationSnapshot, events: [SimEvent])]) {
    for r in rows {
      let revs = r.snap.revisions.map { "\($0.revision)\($0.roles.map { $0.rawValue.prefix(1) }.joined()):\($0.replicas)/\($0.available)" }.joined(separator: " ")
      let tr = r.snap.traffic.shares.sorted { $0.key < $1.key }.map { "\($0.key)=\(TraceFormat.number($0.value))" }.joined(separator: ",")
      print(formatSeconds(r.t), r.snap.phase, r.snap.message, "step", r.snap.steps.map { "\($0.index)/\($0.steps.count)" } ?? "-", "w", r.snap.traffic.setWeight ?? -1, r.snap.traffic.actualWeight ?? -1, revs, tr, r.events.map(\.message).joined(separator: "; "))
    }
  }
}
