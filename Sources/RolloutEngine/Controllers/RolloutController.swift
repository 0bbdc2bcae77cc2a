/// The Argo Rollouts controller (placeholder until blue/green and canary land).
struct RolloutController: WorkloadController {
  var spec: RolloutSpec
  init(spec: RolloutSpec, input: SimulationInput) throws {
    self.spec = spec
    throw SimulationError("Rollout \(spec.name): Argo Rollouts strategies are not simulated yet")
  }
  var desiredReplicas: Int { spec.replicas }
  mutating func reconcile(_ cluster: inout Cluster, traffic: TrafficModel) -> Bool { false }
  mutating func syncStatus(_ cluster: inout Cluster, traffic: TrafficModel) {}
  mutating func perform(_ verb: ActionVerb, _ cluster: inout Cluster) -> ActionOutcome { .rejected("unsupported") }
  func routing(_ cluster: Cluster) -> [RouteGroup] { [] }
  func isComplete(_ cluster: Cluster) -> Bool { true }
  func describe(_ cluster: Cluster, traffic: TrafficModel) -> WorkloadView {
    WorkloadView(kind: "Rollout", strategy: "", strategyDetail: "", phase: "", message: "", paused: false)
  }
  mutating func seedInitialFleet(_ cluster: inout Cluster, template: PodTemplate) throws {}
}
