import Testing
@testable import RolloutEngine

/// Deadlines, conditions and the smaller control-flow rules: rollout/sync.go
/// (`calculateRolloutConditions`, `reconcileRevisionHistoryLimit`), utils/conditions,
/// kubernetes pkg/controller/deployment/{sync,progress}.go.
@Suite struct DeadlineControlFlowTests {
  typealias F = ControlFlowFixture

  /// Item 13: a Rollout whose progress deadline passed and that later completes is
  /// Healthy (Progressing becomes NewReplicaSetAvailable); Degraded is not sticky.
  @Test func calculateRolloutConditions_timedOutThenCompleteIsHealthy() throws {
    var r = RolloutFixture.canary(steps: [])
    r.progressDeadlineSeconds = 10
    let run = try Recorded(RolloutFixture.input(r, newImage: ImageBehavior(startupSeconds: 30)))
    let timedOut = try #require(run.rows.first { $0.events.contains { $0.reason == "RolloutTimedOut" } })
    #expect(timedOut.t == 11_000)
    #expect(run.at(20).phase == .degraded)
    #expect(run.at(20).conditions[.progressing]?.reason == .progressDeadlineExceeded)
    #expect(run.last.phase == .healthy)
    #expect(run.last.conditions[.progressing]?.reason == .newReplicaSetAvailable)
    #expect(run.summary.outcome == .promoted && run.summary.completed)
  }

  /// Item 15: progress means increases (utils/conditions `RolloutProgressing`:
  /// updated changed, ready/available up, fewer replicas, step/stable changed). A
  /// canary stuck at its setWeight step (pods never ready) is scaled 4 → 6 at 20 s;
  /// the two new stable pods stay Pending (no room): more replicas, nothing ready, is
  /// no progress, so the deadline still counts from t = 0 and passes at 31 s (a
  /// "any change" rule would have restarted it at 20 s, timing out at 51 s).
  @Test func rolloutProgressing_onlyIncreasesCount() throws {
    var r = RolloutFixture.canary(replicas: 4, steps: [.setWeight(10)], routing: F.istio)
    r.progressDeadlineSeconds = 30
    r.template.cpuMillis = 1000
    var input = RolloutFixture.input(
      r, newImage: ImageBehavior(startupSeconds: 5, neverReady: true), actions: [F.at(20, .scale(6))],
      cluster: .uniform(count: 1, cpuMillis: 5000, memoryBytes: 8 << 30))
    input.workload = .rollout(r)
    let run = try Recorded(input, until: SimTime.seconds(120))
    #expect(run.rev(run.at(25), 1)?.pending == 2)
    #expect(run.rev(run.at(25), 2)?.replicas == 1)
    let timedOut = run.rows.first { $0.events.contains { $0.reason == "RolloutTimedOut" } }
    #expect(timedOut?.t == 31_000)
    #expect(run.summary.outcome == .timedOut)
  }

  /// Item 6 (blue/green): no timeout while the BlueGreenPause is on (`isIndefiniteStep`
  /// checks the Paused condition), however long it lasts.
  @Test func isIndefiniteStep_blueGreenPauseNeverTimesOut() throws {
    var r = RolloutFixture.blueGreen(replicas: 4, auto: false)
    r.progressDeadlineSeconds = 30
    r.progressDeadlineAbort = true
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(300, .promote)]))
    #expect(run.rows.allSatisfy { !$0.events.contains { $0.reason == "RolloutTimedOut" } })
    #expect(run.at(299).phase == .paused)
    #expect(run.times("Switched selector") == [300])
    #expect(run.last.phase == .healthy)
  }

  /// Item 15: Rollouts prune ReplicaSets beyond `revisionHistoryLimit`
  /// (`reconcileRevisionHistoryLimit`), oldest first, only fully scaled-down ones.
  @Test func reconcileRevisionHistoryLimit_prunesOldReplicaSets() throws {
    var r = RolloutFixture.canary(replicas: 2, steps: [])
    r.revisionHistoryLimit = 1
    var input = RolloutFixture.input(r, actions: [F.at(30, .setImage("shop:1.2")), F.at(60, .setImage("shop:1.3"))])
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    input.images["shop:1.3"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input)
    #expect(run.at(29).revisions.map(\.revision) == [2, 1])
    #expect(run.last.revisions.map(\.revision) == [4, 3])
  }

  /// Item 15: the background analysis run is created while paused
  /// (`reconcileAnalysisRuns` runs whatever `haltProgress` says).
  @Test func reconcileAnalysisRuns_backgroundRunStartsWhilePaused() throws {
    var r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: nil)], analysis: F.ref)
    r.paused = true
    let run = try Recorded(RolloutFixture.input(r, templates: [F.errorRate]), until: SimTime.seconds(30))
    #expect(run.at(0).phase == .paused)
    #expect(run.at(0).analysisRuns.map(\.kind) == ["background"])
    // haltProgress: no ReplicaSet scaling while spec.paused.
    #expect(run.at(29).revisions.map(\.replicas) == [0, 10])
  }

  /// Item 5: spec.paused halts all scaling (`haltProgress`): paused at 1 s (canary
  /// 2 not yet available, stable 8), nothing moves until resume at 30 s.
  @Test func haltProgress_pauseFreezesCountsUntilResume() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .setWeight(60), .pause(seconds: nil)])
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(1, .pause), F.at(30, .resume)]), until: SimTime.seconds(120))
    #expect(run.at(1).revisions.map(\.replicas) == [2, 8])
    #expect(run.at(29).revisions.map(\.replicas) == [2, 8])
    #expect(run.at(29).steps?.index == 0)
    // Without the pause the 20 % step completes at 5 s and 60 % follows.
    #expect(run.at(30).steps?.index == 1)
    #expect(run.last.revisions.map(\.replicas) == [6, 4])
  }

  // MARK: - Kubernetes Deployment

  /// Item 11: a complete Deployment that is only scaled keeps
  /// Progressing=True/NewReplicaSetAvailable and never times out (progress.go
  /// `syncRolloutStatus`: `isCompleteDeployment` short-circuit), even when the new
  /// pods stay Pending.
  @Test func syncRolloutStatus_scaledCompleteDeploymentNeverTimesOut() throws {
    let d = Fixture.deployment(replicas: 4, maxSurge: .int(0), maxUnavailable: .int(1), progressDeadlineSeconds: 30, cpuMillis: 1000)
    let input = Fixture.input(
      d, cluster: .uniform(count: 1, cpuMillis: 5000, memoryBytes: 8 << 30), actions: [ScheduledAction(at: SimTime.seconds(60), verb: .scale(8))])
    var sim = try Simulation(input)
    sim.advance(to: SimTime.seconds(59))
    #expect(sim.snapshot(includePods: false).conditions[.progressing]?.reason == .newReplicaSetAvailable)
    sim.advance(to: SimTime.seconds(300))
    let s = sim.snapshot(includePods: false)
    #expect(s.revisions.first { $0.isNew }?.pending == 3)
    #expect(s.conditions[.progressing]?.reason == .newReplicaSetAvailable)
    #expect(s.phase != .progressDeadlineExceeded)
  }

  /// Item 12: Recreate's `Available` needs every replica (sync.go `calculateStatus`:
  /// Replicas − MaxUnavailable, and MaxUnavailable is 0 for non-RollingUpdate):
  /// Available=False/MinimumReplicasUnavailable during the gap.
  @Test func calculateStatus_recreateAvailableNeedsAllReplicas() throws {
    let trace = try Fixture.trace(Fixture.input(Fixture.deployment(recreate: true)))
    let gap = trace.filter { $0.snap.revisions.reduce(0) { $0 + $1.available } < 10 }
    #expect(!gap.isEmpty)
    for row in gap { #expect(row.snap.conditions[.available]?.reason == .minimumReplicasUnavailable, "t=\(row.t)") }
    #expect(trace.last?.snap.conditions[.available]?.reason == .minimumReplicasAvailable)
  }

  /// Item 20: a pod whose container crashes at start is never Available, not even
  /// for an instant.
  @Test func containerStarted_crashAtStartIsNeverAvailable() throws {
    let input = Fixture.input(
      Fixture.deployment(replicas: 4), newImage: ImageBehavior(startupSeconds: 3, crashLoop: true, crashAfterSeconds: 0))
    var sim = try Simulation(input)
    var maxNewAvailable = 0
    var maxNewReady = 0
    while let t = sim.nextEventTime(), t <= SimTime.seconds(200) {
      sim.stepToNextEvent()
      let new = sim.snapshot(includePods: false).revisions.first { $0.isNew }
      maxNewAvailable = max(maxNewAvailable, new?.available ?? 0)
      maxNewReady = max(maxNewReady, new?.ready ?? 0)
    }
    #expect(maxNewAvailable == 0)
    #expect(maxNewReady == 0)
    #expect(sim.summary().outcome == .stalled)
  }
}
