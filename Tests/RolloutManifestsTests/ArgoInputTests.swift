import RolloutEngine
@testable import RolloutManifests
import Testing

/// Argo Rollouts input as Argo's own validation accepts it: Istio subset routing and
/// ping-pong, every AnalysisTemplate provider, Prometheus success-rate queries,
/// `{{args.NAME}}` everywhere, ClusterAnalysisTemplates, dropped fields as warnings.
@Suite struct ArgoInputTests {
  /// A canary Rollout `shop` with a strategy block (indented 4) and extra documents.
  static func rollout(_ strategy: String, extra: String = "") -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: shop, labels: {team: payments}}
    spec:
      replicas: 10
      strategy:
        canary:
    \(strategy)
      selector: {matchLabels: {app: shop}}
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers: [{name: shop, image: "shop:1.1"}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: shop}
    spec: {selector: {app: shop}}
    """ + (extra.isEmpty ? "" : "\n---\n" + extra)
  }

  static let subsetVS = """
    apiVersion: networking.istio.io/v1beta1
    kind: VirtualService
    metadata: {name: shop}
    spec:
      http:
      - name: primary
        route:
        - {destination: {host: shop, subset: stable}, weight: 100}
        - {destination: {host: shop, subset: canary}, weight: 0}
    ---
    apiVersion: networking.istio.io/v1beta1
    kind: DestinationRule
    metadata: {name: shop}
    spec:
      host: shop
      subsets: [{name: stable, labels: {app: shop}}, {name: canary, labels: {app: shop}}]
    """

  // MARK: - Traffic routing

  /// Subset-level routing needs no canary/stable Services (requireCanaryStableServices)
  /// and is simulated by its weights; the DestinationRule it names is not "skipped".
  @Test func istioSubsetRouting() throws {
    let yaml = Self.rollout(
      """
            trafficRouting:
              istio:
                virtualService: {name: shop, routes: [primary]}
                destinationRule: {name: shop, canarySubsetName: canary, stableSubsetName: stable}
            steps: [{setWeight: 20}, {pause: {duration: 10s}}]
      """, extra: Self.subsetVS)
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let c = try #require(Manifests.canary(loaded.input))
    #expect(c.trafficRouting?.istio == IstioRouting(virtualService: "shop", routes: ["primary"]))
    let run = try StrategyRun.run(loaded.input)
    #expect(run.summary.completed)
    // During the pause the router sends exactly 20 % to the canary.
    let paused = try #require(run.rows.first { $0.snap.revisions.contains { $0.isNew && $0.available >= 2 } })
    #expect(paused.share(2) == 0.2)
    // Host-level Istio routing without the Services is Argo's error.
    let hostLevel = Self.rollout("      trafficRouting: {istio: {virtualService: {name: shop}}}\n      steps: [{setWeight: 20}]", extra: Self.subsetVS)
    #expect(
      Manifests.error(hostLevel)
        == "test.yaml:8:7: error: spec.strategy.canary.stableService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing")
  }

  @Test func pingPong() throws {
    let services = ["shop-ping", "shop-pong"].map { "apiVersion: v1\nkind: Service\nmetadata: {name: \($0)}\nspec: {selector: {app: shop}}" }
      .joined(separator: "\n---\n")
    let vs = Self.subsetVS.components(separatedBy: "---")[0]
    let yaml = Self.rollout(
      "      pingPong: {pingService: shop-ping, pongService: shop-pong}\n      trafficRouting: {istio: {virtualService: {name: shop}}}\n      steps: [{setWeight: 50}]",
      extra: services + "\n---\n" + vs)
    let loaded = try Manifests.load(yaml)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    #expect(try StrategyRun.run(loaded.input).summary.completed)
    #expect(
      Manifests.error(Self.rollout("      pingPong: {pingService: shop-ping, pongService: shop-ping}\n      steps: [{setWeight: 50}]", extra: services))
        == "test.yaml:8:55: error: spec.strategy.canary.pingPong.pingService: Invalid value: \"shop-ping\": This rollout uses the same service for the ping and pong services, but two different services are required.")
    #expect(
      Manifests.error(Self.rollout("      pingPong: {pingService: shop-ping, pongService: shop-pong}\n      steps: [{setWeight: 50}]", extra: services))
        == "test.yaml:8:17: error: spec.strategy.canary.trafficRouting.alb: Invalid value: null: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only")
  }

  // MARK: - Providers

  static func template(_ name: String, _ metrics: String, args: String = "", kind: String = "AnalysisTemplate") -> String {
    "apiVersion: argoproj.io/v1alpha1\nkind: \(kind)\nmetadata: {name: \(name)}\nspec:\n\(args)  metrics:\n\(metrics)"
  }

  static let stepAnalysis = "      steps: [{setWeight: 20}, {analysis: {templates: [{templateName: random-fail}]}}, {setWeight: 60}]"

  /// A provider rollsim can't measure succeeds, with a warning naming the template,
  /// unless the Simulation document scripts it.
  @Test func externalProvidersSucceedOrAreScripted() throws {
    let web = Self.template("random-fail", "  - name: webhook\n    provider: {web: {url: \"http://checks/{{args.service}}\", jsonPath: \"{$.ok}\"}}\n    successCondition: result == true", args: "  args: [{name: service, value: shop}]\n")
    let yaml = Self.rollout(Self.stepAnalysis, extra: web)
    let loaded = try Manifests.load(yaml)
    #expect(
      loaded.warnings.map(\.description) == [
        "test.yaml:27:15: warning: AnalysisTemplate \"random-fail\": the web provider is not simulated; its metrics succeed (script them in the Simulation document: spec.analysis: {random-fail: {result: fail, after: 30s}})"
      ])
    #expect(try StrategyRun.run(loaded.input).summary.completed)
    let scripted = yaml + "\n---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n  analysis: {random-fail: {result: fail, after: 30s}}\n"
    let s = try Manifests.load(scripted)
    #expect(s.warnings.isEmpty, "\(s.warnings)")
    let m = try #require(s.input.analysisTemplates.first?.metrics.first)
    // One measurement, taken when the scripted result is due.
    #expect(m.source == .scripted(.failed, afterSeconds: 0) && m.initialDelaySeconds == 30)
    let run = try StrategyRun.run(s.input)
    #expect(run.summary.aborted)
    // Per metric, and a stray key warns.
    let perMetric = yaml + "\n---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n  analysis: {random-fail/webhook: {result: inconclusive, after: 10s}, nothing: {result: fail}}\n"
    let p = try Manifests.load(perMetric)
    #expect(p.input.analysisTemplates.first?.metrics.first?.source == .scripted(.inconclusive, afterSeconds: 0))
    #expect(p.input.analysisTemplates.first?.metrics.first?.initialDelaySeconds == 10)
    #expect(p.warnings.map(\.description) == ["test.yaml:33:71: warning: spec.analysis.nothing: no AnalysisTemplate or metric of that name"])
  }

  /// A Job's measurement comes when it finishes: its slowest container's start-up,
  /// or a failure at activeDeadlineSeconds.
  @Test func jobProviderTakesItsContainersStartUp() throws {
    func job(_ deadline: String) -> String {
      Self.template(
        "random-fail",
        "  - name: smoke\n    provider:\n      job:\n        spec:\n\(deadline)          template:\n            spec:\n              restartPolicy: Never\n              containers: [{name: smoke, image: \"smoke:1\"}]")
    }
    let sim = "\n---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n  images:\n    smoke:1: {startupSeconds: 42.5}\n"
    let ok = try Manifests.load(Self.rollout(Self.stepAnalysis, extra: job("")) + sim)
    let m = try #require(ok.input.analysisTemplates.first?.metrics.first)
    #expect(m.initialDelaySeconds == 43 && m.source == .scripted(.successful, afterSeconds: 0))
    let late = try Manifests.load(Self.rollout(Self.stepAnalysis, extra: job("          activeDeadlineSeconds: 20\n")) + sim)
    let l = try #require(late.input.analysisTemplates.first?.metrics.first)
    #expect(l.initialDelaySeconds == 20 && l.source == .scripted(.failed, afterSeconds: 0))
    #expect(late.warnings.map(\.message) == ["AnalysisTemplate \"random-fail\": metric \"smoke\": the Job's containers start in more than its activeDeadlineSeconds (20s), so it fails then"])
  }

  // MARK: - Prometheus

  /// The canonical success-rate queries: a negated error matcher in the numerator
  /// over all requests is a success rate, never an error rate.
  @Test(arguments: [
    #"sum(irate(istio_requests_total{reporter="source",destination_service=~"shop",response_code!~"5.*"}[5m])) / sum(irate(istio_requests_total{reporter="source",destination_service=~"shop"}[5m]))"#,
    #"sum(rate(http_requests_total{service="shop",status!~"5.."}[1m])) / sum(rate(http_requests_total{service="shop"}[1m]))"#,
    #"sum(rate(nginx_ingress_controller_requests{ingress="shop",status!~"[4-5].*"}[2m])) / sum(rate(nginx_ingress_controller_requests{ingress="shop"}[2m]))"#,
    #"sum(rate(envoy_cluster_upstream_rq{envoy_response_code_class!~"5.*"}[1m])) / sum(rate(envoy_cluster_upstream_rq[1m]))"#,
    #"sum(rate(http_requests_total{code=~"2.."}[1m])) / sum(rate(http_requests_total[1m]))"#,
    #"1 - sum(rate(http_requests_total{status=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))"#,
  ])
  func successRateQueries(query: String) {
    #expect(PrometheusQuery.classify(query) == .successRate)
  }

  @Test(arguments: [
    #"sum(rate(http_requests_total{status=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))"#,
    #"sum(rate(istio_requests_total{response_code=~"5.*"}[5m])) / sum(rate(istio_requests_total[5m]))"#,
    #"sum(rate(http_requests_total{code!~"2.."}[1m])) / sum(rate(http_requests_total[1m]))"#,
  ])
  func errorRateQueries(query: String) {
    #expect(PrometheusQuery.classify(query) == .errorRate)
  }

  /// A success-rate analysis on a healthy canary (no failed request) passes: the
  /// rollout completes.
  @Test func successRateWithNoFailuresNeverAborts() throws {
    let t = Self.template(
      "random-fail",
      "  - name: success-rate\n    interval: 10s\n    count: 3\n    successCondition: result[0] >= 0.95\n    provider:\n      prometheus:\n        query: 'sum(rate(http_requests_total{status!~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))'")
    let loaded = try Manifests.load(Self.rollout(Self.stepAnalysis, extra: t))
    #expect(loaded.input.analysisTemplates.first?.metrics.first?.source == .successRate)
    let run = try StrategyRun.run(loaded.input)
    #expect(run.summary.completed)
    #expect(!run.summary.aborted)
  }

  // MARK: - Arguments

  /// `{{args.NAME}}` in every field, from the Rollout's args (value, fieldRef,
  /// podTemplateHashValue) over the template's defaults.
  @Test func argumentsAreSubstitutedEverywhere() throws {
    let t = Self.template(
      "random-fail",
      """
        - name: "{{args.service}}-errors"
          interval: "{{args.interval}}"
          count: "{{args.count}}"
          failureLimit: "{{ args.failures }}"
          inconclusiveLimit: "{{args.failures}}"
          consecutiveErrorLimit: "{{args.failures}}"
          successCondition: "result[0] <= {{args.threshold}}"
          provider:
            prometheus:
              query: 'sum(rate(http_requests_total{service="{{args.service}}",rollouts_pod_template_hash="{{args.hash}}",status=~"5.."}[1m])) / sum(rate(http_requests_total{service="{{args.service}}"}[1m]))'
      """,
      args: "  args:\n  - {name: service}\n  - {name: interval, value: 15s}\n  - {name: count, value: \"4\"}\n  - {name: failures, value: \"2\"}\n  - {name: threshold, value: \"0.01\"}\n  - {name: hash}\n")
    let strategy = """
            steps:
            - setWeight: 20
            - analysis:
                templates: [{templateName: random-fail}]
                args:
                - {name: service, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: hash, valueFrom: {podTemplateHashValue: Latest}}
                - {name: count, value: "6"}
                - {name: unused, value: x}
      """
    let loaded = try Manifests.load(Self.rollout(strategy, extra: t))
    let m = try #require(loaded.input.analysisTemplates.first?.metrics.first)
    #expect(m.name == "shop-errors")
    #expect(m.intervalSeconds == 15 && m.count == 6 && m.failureLimit == 2 && m.inconclusiveLimit == 2 && m.consecutiveErrorLimit == 2)
    #expect(m.successCondition?.anyOf == [[.init(op: .le, value: 0.01)]])
    #expect(m.source == .errorRate)
    // A declared argument without a value is Argo's error; so is an undeclared tag.
    let missing = Self.rollout(Self.stepAnalysis, extra: t)
    #expect(
      Manifests.error(missing)
        == "test.yaml:8:71: error: AnalysisTemplate \"random-fail\": args.service was not resolved (give it a value in the template's spec.args or in the Rollout's args)")
    let undeclared = Self.rollout(
      Self.stepAnalysis, extra: Self.template("random-fail", "  - name: m\n    count: \"{{args.count}}\"\n    provider: {rollsim: {metric: error-rate}}"))
    #expect(Manifests.error(undeclared) == "test.yaml:26:12: error: spec.metrics[0].count: failed to resolve {{args.count}}")
  }

  @Test func clusterAnalysisTemplate() throws {
    let strategy = "      steps: [{analysis: {templates: [{templateName: cluster-checks, clusterScope: true}]}}]"
    let t = Self.template("cluster-checks", "  - name: errors\n    provider: {rollsim: {metric: error-rate}}\n    successCondition: result < 0.05", kind: "ClusterAnalysisTemplate")
    let loaded = try Manifests.load(Self.rollout(strategy, extra: t))
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.input.analysisTemplates.map(\.name) == ["cluster-checks"])
    #expect(try StrategyRun.run(loaded.input).summary.completed)
  }

  /// The pre-1.0 `analysis: {templateName: …}` is dropped by the API server: a
  /// warning, and no background analysis.
  @Test func droppedFieldsAreWarnings() throws {
    let t = Self.template("random-fail", "  - name: errors\n    provider: {rollsim: {metric: error-rate}}")
    let loaded = try Manifests.load(Self.rollout("      analysis: {templateName: random-fail}\n      steps: [{setWeight: 50}]", extra: t))
    #expect(
      loaded.warnings.map(\.description) == [
        "test.yaml:8:32: warning: spec.strategy.canary.analysis.templateName: dropped in Argo Rollouts 1.0 (use templates: [{templateName: …}]); no background analysis runs"
      ])
    #expect(Manifests.canary(loaded.input)?.analysis == nil)
  }
}
