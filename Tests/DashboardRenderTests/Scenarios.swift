import DashboardRender
import RolloutEngine

/// Engine inputs for the dashboard tests, built in code (like the engine tests'
/// fixtures) and advanced to fixed simulated times, so every screen is deterministic.
enum Scenario {
  static func deployment(
    replicas: Int = 10, recreate: Bool = false, image: String = "shop:1.1", cpuMillis: Int = 0
  ) -> DeploymentSpec {
    DeploymentSpec(
      name: "web", replicas: replicas,
      strategy: recreate ? .recreate : .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)),
      template: PodTemplate(labels: ["app": "web"], image: image, cpuMillis: cpuMillis))
  }

  static func input(
    _ d: DeploymentSpec, newImage: ImageBehavior = ImageBehavior(startupSeconds: 5), cluster: ClusterSpec = .default,
    actions: [ScheduledAction] = []
  ) -> SimulationInput {
    SimulationInput(
      workload: .deployment(d), fromImage: "shop:1.0", seed: 7, cluster: cluster,
      traffic: TrafficSpec(requestsPerSecond: 100, podCapacity: 15),
      images: ["shop:1.0": ImageBehavior(startupSeconds: 5), d.template.image: newImage], actions: actions)
  }

  static let errorRate = AnalysisTemplateSpec(
    name: "error-rate",
    metrics: [
      MetricSpec(
        name: "error-rate", source: .errorRate,
        successCondition: MetricCondition(anyOf: [[.init(op: .lt, value: 0.05)]], text: "result < 0.05"),
        intervalSeconds: 10, count: 3)
    ])

  static func rollout(_ r: RolloutSpec, templates: [AnalysisTemplateSpec] = [], newImage: ImageBehavior = ImageBehavior(startupSeconds: 5))
    -> SimulationInput
  {
    SimulationInput(
      workload: .rollout(r), fromImage: "shop:1.0", analysisTemplates: templates, seed: 7,
      traffic: TrafficSpec(requestsPerSecond: 100, podCapacity: 15),
      images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": newImage])
  }

  static let template = PodTemplate(labels: ["app": "shop"], image: "shop:1.1")

  static var canary: SimulationInput {
    rollout(
      RolloutSpec(
        name: "shop", replicas: 10,
        strategy: .canary(
          CanaryStrategy(
            steps: [
              .setWeight(20), .pause(seconds: 30), .analysis(AnalysisRef(templateNames: ["error-rate"])), .setWeight(50),
              .pause(seconds: nil), .setWeight(80), .pause(seconds: 60),
            ])),
        template: template),
      templates: [errorRate])
  }

  /// Manual promotion: at the snapshot the preview stack is up and waits for `p`.
  static var blueGreen: SimulationInput {
    rollout(
      RolloutSpec(
        name: "shop", replicas: 6,
        strategy: .blueGreen(
          BlueGreenStrategy(activeService: "shop-active", previewService: "shop-preview", autoPromotionEnabled: false)),
        template: template))
  }

  /// The named scenarios and the simulated time of their snapshot.
  static let all: [(name: String, at: SimTime, input: SimulationInput)] = [
    ("rolling", .seconds(7), input(deployment())),
    ("recreate", .seconds(3), input(deployment(recreate: true))),
    ("crashloop", .seconds(75), input(deployment(), newImage: ImageBehavior(startupSeconds: 3, crashLoop: true))),
    (
      "pending", .seconds(30),
      input(
        deployment(cpuMillis: 1500),
        cluster: .uniform(count: 3, cpuMillis: 4000, memoryBytes: 8 << 30))
    ),
    ("canary", .seconds(40), canary),
    ("bluegreen", .seconds(12), blueGreen),
  ]

  static func session(_ input: SimulationInput, at t: SimTime) throws -> DashboardSession {
    var s = DashboardSession(simulation: try Simulation(input))
    s.advance(to: t)
    return s
  }
}
