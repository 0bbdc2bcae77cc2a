import RolloutEngine
import Testing

/// A rejected action says why as a type, not only in words.
@Suite struct RejectionReasonTests {
  static func deployment() throws -> Simulation {
    let d = DeploymentSpec(
      name: "web", replicas: 3, strategy: .rollingUpdate(maxSurge: .int(1), maxUnavailable: .int(0)),
      template: PodTemplate(labels: ["app": "web"], image: "web:2"))
    return try Simulation(SimulationInput(workload: .deployment(d), fromImage: "web:1"))
  }

  @Test func eachRejectionHasItsReason() throws {
    var sim = try Self.deployment()
    #expect(sim.perform(.promote).rejection == .notThisKind)
    #expect(sim.perform(.nodeDown(9)).rejection == .notFound)
    #expect(sim.perform(.nodeDown(1)).rejection == nil)
    #expect(sim.perform(.nodeDown(1)).rejection == .alreadyDone)
    #expect(sim.perform(.resume).rejection == .alreadyDone)
    #expect(sim.perform(.pause).isApplied)
    #expect(sim.perform(.undo(revision: nil)).rejection == .notInThisState)
    #expect(sim.perform(.undo(revision: 7)).rejection == .notInThisState)
    #expect(sim.perform(.resume).isApplied)
    #expect(sim.perform(.undo(revision: 7)).rejection == .notFound)
    #expect(sim.perform(.setImage("web:2")).rejection == .alreadyDone)
    // The event keeps today's words.
    #expect(sim.perform(.promote).message.hasPrefix("promote: a Deployment has no steps"))
  }
}
