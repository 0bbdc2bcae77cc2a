import Testing
@testable import RolloutEngine

/// Traffic-routed canary control flow (rollout/trafficrouting.go,
/// rollout/replicaset.go, rollout/canary.go).
@Suite struct TrafficRoutedControlFlowTests {
  typealias F = ControlFlowFixture

  func routed(
    replicas: Int = 4, steps: [CanaryStep], dynamic: Bool = false, abortDelay: Int? = nil, revisionLimit: Int? = nil
  ) -> RolloutSpec {
    var r = RolloutFixture.canary(replicas: replicas, steps: steps, routing: F.istio)
    if case .canary(var s) = r.strategy {
      s.dynamicStableScale = dynamic
      s.abortScaleDownDelaySeconds = abortDelay
      s.scaleDownDelayRevisionLimit = revisionLimit
      r.strategy = .canary(s)
    }
    return r
  }

  /// No instant routes traffic to a ReplicaSet with 0 ready pods.
  func expectNoTrafficWithoutEndpoints(_ run: Recorded, sourceLocation: SourceLocation = #_sourceLocation) {
    for row in run.rows {
      for (rev, share) in row.snap.traffic.shares where share > 0 {
        let ready = row.snap.revisions.first { $0.revision == rev }?.ready ?? 0
        #expect(ready > 0, "t=\(row.t): \(share) of traffic to revision \(rev) with no ready pod", sourceLocation: sourceLocation)
      }
    }
  }

  /// Item 2: a new template mid-canary: the newest canary has no available pod, so the
  /// router weight goes to 0 before the canary hash moves (`reconcileTrafficRouting`);
  /// the superseded canary is then unreferenced (`isReplicaSetReferenced`) and, as an
  /// intermediate ReplicaSet, scaled down; the new canary gets the step's weight once
  /// it is available.
  @Test func reconcileTrafficRouting_weightZeroBeforeTheCanaryHashMoves() throws {
    var input = RolloutFixture.input(
      routed(steps: [.setWeight(25), .pause(seconds: nil)]), actions: [F.at(10, .setImage("shop:1.2"))])
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input, until: SimTime.seconds(60))
    #expect(run.share(2, at: 9) == 0.25)
    #expect(run.times("Traffic weight updated from 25 to 0") == [10])
    #expect(run.share(1, at: 10) == 1)
    #expect(run.replicas(2, at: 10) == 0)
    #expect(run.times("Traffic weight updated from 0 to 25") == [5, 15])
    #expect(run.share(3, at: 15) == 0.25)
    expectNoTrafficWithoutEndpoints(run)
  }

  /// Item 2 with dynamicStableScale: the stable was scaled down to 2 of 4 for the
  /// 50 % step, so the weight cannot be reset to 0 (`checkReplicasAvailable`: the
  /// stable could not take all traffic). The superseded canary keeps its weight and
  /// its pods (still referenced) until the new canary is available at its count;
  /// then `UpdateHash` + `SetWeight` move the 50 % to it, and the superseded one goes.
  /// No instant routes to a canary without pods, and the step only completes once the
  /// router points at the new canary.
  @Test func reconcileTrafficRouting_dynamicWeightMovesToTheNewCanaryWhenReady() throws {
    var input = RolloutFixture.input(
      routed(steps: [.setWeight(50), .pause(seconds: nil)], dynamic: true), actions: [F.at(10, .setImage("shop:1.2"))])
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input, until: SimTime.seconds(60))
    #expect(run.replicas(1, at: 9) == 2)
    #expect(run.share(2, at: 10) == 0.5)
    #expect(run.share(2, at: 14) == 0.5)
    #expect(run.replicas(2, at: 14) == 2)
    #expect(run.times("Traffic weight 50 moved to canary ReplicaSet") == [15])
    #expect(run.share(3, at: 15) == 0.5)
    #expect(run.replicas(2, at: 15) == 0)
    #expect(run.times("Rollout step 1/2 completed") == [5, 15])
    expectNoTrafficWithoutEndpoints(run)
  }

  /// Item 15: undo back to the stable on a traffic-routed canary: all traffic to the
  /// stable at once, and the old canary goes through `scaleDownDelayHelper`
  /// (`scaleDownOldReplicaSetsForCanary`, fully promoted): kept scaleDownDelaySeconds.
  @Test func scaleDownOldReplicaSetsForCanary_undoKeepsTheOldCanaryForItsDelay() throws {
    let run = try Recorded(RolloutFixture.input(routed(steps: [.setWeight(25), .pause(seconds: nil)]), actions: [F.at(10, .undo(revision: nil))]))
    #expect(run.share(3, at: 10) == 1)  // revision 1 comes back as revision 3
    #expect(run.replicas(2, at: 10) == 1)
    #expect(run.replicas(2, at: 39) == 1)
    #expect(run.replicas(2, at: 40) == 0)
    #expect(run.summary.outcome == .rolledBack)
    expectNoTrafficWithoutEndpoints(run)
  }

  /// Item 16: `scaleDownDelayRevisionLimit` (`scaleDownDelayHelper`): with 0, the
  /// previous stable is not kept for scaleDownDelaySeconds after the promotion.
  @Test func scaleDownDelayHelper_revisionLimitZeroScalesThePreviousStableNow() throws {
    let kept = try Recorded(RolloutFixture.input(routed(steps: [.setWeight(50)])))
    let limited = try Recorded(RolloutFixture.input(routed(steps: [.setWeight(50)], revisionLimit: 0)))
    #expect(kept.times("Rollout completed update to revision 2") == [10])
    #expect(kept.replicas(1, at: 39) == 4 && kept.replicas(1, at: 40) == 0)
    #expect(limited.times("Rollout completed update to revision 2") == [10])
    #expect(limited.replicas(1, at: 10) == 0)
    expectNoTrafficWithoutEndpoints(limited)
  }

  /// Item 17: after an abort the canary's abortScaleDownDelaySeconds deadline is set
  /// only once the stable is fully available (`reconcileNewReplicaSet`, argo issue
  /// #4898). With dynamicStableScale the stable was at 2 of 4; it is whole again at
  /// 25 s, so the canary (delay 10 s) goes at 35 s, not 30 s.
  @Test func reconcileNewReplicaSet_abortDelayStartsOnceTheStableIsWhole() throws {
    let r = routed(steps: [.setWeight(50), .pause(seconds: nil)], dynamic: true, abortDelay: 10)
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(20, .abort)]))
    #expect(run.replicas(1, at: 19) == 2)
    #expect(run.replicas(1, at: 20) == 4)
    #expect(run.available(1, at: 25) == 4)
    #expect(run.replicas(2, at: 34) == 2)
    #expect(run.replicas(2, at: 35) == 0)
    #expect(run.share(1, at: 25) == 1)
    expectNoTrafficWithoutEndpoints(run)
  }

  /// Item 18: abort with dynamicStableScale moves traffic back in step with the
  /// stable's available pods (`calculateDesiredWeightOnAbortOrStableRollback`, argo
  /// issue #3020): the weight stays 50 until the stable has the pods for it.
  @Test func calculateDesiredWeightOnAbortOrStableRollback_weightFollowsStableAvailability() throws {
    let r = routed(steps: [.setWeight(50), .pause(seconds: nil)], dynamic: true)
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(20, .abort)]))
    #expect(run.at(20).traffic.actualWeight == 50)
    #expect(run.share(2, at: 24) == 0.5)
    #expect(run.at(25).traffic.actualWeight == 0)
    #expect(run.share(1, at: 25) == 1)
    #expect(run.last.phase == .degraded)
    #expect(run.replicas(2, at: 3600) == 0)
    expectNoTrafficWithoutEndpoints(run)
  }

  /// Item 15: promote-full with dynamicStableScale: the weight follows
  /// maxW·canaryAvailable/N as canary pods become available (`reconcileTrafficRouting`,
  /// PromoteFull branch).
  @Test func reconcileTrafficRouting_promoteFullDynamicWeightFollowsCanaryAvailability() throws {
    var input = RolloutFixture.input(routed(steps: [.setWeight(25), .pause(seconds: nil)], dynamic: true), actions: [F.at(10, .promoteFull)])
    input.images["shop:1.1"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input)
    #expect(run.share(2, at: 9) == 0.25)
    #expect(run.replicas(2, at: 10) == 4)
    #expect(run.at(14).traffic.actualWeight == 25)
    #expect(run.share(2, at: 15) == 1 || run.rev(run.at(15), 2)?.roles.contains(.stable) == true)
    #expect(run.last.phase == .healthy)
    expectNoTrafficWithoutEndpoints(run)
  }
}
