import Testing
@testable import RolloutEngine

@Suite struct RolloutSmokeTests {
  @Test func basicCanaryDump() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: 30), .setWeight(40), .pause(seconds: 30), .setWeight(60), .pause(seconds: 30), .setWeight(80), .pause(seconds: 30)])
    let rows = try RolloutFixture.run(RolloutFixture.input(r))
    RolloutFixture.dump(rows)
    #expect(rows.last?.snap.phase == "Healthy")
  }
  @Test func istioCanaryDump() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: 30), .setWeight(50), .pause(seconds: 30)], routing: TrafficRouting(istio: IstioRouting(virtualService: "shop")))
    let rows = try RolloutFixture.run(RolloutFixture.input(r))
    RolloutFixture.dump(rows)
    #expect(rows.last?.snap.phase == "Healthy")
  }
  @Test func blueGreenDump() throws {
    let rows = try RolloutFixture.run(RolloutFixture.input(RolloutFixture.blueGreen()))
    RolloutFixture.dump(rows)
    #expect(rows.last?.snap.phase == "Healthy")
  }
}
