/// The world a rollout runs in, shared by every strategy compared on it: the
/// cluster, the traffic, how each image behaves, the scheduled actions, the seed and
/// the fleet before t = 0. A `rollsim/v1 Simulation` document is one of these.
public struct Scenario: Sendable, Hashable {
  public var name: String?
  public var seed: UInt64
  public var cluster: ClusterSpec
  public var traffic: TrafficSpec
  public var images: [String: ImageBehavior]
  public var actions: [ScheduledAction]
  /// The image the fleet runs, fully available, before t = 0 (nil: a first deploy).
  public var fromImage: String?
  public var strictMinReady: Bool

  public init(
    name: String? = nil, seed: UInt64 = 1, cluster: ClusterSpec = .default, traffic: TrafficSpec = TrafficSpec(),
    images: [String: ImageBehavior] = [:], actions: [ScheduledAction] = [], fromImage: String? = nil,
    strictMinReady: Bool = false
  ) {
    self.name = name
    self.seed = seed
    self.cluster = cluster
    self.traffic = traffic
    self.images = images
    self.actions = actions
    self.fromImage = fromImage
    self.strictMinReady = strictMinReady
  }
}

/// What differs between the strategies compared on one scenario: the workload and
/// the objects that route to it and analyse it.
public struct Variant: Sendable, Hashable {
  public var workload: WorkloadSpec
  public var services: [ServiceSpec]
  public var virtualServices: [VirtualServiceSpec]
  public var analysisTemplates: [AnalysisTemplateSpec]

  public init(
    workload: WorkloadSpec, services: [ServiceSpec] = [], virtualServices: [VirtualServiceSpec] = [],
    analysisTemplates: [AnalysisTemplateSpec] = []
  ) {
    self.workload = workload
    self.services = services
    self.virtualServices = virtualServices
    self.analysisTemplates = analysisTemplates
  }
}

extension SimulationInput {
  /// One variant in one scenario.
  public init(scenario: Scenario, variant: Variant) {
    self.init(
      name: scenario.name, workload: variant.workload, fromImage: scenario.fromImage, services: variant.services,
      virtualServices: variant.virtualServices, analysisTemplates: variant.analysisTemplates, seed: scenario.seed,
      cluster: scenario.cluster, traffic: scenario.traffic, images: scenario.images, actions: scenario.actions,
      strictMinReady: scenario.strictMinReady)
  }

  /// The world half of the input.
  public var scenario: Scenario {
    get {
      Scenario(
        name: name == workload.name ? nil : name, seed: seed, cluster: cluster, traffic: traffic, images: images,
        actions: actions, fromImage: fromImage, strictMinReady: strictMinReady)
    }
    set {
      name = newValue.name ?? workload.name
      seed = newValue.seed
      cluster = newValue.cluster
      traffic = newValue.traffic
      images = newValue.images
      actions = newValue.actions
      fromImage = newValue.fromImage
      strictMinReady = newValue.strictMinReady
    }
  }

  /// The workload half of the input.
  public var variant: Variant {
    Variant(workload: workload, services: services, virtualServices: virtualServices, analysisTemplates: analysisTemplates)
  }
}
