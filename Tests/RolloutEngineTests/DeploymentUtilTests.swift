import Testing
@testable import RolloutEngine

/// DeploymentUtil rules the upstream vectors leave open (`DeploymentTimedOut`,
/// `cleanupDeployment`, proportional scaling in `sync.go`, and the whys).
@Suite struct DeploymentUtilTests {
  static let rolling0 = DeploymentStrategy.rollingUpdate(maxSurge: .int(0), maxUnavailable: .int(1))

  /// `getReplicaSetFraction`:
  /// `math.Round` rounds half away from zero; no upstream vector pins it
  /// (a half-to-even mutant passes all 104). 1×5/2 = 2.5 → 3, 3×5/2 = 7.5 → 8.
  @Test func fractionRoundsHalfAwayFromZero() {
    let a = ReplicaSetCounts(name: "a", specReplicas: 1, maxReplicasAnnotation: 2)
    let b = ReplicaSetCounts(name: "b", specReplicas: 3, maxReplicasAnnotation: 2)
    #expect(DeploymentUtil.replicaSetFraction(rs: a, strategy: Self.rolling0, replicas: 5, deploymentStatusReplicas: 0) == 2)
    #expect(DeploymentUtil.replicaSetFraction(rs: b, strategy: Self.rolling0, replicas: 5, deploymentStatusReplicas: 0) == 5)
    #expect(DeploymentUtil.roundHalfAwayFromZero(-5, 2) == -3)
    #expect(DeploymentUtil.roundHalfAwayFromZero(5, 2) == 3)
    #expect(DeploymentUtil.roundHalfAwayFromZero(7, 3) == 2)
  }

  /// The leftover goes to the first (largest) ReplicaSet and is floored at 0, so many
  /// small ReplicaSets can stay above the new allowed size: 13 ReplicaSets of 1 scaled
  /// for 13, R → 7: each fraction round(7/13) − 1 = 0, leftover −6 takes the first to 0.
  @Test func leftoverIsFlooredAtZero() {
    let rss = (0..<13).map {
      ReplicaSetCounts(name: "rs\($0)", createdAt: SimTime($0), specReplicas: 1, desiredReplicasAnnotation: 13, maxReplicasAnnotation: 13)
    }
    let ds = DeploymentUtil.scale(strategy: Self.rolling0, replicas: 7, newRS: rss.last, oldRSs: Array(rss.dropLast()), deploymentStatusReplicas: 13)
    #expect(ds.count == 13)
    // toAdd < 0: equal sizes, older first → rs0 takes the leftover.
    #expect(ds[0].name == "rs0" && ds[0].to == 0)
    #expect(ds[0].why == "proportional: 13→7 replicas, allowed 7, rs 1→1 = round(1×7/13), leftover -6 → 0")
    #expect(ds.dropFirst().allSatisfy { $0.to == 1 })
  }

  /// Proportional why strings, with the cap by what is left to add: two ReplicaSets of 1 scaled
  /// for 2, R → 3: toAdd 1; equal sizes, newer first; each fraction round(1×3/2) − 1 = 1
  /// (1.5 rounds up), so the second is capped at the 0 left.
  @Test func proportionalWhyShowsTheCap() {
    let a = ReplicaSetCounts(name: "a", createdAt: 0, specReplicas: 1, desiredReplicasAnnotation: 2, maxReplicasAnnotation: 2)
    let b = ReplicaSetCounts(name: "b", createdAt: 1, specReplicas: 1, desiredReplicasAnnotation: 2, maxReplicasAnnotation: 2)
    let ds = DeploymentUtil.scale(strategy: Self.rolling0, replicas: 3, newRS: b, oldRSs: [a], deploymentStatusReplicas: 0)
    #expect(ds.map(\.name) == ["b", "a"])
    #expect(ds.map(\.to) == [2, 1])
    #expect(ds.map(\.why) == [
      "proportional: 2→3 replicas, allowed 3, rs 1→2 = round(1×3/2)",
      "proportional: 2→3 replicas, allowed 3, rs 1→1 = round(1×3/2) capped at 0 left to add",
    ])
  }

  /// `isScalingEvent`: a missing desired-replicas annotation is not a scaling event; inactive
  /// ReplicaSets never are.
  @Test func scalingEvent() {
    let fresh = ReplicaSetCounts(name: "a", specReplicas: 3)
    let stale = ReplicaSetCounts(name: "b", specReplicas: 3, desiredReplicasAnnotation: 5)
    let idle = ReplicaSetCounts(name: "c", specReplicas: 0, desiredReplicasAnnotation: 5)
    #expect(!DeploymentUtil.isScalingEvent(replicas: 10, allRSs: [fresh, idle]))
    #expect(DeploymentUtil.isScalingEvent(replicas: 10, allRSs: [fresh, stale]))
    #expect(!DeploymentUtil.isScalingEvent(replicas: 5, allRSs: [stale]))
  }

  /// `DeploymentTimedOut` is strict: exactly at lastUpdateTime + deadline it has not fired.
  @Test func timeoutIsStrict() {
    let t0 = SimTime.seconds(100)
    #expect(!DeploymentUtil.deploymentTimedOut(progressDeadlineSeconds: 60, conditionReason: "ReplicaSetUpdated", lastUpdateTime: t0, now: t0 + 60_000))
    #expect(DeploymentUtil.deploymentTimedOut(progressDeadlineSeconds: 60, conditionReason: "ReplicaSetUpdated", lastUpdateTime: t0, now: t0 + 60_001))
    #expect(!DeploymentUtil.deploymentTimedOut(progressDeadlineSeconds: 60, conditionReason: "NewReplicaSetAvailable", lastUpdateTime: t0, now: t0 + 600_000))
    #expect(DeploymentUtil.deploymentTimedOut(progressDeadlineSeconds: 60, conditionReason: "ProgressDeadlineExceeded", lastUpdateTime: t0, now: t0))
    #expect(!DeploymentUtil.deploymentTimedOut(progressDeadlineSeconds: Int(Int32.max), conditionReason: "ReplicaSetUpdated", lastUpdateTime: 0, now: .max / 2))
  }

  /// `cleanupDeployment`: oldest first; a non-empty one among the first `count − limit` is
  /// skipped, not replaced by a later one.
  @Test func historyCleanupSkipsNonEmpty() {
    let rss = [
      ReplicaSetCounts(name: "r3", createdAt: 3, revision: 3, specReplicas: 0),
      ReplicaSetCounts(name: "r1", createdAt: 1, revision: 1, specReplicas: 0),
      ReplicaSetCounts(name: "r2", createdAt: 2, revision: 2, specReplicas: 2, statusReplicas: 2),
      ReplicaSetCounts(name: "r4", createdAt: 4, revision: 4, specReplicas: 0, terminatingReplicas: 1),
    ]
    #expect(DeploymentUtil.historyCleanup(oldRSs: rss, revisionHistoryLimit: 2) == ["r1"])
    #expect(DeploymentUtil.historyCleanup(oldRSs: rss, revisionHistoryLimit: 1) == ["r1", "r3"])
    #expect(DeploymentUtil.historyCleanup(oldRSs: rss, revisionHistoryLimit: 0) == ["r1", "r3"])
    #expect(DeploymentUtil.historyCleanup(oldRSs: rss, revisionHistoryLimit: nil).isEmpty)
  }

  /// reconcileOldReplicaSets:
  /// cleanup then scale-down in one reconcile, with both whys; the scale-down sees
  /// the cleaned spec but the unchanged availability.
  @Test func reconcileOldReplicaSetsWhys() {
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(0), maxUnavailable: .int(2))
    let old = ReplicaSetCounts(name: "old", specReplicas: 10, availableReplicas: 9)
    let ds = DeploymentUtil.reconcileOldReplicaSets(strategy: strategy, replicas: 10, allRSs: [old], oldRSs: [old], newRS: nil)
    #expect(ds.map(\.why) == [
      "old 10→9: 1 unhealthy (spec 10 − available 9), maxScaledDown 2",
      "old 9→8: minAvailable 8 = 10 − maxUnavailable 2; available 9",
    ])
  }

  /// A cap while removing reads as a positive count: 2 ReplicaSets of 3 scaled for 7,
  /// R → 1 (surge 0): toAdd −5; equal sizes, the older first: round(3×1/7) − 3 = −3,
  /// then the other is capped at the 2 left to remove.
  @Test func proportionalWhyWhileRemoving() {
    let a = ReplicaSetCounts(name: "a", createdAt: 0, specReplicas: 3, desiredReplicasAnnotation: 7, maxReplicasAnnotation: 7)
    let b = ReplicaSetCounts(name: "b", createdAt: 1, specReplicas: 3, desiredReplicasAnnotation: 7, maxReplicasAnnotation: 7)
    let ds = DeploymentUtil.scale(strategy: Self.rolling0, replicas: 1, newRS: b, oldRSs: [a], deploymentStatusReplicas: 0)
    #expect(ds.map(\.to) == [0, 1])
    #expect(ds.map(\.why) == [
      "proportional: 7→1 replicas, allowed 1, rs 3→0 = round(3×1/7)",
      "proportional: 7→1 replicas, allowed 1, rs 3→1 = round(3×1/7) capped at 2 left to remove",
    ])
  }

}
