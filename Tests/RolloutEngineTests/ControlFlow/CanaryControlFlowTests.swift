import Testing
@testable import RolloutEngine

/// Canary control flow, each test named after the argo-rollouts function it follows
/// (rollout/canary.go, rollout/trafficrouting.go, rollout/replicaset.go,
/// utils/replicaset/canary.go, cmd/promote).
@Suite struct CanaryControlFlowTests {
  typealias F = ControlFlowFixture

  func routed(replicas: Int = 4, steps: [CanaryStep], dynamic: Bool = false, abortDelay: Int? = nil) -> RolloutSpec {
    var r = RolloutFixture.canary(replicas: replicas, steps: steps, routing: F.istio)
    if case .canary(var s) = r.strategy {
      s.dynamicStableScale = dynamic
      s.abortScaleDownDelaySeconds = abortDelay
      r.strategy = .canary(s)
    }
    return r
  }

  /// Item 10: since v1.7 (PR #3077) `AtDesiredReplicaCountsForCanary` checks older
  /// ReplicaSets' availability only without a traffic router. Revision 2 is promoted
  /// at 10 s, so revision 1 sits in its scaleDownDelaySeconds until 40 s; revision 3
  /// (set-image at 15 s) has its 2 canaries available at 20 s and gets its 50 % then.
  @Test func atDesiredReplicaCountsForCanary_routedReleaseDoesNotWaitForThePreviousStable() throws {
    var input = RolloutFixture.input(
      routed(steps: [.setWeight(50)]), actions: [F.at(15, .setImage("shop:1.2"))])
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let run = try Recorded(input, until: SimTime.seconds(120))
    #expect(run.times("Rollout completed update to revision 2") == [10])
    #expect(run.available(3, at: 20) == 2)
    #expect(run.available(1, at: 20) == 4)
    #expect(run.times("Traffic weight updated from 0 to 50") == [5, 20])
    #expect(run.share(3, at: 20) == 0.5)
    #expect(run.times("Rollout step 1/1 completed") == [5, 20])
    #expect(run.replicas(1, at: 39) == 4)
    #expect(run.replicas(1, at: 40) == 0)
    #expect(run.last.phase == .healthy)
  }

  /// Item 6: no progress-deadline timeout during an analysis or pause step
  /// (`isIndefiniteStep` in `calculateRolloutConditions`, `evaluateProgressDeadlineAbort`);
  /// with progressDeadlineAbort a long passing analysis is never aborted by the clock.
  @Test func isIndefiniteStep_noTimeoutDuringAnalysisOrPause() throws {
    let slow = AnalysisTemplateSpec(
      name: "slow",
      metrics: [
        MetricSpec(
          name: "error-rate", source: .errorRate,
          successCondition: MetricCondition(anyOf: [[.init(op: .lt, value: 0.05)]], text: "result < 0.05"), intervalSeconds: 60,
          count: 5)
      ])
    var r = RolloutFixture.canary(
      steps: [.setWeight(20), .analysis(AnalysisRef(templateNames: ["slow"])), .pause(seconds: 400), .setWeight(60)])
    r.progressDeadlineSeconds = 30
    r.progressDeadlineAbort = true
    let run = try Recorded(RolloutFixture.input(r, templates: [slow]))
    #expect(run.rows.allSatisfy { !$0.events.contains { $0.reason == "RolloutTimedOut" } })
    // The analysis takes 4 min and the pause 400 s, both far beyond the 30 s deadline.
    #expect(run.at(100).steps?.index == 1)
    #expect(run.at(300).steps?.index == 2)
    #expect(run.times("Rollout aborted").isEmpty)
    #expect(run.at(200).conditions[.progressing]?.reason != .progressDeadlineExceeded)
    #expect(run.last.phase == .healthy)
    #expect(run.summary.outcome == .promoted)
  }

  /// Item 3 (canary): an abort after full promotion is dropped (`newRolloutContext`).
  @Test func newRolloutContext_canaryAbortAfterPromotionIsRemoved() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(50)])
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(60, .abort)]))
    #expect(run.log.first?.outcome.isApplied == false)
    #expect(run.last.phase == .healthy)
    #expect(run.summary.outcome == .promoted && run.summary.completed)
  }

  /// Item 19: promote-full on an aborted canary is accepted and clears the abort
  /// (`syncRolloutStatusCanary`: PromoteFull → RemoveAbort), ending Healthy.
  @Test func syncRolloutStatusCanary_promoteFullClearsAbort() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(20), .pause(seconds: nil)])
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(10, .abort), F.at(20, .promoteFull)]))
    #expect(run.log.map(\.outcome.isApplied) == [true, true])
    #expect(run.at(15).phase == .degraded)
    #expect(run.at(20).phase != .degraded)
    #expect(run.last.phase == .healthy)
    #expect(run.rev(run.last, 2)?.available == 10)
    #expect(run.summary.outcome == .promoted)
  }

  /// Item 14: aborted is not completed; the snapshot's facts agree (weights 0, step 0,
  /// not `finished`), and the summary's outcome is `aborted`.
  @Test func syncRolloutStatusCanary_abortedIsNotCompleted() throws {
    let r = RolloutFixture.canary(steps: [.setWeight(25), .pause(seconds: nil)])
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(10, .abort)]))
    let end = run.last
    #expect(end.phase == .degraded)
    #expect(!end.finished)
    #expect(end.outcome == .aborted)
    #expect(end.traffic.setWeight == 0)
    #expect(end.traffic.actualWeight == 0)
    #expect(end.steps?.index == 0)
    #expect(!run.summary.completed && run.summary.outcome == .aborted)
    let line = TraceFormat.summaryLine(run.summary)
    #expect(line.hasSuffix(",\"outcome\":\"aborted\"}}"))
    #expect(line.contains("\"completed\":false"))
  }

  /// Item 14: undo back to the stable mid-canary: `rolledBack`, and the actual weight
  /// is the pods' share while the old canary drains (no 100 % beside a 75/25 split).
  @Test func syncRolloutStatusCanary_undoToStableIsRolledBack() throws {
    // maxUnavailable 0: the old canary drains only as the stable regrows, so there is
    // a mixed period after the undo.
    let r = RolloutFixture.canary(steps: [.setWeight(25), .pause(seconds: nil)], maxSurge: .int(1), maxUnavailable: .int(0))
    let run = try Recorded(RolloutFixture.input(r, actions: [F.at(10, .undo(revision: nil))]))
    let mixed = run.at(12)
    #expect(mixed.revisions.filter { $0.available > 0 }.count == 2)
    #expect(mixed.traffic.setWeight == 100)
    #expect((mixed.traffic.actualWeight ?? 100) < 100)
    for row in run.rows {
      let a = row.snap.traffic.actualWeight ?? 0
      let avail = row.snap.revisions.map(\.available)
      let total = avail.reduce(0, +)
      if total > 0, let cur = row.snap.revisions.first(where: { $0.isNew }) { #expect(a == cur.available * 100 / total, "t=\(row.t)") }
    }
    #expect(run.last.phase == .healthy)
    #expect(run.summary.outcome == .rolledBack && run.summary.completed)
  }
}
