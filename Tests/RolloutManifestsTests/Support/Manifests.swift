import RolloutEngine
@testable import RolloutManifests

/// Small manifests for loader tests, and helpers that load them from memory.
enum Manifests {
  static func load(_ yaml: String, path: String = "test.yaml", scenario: String? = nil, seed: UInt64? = nil) throws -> LoadedManifests {
    try ManifestLoader.load(
      manifest: SourceText(path: path, text: yaml), scenario: scenario.map { SourceText(path: "scenario.yaml", text: $0) },
      seedOverride: seed)
  }

  /// The first diagnostic of a failing load, as printed (`FILE:LINE:COL: error: …`),
  /// or "loaded" when it did not fail.
  static func error(_ yaml: String, path: String = "test.yaml", scenario: String? = nil) -> String {
    do {
      _ = try load(yaml, path: path, scenario: scenario)
      return "loaded"
    } catch let e as ManifestError {
      return e.diagnostics.first?.description ?? "no diagnostic"
    } catch {
      return "unexpected \(error)"
    }
  }

  static func deployment(_ input: SimulationInput) -> DeploymentSpec? {
    if case .deployment(let d) = input.workload { return d }
    return nil
  }

  static func rollout(_ input: SimulationInput) -> RolloutSpec? {
    if case .rollout(let r) = input.workload { return r }
    return nil
  }

  static func canary(_ input: SimulationInput) -> CanaryStrategy? {
    if case .canary(let c)? = rollout(input)?.strategy { return c }
    return nil
  }

  static func blueGreen(_ input: SimulationInput) -> BlueGreenStrategy? {
    if case .blueGreen(let b)? = rollout(input)?.strategy { return b }
    return nil
  }

  /// A bare Deployment (line numbers matter to the tests: `replicas` is on line 6,
  /// `strategy` on 7, the container's `image` on 16).
  static func bareDeployment(strategy: String = "", replicas: String = "10", container: String = "") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      replicas: \(replicas)
    \(strategy.isEmpty ? "  minReadySeconds: 0" : strategy)
      selector:
        matchLabels: {app: shop}
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
            - name: shop
              image: shop:1.1
    \(container)
    """
  }

  /// A Rollout with the given strategy block (indented 4 under `strategy:` on line 7)
  /// and the Services `shop`, `shop-active`, `shop-preview`, `shop-canary`, `shop-stable`.
  static func rollout(strategy: String, extra: String = "") -> String {
    var s = """
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata:
        name: shop
      spec:
        replicas: 10
        strategy:
      \(strategy)
        template:
          metadata:
            labels: {app: shop}
          spec:
            containers:
              - image: shop:1.1

      """
    for name in ["shop", "shop-active", "shop-preview", "shop-canary", "shop-stable"] {
      s += """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: \(name)}
        spec:
          selector: {app: shop}

        """
    }
    return s + extra
  }
}
