import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// Bad input gets one clear diagnostic naming the file, line and column, never a
/// crash (issue 2 and issue 3, "Bad input"). Messages follow Kubernetes' field
/// validation wording where Kubernetes has one.
@Suite struct BadInputTests {
  func error(_ yaml: String, scenario: String? = nil) -> String { Manifests.error(yaml, scenario: scenario) }

  func rollingUpdate(_ fields: String) -> String {
    Manifests.bareDeployment(strategy: "  strategy:\n    rollingUpdate:\n" + fields)
  }

  // MARK: - Files that aren't manifests

  @Test func malformedYAML() {
    #expect(
      error("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\nspec: [\n")
        == "test.yaml:4:5: error: malformed YAML: did not find expected ',' or '}' while parsing a flow mapping")
    #expect(error("a: b: c\n") == "test.yaml:1:5: error: malformed YAML: mapping values are not allowed in this context")
    #expect(error("a: &x 1\nb: *y\n") == "test.yaml:2:4: error: malformed YAML: found undefined alias")
    #expect(error("kind: Deployment\n\tapiVersion: apps/v1\n").hasPrefix("test.yaml:2:1: error: malformed YAML: found a tab character that violates indentation"))
  }

  @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "   \n# c\n---\n# d\n"])
  func emptyFile(text: String) {
    #expect(error(text) == "test.yaml: error: file is empty")
  }

  @Test func binaryGarbage() {
    #expect(throws: ManifestError.self) { try SourceText(path: "bin.yaml", bytes: [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]) }
    do {
      _ = try SourceText(path: "bin.yaml", bytes: [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])
    } catch {
      #expect(error.description == "bin.yaml:1:5: error: not a text file: NUL byte")
    }
    do {
      _ = try SourceText(path: "latin1.yaml", bytes: Array("kind: Caf\u{e9}".utf8.dropLast(2)) + [0xe9])
    } catch {
      #expect(error.description == "latin1.yaml:1:10: error: not UTF-8: invalid byte 0xE9")
    }
  }

  @Test func notAMapping() {
    #expect(error("- a\n- b\n") == "test.yaml:1:1: error: document: expected a mapping, found a list")
    #expect(error("just text\n") == "test.yaml:1:1: error: document: expected a mapping, found \"just text\"")
  }

  @Test func unknownKind() {
    // A kind rollsim does not model is skipped (RealManifestTests); alone, there is
    // nothing to simulate.
    #expect(error("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n") == "test.yaml: error: no Deployment or Rollout found; the input has ConfigMap \"x\"")
    #expect(
      error("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n")
        == "test.yaml:1:13: error: unsupported apiVersion \"extensions/v1beta1\" for kind Deployment (expected apps/v1)")
    #expect(error("apiVersion: v1\nmetadata: {name: x}\n") == "test.yaml:1:1: error: missing \"kind\"")
  }

  @Test func noWorkloadOrTwo() {
    #expect(error("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n") == "test.yaml: error: no Deployment or Rollout found; the input has Service \"x\"")
    // Two workloads: the first is simulated, with a warning (RealManifestTests).
  }

  // MARK: - Deployment fields

  @Test func maxSurgeAndMaxUnavailableBothZero() {
    // Kubernetes' own message (ValidateRollingUpdateDeployment).
    #expect(
      error(rollingUpdate("      maxSurge: 0\n      maxUnavailable: 0"))
        == "test.yaml:10:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0")
    #expect(
      error(rollingUpdate("      maxSurge: 0%\n      maxUnavailable: 0%"))
        == "test.yaml:10:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0")
  }

  @Test func maxUnavailableOver100Percent() {
    #expect(
      error(rollingUpdate("      maxUnavailable: \"150%\""))
        == "test.yaml:9:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%")
  }

  @Test func stringWithoutPercent() {
    let regex = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
    #expect(error(rollingUpdate("      maxSurge: \"3\"")) == "test.yaml:9:17: error: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"3\": \(regex)")
    #expect(error(rollingUpdate("      maxSurge: lots%")) == "test.yaml:9:17: error: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots%\": \(regex)")
    // Bounded like Kubernetes' int32, so the engine's arithmetic can't overflow.
    #expect(
      error(rollingUpdate("      maxSurge: \"9000000000000000000%\""))
        == "test.yaml:9:17: error: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"9000000000000000000%\": must be less than or equal to 2147483647%")
    #expect(
      error(rollingUpdate("      maxSurge: 9000000000000000000"))
        == "test.yaml:9:17: error: spec.strategy.rollingUpdate.maxSurge: Invalid value: 9000000000000000000: must be less than or equal to 2147483647")
    #expect(error(rollingUpdate("      maxUnavailable: -1")) == "test.yaml:9:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0")
  }

  @Test func negativeOrAbsurdReplicas() {
    #expect(error(Manifests.bareDeployment(replicas: "-3")) == "test.yaml:6:13: error: spec.replicas: Invalid value: -3: must be greater than or equal to 0")
    #expect(error(Manifests.bareDeployment(replicas: "ten")) == "test.yaml:6:13: error: spec.replicas: Invalid value: \"ten\": must be an integer")
    #expect(error(Manifests.bareDeployment(replicas: "\"10\"")) == "test.yaml:6:13: error: spec.replicas: Invalid value: \"10\": must be an integer")
    #expect(error(Manifests.bareDeployment(replicas: "2.5")) == "test.yaml:6:13: error: spec.replicas: Invalid value: \"2.5\": must be an integer")
    #expect(
      error(Manifests.bareDeployment(replicas: "99999999999999999999"))
        == "test.yaml:6:13: error: spec.replicas: Invalid value: \"99999999999999999999\": must be an integer")
    #expect(
      error(Manifests.bareDeployment(replicas: "2147483648"))
        == "test.yaml:6:13: error: spec.replicas: Invalid value: 2147483648: must be less than or equal to 2147483647")
    #expect(
      error(Manifests.bareDeployment(replicas: "20000000"))
        == "test.yaml:6:13: error: spec.replicas: Invalid value: 20000000: rollsim simulates at most 10000000 replicas")
  }

  @Test func strategyType() {
    #expect(
      error(Manifests.bareDeployment(strategy: "  strategy: {type: BlueGreen}"))
        == "test.yaml:7:20: error: spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\"")
    #expect(
      error(Manifests.bareDeployment(strategy: "  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}"))
        == "test.yaml:7:45: error: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'")
  }

  @Test func selectorMustMatchTheTemplate() {
    let yaml = Manifests.bareDeployment().replacingOccurrences(of: "matchLabels: {app: shop}", with: "matchLabels: {app: web}")
    #expect(
      error(yaml)
        == "test.yaml:11:5: error: spec.template.metadata.labels: Invalid value: map[app=shop]: `selector` does not match template `labels`")
  }

  @Test func badResources() {
    #expect(
      error(Manifests.bareDeployment(container: "          resources: {requests: {cpu: lots}}"))
        == "test.yaml:17:39: error: spec.template.spec.containers[0].resources.requests.cpu: Invalid value: \"lots\": quantities must match the regular expression (e.g. 250m, 0.5, 2)")
    #expect(
      error(Manifests.bareDeployment(container: "          resources: {requests: {memory: 1e300Gi}}"))
        == "test.yaml:17:42: error: spec.template.spec.containers[0].resources.requests.memory: Invalid value: \"1e300Gi\": quantities must match the regular expression (e.g. 256Mi, 1Gi, 500M)")
  }

  @Test func memoryRequestsThatAddUpToTooMuch() {
    let containers = (0..<9).map { "    - {name: c\($0), image: shop:1.1, resources: {requests: {memory: 1Ei}}}" }.joined(separator: "\n")
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\nspec:\n template:\n  spec:\n   containers:\n" + containers
    #expect(
      error(yaml)
        == "test.yaml:9:66: error: spec.template.spec.containers[1].resources.requests.memory: Invalid value: \"1Ei\": the containers' memory requests add up to more than 1Ei")
  }

  @Test func canaryScaleAndPreviewCountsAreBounded() {
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - setCanaryScale: {replicas: 2000000000}"))
        == "test.yaml:10:38: error: spec.strategy.canary.steps[0].setCanaryScale.replicas: Invalid value: 2000000000: must be less than or equal to 10000000")
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - setCanaryScale: {weight: 101}"))
        == "test.yaml:10:36: error: spec.strategy.canary.steps[0].setCanaryScale.weight: Invalid value: 101: must be less than or equal to 100")
    #expect(
      error(Manifests.rollout(strategy: "    blueGreen: {activeService: shop, previewReplicaCount: 2000000000}"))
        == "test.yaml:8:59: error: spec.strategy.blueGreen.previewReplicaCount: Invalid value: 2000000000: must be less than or equal to 10000000")
  }

  @Test func progressDeadlineMustExceedMinReady() {
    #expect(
      error(Manifests.bareDeployment(strategy: "  minReadySeconds: 30\n  progressDeadlineSeconds: 30"))
        == "test.yaml:8:28: error: spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds")
  }

  // MARK: - The Simulation document

  func withSimulation(_ spec: String) -> String {
    Manifests.bareDeployment(container: "          resources: {requests: {cpu: \"1\"}}")
      + "\n---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n" + spec
  }

  /// Simulation spec lines start at line 22 (the manifest is 17 lines + 4).
  @Test func fromImageTheClusterCannotSchedule() {
    #expect(
      error(withSimulation("  from: shop:1.0\n  cluster: {nodes: 2, cpu: 500m}"))
        == "test.yaml:22:9: error: spec.from: pods of shop:1.0 request 1 CPU; no node has more than 500m, so the fleet can't start")
  }

  @Test func actionTimeThatDoesNotParse() {
    #expect(
      error(withSimulation("  actions:\n    - {at: soon, do: undo}"))
        == "test.yaml:23:12: error: spec.actions[0].at: Invalid value: \"soon\": not a time (use e.g. 45s, 2m, 1h30m)")
    #expect(
      error(withSimulation("  actions:\n    - {at: 1e300, do: undo}"))
        == "test.yaml:23:12: error: spec.actions[0].at: Invalid value: \"1e300\": not a time (use e.g. 45s, 2m, 1h30m)")
    #expect(error(withSimulation("  actions:\n    - {do: undo}")) == "test.yaml:23:7: error: spec.actions[0].at: Required value")
    #expect(
      error(withSimulation("  actions:\n    - {at: 10s, do: explode}"))
        == "test.yaml:23:21: error: spec.actions[0].do: unknown action \"explode\" (valid: \(ActionVerb.spellings))")
    #expect(
      error(withSimulation("  actions:\n    - {at: 10s, do: scale=99999999999}"))
        == "test.yaml:23:21: error: spec.actions[0].do: Invalid value: \"scale=99999999999\": rollsim simulates at most 10000000 replicas")
  }

  @Test func absurdNumbersInTheWorld() {
    #expect(
      error(withSimulation("  images:\n    shop:1.1: {startupSeconds: 1e300}"))
        == "test.yaml:23:32: error: spec.images.shop:1.1.startupSeconds: Invalid value: 1e300: must be less than or equal to 1000000000")
    #expect(
      error(withSimulation("  images:\n    shop:1.1: {errorRate: 1.5}"))
        == "test.yaml:23:27: error: spec.images.shop:1.1.errorRate: Invalid value: 1.5: must be less than or equal to 1")
    #expect(
      error(withSimulation("  images:\n    shop:1.1: {startupSeconds: .nan}"))
        == "test.yaml:23:32: error: spec.images.shop:1.1.startupSeconds: Invalid value: \".nan\": must be a number")
    #expect(
      error(withSimulation("  cluster: {nodes: 100000000}"))
        == "test.yaml:22:20: error: spec.cluster.nodes: Invalid value: 100000000: must be less than or equal to 100000")
    #expect(
      error(withSimulation("  cluster: {nodes: 0}")) == "test.yaml:22:20: error: spec.cluster.nodes: Invalid value: 0: must be greater than or equal to 1")
    #expect(
      error(withSimulation("  cluster: {cpu: 1e300}"))
        == "test.yaml:22:18: error: spec.cluster.cpu: Invalid value: \"1e300\": a CPU quantity like 4 or 3500m")
    #expect(
      error(withSimulation("  traffic: {requestsPerSecond: -5}"))
        == "test.yaml:22:32: error: spec.traffic.requestsPerSecond: Invalid value: -5: must be greater than or equal to 0")
    #expect(
      error(withSimulation("  seed: -1")) == "test.yaml:22:9: error: spec.seed: Invalid value: -1: must be greater than or equal to 0")
  }

  @Test func badScenarioFileIsNamed() {
    #expect(
      error(Manifests.bareDeployment(), scenario: "apiVersion: rollsim/v1\nkind: Simulation\nspec:\n  cluster: {scheduling: random}\n")
        == "scenario.yaml:4:25: error: spec.cluster.scheduling: Unsupported value: \"random\": supported values: \"leastAllocated\", \"firstFit\"")
  }

  @Test func twoSimulationDocuments() {
    let sim = "apiVersion: rollsim/v1\nkind: Simulation\nspec: {seed: 2}\n"
    #expect(
      error(Manifests.bareDeployment() + "\n---\n" + sim + "---\n" + sim)
        == "test.yaml:23:1: error: more than one rollsim/v1 Simulation document")
    #expect(error(Manifests.bareDeployment(), scenario: sim + "---\n" + sim) == "scenario.yaml:5:1: error: more than one rollsim/v1 Simulation document")
  }

  @Test func anExplicitScenarioReplacesTheManifestsOwnWithAWarning() throws {
    let own = "apiVersion: rollsim/v1\nkind: Simulation\nspec: {seed: 2}\n"
    let explicit = "apiVersion: rollsim/v1\nkind: Simulation\nspec: {seed: 7}\n"
    let manifest = Manifests.bareDeployment() + "---\n" + own
    let loaded = try ManifestLoader.load(
      manifest: SourceText(path: "test.yaml", text: manifest), scenario: SourceText(path: "scenario.yaml", text: explicit))
    #expect(loaded.input.seed == 7)
    let line = manifest.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "apiVersion: rollsim/v1" }! + 1
    #expect(loaded.warnings.map(\.description) == ["test.yaml:\(line):1: warning: this Simulation document is overridden by --scenario scenario.yaml"])
  }

  @Test func deepNestingIsAnErrorNotAStackOverflow() {
    let deep = "a: " + String(repeating: "[", count: 100_000)
    #expect(error(deep) == "test.yaml:1:204: error: malformed YAML: nested more than 200 levels deep")
    let deepMaps = "a: " + String(repeating: "{b: ", count: 50_000)
    #expect(error(deepMaps) == "test.yaml:1:804: error: malformed YAML: nested more than 200 levels deep")
    // Brackets in quotes and comments don't count.
    let quoted = Manifests.bareDeployment(container: "          args: [\"" + String(repeating: "[", count: 500) + "\"]  # " + String(repeating: "{", count: 500))
    #expect(error(quoted) == "loaded")
  }

  // MARK: - Rollouts (issue 3)

  @Test func blueGreenWithoutActiveService() {
    #expect(
      error(Manifests.rollout(strategy: "    blueGreen:\n      previewService: shop-preview"))
        == "test.yaml:9:7: error: spec.strategy.blueGreen.activeService: Required value")
  }

  @Test func serviceThatDoesNotExist() {
    #expect(
      error(Manifests.rollout(strategy: "    blueGreen:\n      activeService: nope"))
        == "test.yaml:9:22: error: spec.strategy.blueGreen.activeService: Service \"nope\" not found in the input files")
    #expect(
      error(Manifests.rollout(strategy: "    blueGreen:\n      activeService: shop\n      previewService: preview"))
        == "test.yaml:10:23: error: spec.strategy.blueGreen.previewService: Service \"preview\" not found in the input files")
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      canaryService: canary\n      steps: [{setWeight: 5}]"))
        == "test.yaml:9:22: error: spec.strategy.canary.canaryService: Service \"canary\" not found in the input files")
  }

  @Test func setWeightOutsideTheRange() {
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - setWeight: 120"))
        == "test.yaml:10:22: error: spec.strategy.canary.steps[0].setWeight: Invalid value: 120: must be between 0 and 100 (maxTrafficWeight)")
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - setWeight: -5"))
        == "test.yaml:10:22: error: spec.strategy.canary.steps[0].setWeight: Invalid value: -5: must be between 0 and 100 (maxTrafficWeight)")
    let routed = """
          canary:
            canaryService: shop-canary
            stableService: shop-stable
            trafficRouting: {maxTrafficWeight: 10}
            steps:
              - setWeight: 11
      """
    #expect(
      error(Manifests.rollout(strategy: routed))
        == "test.yaml:13:22: error: spec.strategy.canary.steps[0].setWeight: Invalid value: 11: must be between 0 and 10 (maxTrafficWeight)")
  }

  @Test func pauseDurationThatDoesNotParse() {
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - pause: {duration: 5 minutes}"))
        == "test.yaml:10:29: error: spec.strategy.canary.steps[0].pause.duration: Invalid value: \"5 minutes\": not a duration (use e.g. 30s, 5m, 1h)")
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - pause: 30s"))
        == "test.yaml:10:18: error: spec.strategy.canary.steps[0].pause: expected {} or {duration: 30s}")
  }

  @Test func analysisTemplateThatDoesNotExist() {
    #expect(
      error(Manifests.rollout(strategy: "    canary:\n      steps:\n        - analysis: {templates: [{templateName: nope}]}"))
        == "test.yaml:10:49: error: spec.strategy.canary.steps[0].analysis.templates[0].templateName: AnalysisTemplate \"nope\" not found in the input files")
    #expect(
      error(Manifests.rollout(strategy: "    blueGreen:\n      activeService: shop\n      prePromotionAnalysis: {templates: [{templateName: smoke}]}"))
        == "test.yaml:10:57: error: spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName: AnalysisTemplate \"smoke\" not found in the input files")
  }

  @Test func virtualServiceWeightsNotSummingTo100() {
    let vs = """
      ---
      apiVersion: networking.istio.io/v1beta1
      kind: VirtualService
      metadata: {name: vs}
      spec:
        http:
          - name: primary
            route:
              - destination: {host: shop-stable}
                weight: 90
              - destination: {host: shop-canary}
                weight: 20
      """
    let strategy = """
          canary:
            canaryService: shop-canary
            stableService: shop-stable
            trafficRouting: {istio: {virtualService: {name: vs}}}
            steps: [{setWeight: 20}]
      """
    // The VirtualService starts at line 49 (18 Rollout lines + 5 Services × 6).
    #expect(error(Manifests.rollout(strategy: strategy, extra: vs)) == "test.yaml:57:9: error: spec.http[0].route: destination weights sum to 110, must be 100")
    let missing = strategy.replacingOccurrences(of: "name: vs", with: "name: other")
    #expect(
      error(Manifests.rollout(strategy: missing, extra: vs.replacingOccurrences(of: "weight: 20", with: "weight: 10")))
        == "test.yaml:11:55: error: spec.strategy.canary.trafficRouting.istio.virtualService.name: VirtualService \"other\" not found in the input files")
    let route = strategy.replacingOccurrences(of: "{name: vs}", with: "{name: vs, routes: [secondary]}")
    #expect(
      error(Manifests.rollout(strategy: route, extra: vs.replacingOccurrences(of: "weight: 20", with: "weight: 10")))
        == "test.yaml:11:68: error: spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]: HTTP route \"secondary\" not found in VirtualService \"vs\"")
  }

  @Test func rolloutWithoutStrategyOrWithBoth() {
    #expect(
      error(Manifests.rollout(strategy: "    {}")) == "test.yaml:8:5: error: spec.strategy: Required value: one of canary or blueGreen")
    #expect(
      error(Manifests.rollout(strategy: "    canary: {}\n    blueGreen: {activeService: shop}"))
        == "test.yaml:8:5: error: spec.strategy: Invalid value: only one of canary or blueGreen may be set")
  }

  @Test func badAnalysisTemplates() {
    func template(_ metric: String) -> String {
      Manifests.rollout(
        strategy: "    canary:\n      steps: [{setWeight: 5}]",
        extra: "---\napiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics:\n    - name: m\n" + metric)
    }
    // The metric's fields start at line 53.
    #expect(
      error(template("      successCondition: result is fine\n      provider: {rollsim: {metric: error-rate}}"))
        == "test.yaml:53:25: error: spec.metrics[0].successCondition: can't read \"result is fine\": rollsim understands comparisons of result (or result[0]) with a number, joined by && or ||")
    #expect(
      error(template("      provider: {rollsim: {metric: cpu}}"))
        == "test.yaml:53:36: error: spec.metrics[0].provider.rollsim.metric: Unsupported value: \"cpu\": supported values: error-rate, success-rate, latency-p50, latency-p90, latency-p95, latency-p99, available-ratio")
    #expect(
      error(template("      provider: {datadog: {query: x}}"))
        == "test.yaml:53:17: error: spec.metrics[0].provider: rollsim simulates metrics; use provider: {rollsim: {metric: error-rate}} (or a prometheus query)")
    #expect(
      error(template("      interval: often\n      provider: {rollsim: {metric: error-rate}}"))
        == "test.yaml:53:17: error: spec.metrics[0].interval: Invalid value: \"often\": not a duration (use e.g. 30s, 5m, 1h)")
  }

  // MARK: - Never a crash

  /// Random bytes, truncated and mutated example files: the loader returns a value or
  /// an error, never traps; whatever loads also builds and runs a minute of simulation.
  @Test func fuzzNeverCrashes() throws {
    var rng = SplitMix(seed: 0x5EED)
    var loaded = 0
    var rejected = 0
    func attempt(_ text: String) {
      do {
        let l = try ManifestLoader.load(manifest: SourceText(path: "fuzz.yaml", text: text))
        loaded += 1
        if var sim = try? Simulation(l.input) { sim.advance(to: 60_000) }
      } catch {
        rejected += 1
        #expect(!error.diagnostics.isEmpty)
        #expect(error.diagnostics.allSatisfy { $0.severity == .error && !$0.message.isEmpty && $0.file == "fuzz.yaml" })
      }
    }
    // Random bytes, through the same door as a file.
    for _ in 0..<300 {
      let n = Int(rng.next() % 400)
      let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      if let src = try? SourceText(path: "fuzz.yaml", bytes: bytes) { attempt(src.text) } else { rejected += 1 }
    }
    // Random printable YAML-ish soup.
    let alphabet = Array("abc: -[]{},'\"#&*!|>%@`\n\t 0123456789.eE+-~?")
    for _ in 0..<300 {
      let n = Int(rng.next() % 200)
      attempt(String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
    }
    // Every example, truncated at many points and with random characters replaced.
    for file in try StrategyRun.strategyFiles() {
      let text = try StrategyRun.source(file).text
      let chars = Array(text)
      for cut in stride(from: 0, to: chars.count, by: max(1, chars.count / 40)) { attempt(String(chars[..<cut])) }
      for _ in 0..<20 {
        var c = chars
        for _ in 0..<3 { c[Int(rng.next() % UInt64(c.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        attempt(String(c))
      }
    }
    #expect(loaded > 0 && rejected > 0)
  }
}

/// A tiny deterministic generator for the fuzz test (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
