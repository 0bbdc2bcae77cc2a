import Testing
@testable import RolloutEngine
@testable import RolloutRuns

/// Issue 14: the controllers walk the live ReplicaSets (`Cluster.liveReplicaSets`),
/// not every ReplicaSet ever created. The index is exactly the non-deleted ones in
/// creation order (so every loop sees what it saw before), and `revisionHistoryLimit`
/// clean-up (`cleanupDeployment`, Argo's `reconcileRevisionHistoryLimit`) keeps it
/// at most limit + 2 (the new, the stable/old in flight, the kept history) however
/// many revisions a run creates: the work per controller pass is bounded by the
/// limit, not by the number of actions.
@Suite struct LiveReplicaSetIndexTests {
  /// `n` set-image actions 30 s apart: each rollout completes before the next.
  static func actions(_ n: Int) -> [ScheduledAction] {
    (0..<n).map { ScheduledAction(at: SimTime.seconds(Double((($0 + 1) * 30))), verb: .setImage("shop:v\($0)")) }
  }

  /// Runs `input`, checking the index at every recorded instant; returns the most
  /// live ReplicaSets seen and how many were ever created.
  static func run(_ input: SimulationInput, until: SimTime) throws -> (maxLive: Int, created: Int) {
    var run = try Run(input)
    var maxLive = 0
    var consistent = true
    run.recordChanges(until: until) { sim in
      let c = sim.cluster
      if c.liveReplicaSets != c.replicaSets.indices.filter({ !c.replicaSets[$0].deleted }) { consistent = false }
      maxLive = max(maxLive, c.liveReplicaSets.count)
    }
    #expect(consistent, "liveReplicaSets differs from the non-deleted ReplicaSets")
    return (maxLive, run.simulation.cluster.replicaSets.count)
  }

  @Test func deploymentHistoryBoundsTheLiveIndex() throws {
    let input = Fixture.input(Fixture.deployment(), actions: Self.actions(300))
    let r = try Self.run(input, until: SimTime.seconds(300 * 30 + 600))
    // 1 seeded + the manifest's + 300 set-image revisions were created …
    #expect(r.created == 302)
    // … but at most revisionHistoryLimit (10) old ones + the new one (+ one in flight) live.
    #expect(r.maxLive <= 10 + 2)
    #expect(r.maxLive >= 11)
  }

  @Test func smallerHistoryLimitSmallerIndex() throws {
    var d = Fixture.deployment()
    d.revisionHistoryLimit = 2
    let r = try Self.run(Fixture.input(d, actions: Self.actions(100)), until: SimTime.seconds(100 * 30 + 600))
    #expect(r.created == 102)
    #expect(r.maxLive <= 2 + 2)
  }

  @Test func rolloutHistoryBoundsTheLiveIndex() throws {
    let spec = RolloutFixture.canary(steps: [.setWeight(50), .pause(seconds: 5)])
    let r = try Self.run(RolloutFixture.input(spec, actions: Self.actions(100)), until: SimTime.seconds(100 * 30 + 600))
    #expect(r.created == 102)
    #expect(r.maxLive <= 10 + 2)
  }

  /// Two workloads on one cluster (a Deployment and a canary Rollout, each with its
  /// own set-image actions): each workload's list (`liveReplicaSets(of:)`) is
  /// exactly the ReplicaSets `owned(by:)` it at every instant, the all-owners list
  /// is their union in creation order, and each stays within its own history limit.
  @Test func perWorkloadListsAreTheOwnedReplicaSets() throws {
    var input = Fixture.input(Fixture.deployment(), actions: Self.actions(60).map { ScheduledAction(at: $0.at, verb: $0.verb, workload: "web") })
    let rollout = RolloutFixture.canary(steps: [.setWeight(50), .pause(seconds: 5)])
    input.additionalWorkloads = [AdditionalWorkload(workload: .rollout(rollout), fromImage: "shop:1.0")]
    input.actions += (0..<60).map { ScheduledAction(at: SimTime.seconds(Double($0 * 30 + 45)), verb: .setImage("shop:r\($0)"), workload: "shop") }
    var run = try Run(input)
    var consistent = true
    var maxLive = [0, 0]
    run.recordChanges(until: SimTime.seconds(60 * 30 + 900)) { sim in
      let c = sim.cluster
      for w in 0..<2 {
        if c.liveReplicaSets(of: w) != c.replicaSets.indices.filter({ c.replicaSets[$0].owned(by: w) }) { consistent = false }
        if c.liveAvailable(of: w) != c.liveReplicaSets(of: w).reduce(0, { $0 + c.replicaSets[$1].available }) { consistent = false }
        maxLive[w] = max(maxLive[w], c.liveReplicaSets(of: w).count)
      }
      if c.liveReplicaSets != (c.liveReplicaSets(of: 0) + c.liveReplicaSets(of: 1)).sorted() { consistent = false }
    }
    #expect(consistent, "a workload's live list differs from the ReplicaSets it owns")
    let c = run.simulation.cluster
    #expect(c.replicaSets.filter { $0.owner == 0 }.count == 62)
    #expect(c.replicaSets.filter { $0.owner == 1 }.count == 62)
    #expect(maxLive[0] <= 10 + 2 && maxLive[1] <= 10 + 2)
  }
}
