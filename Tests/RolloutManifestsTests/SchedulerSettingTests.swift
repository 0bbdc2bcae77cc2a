import RolloutEngine
import Testing

@testable import RolloutManifests

/// `spec.cluster.percentageOfNodesToScore` in the Simulation document.
@Suite struct SchedulerSettingTests {
  static func scenario(_ cluster: String) -> String { "apiVersion: rollsim/v1\nkind: Simulation\nspec:\n  cluster: \(cluster)\n" }

  @Test func absentMeansEveryNodeAndZeroIsAdaptive() throws {
    let off = try Manifests.load(Manifests.bareDeployment(), scenario: Self.scenario("{nodes: 3}"))
    #expect(off.input.cluster.percentageOfNodesToScore == nil)
    let adaptive = try Manifests.load(Manifests.bareDeployment(), scenario: Self.scenario("{nodes: 3, percentageOfNodesToScore: 0}"))
    #expect(adaptive.input.cluster.percentageOfNodesToScore == 0)
    #expect(adaptive.warnings.isEmpty)
  }

  @Test func outOfRangeIsAnError() {
    #expect(
      Manifests.error(Manifests.bareDeployment(), scenario: Self.scenario("{percentageOfNodesToScore: 101}"))
        == "scenario.yaml:4:39: error: spec.cluster.percentageOfNodesToScore: Invalid value: 101: must be less than or equal to 100")
  }
}
