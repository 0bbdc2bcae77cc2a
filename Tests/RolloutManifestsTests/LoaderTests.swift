import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// What the loader makes of valid input: API defaults, field parsing, references,
/// the Simulation document, warnings.
@Suite struct LoaderTests {
  // MARK: - Defaults

  /// A bare Deployment runs with the API defaults (k8s-deployment.md §2) and
  /// README's world defaults.
  @Test func bareDeploymentGetsTheDefaults() throws {
    let yaml = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: registry.local:5000/web:2.0}]
      """
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty)
    let input = loaded.input
    let d = try #require(Manifests.deployment(input))
    #expect(d.name == "web" && input.name == "web")
    #expect(d.replicas == 1)
    #expect(d.strategy == .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)))
    #expect(d.revisionHistoryLimit == 10)
    #expect(d.progressDeadlineSeconds == 600)
    #expect(d.minReadySeconds == 0 && !d.paused)
    #expect(d.selector == ["app": "web"])
    #expect(d.template.terminationGracePeriodSeconds == 30)
    #expect(d.template.readinessProbe == nil)
    #expect(d.template.cpuMillis == 0 && d.template.memoryBytes == 0)
    // from = the template's image with the tag `previous`.
    #expect(input.fromImage == "registry.local:5000/web:previous")
    #expect(input.seed == 1)
    #expect(input.cluster == .uniform(count: 3, cpuMillis: 4000, memoryBytes: 8 << 30, scheduling: .leastAllocated))
    #expect(input.traffic == TrafficSpec(requestsPerSecond: 100, podCapacity: nil))
    // Every image starts in 2 s, never fails, shuts down in 1 s, 50 ms median latency.
    #expect(input.images == ["registry.local:5000/web:previous": .default, "registry.local:5000/web:2.0": .default])
    #expect(ImageBehavior.default == ImageBehavior(startupSeconds: 2, errorRate: 0, crashLoop: false, shutdownSeconds: 1, latencyMs: 50))
    #expect(input.actions.isEmpty && input.services.isEmpty && !input.strictMinReady)
    #expect(
      loaded.summary == [
        "Deployment web: 1 replicas, image registry.local:5000/web:2.0, RollingUpdate maxSurge 1 (25%) maxUnavailable 0 (25%), minReadySeconds 0, progressDeadline 600s",
        "Simulation (defaults): seed 1, 3 nodes × 4 CPU / 8Gi (leastAllocated), 100 rps, unlimited pod capacity, from registry.local:5000/web:previous",
      ])
  }

  @Test(arguments: [
    ("shop:1.1", "shop:previous"), ("shop", "shop:previous"), ("registry:5000/shop", "registry:5000/shop:previous"),
    ("registry:5000/shop:1.1", "registry:5000/shop:previous"),
  ])
  func previousImage(image: String, expected: String) {
    #expect(ManifestLoader.previousImage(image) == expected)
  }

  /// `progressDeadlineSeconds` / `revisionHistoryLimit` of MaxInt32 mean "none".
  @Test func maxInt32MeansNoLimit() throws {
    let s = "  progressDeadlineSeconds: 2147483647\n  revisionHistoryLimit: 2147483647"
    let d = try #require(Manifests.deployment(Manifests.load(Manifests.bareDeployment(strategy: s)).input))
    #expect(d.progressDeadlineSeconds == nil && d.revisionHistoryLimit == nil)
  }

  // MARK: - Int or percent

  @Test(arguments: [
    ("{maxSurge: 2, maxUnavailable: 1}", IntOrPercent.int(2), IntOrPercent.int(1)),
    ("{maxSurge: 30%, maxUnavailable: \"10%\"}", .percent(30), .percent(10)),
    ("{maxSurge: 100%}", .percent(100), .percent(25)),
    ("{maxUnavailable: 0}", .percent(25), .int(0)),
    ("{maxSurge: \"0%\", maxUnavailable: 1}", .percent(0), .int(1)),
  ])
  func intOrPercent(fields: String, surge: IntOrPercent, unavailable: IntOrPercent) throws {
    let yaml = Manifests.bareDeployment(strategy: "  strategy:\n    type: RollingUpdate\n    rollingUpdate: \(fields)")
    let d = try #require(Manifests.deployment(Manifests.load(yaml).input))
    #expect(d.strategy == .rollingUpdate(maxSurge: surge, maxUnavailable: unavailable))
  }

  @Test func recreateStrategy() throws {
    let d = try #require(Manifests.deployment(Manifests.load(Manifests.bareDeployment(strategy: "  strategy: {type: Recreate}")).input))
    #expect(d.strategy == .recreate)
  }

  /// Argo reads any string as a percentage, with or without `%` (argo-rollouts.md §2.2).
  @Test func argoPercentStrings() throws {
    let yaml = Manifests.rollout(strategy: "    canary:\n      maxSurge: \"40\"\n      maxUnavailable: 1\n      steps: [{setWeight: 50}]")
    let c = try #require(Manifests.canary(Manifests.load(yaml).input))
    #expect(c.maxSurge == .percent(40) && c.maxUnavailable == .int(1))
    #expect(c.steps == [.setWeight(50)])
  }

  /// The resolved values validate prints: surge rounds up, unavailable down.
  @Test func validateShowsResolvedSurgeAndUnavailable() throws {
    let s = "  strategy:\n    rollingUpdate: {maxSurge: 30%, maxUnavailable: 30%}"
    let loaded = try Manifests.load(Manifests.bareDeployment(strategy: s, replicas: "7"))
    #expect(loaded.summary[0] == "Deployment shop: 7 replicas, image shop:1.1, RollingUpdate maxSurge 3 (30%) maxUnavailable 2 (30%), minReadySeconds 0, progressDeadline 600s")
    // 0%/0% on 3 replicas resolves to 0/0, then unavailable 1 (fencepost rule, §2).
    let z = "  strategy:\n    rollingUpdate: {maxSurge: \"0%\", maxUnavailable: 1%}"
    let zl = try Manifests.load(Manifests.bareDeployment(strategy: z, replicas: "3"))
    #expect(zl.summary[0].contains("RollingUpdate maxSurge 0 (0%) maxUnavailable 1 (1%)"))
  }

  // MARK: - Pod template

  @Test func probesResourcesAndGrace() throws {
    let yaml = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: shop}
      spec:
        replicas: 4
        minReadySeconds: 5
        paused: true
        template:
          metadata: {labels: {app: shop, tier: web}}
          spec:
            terminationGracePeriodSeconds: 45
            containers:
              - name: app
                image: shop:1.1
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {cpu: "1"}
                readinessProbe:
                  httpGet: {path: /ready, port: 8080}
                  initialDelaySeconds: 3
                  periodSeconds: 2
                  successThreshold: 2
                  failureThreshold: 5
              - name: sidecar
                image: envoy:1.30
                resources:
                  requests: {cpu: "0.5", memory: 500M}
      """
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let d = try #require(Manifests.deployment(loaded.input))
    #expect(d.replicas == 4 && d.minReadySeconds == 5 && d.paused)
    #expect(d.template.image == "shop:1.1")
    #expect(d.template.labels == ["app": "shop", "tier": "web"])
    #expect(d.template.terminationGracePeriodSeconds == 45)
    // Requests of all containers add up: 250m + 0.5 CPU, 256 MiB + 500 MB.
    #expect(d.template.cpuMillis == 750)
    #expect(d.template.memoryBytes == 268_435_456 + 500_000_000)
    #expect(d.template.readinessProbe == ReadinessProbe(initialDelaySeconds: 3, periodSeconds: 2, successThreshold: 2, failureThreshold: 5))
  }

  @Test func probeDefaults() throws {
    let c = "          readinessProbe: {tcpSocket: {port: 80}}"
    let d = try #require(Manifests.deployment(Manifests.load(Manifests.bareDeployment(container: c)).input))
    // Kubernetes' defaults: period 10 s, success 1, failure 3, no initial delay.
    #expect(d.template.readinessProbe == ReadinessProbe(initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1, failureThreshold: 3))
  }

  @Test(arguments: [
    ("250m", 250), ("0.5", 500), ("2", 2000), ("1.5", 1500), ("100m", 100),
  ])
  func cpuQuantities(text: String, millis: Int) {
    #expect(Quantity.cpuMillis(text) == millis)
  }

  @Test(arguments: [
    ("256Mi", Int64(268_435_456)), ("1Gi", 1_073_741_824), ("500M", 500_000_000), ("1G", 1_000_000_000),
    ("128974848", 128_974_848), ("129e6", 129_000_000), ("64Ki", 65536),
  ])
  func memoryQuantities(text: String, bytes: Int64) {
    #expect(Quantity.bytes(text) == bytes)
  }

  @Test(arguments: ["1e300", "inf", "nan", "-1", "lots", "99999999999999999999Gi"])
  func absurdQuantitiesAreRejected(text: String) {
    #expect(Quantity.cpuMillis(text) == nil)
    #expect(Quantity.bytes(text) == nil)
  }

  // MARK: - Rollouts and their objects

  @Test func blueGreenFieldsAndDefaults() throws {
    let yaml = Manifests.rollout(strategy: """
          blueGreen:
            activeService: shop-active
            previewService: shop-preview
            autoPromotionEnabled: false
            previewReplicaCount: 3
      """)
    let b = try #require(Manifests.blueGreen(Manifests.load(yaml).input))
    #expect(b.activeService == "shop-active" && b.previewService == "shop-preview")
    #expect(!b.autoPromotionEnabled && b.previewReplicaCount == 3)
    // Argo's defaults (argo-rollouts.md §3): 30 s scale-down delays.
    #expect(b.scaleDownDelaySeconds == 30 && b.abortScaleDownDelaySeconds == 30)
    #expect(b.autoPromotionSeconds == nil && b.prePromotionAnalysis == nil)

    let auto = try #require(Manifests.blueGreen(Manifests.load(Manifests.rollout(strategy: "    blueGreen: {activeService: shop}")).input))
    #expect(auto.autoPromotionEnabled && auto.previewService == nil)
  }

  @Test func canaryStepsOfEveryKind() throws {
    let yaml = Manifests.rollout(
      strategy: """
            canary:
              analysis:
                templates: [{templateName: errors}]
                startingStep: 2
              steps:
                - setWeight: 20
                - pause: {}
                - pause: {duration: 90}
                - pause: {duration: 2m}
                - pause: {duration: 1h}
                - setCanaryScale: {replicas: 3}
                - setCanaryScale: {weight: 40}
                - setCanaryScale: {matchTrafficWeight: true}
                - analysis:
                    templates: [{templateName: errors}]
                    args: [{name: service, value: shop}]
        """,
      extra: """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: errors}
        spec:
          metrics:
            - name: error-rate
              provider: {rollsim: {metric: error-rate}}
              successCondition: result < 0.05
        """)
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let c = try #require(Manifests.canary(loaded.input))
    #expect(
      c.steps == [
        .setWeight(20), .pause(seconds: nil), .pause(seconds: 90), .pause(seconds: 120), .pause(seconds: 3600),
        .setCanaryScale(.replicas(3)), .setCanaryScale(.weight(40)), .setCanaryScale(.matchTrafficWeight),
        .analysis(AnalysisRef(templateNames: ["errors"], args: ["service": "shop"])),
      ])
    #expect(c.analysis == AnalysisRef(templateNames: ["errors"]) && c.analysisStartingStep == 2)
    #expect(c.maxSurge == .percent(25) && c.maxUnavailable == .percent(25))
    #expect(c.trafficRouting == nil && !c.dynamicStableScale)
    #expect(loaded.input.analysisTemplates.map(\.name) == ["errors"])
  }

  @Test func trafficRoutingWithAVirtualService() throws {
    let yaml = Manifests.rollout(
      strategy: """
            canary:
              canaryService: shop-canary
              stableService: shop-stable
              dynamicStableScale: true
              abortScaleDownDelaySeconds: 10
              trafficRouting:
                maxTrafficWeight: 1000
                istio:
                  virtualService: {name: shop-vs, routes: [primary]}
              steps: [{setWeight: 250}]
        """,
      extra: """
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: shop-vs}
        spec:
          hosts: [shop]
          http:
            - name: primary
              route:
                - destination: {host: shop-stable, subset: v1}
                  weight: 100
                - destination: {host: shop-canary}
                  weight: 0
            - name: other
              route:
                - destination: {host: shop-stable}
        """)
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let c = try #require(Manifests.canary(loaded.input))
    #expect(c.trafficRouting == TrafficRouting(istio: IstioRouting(virtualService: "shop-vs", routes: ["primary"]), maxTrafficWeight: 1000))
    #expect(c.canaryService == "shop-canary" && c.stableService == "shop-stable")
    #expect(c.dynamicStableScale && c.abortScaleDownDelaySeconds == 10)
    #expect(c.steps == [.setWeight(250)])
    let vs = try #require(loaded.input.virtualServices.first)
    #expect(vs.name == "shop-vs")
    #expect(vs.routes.map(\.name) == ["primary", "other"])
    #expect(vs.routes[0].destinations == [RouteDestination(host: "shop-stable", weight: 100), RouteDestination(host: "shop-canary", weight: 0)])
    // A lone destination without a weight takes all traffic (Istio).
    #expect(vs.routes[1].destinations == [RouteDestination(host: "shop-stable", weight: 100)])
    #expect(loaded.input.services.map(\.name) == ["shop", "shop-active", "shop-preview", "shop-canary", "shop-stable"])
    #expect(loaded.input.services[0].selector == ["app": "shop"])
  }

  @Test func analysisTemplates() throws {
    let yaml = Manifests.rollout(
      strategy: "    canary:\n      steps: [{analysis: {templates: [{templateName: checks}]}}]",
      extra: """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: checks}
        spec:
          metrics:
            - name: errors
              interval: 30s
              count: 5
              initialDelay: 1m
              failureLimit: 2
              inconclusiveLimit: 1
              consecutiveErrorLimit: 0
              consecutiveSuccessLimit: 3
              successCondition: result[0] <= 0.01
              failureCondition: result[0] > 0.05 || result[0] == 1
              provider: {rollsim: {metric: error-rate}}
            - name: latency
              successCondition: 250 >= result
              provider:
                prometheus:
                  address: http://prometheus:9090
                  query: histogram_quantile(0.99, sum(rate(http_duration_bucket[5m])) by (le))
            - name: available
              successCondition: result == 1
              provider: {rollsim: {metric: available-ratio}}
        """)
    let loaded = try Manifests.load(yaml)
    let t = try #require(loaded.input.analysisTemplates.first)
    #expect(t.name == "checks")
    #expect(t.metrics.map(\.name) == ["errors", "latency", "available"])
    let m = t.metrics[0]
    #expect(m.source == .errorRate)
    #expect(m.intervalSeconds == 30 && m.count == 5 && m.initialDelaySeconds == 60)
    #expect(m.failureLimit == 2 && m.inconclusiveLimit == 1 && m.consecutiveErrorLimit == 0)
    #expect(m.consecutiveSuccessLimit == 3 && m.failureLimitSet)
    #expect(m.successCondition == MetricCondition(anyOf: [[.init(op: .le, value: 0.01)]], text: "result[0] <= 0.01"))
    #expect(m.failureCondition?.anyOf == [[.init(op: .gt, value: 0.05)], [.init(op: .eq, value: 1)]])
    // `250 >= result` is `result <= 250`; the Prometheus query is read by its shape.
    #expect(t.metrics[1].source == .latencyPercentile(99))
    #expect(t.metrics[1].successCondition?.anyOf == [[.init(op: .le, value: 250)]])
    // Argo's defaults: failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4.
    #expect(t.metrics[2].source == .availableRatio)
    #expect(t.metrics[2].failureLimit == 0 && t.metrics[2].inconclusiveLimit == 0 && t.metrics[2].consecutiveErrorLimit == 4)
    #expect(t.metrics[2].consecutiveSuccessLimit == 0 && !t.metrics[2].failureLimitSet)
    #expect(t.metrics[2].intervalSeconds == nil && t.metrics[2].count == nil)
    // Standing in for Prometheus is said out loud.
    #expect(loaded.warnings.map(\.description) == [
      "test.yaml:68:18: warning: spec.metrics[1].provider.prometheus.query: the simulation stands in for Prometheus; this query is read as latency-p99"
    ])
  }

  /// `workloadRef`: the Rollout takes its template from a Deployment in the same file,
  /// and that Deployment is not simulated on its own.
  @Test func workloadRef() throws {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: shop}
      spec:
        replicas: 6
        workloadRef: {apiVersion: apps/v1, kind: Deployment, name: shop-template}
        strategy:
          canary:
            steps: [{setWeight: 50}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: shop-template}
      spec:
        replicas: 0
        template:
          metadata: {labels: {app: shop}}
          spec:
            containers: [{name: shop, image: shop:2.0, resources: {requests: {cpu: 100m}}}]
      """
    let input = try Manifests.load(yaml).input
    let r = try #require(Manifests.rollout(input))
    #expect(r.name == "shop" && r.replicas == 6)
    #expect(r.template.image == "shop:2.0" && r.template.cpuMillis == 100)
    #expect(r.selector == ["app": "shop"])
    #expect(input.fromImage == "shop:previous")
  }

  // MARK: - The Simulation document

  static let fullSimulation = """
    apiVersion: rollsim/v1
    kind: Simulation
    metadata: {name: my-scenario}
    spec:
      seed: 42
      from: shop:1.0
      cluster: {nodes: 5, cpu: 3500m, memory: 16Gi, scheduling: firstFit}
      traffic: {requestsPerSecond: 250.5, podCapacity: 40}
      strictMinReady: true
      images:
        shop:1.0: {startupSeconds: 4}
        shop:1.1: {startupSeconds: 6.5, errorRate: 0.02, crashLoop: true, crashAfterSeconds: 7, shutdownSeconds: 3, latencyMs: 120}
        shop:1.2: {neverReady: true}
      actions:
        - {at: 45s, do: undo}
        - {at: 1m30s, do: scale=20}
        - {at: 2m, do: set-image=shop:1.2}
        - {at: 500ms, do: kill-pod}
        - {at: 90, do: node-down=2}
        - {at: 1h, do: "undo=1"}
    """

  func expectFullSimulation(_ input: SimulationInput) {
    #expect(input.name == "my-scenario")
    #expect(input.seed == 42)
    #expect(input.fromImage == "shop:1.0")
    #expect(input.cluster == .uniform(count: 5, cpuMillis: 3500, memoryBytes: 16 << 30, scheduling: .firstFit))
    #expect(input.traffic == TrafficSpec(requestsPerSecond: 250.5, podCapacity: 40))
    #expect(input.strictMinReady)
    #expect(input.images["shop:1.0"] == ImageBehavior(startupSeconds: 4))
    #expect(
      input.images["shop:1.1"]
        == ImageBehavior(startupSeconds: 6.5, errorRate: 0.02, crashLoop: true, crashAfterSeconds: 7, shutdownSeconds: 3, latencyMs: 120))
    #expect(input.images["shop:1.2"] == ImageBehavior(neverReady: true))
    #expect(
      input.actions == [
        ScheduledAction(at: 45_000, verb: .undo(revision: nil)), ScheduledAction(at: 90_000, verb: .scale(20)),
        ScheduledAction(at: 120_000, verb: .setImage("shop:1.2")), ScheduledAction(at: 500, verb: .killPod),
        ScheduledAction(at: 90_000, verb: .nodeDown(2)), ScheduledAction(at: 3_600_000, verb: .undo(revision: 1)),
      ])
  }

  @Test func simulationDocumentInTheSameFile() throws {
    let yaml = Manifests.bareDeployment() + "\n---\n" + Self.fullSimulation
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    expectFullSimulation(loaded.input)
    #expect(
      loaded.summary.last
        == "Simulation my-scenario: seed 42, 5 nodes × 3500m CPU / 16Gi (firstFit), 250.5 rps, podCapacity 40, from shop:1.0, shop:1.0 starts in 4s; shop:1.1 starts in 6.5s, errorRate 0.02, crash-loops; shop:1.2 starts in 2s, never Ready, 6 actions (45s undo, 1m30s scale=20, 2m00s set-image=shop:1.2, 0.5s kill-pod, 1m30s node-down=2, 1h00m undo=1)"
    )
  }

  /// `--scenario FILE`: the Simulation document in its own file.
  @Test func simulationDocumentAsItsOwnFile() throws {
    let loaded = try Manifests.load(Manifests.bareDeployment(), scenario: Self.fullSimulation)
    expectFullSimulation(loaded.input)
    // Errors in it name the scenario file.
    let bad = Self.fullSimulation.replacingOccurrences(of: "at: 45s", with: "at: 45 seconds")
    #expect(Manifests.error(Manifests.bareDeployment(), scenario: bad) == "scenario.yaml:15:12: error: spec.actions[0].at: Invalid value: \"45 seconds\": not a time (use e.g. 45s, 2m, 1h30m)")
  }

  @Test func seedOverrideWins() throws {
    let input = try Manifests.load(Manifests.bareDeployment(), scenario: Self.fullSimulation, seed: 7).input
    #expect(input.seed == 7)
  }

  @Test func validateChecksAScenarioFileOnItsOwn() {
    let (diags, summary) = ManifestLoader.validate([SourceText(path: "scenario.yaml", text: Self.fullSimulation)])
    #expect(diags.isEmpty)
    #expect(summary.first == "scenario.yaml: ok")
    #expect(summary.count == 2 && summary[1].hasPrefix("  Simulation my-scenario: seed 42"))
  }

  @Test func validateReportsEveryFile() {
    let good = SourceText(path: "good.yaml", text: Manifests.bareDeployment())
    let bad = SourceText(path: "bad.yaml", text: Manifests.bareDeployment(replicas: "-1"))
    let (diags, summary) = ManifestLoader.validate([good, bad])
    #expect(summary.first == "good.yaml: ok")
    #expect(!summary.contains("bad.yaml: ok"))
    #expect(diags.map(\.description) == ["bad.yaml:6:13: error: spec.replicas: Invalid value: -1: must be greater than or equal to 0"])
  }

  // MARK: - Durations

  @Test(arguments: [
    ("45s", SimTime(45_000)), ("2m", 120_000), ("1h30m", 5_400_000), ("500ms", 500), ("1.5s", 1500), ("90", 90_000), (" 10s ", 10_000),
  ])
  func durations(text: String, ms: SimTime) {
    #expect(parseDuration(text) == ms)
  }

  @Test(arguments: ["", "soon", "5 minutes", "-1s", "1e300", "99999999999999999999h", "1000000001", "999999999h", "inf", "nan", "1d", "s", "10s5"])
  func badDurations(text: String) {
    #expect(parseDuration(text) == nil)
  }

  // MARK: - Warnings

  /// Unknown fields are warnings with a position, never silently ignored; fields
  /// rollsim accepts without modelling (ports, limits, probes' handlers) are quiet.
  @Test func unknownFieldsAreWarnings() throws {
    let yaml = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: shop, labels: {team: a}}
      spec:
        replicas: 3
        strategy:
          rollingUpdate: {maxSurg: 1}
        template:
          metadata: {labels: {app: shop}}
          spec:
            nodeSelector: {disk: ssd}
            containers:
              - name: shop
                image: shop:1.1
                ports: [{containerPort: 80}]
                readinesProbe: {periodSeconds: 5}
      ---
      apiVersion: rollsim/v1
      kind: Simulation
      spec:
        sead: 3
        images:
          shop:1.1: {startupSecs: 4}
      """
    let loaded = try Manifests.load(yaml)
    #expect(
      loaded.warnings.map(\.description) == [
        "test.yaml:7:21: warning: unknown field \"maxSurg\" in spec.strategy.rollingUpdate",
        "test.yaml:16:11: warning: unknown field \"readinesProbe\" in spec.template.spec.containers[0]",
        // A field that changes behaviour and is not simulated says so.
        "test.yaml:11:21: warning: spec.template.spec.nodeSelector: not simulated (every node is taken to match)",
        "test.yaml:21:3: warning: unknown field \"sead\" in spec",
        "test.yaml:23:16: warning: unknown field \"startupSecs\" in spec.images.shop:1.1",
      ])
    // The misspelt field fell back to its default, as Kubernetes would.
    let d = try #require(Manifests.deployment(loaded.input))
    #expect(d.strategy == .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)))
    #expect(loaded.input.seed == 1)
  }

  /// YAML anchors, aliases and merge keys work as in kubectl.
  @Test func anchorsAliasesAndMergeKeys() throws {
    let yaml = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: shop}
      spec:
        replicas: 4
        strategy:
          rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
        template:
          metadata: {labels: &labels {app: shop}}
          spec:
            containers:
              - &main
                name: main
                image: shop:1.1
                resources: {requests: {cpu: 100m, memory: 64Mi}}
              - <<: *main
                name: sidecar
                image: side:1
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: shop}
      spec: {selector: *labels}
      """
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let d = try #require(Manifests.deployment(loaded.input))
    // The sidecar inherits the requests through the merge key; its own image wins.
    #expect(d.template.image == "shop:1.1" && d.template.cpuMillis == 200 && d.template.memoryBytes == 128 << 20)
    #expect(loaded.input.services.first?.selector == ["app": "shop"])
    #expect(Manifests.error(yaml.replacingOccurrences(of: "<<: *main", with: "<<: 3")) == "test.yaml:16:15: error: spec.template.spec.containers[1]: a merge key (<<) needs a mapping or a list of mappings")
  }

  @Test func unsupportedStepsAreSkippedWithAWarning() throws {
    let yaml = Manifests.rollout(strategy: "    canary:\n      steps:\n        - setWeight: 10\n        - experiment: {duration: 1m}")
    let loaded = try Manifests.load(yaml)
    #expect(Manifests.canary(loaded.input)?.steps == [.setWeight(10)])
    #expect(loaded.warnings.map(\.description) == ["test.yaml:11:11: warning: spec.strategy.canary.steps[1]: experiment steps are not simulated; the step is skipped"])
  }
}

/// The kubelet's events name the manifest's (first) container, as `kubectl get
/// events` does; without a name they fall back to `app`.
@Test func eventsNameTheContainer() throws {
  let yaml = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: shop}
    spec:
      replicas: 2
      selector: {matchLabels: {app: shop}}
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers:
            - name: checkout
              image: shop:1.1
            - name: sidecar
              image: proxy:1
    """
  let loaded = try Manifests.load(yaml)
  #expect(loaded.input.workload.template.containerName == "checkout")
  var sim = try Simulation(loaded.input)
  var started: [String] = []
  while !sim.isFinished, sim.stepToNextEvent() {
    started += sim.instantEvents.filter { $0.reason == "Started" }.map(\.message)
  }
  #expect(!started.isEmpty && started.allSatisfy { $0 == "Started container checkout" }, "\(started)")
}
