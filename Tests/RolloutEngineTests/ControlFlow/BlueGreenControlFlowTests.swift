import Testing
@testable import RolloutEngine

/// Blue/green control flow, each test named after the argo-rollouts function it
/// follows (rollout/bluegreen.go, rollout/service.go, rollout/sync.go).
@Suite struct BlueGreenControlFlowTests {
  typealias F = ControlFlowFixture

  func blueGreen(
    replicas: Int = 4, auto: Bool = true, previewReplicaCount: Int? = nil, post: AnalysisRef? = nil
  ) -> RolloutSpec {
    RolloutFixture.blueGreen(replicas: replicas, auto: auto, previewReplicaCount: previewReplicaCount, post: post)
  }

  /// Item 1: with postPromotionAnalysis the old ReplicaSet stays `stableRS`, at full
  /// size, behind the switch until the analysis succeeds (`shouldFullPromote`,
  /// `reconcileBlueGreenStableReplicaSet`); only then does its scale-down delay start.
  @Test func shouldFullPromote_postPromotionAnalysisKeepsTheOldStableWhole() throws {
    let run = try Recorded(RolloutFixture.input(blueGreen(post: F.ref), templates: [F.errorRate]))
    // Switch at 5 s; the old ReplicaSet is still the stable, at 4.
    #expect(run.share(2, at: 5) == 1)
    #expect(run.roles(1, at: 5) == [.stable])
    #expect(run.roles(2, at: 5) == [.active])
    #expect(run.replicas(1, at: 24) == 4)
    #expect(run.at(24).phase == .progressing)
    // Measurements at 5, 15, 25 s: Successful at 25 s, stableRS moves, and the old
    // ReplicaSet gets now + scaleDownDelaySeconds (30 s).
    #expect(run.times("Rollout completed update to revision 2") == [25])
    #expect(run.roles(2, at: 25) == [.active, .stable])
    #expect(run.replicas(1, at: 54) == 4)
    #expect(run.replicas(1, at: 55) == 0)
    #expect(run.last.phase == .healthy)
    #expect(run.summary.outcome == .promoted && run.summary.completed)
  }

  /// Item 1: a failed post-promotion analysis aborts, and `reconcileActiveService`
  /// selects `status.stableRS` (the old ReplicaSet, still whole): an instant rollback.
  /// The new ReplicaSet goes after abortScaleDownDelaySeconds (30 s).
  @Test func reconcileActiveService_abortSelectsStableRS() throws {
    let input = RolloutFixture.input(
      blueGreen(post: F.delayedRef), newImage: ImageBehavior(startupSeconds: 5, errorRate: 0.10), templates: [F.errorRateDelayed])
    let run = try Recorded(input)
    // Switch at 5 s; the first measurement (10 s later) fails.
    #expect(run.share(2, at: 5) == 1)
    #expect(run.share(2, at: 14.9) == 1)
    let abortedAt = try #require(run.first { $0.phase == .degraded })
    #expect(abortedAt == 15)
    #expect(run.times("Rollout aborted update to revision 2") == [abortedAt])
    #expect(run.share(1, at: abortedAt) == 1)
    #expect(run.share(2, at: abortedAt) == 0)
    #expect(run.roles(1, at: abortedAt) == [.active, .stable])
    #expect(run.replicas(1, at: abortedAt) == 4)
    #expect(run.replicas(2, at: abortedAt + 29) == 4)
    #expect(run.replicas(2, at: abortedAt + 30) == 0)
    #expect(run.summary.outcome == .aborted)
    #expect(!run.summary.completed)
    #expect(!run.last.finished)
  }

  /// Item 3: an abort on a fully promoted rollout is removed by the controller
  /// (rollout/controller.go `newRolloutContext`); traffic stays on the new version.
  @Test func newRolloutContext_abortOnFullyPromotedIsRemoved() throws {
    let run = try Recorded(RolloutFixture.input(blueGreen(), actions: [F.at(10, .abort)]))
    let outcome = try #require(run.log.first?.outcome)
    #expect(!outcome.isApplied)
    #expect(outcome.message.contains("fully promoted"))
    #expect(run.share(2, at: 10) == 1)
    #expect(run.at(10).phase == .healthy)
    #expect(run.summary.outcome == .promoted)
  }

  /// Item 4: `previewReplicaCount` with auto-promotion: once the preview is available
  /// at its count, `calculateScaleUpPreviewCheckPoint` sets the checkpoint,
  /// `NewRSNewReplicas` returns spec.replicas, and the switch follows saturation.
  @Test func calculateScaleUpPreviewCheckPoint_previewScalesUpThenSwitches() throws {
    let run = try Recorded(RolloutFixture.input(blueGreen(previewReplicaCount: 2)))
    #expect(run.replicas(2, at: 0) == 2)
    #expect(run.replicas(2, at: 4.9) == 2)
    #expect(run.replicas(2, at: 5) == 4)
    #expect(run.share(1, at: 9.9) == 1)
    #expect(run.times("Switched selector") == [10])
    #expect(run.share(2, at: 10) == 1)
    #expect(run.last.phase == .healthy)
  }

  /// Item 7: `promote` before the BlueGreenPause exists sends no patch
  /// (cmd/promote `getPatches`); the pause that follows still waits for a promote.
  @Test func getPatches_promoteBeforeBlueGreenPauseIsANoOp() throws {
    let run = try Recorded(
      RolloutFixture.input(blueGreen(auto: false), actions: [F.at(2, .promote), F.at(60, .promote)]))
    #expect(run.log.map(\.outcome.isApplied) == [false, true])
    #expect(run.at(5).phase == .paused && run.at(5).message == "BlueGreenPause")
    #expect(run.share(1, at: 59) == 1)
    #expect(run.times("Switched selector") == [60])
  }

  /// Item 8: `promote-full` skips post-promotion analysis (`shouldFullPromote`
  /// checks PromoteFull first) and `shouldCancelCurrentAnalysis` cancels the run.
  @Test func shouldFullPromote_promoteFullSkipsPostPromotionAnalysis() throws {
    let run = try Recorded(
      RolloutFixture.input(blueGreen(post: F.ref), templates: [F.errorRate], actions: [F.at(7, .promoteFull)]))
    #expect(run.roles(1, at: 6) == [.stable])
    #expect(run.times("Rollout completed update to revision 2") == [7])
    #expect(run.at(7).analysisRuns.allSatisfy { $0.phase != .running })
    #expect(run.replicas(1, at: 36) == 4)
    #expect(run.replicas(1, at: 37) == 0)
    #expect(run.last.phase == .healthy)
  }

  /// Item 9: a new template while a preview is up: the superseded preview is neither
  /// new, stable nor active, so `scaleDownOldReplicaSetsForBlueGreen` gives it a
  /// deadline (scaleDownDelaySeconds) and scales it down; the new preview proceeds.
  @Test func scaleDownOldReplicaSetsForBlueGreen_supersededPreviewIsScaledDown() throws {
    var input = RolloutFixture.input(blueGreen(auto: false), actions: [F.at(10, .setImage("shop:1.2")), F.at(60, .promote)])
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input)
    #expect(run.replicas(2, at: 10) == 4)
    #expect(run.replicas(3, at: 10) == 4)
    #expect(run.replicas(2, at: 39) == 4)
    #expect(run.replicas(2, at: 40) == 0)
    #expect(run.at(15).message == "BlueGreenPause")
    #expect(run.share(3, at: 60) == 1)
    #expect(run.last.phase == .healthy)
    #expect(run.summary.completed)
  }

  /// Item 15: scaling a blue/green rollout resizes a ReplicaSet in its scale-down
  /// delay too (`scaleDownDelayHelper` keeps it at spec.replicas), and `Available` is
  /// the active ReplicaSet's saturation (`calculateRolloutConditions`).
  @Test func scaleDownDelayHelper_scaleResizesTheOldReplicaSetInItsDelay() throws {
    let run = try Recorded(RolloutFixture.input(blueGreen(), actions: [F.at(10, .scale(6))]))
    #expect(run.replicas(1, at: 10) == 6)
    #expect(run.replicas(2, at: 10) == 6)
    #expect(run.at(10).conditions["Available"] == "AvailableReason=False")
    #expect(run.at(15).conditions["Available"] == "AvailableReason")
    #expect(run.replicas(1, at: 35) == 0)
  }
}

extension BlueGreenControlFlowTests {
  /// Upstream quirk, followed: with autoPromotionSeconds a manual promote restarts
  /// the countdown (`CompletedBlueGreenPause` is false without a pause condition, and
  /// `CalculatePauseConditions` drops `controllerPause`, so `reconcileBlueGreenPause`
  /// pauses again). Paused at 5 s with 30 s: alone it switches at 35 s; promoted at
  /// 20 s it switches at 50 s.
  @Test func completedBlueGreenPause_manualPromoteRestartsTheAutoPromotionCountdown() throws {
    var r = blueGreen()
    if case .blueGreen(var b) = r.strategy {
      b.autoPromotionSeconds = 30
      r.strategy = .blueGreen(b)
    }
    let alone = try Recorded(RolloutFixture.input(r))
    #expect(alone.times("Switched selector") == [35])
    let promoted = try Recorded(RolloutFixture.input(r, actions: [F.at(20, .promote)]))
    #expect(promoted.log.first?.outcome.isApplied == true)
    #expect(promoted.at(20).phase == .paused)
    #expect(promoted.share(1, at: 49) == 1)
    #expect(promoted.times("Switched selector") == [50])
  }
}
