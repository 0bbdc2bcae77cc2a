import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// Real manifests, as they are: kubectl's output, `kind: List`, server-set fields,
/// kinds rollsim does not model, several files and several workloads in one input.
@Suite struct RealManifestTests {
  static func example(_ path: String) throws -> SourceText {
    let url = StrategyRun.strategiesDirectory.appendingPathComponent("examples/\(path)")
    return SourceText(path: "Strategies/examples/\(path)", text: try String(contentsOf: url, encoding: .utf8))
  }

  static func load(_ files: [(String, String)], workloads: [String] = []) throws -> LoadedManifests {
    try ManifestLoader.load(files.map { SourceText(path: $0.0, text: $0.1) }, workloads: workloads)
  }

  static func error(_ files: [(String, String)], workloads: [String] = []) -> String {
    do {
      _ = try load(files, workloads: workloads)
      return "loaded"
    } catch let e as ManifestError {
      return e.diagnostics.first?.description ?? "no diagnostic"
    } catch {
      return "unexpected \(error)"
    }
  }

  // MARK: - kubectl output

  /// `kubectl create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml`
  /// runs as printed: no warnings, API defaults, a completed rollout.
  @Test func kubectlCreateOutputRunsAsIs() throws {
    let loaded = try ManifestLoader.load(manifest: Self.example("kubectl/web.yaml"))
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let d = try #require(Manifests.deployment(loaded.input))
    #expect(d.name == "web" && d.replicas == 3 && d.template.image == "nginx" && d.template.containerName == "nginx")
    #expect(d.strategy == .rollingUpdate(maxSurge: .percent(25), maxUnavailable: .percent(25)))
    #expect(loaded.input.fromImage == "nginx:previous")
    #expect(try StrategyRun.run(loaded.input).summary.completed)
  }

  /// The same Deployment as `kubectl get -o yaml` prints it, in a `kind: List` with
  /// managedFields, resourceVersion, uid, annotations and a status: the same input,
  /// without a warning.
  @Test func kubectlGetListIsUnwrappedAndServerFieldsIgnored() throws {
    let plain = try ManifestLoader.load(manifest: Self.example("kubectl/web.yaml"))
    let listed = try ManifestLoader.load(manifest: Self.example("kubectl/web-list.yaml"))
    #expect(listed.warnings.isEmpty, "\(listed.warnings)")
    #expect(listed.input == plain.input)
  }

  @Test func aListOfSeveralItemsAndAnEmptyList() throws {
    let list = """
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, kind: Service, metadata: {name: shop}, spec: {selector: {app: shop}}}
      - {apiVersion: apps/v1, kind: Deployment, metadata: {name: shop}, spec: {template: {metadata: {labels: {app: shop}}, spec: {containers: [{name: shop, image: "shop:1.1"}]}}}}
      """
    let loaded = try Self.load([("list.yaml", list)])
    #expect(loaded.input.services.map(\.name) == ["shop"])
    #expect(loaded.input.workload.name == "shop")
    #expect(
      Self.error([("list.yaml", "apiVersion: v1\nkind: List\nitems: []\n")]) == "list.yaml: error: no Deployment or Rollout found")
    // An item without a kind is named by its place in the list.
    #expect(
      Self.error([("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1}\n")])
        == "list.yaml:4:3: error: items[0]: missing \"kind\"")
  }

  // MARK: - Kinds

  /// Every kind an app folder commonly holds beside its workload is skipped with
  /// one warning line naming it.
  @Test func unmodelledKindsAreSkippedWithOneWarningEach() throws {
    let others: [(String, String, String)] = [
      ("networking.k8s.io/v1", "Ingress", "web"), ("v1", "ServiceAccount", "web"), ("v1", "Secret", "web-tls"),
      ("v1", "ConfigMap", "web-config"), ("v1", "Namespace", "shop"), ("v1", "PersistentVolumeClaim", "data"),
      ("autoscaling/v2", "HorizontalPodAutoscaler", "web"), ("networking.istio.io/v1beta1", "Gateway", "web"),
      ("networking.istio.io/v1beta1", "DestinationRule", "web"), ("getambassador.io/v3alpha1", "Mapping", "web"),
      ("split.smi-spec.io/v1alpha2", "TrafficSplit", "web"), ("argoproj.io/v1alpha1", "Experiment", "web"),
      ("apps/v1", "StatefulSet", "db"), ("apps/v1", "DaemonSet", "agent"),
      ("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
      ("kustomize.config.k8s.io/v1beta1", "Kustomization", "app"),
    ]
    let text = others.map { "apiVersion: \($0.0)\nkind: \($0.1)\nmetadata: {name: \($0.2)}\nspec: {anything: [1, 2]}\n" }
      .joined(separator: "---\n")
    let loaded = try Self.load([("others.yaml", text), ("deploy.yaml", Manifests.bareDeployment())])
    #expect(
      loaded.warnings.map(\.description)
        == others.enumerated().map { i, o in "others.yaml:\(i * 5 + 2):7: warning: skipped \(o.1) \"\(o.2)\": not simulated" })
    #expect(loaded.input.workload.name == "shop")
  }

  /// An App Mesh VirtualService (`appmesh.k8s.aws`) is not Istio's: skipped, named
  /// with its apiVersion; an Istio one of the same name is read.
  @Test func kindsAreMatchedByAPIGroup() throws {
    let appMesh = "apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualService\nmetadata: {name: shop}\nspec:\n  provider: {virtualRouter: {virtualRouterRef: {name: shop}}}\n"
    let loaded = try Self.load([("mesh.yaml", appMesh), ("deploy.yaml", Manifests.bareDeployment())])
    #expect(loaded.warnings.map(\.description) == ["mesh.yaml:2:7: warning: skipped VirtualService \"shop\" (appmesh.k8s.aws/v1beta2): not simulated"])
    #expect(loaded.input.virtualServices.isEmpty)
    // A known kind in a removed API group is still the API server's error.
    #expect(
      Self.error([("old.yaml", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n")])
        == "old.yaml:1:13: error: unsupported apiVersion \"extensions/v1beta1\" for kind Deployment (expected apps/v1)")
  }

  @Test func noWorkloadSaysWhatWasFound() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
    #expect(
      Self.error([("a.yaml", text), ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n")])
        == "a.yaml: error: no Deployment or Rollout found; the input has Service \"web\", Ingress \"web\", ConfigMap \"cfg\"")
  }

  // MARK: - Several files

  /// Files are one input: a Rollout in one file finds its Services in another; an
  /// error names the file it comes from; an empty file among others is skipped.
  @Test func severalFilesAreOneInput() throws {
    let services = ["shop-stable", "shop-canary"].map { "apiVersion: v1\nkind: Service\nmetadata: {name: \($0)}\nspec: {selector: {app: shop}}\n" }
      .joined(separator: "---\n")
    let full = Manifests.rollout(strategy: "    canary:\n      canaryService: shop-canary\n      stableService: shop-stable\n      steps: [{setWeight: 20}]")
    let rollout = String(full[..<full.range(of: "---")!.lowerBound])
    let loaded = try Self.load([("a/rollout.yaml", rollout), ("a/services.yaml", services), ("a/empty.yaml", "# nothing yet\n")])
    #expect(loaded.input.services.map(\.name) == ["shop-stable", "shop-canary"])
    #expect(loaded.warnings.map(\.description) == ["a/empty.yaml: warning: file is empty; skipped"])
    let bad = Manifests.bareDeployment().replacingOccurrences(of: "replicas: 10", with: "replicas: -1")
    #expect(
      Self.error([("a/services.yaml", services), ("a/deploy.yaml", bad)])
        == "a/deploy.yaml:6:13: error: spec.replicas: Invalid value: -1: must be greater than or equal to 0")
  }

  // MARK: - Several workloads

  static let two = Manifests.bareDeployment() + "\n---\n" + Manifests.bareDeployment().replacingOccurrences(of: "name: shop", with: "name: other")

  /// Every workload of the input is simulated, in input order, without a warning;
  /// --workload (NAME or KIND/NAME, repeatable) narrows the run.
  @Test func severalWorkloadsRunTogetherAndWorkloadNarrows() throws {
    let loaded = try Self.load([("app.yaml", Self.two)])
    #expect(loaded.input.workloads.map(\.name) == ["shop", "other"])
    #expect(loaded.warnings.isEmpty)
    #expect(loaded.summary.contains("2 workloads run together on the shared cluster (narrow with --workload NAME)"))
    for selector in ["other", "Deployment/other", "deploy/other", "deployments.apps/other"] {
      let chosen = try Self.load([("app.yaml", Self.two)], workloads: [selector])
      #expect(chosen.input.workloads.map(\.name) == ["other"] && chosen.warnings.isEmpty, "\(selector)")
    }
    #expect(
      Self.error([("app.yaml", Self.two)], workloads: ["rollout/other"])
        == "rollsim: error: --workload \"rollout/other\": no such workload in the input (it has Deployment shop, Deployment other)")
    #expect(try Self.load([("app.yaml", Self.two)], workloads: ["other", "shop"]).input.workloads.map(\.name) == ["shop", "other"])
  }

  // MARK: - The example app folder

  /// Strategies/examples/app/ loaded as `rollsim simulate DIR` does (its manifest
  /// files, sorted): a limits-only pod, a Rollout with its Services, an
  /// AnalysisTemplate with arguments and a Simulation document across files.
  @Test func exampleAppFolder() throws {
    let dir = StrategyRun.strategiesDirectory.appendingPathComponent("examples/app")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files == ["analysis.yaml", "configmap.yaml", "ingress.yaml", "rollout.yaml", "serviceaccount.yaml", "services.yaml", "simulation.yaml"])
    let loaded = try ManifestLoader.load(files.map { try Self.example("app/\($0)") })
    #expect(loaded.warnings.map(\.message).filter { $0.hasPrefix("skipped") } == [
      "skipped ConfigMap \"shop-config\": not simulated", "skipped Ingress \"shop\": not simulated", "skipped ServiceAccount \"shop\": not simulated",
    ])
    let r = try #require(Manifests.rollout(loaded.input))
    #expect(r.template.cpuMillis == 500 && r.template.memoryBytes == 512 << 20)
    #expect(loaded.input.services.map(\.name) == ["shop-stable", "shop-canary"])
    #expect(loaded.input.analysisTemplates.first?.metrics.first?.source == .successRate)
    let run = try StrategyRun.run(loaded.input)
    #expect(run.summary.completed && !run.summary.aborted)
  }

  /// The same workload twice (kubectl's output next to the file it came from): the
  /// later definition is simulated, as `kubectl apply` would leave it.
  @Test func aWorkloadDefinedTwiceKeepsTheLaterOne() throws {
    let first = try Self.example("kubectl/web.yaml")
    let later = SourceText(path: "web-5.yaml", text: first.text.replacingOccurrences(of: "replicas: 3", with: "replicas: 5"))
    let loaded = try ManifestLoader.load([first, later])
    #expect(loaded.input.workload.replicas == 5)
    #expect(
      loaded.warnings.map(\.description) == [
        "web-5.yaml:4:1: warning: Deployment web is defined again (first in Strategies/examples/kubectl/web.yaml); this later one is simulated, as kubectl apply would leave it"
      ])
  }
}
