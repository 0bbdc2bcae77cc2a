import Testing
@testable import RolloutEngine

@Suite struct RolloutTraceTests {
  typealias Rows = [(t: SimTime, snap: SimulationSnapshot, events: [SimEvent])]

  func share(_ s: SimulationSnapshot, _ rev: Int) -> Double { s.traffic.shares[rev] ?? 0 }

  static let errorRateTemplate = AnalysisTemplateSpec(
    name: "error-rate",
    metrics: [
      MetricSpec(
        name: "error-rate", source: .errorRate,
        successCondition: MetricCondition(anyOf: [[.init(op: .lt, value: 0.05)]], text: "result < 0.05"), intervalSeconds: 10,
        count: 3)
    ])

  // MARK: - Blue/green

  @Test func blueGreenSwitchesInOneInstant() throws {
    let rows = try RolloutFixture.run(RolloutFixture.input(RolloutFixture.blueGreen()))
    // Preview scaled to 10 at once; all available at 5 s; switch at 5 s.
    let before = rows.last { $0.t < SimTime.seconds(5) }!
    let after = rows.first { $0.t >= SimTime.seconds(5) }!
    #expect(share(before.snap, 1) == 1 && share(before.snap, 2) == 0)
    #expect(after.t == SimTime.seconds(5))
    #expect(share(after.snap, 2) == 1 && share(after.snap, 1) == 0)
    #expect(after.events.contains { $0.reason == "SwitchService" })
    // Old ReplicaSet kept for scaleDownDelaySeconds (30 s), then scaled to 0.
    #expect(rows.first { $0.t == SimTime.seconds(34) }?.snap.revisions.first { $0.revision == 1 }?.replicas ?? 10 == 10)
    let down = rows.first { $0.snap.revisions.first { $0.revision == 1 }?.replicas == 0 }!
    #expect(down.t == SimTime.seconds(35))
    #expect(rows.last!.snap.phase == .healthy)
    #expect(after.snap.revisions.first { $0.revision == 2 }!.roles == [.active, .stable])
  }

  @Test func blueGreenManualWaitsForPromote() throws {
    let r = RolloutFixture.blueGreen(auto: false)
    let rows = try RolloutFixture.run(RolloutFixture.input(r, actions: [ScheduledAction(at: SimTime.seconds(60), verb: .promote)]))
    let paused = rows.first { $0.snap.phase == .paused }!
    #expect(paused.t == SimTime.seconds(5))
    #expect(paused.snap.message == "BlueGreenPause")
    #expect(share(rows.last { $0.t < SimTime.seconds(60) }!.snap, 1) == 1)
    let switched = rows.first { $0.events.contains { $0.reason == "SwitchService" } }!
    #expect(switched.t == SimTime.seconds(60))
    #expect(share(switched.snap, 2) == 1)
  }

  @Test func blueGreenNeedsRoomForThePreview() throws {
    // 20 pods of 1 CPU on room for 30: 10 preview pods stay Pending, the switch waits.
    var r = RolloutFixture.blueGreen(replicas: 20)
    r.template.cpuMillis = 1000
    var input = RolloutFixture.input(r, cluster: .uniform(count: 3, cpuMillis: 10_000, memoryBytes: 8 << 30))
    input.workload = .rollout(r)
    var sim = try Simulation(input)
    let s = sim.snapshot(includePods: false)
    #expect(s.revisions.first { $0.revision == 2 }!.pending == 10)
    #expect(s.events.contains { $0.reason == "FailedScheduling" })
    sim.advance(to: SimTime.seconds(20))
    #expect(sim.snapshot(includePods: false).traffic.shares[1] == 1)
  }

  // MARK: - Canary

  @Test func basicCanaryStepsAndCounts() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: 30), .setWeight(40), .pause(seconds: 30), .setWeight(60), .pause(seconds: 30), .setWeight(80), .pause(seconds: 30)])
    let rows = try RolloutFixture.run(RolloutFixture.input(r))
    func counts(_ t: Int) -> [Int] { rows.last { $0.t <= SimTime.seconds(t) }!.snap.revisions.map(\.replicas) }
    // (canary, stable) per step: the stable drops 2 first, then 2 canaries come (§2.6).
    #expect(counts(0) == [2, 8])
    #expect(counts(5) == [2, 8])
    #expect(counts(35) == [4, 6])
    #expect(counts(70) == [6, 4])
    #expect(counts(105) == [8, 2])
    #expect(counts(140) == [10, 0])
    let paused = rows.first { $0.snap.phase == .paused }!
    #expect(paused.t == SimTime.seconds(5) && paused.snap.message == "CanaryPauseStep" && paused.snap.steps?.index == 1)
    #expect(share(paused.snap, 2) == 0.2)
    #expect(rows.last!.snap.phase == .healthy)
  }

  @Test func trafficRoutedSharesEqualTheRouterWeight() throws {
    let r = RolloutFixture.canary(
      steps: [.setWeight(5), .pause(seconds: 30), .setWeight(33), .pause(seconds: 30)], routing: TrafficRouting(istio: IstioRouting(virtualService: "shop")))
    let rows = try RolloutFixture.run(RolloutFixture.input(r))
    for row in rows where row.snap.revisions.count == 2 && row.snap.traffic.shares.count == 2 {
      let w = row.snap.traffic.actualWeight!
      #expect(share(row.snap, 2) == Double(w) / 100, "t=\(row.t)")
    }
    // 5 % of 10 → ceil = 1 canary pod; the weight moves only once it is available.
    let first = rows.first { $0.events.contains { $0.message == "Traffic weight updated from 0 to 5" } }!
    #expect(first.t == SimTime.seconds(5))
    #expect(first.snap.revisions.first { $0.revision == 2 }!.replicas == 1)
    #expect(first.snap.revisions.first { $0.revision == 1 }!.replicas == 10)
  }

  @Test func failingAnalysisAbortsTheCanary() throws {
    let r = RolloutFixture.canary(
      steps: [.setWeight(20), .analysis(AnalysisRef(templateNames: ["error-rate"])), .setWeight(50), .pause(seconds: 30)])
    let input = RolloutFixture.input(r, newImage: ImageBehavior(startupSeconds: 5, errorRate: 0.10), templates: [Self.errorRateTemplate])
    let rows = try RolloutFixture.run(input)
    let aborted = rows.first { $0.snap.phase == .degraded }!
    // Step 1 (analysis) starts at 5 s; the first measurement at 5 s reads 10 % > 5 %.
    #expect(aborted.t == SimTime.seconds(5))
    #expect(aborted.snap.analysisRuns.first!.phase == .failed)
    #expect(aborted.snap.analysisRuns.first!.metrics.first!.measurements.first!.value == 0.1)
    let last = rows.last!
    #expect(last.snap.revisions.first { $0.revision == 1 }!.replicas == 10)
    #expect(last.snap.revisions.first { $0.revision == 2 }!.replicas == 0)
    #expect(share(last.snap, 1) == 1)
    #expect(last.snap.message == "RolloutAborted: Rollout aborted update to revision 2")
  }

  @Test func promoteFullSkipsSteps() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: nil)])
    let rows = try RolloutFixture.run(RolloutFixture.input(r, actions: [ScheduledAction(at: SimTime.seconds(10), verb: .promoteFull)]))
    #expect(rows.last!.snap.phase == .healthy)
    #expect(rows.last!.snap.revisions.first { $0.revision == 2 }!.available == 10)
  }
}
