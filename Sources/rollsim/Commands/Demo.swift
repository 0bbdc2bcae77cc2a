/// The built-in demo `rollsim` opens with no arguments: a real input (loaded through
/// `ManifestLoader` like any file), so it exercises the same path as `watch FILE`.
///
/// A 10-replica Deployment on 3 nodes rolls `shop:1.0` → `shop:1.1` with the
/// Kubernetes defaults (maxSurge 25 % = 3, maxUnavailable 25 % = 2,
/// `SetDefaults_Deployment`). Start-up times are long enough (12 s, with a 4 s
/// minReadySeconds) for a person to follow the waves at 1× speed: the rollout takes
/// about half a minute. At 1m the demo starts another rollout (`set-image` to
/// `shop:1.2`, whose pods are slower and fail a few requests), so there is always
/// something to watch and to undo.
enum Demo {
  static let path = "<demo>"

  static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      replicas: 10
      minReadySeconds: 4
      selector:
        matchLabels: {app: shop}
      strategy:
        type: RollingUpdate
        rollingUpdate:
          maxSurge: 25%
          maxUnavailable: 25%
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
            - name: shop
              image: shop:1.1
              resources:
                requests: {cpu: 500m, memory: 512Mi}
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: shop
    spec:
      selector: {app: shop}
      ports:
        - port: 80
    ---
    apiVersion: rollsim/v1
    kind: Simulation
    metadata: {name: demo}
    spec:
      seed: 42
      from: shop:1.0
      cluster: {nodes: 3, cpu: "4", memory: 8Gi}
      traffic: {requestsPerSecond: 400, podCapacity: 60}
      images:
        shop:1.0: {startupSeconds: 6}
        shop:1.1: {startupSeconds: 12, errorRate: 0.01}
        shop:1.2: {startupSeconds: 14, errorRate: 0.05}
      actions:
        - {at: 1m, do: set-image=shop:1.2}

    """
}
