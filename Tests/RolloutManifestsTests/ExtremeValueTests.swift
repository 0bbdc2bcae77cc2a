import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// Every numeric field of every kind, set to every awkward value: the loader and
/// `validate` answer with a value or one error, never trap; whatever loads also builds
/// a `Simulation` and runs two simulated minutes. (A `maxSurge: "9000000000000000000%"`
/// once crashed `validate` with an overflow trap; this sweeps the whole surface.)
@Suite struct ExtremeValueTests {
  static let values = [
    "0", "1", "-1", "0.5", "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "1e300", "-1e300", ".inf",
    ".nan", "\"50%\"", "\"9000000000000000000%\"", "\"\"", "[]", "{}", "null", "1h", "abc",
  ]

  /// Manifests with a `@` where each field's value goes, and the fields.
  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: shop}
    spec:
      replicas: 4
      minReadySeconds: 1
      progressDeadlineSeconds: 60
      revisionHistoryLimit: 2
      strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}
      template:
        metadata: {labels: {app: shop}}
        spec:
          terminationGracePeriodSeconds: 5
          containers:
            - image: shop:1.1
              resources: {requests: {cpu: 100m, memory: 64Mi}}
              readinessProbe: {initialDelaySeconds: 1, periodSeconds: 2, successThreshold: 1, failureThreshold: 2}
    ---
    apiVersion: rollsim/v1
    kind: Simulation
    spec:
      seed: 3
      from: shop:1.0
      cluster: {nodes: 2, cpu: "4", memory: 8Gi}
      traffic: {requestsPerSecond: 100, podCapacity: 50}
      images:
        shop:1.1: {startupSeconds: 2, errorRate: 0.1, crashLoop: false, crashAfterSeconds: 1, shutdownSeconds: 1, latencyMs: 50}
      actions: [{at: 30s, do: kill-pod}]
    """

  static let canary = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: shop}
    spec:
      replicas: 4
      strategy:
        canary:
          canaryService: shop
          stableService: shop
          maxSurge: 1
          maxUnavailable: 1
          abortScaleDownDelaySeconds: 5
          scaleDownDelaySeconds: 5
          minPodsPerReplicaSet: 1
          trafficRouting: {maxTrafficWeight: 100, istio: {virtualService: {name: vs}}}
          steps:
            - setWeight: 25
            - pause: {duration: 10}
            - setCanaryScale: {replicas: 2}
            - setCanaryScale: {weight: 50}
            - analysis: {templates: [{templateName: t}]}
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers: [{image: shop:1.1}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: shop}
    spec: {selector: {app: shop}}
    ---
    apiVersion: networking.istio.io/v1beta1
    kind: VirtualService
    metadata: {name: vs}
    spec:
      http:
        - route:
            - {destination: {host: shop}, weight: 100}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: t}
    spec:
      metrics:
        - name: m
          interval: 5s
          count: 2
          initialDelay: 1s
          failureLimit: 1
          inconclusiveLimit: 1
          consecutiveErrorLimit: 1
          successCondition: result < 0.5
          provider: {rollsim: {metric: error-rate}}
    """

  static let blueGreen = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: shop}
    spec:
      replicas: 4
      strategy:
        blueGreen:
          activeService: shop
          previewReplicaCount: 2
          autoPromotionSeconds: 10
          scaleDownDelaySeconds: 5
          scaleDownDelayRevisionLimit: 1
          abortScaleDownDelaySeconds: 5
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers: [{image: shop:1.1}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: shop}
    spec: {selector: {app: shop}}
    """

  /// Every `key: value` with a numeric-looking value, as (text with that value
  /// replaced by `@`) — one variant per occurrence.
  static func variants(_ text: String) -> [String] {
    var out: [String] = []
    let pattern = try! NSRegularExpression(pattern: "(?<=[A-Za-z]: )(-?[0-9][0-9.]*[A-Za-z%]*|\"[0-9]+\")")
    let ns = text as NSString
    for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
      out.append(ns.replacingCharacters(in: m.range, with: "@"))
    }
    return out
  }

  @Test(arguments: ["deployment", "canary", "blueGreen"])
  func everyFieldEveryValue(kind: String) throws {
    let base = kind == "deployment" ? Self.deployment : kind == "canary" ? Self.canary : Self.blueGreen
    let templates = Self.variants(base)
    #expect(templates.count >= 6)
    var loaded = 0
    var rejected = 0
    for t in templates {
      for v in Self.values {
        let text = t.replacingOccurrences(of: "@", with: v)
        let src = SourceText(path: "x.yaml", text: text)
        _ = ManifestLoader.validate([src])
        do {
          let l = try ManifestLoader.load(manifest: src)
          loaded += 1
          var sim = try Simulation(l.input)
          _ = sim.snapshot()
          sim.advance(to: 120_000)
          _ = TraceFormat.jsonLine(sim.snapshot(includePods: false), events: sim.instantEvents)
          _ = TraceFormat.summaryLine(sim.summary())
        } catch let e as ManifestError {
          rejected += 1
          #expect(e.diagnostics.count == 1 && e.diagnostics[0].line != nil, "\(e)")
        }
      }
    }
    #expect(loaded > 0 && rejected > 0)
  }
}
