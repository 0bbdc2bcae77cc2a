import RolloutEngine
@testable import RolloutManifests
import Testing

/// The pod spec as Kubernetes reads it: requests defaulted from limits, pod requests
/// with init and sidecar containers and overhead, start-up through init containers,
/// every container's probes, startup probes, readiness gates, and the required
/// placement rules the scheduler honours.
@Suite struct PodSpecTests {
  /// A Deployment `web` (app: web) with `podSpec` lines under `template.spec`
  /// (indented 6) and a Simulation document's `spec` lines (indented 2).
  static func deployment(replicas: Int = 3, strategy: String = "{maxSurge: 1, maxUnavailable: 0}", podSpec: String, simulation: String = "")
    -> String
  {
    var s = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: \(replicas)
        strategy: {rollingUpdate: \(strategy)}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
      \(podSpec)

      """
    if !simulation.isEmpty { s += "---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n\(simulation)\n" }
    return s
  }

  static func template(_ yaml: String) throws -> (PodTemplate, [String]) {
    let loaded = try Manifests.load(yaml)
    return (loaded.input.workload.template, loaded.warnings.map(\.description))
  }

  static func trace(_ yaml: String) throws -> [String] {
    try StrategyRun.run(Manifests.load(yaml).input).rows.map { TraceFormat.jsonLine($0.snap, events: $0.events) }
  }

  // MARK: - Requests

  /// API defaulting: a resource with a limit and no request requests its limit, so a
  /// limits-only pod and the same pod with requests = limits are the same run.
  @Test func limitsOnlyMeansRequestsEqualLimits() throws {
    let limitsOnly = Self.deployment(podSpec: "        containers:\n        - {name: web, image: web:2, resources: {limits: {cpu: 1500m, memory: 3Gi}}}")
    let both = Self.deployment(
      podSpec: "        containers:\n        - {name: web, image: web:2, resources: {limits: {cpu: 1500m, memory: 3Gi}, requests: {cpu: 1500m, memory: 3Gi}}}")
    let (t, warnings) = try Self.template(limitsOnly)
    #expect(warnings.isEmpty)
    #expect(t.cpuMillis == 1500 && t.memoryBytes == 3 << 30)
    let a = try Self.trace(limitsOnly)
    #expect(a == (try Self.trace(both)))
    #expect(a.count > 2)
    // A request only for cpu keeps the memory limit as the memory request.
    let mixed = Self.deployment(
      podSpec: "        containers:\n        - {name: web, image: web:2, resources: {requests: {cpu: 100m}, limits: {cpu: 200m, memory: 1Gi}}}")
    let (m, _) = try Self.template(mixed)
    #expect(m.cpuMillis == 100 && m.memoryBytes == 1 << 30)
    // A request above its limit is the API server's error.
    let over = Self.deployment(podSpec: "        containers:\n        - {name: web, image: web:2, resources: {requests: {cpu: 2}, limits: {cpu: 1}}}")
    #expect(Manifests.error(over) == "test.yaml:12:65: error: spec.template.spec.containers[0].resources.requests.cpu: Invalid value: \"2\": must be less than or equal to cpu limit of 1")
  }

  /// kube-scheduler's PodRequests: max(containers + sidecars, largest init step) +
  /// overhead, where an init container after a sidecar also counts the sidecar.
  @Test func podRequestsCountInitContainersSidecarsAndOverhead() throws {
    let yaml = Self.deployment(
      podSpec: """
              initContainers:
              - {name: migrate, image: migrate:1, resources: {requests: {cpu: 500m, memory: 100Mi}}}
              - {name: proxy, image: proxy:1, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 64Mi}}}
              - {name: warm, image: warm:1, resources: {limits: {cpu: 480m, memory: 1Gi}}}
              containers:
              - {name: web, image: web:2, resources: {requests: {cpu: 100m, memory: 128Mi}}}
              - {name: log, image: log:1, resources: {requests: {cpu: 200m, memory: 32Mi}}}
              overhead: {cpu: 10m, memory: 16Mi}
      """)
    let (t, warnings) = try Self.template(yaml)
    #expect(warnings.isEmpty, "\(warnings)")
    // cpu: containers 300m + sidecar 50m = 350m; init steps 500m, 50m, 480m + 50m = 530m
    // → 530m, + 10m overhead. memory: 160Mi + 64Mi = 224Mi; steps 100Mi, 64Mi, 1Gi + 64Mi.
    #expect(t.cpuMillis == 540)
    #expect(t.memoryBytes == (1024 + 64 + 16) << 20)
    #expect(
      t.initContainers == [
        InitContainer(name: "migrate", image: "migrate:1"), InitContainer(name: "proxy", image: "proxy:1", sidecar: true),
        InitContainer(name: "warm", image: "warm:1"),
      ])
    // Only `Always` is a valid init container restartPolicy; probes need it.
    let bad = Self.deployment(podSpec: "        initContainers: [{name: a, image: a, restartPolicy: OnFailure}]\n        containers: [{name: web, image: web:2}]")
    #expect(Manifests.error(bad) == "test.yaml:11:61: error: spec.template.spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"")
    let probe = Self.deployment(podSpec: "        initContainers: [{name: a, image: a, readinessProbe: {periodSeconds: 1}}]\n        containers: [{name: web, image: web:2}]")
    #expect(Manifests.error(probe) == "test.yaml:11:62: error: spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always")
  }

  // MARK: - Start-up and readiness

  /// The first new pod's Available time in a 1-replica rollout (maxSurge 1).
  static func firstAvailable(_ yaml: String) throws -> Double? {
    let run = try StrategyRun.run(Manifests.load(yaml).input)
    return run.rows.first { r in r.snap.revisions.contains { $0.isNew && $0.available > 0 } }?.t.inSeconds
  }

  /// Init containers run one after another before the main container: their
  /// start-up adds to the pod's.
  @Test func initContainersRunBeforeTheMainContainer() throws {
    let images = "  images:\n    migrate:1: {startupSeconds: 3}\n    proxy:1: {startupSeconds: 1.5}\n    web:2: {startupSeconds: 2}"
    let plain = Self.deployment(replicas: 1, podSpec: "        containers: [{name: web, image: web:2}]", simulation: images)
    #expect(try Self.firstAvailable(plain) == 2)
    let withInit = Self.deployment(
      replicas: 1,
      podSpec: "        initContainers:\n        - {name: migrate, image: migrate:1}\n        - {name: proxy, image: proxy:1, restartPolicy: Always}\n        containers: [{name: web, image: web:2}]",
      simulation: images)
    #expect(try Self.firstAvailable(withInit) == 6.5)
  }

  /// Readiness is every container's probe: the slowest one decides.
  @Test func everyContainersReadinessProbeCounts() throws {
    let yaml = Self.deployment(
      replicas: 1,
      podSpec: """
              containers:
              - {name: web, image: web:2, readinessProbe: {initialDelaySeconds: 1}}
              - {name: envoy, image: envoy:1, readinessProbe: {initialDelaySeconds: 4, periodSeconds: 2, successThreshold: 2}}
      """)
    let (t, _) = try Self.template(yaml)
    #expect(t.readinessProbe == ReadinessProbe(initialDelaySeconds: 4, periodSeconds: 2, successThreshold: 2))
    // 2 s start-up + 4 s + one more period.
    #expect(try Self.firstAvailable(yaml) == 8)
  }

  /// Readiness probe results count only once the startup probe passed: the first
  /// readiness probe at or after it.
  @Test func startupProbeDelaysReadiness() throws {
    #expect(PodTemplate.readyDelay(readiness: nil, startup: StartupProbe(initialDelaySeconds: 10)) == 10_000)
    #expect(PodTemplate.readyDelay(readiness: ReadinessProbe(periodSeconds: 3), startup: StartupProbe(initialDelaySeconds: 10)) == 12_000)
    #expect(PodTemplate.readyDelay(readiness: ReadinessProbe(initialDelaySeconds: 15), startup: StartupProbe(initialDelaySeconds: 10)) == 15_000)
    let yaml = Self.deployment(
      replicas: 1,
      podSpec: "        containers:\n        - {name: web, image: web:2, startupProbe: {initialDelaySeconds: 10, httpGet: {path: /, port: 80}}, readinessProbe: {periodSeconds: 3}}")
    let (t, warnings) = try Self.template(yaml)
    #expect(warnings.isEmpty)
    #expect(t.startupProbe == StartupProbe(initialDelaySeconds: 10))
    #expect(try Self.firstAvailable(yaml) == 14)
    let bad = Self.deployment(replicas: 1, podSpec: "        containers:\n        - {name: web, image: web:2, startupProbe: {successThreshold: 2}}")
    #expect(Manifests.error(bad) == "test.yaml:12:70: error: spec.template.spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1")
  }

  /// A readiness gate keeps pods unready until the Simulation document sets its
  /// condition; never set, the rollout stalls, with a warning.
  @Test func readinessGates() throws {
    let pod = "        readinessGates: [{conditionType: argoproj.io/e2e-readiness}]\n        containers: [{name: web, image: web:2}]"
    let set = Self.deployment(replicas: 1, podSpec: pod, simulation: "  readinessGates: {argoproj.io/e2e-readiness: 5s}")
    let (t, warnings) = try Self.template(set)
    #expect(warnings.isEmpty)
    #expect(t.readinessGates == [ReadinessGate(conditionType: "argoproj.io/e2e-readiness", afterSeconds: 5)])
    #expect(try Self.firstAvailable(set) == 7)
    let unset = Self.deployment(replicas: 1, podSpec: pod)
    #expect(
      try Self.template(unset).1 == [
        "test.yaml:1:1: warning: readiness gate \"argoproj.io/e2e-readiness\" is never set, so new pods never become Ready (set it in the Simulation document: spec.readinessGates: {argoproj.io/e2e-readiness: 5s})"
      ])
    let run = try StrategyRun.run(Manifests.load(unset).input, until: 120_000)
    #expect(!run.summary.completed)
    #expect(run.last.snap.revisions.first { $0.isNew }?.ready == 0)
    let stray = Self.deployment(replicas: 1, podSpec: "        containers: [{name: web, image: web:2}]", simulation: "  readinessGates: {example.com/lb: 1s}")
    let strayWarnings = try Self.template(stray).1
    #expect(strayWarnings == ["test.yaml:16:19: warning: spec.readinessGates.example.com/lb: the pod template has no such readiness gate"])
  }

  // MARK: - Placement

  static let antiAffinity = """
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                - labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
                  topologyKey: kubernetes.io/hostname
            containers: [{name: web, image: web:2}]
    """

  /// One pod per node: on a full 3-node cluster the surge pod stays Pending, in the
  /// scheduler's words, and the rollout can only proceed by taking a pod down first.
  @Test func requiredPodAntiAffinityOnHostname() throws {
    let surge = Self.deployment(podSpec: Self.antiAffinity)
    let (t, warnings) = try Self.template(surge)
    #expect(warnings.isEmpty, "\(warnings)")
    #expect(t.placement == [.antiAffinity(selector: ["app": "web"])])
    let stuck = try StrategyRun.run(Manifests.load(surge).input, until: 300_000)
    #expect(!stuck.summary.completed)
    #expect(stuck.last.pending == 1)
    let failed = stuck.rows.flatMap(\.events).filter { $0.reason == "FailedScheduling" }.map(\.message)
    #expect(failed.first == "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.")
    // maxUnavailable 1: a pod goes first (terminating pods still count), then its
    // replacement takes the freed node.
    let rolling = try StrategyRun.run(Manifests.load(Self.deployment(strategy: "{maxSurge: 0, maxUnavailable: 1}", podSpec: Self.antiAffinity)).input)
    #expect(rolling.summary.completed)
  }

  /// DoNotSchedule topology spread on hostname keeps nodes within maxSkew even
  /// where firstFit would pack them.
  @Test func topologySpreadDoNotSchedule() throws {
    let pod = """
              topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
              containers: [{name: web, image: web:2, resources: {requests: {cpu: 100m}}}]
      """
    let yaml = Self.deployment(replicas: 6, podSpec: pod, simulation: "  cluster: {nodes: 3, scheduling: firstFit}")
    let (t, _) = try Self.template(yaml)
    #expect(t.placement == [.spread(maxSkew: 1, selector: ["app": "web"])])
    var sim = try Simulation(Manifests.load(yaml).input)
    while !sim.isFinished, sim.nextEventTime() != nil { sim.stepToNextEvent() }
    #expect(sim.snapshot(maxEvents: 0, includePods: true).nodes.map(\.pods) == [2, 2, 2])
    // Without the constraint firstFit packs the first node.
    let packed = Self.deployment(replicas: 6, podSpec: "        containers: [{name: web, image: web:2, resources: {requests: {cpu: 100m}}}]", simulation: "  cluster: {nodes: 3, scheduling: firstFit}")
    var p = try Simulation(Manifests.load(packed).input)
    while !p.isFinished, p.nextEventTime() != nil { p.stepToNextEvent() }
    #expect(p.snapshot(maxEvents: 0, includePods: true).nodes.map(\.pods) == [6, 0, 0])
  }

  /// Rules rollsim does not simulate are warnings naming the field.
  @Test func otherSchedulingRulesWarn() throws {
    let pod = """
              nodeSelector: {disk: ssd}
              affinity:
                nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution: []
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - {labelSelector: {matchLabels: {app: web}}, topologyKey: topology.kubernetes.io/zone}
              topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
              containers:
              - name: web
                image: web:2
                lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
      """
    let (t, warnings) = try Self.template(Self.deployment(podSpec: pod))
    #expect(t.placement.isEmpty)
    #expect(
      warnings == [
        "test.yaml:23:32: warning: spec.template.spec.containers[0].lifecycle.preStop: not simulated (the pod shuts down in its image's shutdownSeconds)",
        "test.yaml:11:23: warning: spec.template.spec.nodeSelector: not simulated (every node is taken to match)",
        "test.yaml:13:25: warning: spec.template.spec.affinity.nodeAffinity: not simulated (every node is taken to match)",
        "test.yaml:15:62: warning: spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated (a scoring preference)",
        "test.yaml:17:71: warning: spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: \"topology.kubernetes.io/zone\" is not simulated (rollsim's nodes have only a hostname); the term is ignored",
        "test.yaml:19:80: warning: spec.template.spec.topologySpreadConstraints[0]: whenUnsatisfiable ScheduleAnyway is not simulated (a scoring preference)",
      ])
  }
}
