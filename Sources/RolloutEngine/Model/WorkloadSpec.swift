/// The declarative input of a simulation, as value types.
///
/// The manifest loader (`RolloutManifests`) turns `apps/v1` Deployments,
/// `argoproj.io/v1alpha1` Rollouts, Services, Istio VirtualServices, AnalysisTemplates
/// and the `rollsim/v1 Simulation` document into these. Defaults are the API defaults
/// (`pkg/apis/apps/v1/defaults.go`, Argo's `utils/defaults/defaults.go`; docs/semantics.md)
/// and are applied by the loader,
/// so every field here is explicit.

// MARK: - Pods

/// A container's readiness probe; only its timing matters to the simulation.
/// Defaults are Kubernetes': period 10 s, success 1, failure 3.
public struct ReadinessProbe: Sendable, Hashable {
  public var initialDelaySeconds: Int
  public var periodSeconds: Int
  public var successThreshold: Int
  public var failureThreshold: Int

  public init(
    initialDelaySeconds: Int = 0, periodSeconds: Int = 10, successThreshold: Int = 1,
    failureThreshold: Int = 3
  ) {
    self.initialDelaySeconds = initialDelaySeconds
    self.periodSeconds = periodSeconds
    self.successThreshold = successThreshold
    self.failureThreshold = failureThreshold
  }

  /// From container start to Ready: the first probe runs `initialDelaySeconds` after
  /// start, then one every `periodSeconds`; Ready after `successThreshold` successes.
  /// Saturates at `SimTime.never` (int32 × int32 seconds overflows milliseconds).
  public var readyDelay: SimTime { .seconds(initialDelaySeconds, plus: successThreshold - 1, times: periodSeconds) }
  /// From container start to the probe's `failureThreshold`-th failure, saturating.
  public var failureDelay: SimTime { .seconds(initialDelaySeconds, plus: failureThreshold, times: periodSeconds) }
}

/// The pod template of a Deployment or Rollout, reduced to what the simulation uses.
///
/// Two templates are the same revision exactly when they are equal: this is the
/// "template equals the Deployment's" test of `FindNewReplicaSet` / `EqualIgnoreHash` (the
/// `pod-template-hash` label is never part of it).
public struct PodTemplate: Sendable, Hashable {
  /// Template labels, sorted by key (they are part of the template hash).
  public var labels: [String: String]
  /// The image of the (first) container; `ImageBehavior` is looked up by it.
  public var image: String
  /// `resources.requests.cpu` of all containers, in millicores.
  public var cpuMillis: Int
  /// `resources.requests.memory` of all containers, in bytes.
  public var memoryBytes: Int64
  public var readinessProbe: ReadinessProbe?
  /// `terminationGracePeriodSeconds` (Kubernetes default 30).
  public var terminationGracePeriodSeconds: Int
  /// The (first) container's name, as the kubelet's events say it (`Started
  /// container shop`). Not part of the template hash: rollsim models one container.
  public var containerName: String
  /// The startup probe of the container whose readiness comes last (see
  /// `PodTemplate.readyDelay`); nil = none.
  public var startupProbe: StartupProbe?
  /// `initContainers`, in order: they run before the main containers (PodLifecycle.swift).
  public var initContainers: [InitContainer]
  /// `readinessGates`, with when the Simulation document sets each condition.
  public var readinessGates: [ReadinessGate]
  /// Required placement rules the scheduler honours (Placement.swift).
  public var placement: [PlacementConstraint]

  public init(
    labels: [String: String] = ["app": "app"], image: String, cpuMillis: Int = 0,
    memoryBytes: Int64 = 0, readinessProbe: ReadinessProbe? = nil,
    terminationGracePeriodSeconds: Int = 30, containerName: String = "app",
    startupProbe: StartupProbe? = nil, initContainers: [InitContainer] = [],
    readinessGates: [ReadinessGate] = [], placement: [PlacementConstraint] = []
  ) {
    self.containerName = containerName
    self.startupProbe = startupProbe
    self.initContainers = initContainers
    self.readinessGates = readinessGates
    self.placement = placement
    self.labels = labels
    self.image = image
    self.cpuMillis = cpuMillis
    self.memoryBytes = memoryBytes
    self.readinessProbe = readinessProbe
    self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
  }

  /// The same template with another image: what `set-image` and a scenario's `from` do.
  public func withImage(_ image: String) -> PodTemplate {
    var t = self
    t.image = image
    return t
  }
}

// MARK: - Deployment (apps/v1)

public enum DeploymentStrategy: Sendable, Hashable {
  case rollingUpdate(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent)
  case recreate
}

/// An `apps/v1` Deployment with API defaults applied.
public struct DeploymentSpec: Sendable, Hashable {
  public var name: String
  public var replicas: Int
  public var strategy: DeploymentStrategy
  public var minReadySeconds: Int
  /// nil = no deadline (also the meaning of MaxInt32, `HasProgressDeadline`).
  public var progressDeadlineSeconds: Int?
  /// nil = keep all (MaxInt32 / unset, `cleanupDeployment`).
  public var revisionHistoryLimit: Int?
  public var paused: Bool
  public var selector: [String: String]
  public var template: PodTemplate
  /// `spec.podReplacementPolicy` with the alpha gates `DeploymentPodReplacementPolicy`
  /// and `DeploymentReplicaSetTerminatingReplicas` on; nil = gates off (the default).
  /// `TerminationComplete` counts terminating and surplus pods against maxSurge
  /// (formula inferred from the upstream `rolling_test.go` cases; docs/semantics.md).
  public var podReplacementPolicy: PodReplacementPolicy? = nil

  public init(
    name: String, replicas: Int = 1,
    strategy: DeploymentStrategy = .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)),
    minReadySeconds: Int = 0, progressDeadlineSeconds: Int? = 600, revisionHistoryLimit: Int? = 10,
    paused: Bool = false, selector: [String: String]? = nil, template: PodTemplate
  ) {
    self.name = name
    self.replicas = replicas
    self.strategy = strategy
    self.minReadySeconds = minReadySeconds
    self.progressDeadlineSeconds = progressDeadlineSeconds
    self.revisionHistoryLimit = revisionHistoryLimit
    self.paused = paused
    self.selector = selector ?? template.labels
    self.template = template
  }
}

// MARK: - Rollout (argoproj.io/v1alpha1)

/// `setCanaryScale` of a canary step (`v1alpha1.SetCanaryScale`).
public enum CanaryScale: Sendable, Hashable {
  case replicas(Int)
  case weight(Int)
  case matchTrafficWeight
}

/// A reference to AnalysisTemplates with arguments (`analysis` step, background
/// analysis, blue/green pre/post promotion).
public struct AnalysisRef: Sendable, Hashable {
  public var templateNames: [String]
  public var args: [String: String]
  public init(templateNames: [String], args: [String: String] = [:]) {
    self.templateNames = templateNames
    self.args = args
  }
}

/// One step of `spec.strategy.canary.steps`.
public enum CanaryStep: Sendable, Hashable {
  case setWeight(Int)
  /// `pause: {}` (nil, until promoted) or `pause: {duration: D}` in seconds.
  case pause(seconds: Int?)
  case setCanaryScale(CanaryScale)
  case analysis(AnalysisRef)
}

public struct IstioRouting: Sendable, Hashable {
  public var virtualService: String
  public var routes: [String]
  public init(virtualService: String, routes: [String] = []) {
    self.virtualService = virtualService
    self.routes = routes
  }
}

public struct TrafficRouting: Sendable, Hashable {
  public var istio: IstioRouting?
  /// `maxTrafficWeight`, default 100.
  public var maxTrafficWeight: Int
  public init(istio: IstioRouting? = nil, maxTrafficWeight: Int = 100) {
    self.istio = istio
    self.maxTrafficWeight = maxTrafficWeight
  }
}

/// `spec.strategy.canary`, defaults as in Argo's `utils/defaults/defaults.go`.
public struct CanaryStrategy: Sendable, Hashable {
  public var steps: [CanaryStep]
  public var maxSurge: IntOrPercent
  public var maxUnavailable: IntOrPercent
  public var canaryService: String?
  public var stableService: String?
  public var trafficRouting: TrafficRouting?
  public var dynamicStableScale: Bool
  /// Seconds; nil = unset (30 s with traffic routing, unused by the basic canary).
  public var abortScaleDownDelaySeconds: Int?
  /// Seconds; nil = unset (30 s with traffic routing).
  public var scaleDownDelaySeconds: Int?
  /// How many old ReplicaSets may sit in their scale-down delay (nil = no limit).
  public var scaleDownDelayRevisionLimit: Int?
  public var minPodsPerReplicaSet: Int?
  /// Background analysis and the step index it starts at.
  public var analysis: AnalysisRef?
  public var analysisStartingStep: Int?

  public init(
    steps: [CanaryStep] = [], maxSurge: IntOrPercent = .percent(25),
    maxUnavailable: IntOrPercent = .percent(25), canaryService: String? = nil,
    stableService: String? = nil, trafficRouting: TrafficRouting? = nil,
    dynamicStableScale: Bool = false, abortScaleDownDelaySeconds: Int? = nil,
    scaleDownDelaySeconds: Int? = nil, minPodsPerReplicaSet: Int? = nil,
    analysis: AnalysisRef? = nil, analysisStartingStep: Int? = nil, scaleDownDelayRevisionLimit: Int? = nil
  ) {
    self.scaleDownDelayRevisionLimit = scaleDownDelayRevisionLimit
    self.steps = steps
    self.maxSurge = maxSurge
    self.maxUnavailable = maxUnavailable
    self.canaryService = canaryService
    self.stableService = stableService
    self.trafficRouting = trafficRouting
    self.dynamicStableScale = dynamicStableScale
    self.abortScaleDownDelaySeconds = abortScaleDownDelaySeconds
    self.scaleDownDelaySeconds = scaleDownDelaySeconds
    self.minPodsPerReplicaSet = minPodsPerReplicaSet
    self.analysis = analysis
    self.analysisStartingStep = analysisStartingStep
  }
}

/// `spec.strategy.blueGreen`, defaults as in Argo's `utils/defaults/defaults.go`.
public struct BlueGreenStrategy: Sendable, Hashable {
  public var activeService: String
  public var previewService: String?
  public var autoPromotionEnabled: Bool
  public var autoPromotionSeconds: Int?
  public var previewReplicaCount: Int?
  public var scaleDownDelaySeconds: Int
  public var scaleDownDelayRevisionLimit: Int?
  public var abortScaleDownDelaySeconds: Int
  public var prePromotionAnalysis: AnalysisRef?
  public var postPromotionAnalysis: AnalysisRef?

  public init(
    activeService: String, previewService: String? = nil, autoPromotionEnabled: Bool = true,
    autoPromotionSeconds: Int? = nil, previewReplicaCount: Int? = nil,
    scaleDownDelaySeconds: Int = 30, scaleDownDelayRevisionLimit: Int? = nil,
    abortScaleDownDelaySeconds: Int = 30, prePromotionAnalysis: AnalysisRef? = nil,
    postPromotionAnalysis: AnalysisRef? = nil
  ) {
    self.activeService = activeService
    self.previewService = previewService
    self.autoPromotionEnabled = autoPromotionEnabled
    self.autoPromotionSeconds = autoPromotionSeconds
    self.previewReplicaCount = previewReplicaCount
    self.scaleDownDelaySeconds = scaleDownDelaySeconds
    self.scaleDownDelayRevisionLimit = scaleDownDelayRevisionLimit
    self.abortScaleDownDelaySeconds = abortScaleDownDelaySeconds
    self.prePromotionAnalysis = prePromotionAnalysis
    self.postPromotionAnalysis = postPromotionAnalysis
  }
}

public enum RolloutStrategy: Sendable, Hashable {
  case canary(CanaryStrategy)
  case blueGreen(BlueGreenStrategy)
}

/// An `argoproj.io/v1alpha1` Rollout (a `workloadRef` is resolved by the loader).
public struct RolloutSpec: Sendable, Hashable {
  public var name: String
  public var replicas: Int
  public var strategy: RolloutStrategy
  public var minReadySeconds: Int
  public var progressDeadlineSeconds: Int?
  public var progressDeadlineAbort: Bool
  public var revisionHistoryLimit: Int?
  public var paused: Bool
  public var selector: [String: String]
  public var template: PodTemplate

  public init(
    name: String, replicas: Int = 1, strategy: RolloutStrategy, minReadySeconds: Int = 0,
    progressDeadlineSeconds: Int? = 600, progressDeadlineAbort: Bool = false,
    revisionHistoryLimit: Int? = 10, paused: Bool = false, selector: [String: String]? = nil,
    template: PodTemplate
  ) {
    self.name = name
    self.replicas = replicas
    self.strategy = strategy
    self.minReadySeconds = minReadySeconds
    self.progressDeadlineSeconds = progressDeadlineSeconds
    self.progressDeadlineAbort = progressDeadlineAbort
    self.revisionHistoryLimit = revisionHistoryLimit
    self.paused = paused
    self.selector = selector ?? template.labels
    self.template = template
  }
}

/// The workload under simulation.
public enum WorkloadSpec: Sendable, Hashable {
  case deployment(DeploymentSpec)
  case rollout(RolloutSpec)

  public var name: String {
    switch self {
    case .deployment(let d): return d.name
    case .rollout(let r): return r.name
    }
  }
  public var replicas: Int {
    switch self {
    case .deployment(let d): return d.replicas
    case .rollout(let r): return r.replicas
    }
  }
  public var template: PodTemplate {
    switch self {
    case .deployment(let d): return d.template
    case .rollout(let r): return r.template
    }
  }
}

// MARK: - Services and routing

/// A `v1` Service: a name and a label selector. Its endpoints are the Ready pods it
/// selects. Argo rewrites the selector of active/preview/canary/stable Services to add
/// `rollouts-pod-template-hash`, which the engine models by the Service's role.
public struct ServiceSpec: Sendable, Hashable {
  public var name: String
  public var selector: [String: String]
  public init(name: String, selector: [String: String]) {
    self.name = name
    self.selector = selector
  }
}

/// One weighted destination of an Istio HTTP route.
public struct RouteDestination: Sendable, Hashable {
  public var host: String
  public var weight: Int
  public init(host: String, weight: Int) {
    self.host = host
    self.weight = weight
  }
}

public struct HTTPRoute: Sendable, Hashable {
  public var name: String
  public var destinations: [RouteDestination]
  public init(name: String, destinations: [RouteDestination]) {
    self.name = name
    self.destinations = destinations
  }
}

/// A `networking.istio.io` VirtualService, reduced to its HTTP routes.
public struct VirtualServiceSpec: Sendable, Hashable {
  public var name: String
  public var routes: [HTTPRoute]
  public init(name: String, routes: [HTTPRoute]) {
    self.name = name
    self.routes = routes
  }
}
