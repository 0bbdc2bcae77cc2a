import Foundation
import RolloutEngine
import RolloutManifests
import Testing

/// Every example in Strategies/ loads, runs to a sensible end, and tells exactly the
/// story its comment promises (the numbers below are the ones the comments quote).
@Suite struct StrategiesTests {
  typealias Row = StrategyRun.Row

  static let expectedFiles = [
    "blue-green-manual.yaml", "blue-green.yaml", "canary-analysis-fails.yaml", "canary-istio.yaml", "canary.yaml",
    "crash-loop.yaml", "fast.yaml", "never-ready.yaml", "recreate.yaml", "rolling-update.yaml", "too-big.yaml", "undo.yaml",
    "zero-downtime.yaml",
  ]

  @Test func theDirectoryHoldsEveryDocumentedExample() throws {
    #expect(try StrategyRun.strategyFiles() == Self.expectedFiles)
  }

  /// Each file loads without warnings, and its run ends: completed, aborted (not
  /// completed: back on the stable), or (for the stalls and the manual pause) still
  /// going at --until.
  @Test(arguments: expectedFiles) func everyExampleLoadsCleanlyAndRuns(file: String) throws {
    let loaded = try ManifestLoader.load(manifest: StrategyRun.source(file))
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    let run = try StrategyRun.run(loaded.input)
    let stalls = ["crash-loop.yaml", "never-ready.yaml", "blue-green-manual.yaml"]
    let aborts = ["canary-analysis-fails.yaml"]
    #expect(run.summary.completed == !(stalls.contains(file) || aborts.contains(file)))
    #expect((run.summary.outcome == .aborted) == aborts.contains(file))
    // Traffic shares always sum to 1 or are empty.
    for r in run.rows where !r.snap.traffic.shares.isEmpty {
      #expect(abs(r.snap.traffic.shares.values.reduce(0, +) - 1) < 1e-9, "\(file) t=\(r.t)")
    }
  }

  /// Two runs of the same file are the same run.
  @Test func runsAreDeterministic() throws {
    let a = try StrategyRun.run("undo.yaml")
    let b = try StrategyRun.run("undo.yaml")
    #expect(a.rows.map { TraceFormat.jsonLine($0.snap, events: $0.events) } == b.rows.map { TraceFormat.jsonLine($0.snap, events: $0.events) })
  }

  // MARK: - Deployments

  /// The worked example of docs/semantics.md: R=10, 25 %/25 % → surge 3, unavailable 2.
  @Test func rollingUpdate() throws {
    let run = try StrategyRun.run("rolling-update.yaml")
    let t0 = try #require(run.at(0))
    // 3/8 → 5/8 within t=0: scale up to 3, old down to 8, up again to 5.
    let scaling = t0.events.filter { $0.reason == "ScalingReplicaSet" }.map(\.message)
    #expect(scaling.count == 3)
    #expect(scaling[0].hasPrefix("Scaled up replica set shop-") && scaling[0].hasSuffix(" to 3"))
    #expect(scaling[1].hasPrefix("Scaled down replica set shop-") && scaling[1].hasSuffix(" to 8"))
    #expect(scaling[2].hasSuffix(" to 5"))
    #expect((t0.new, t0.old) == (5, 8))
    // First new pods available at t=5 (start-up 5 s): 10/3.
    #expect(run.rows.filter { $0.t < 5000 }.allSatisfy { ($0.new, $0.old) == (5, 8) })
    let t5 = try #require(run.at(5))
    #expect((t5.new, t5.old) == (10, 3))
    #expect(t5.share(2) == 0.625 && t5.share(1) == 0.375)
    let t10 = try #require(run.at(10))
    #expect((t10.new, t10.old) == (10, 0))
    #expect(t10.snap.phase == .healthy)
    #expect(run.rows.allSatisfy { $0.available >= 8 })
    #expect(run.summary.peakPods == 13 && run.summary.minAvailable == 8)
    #expect(run.summary.duration == 11_000 && run.summary.revision == 2)
  }

  /// maxSurge 1, maxUnavailable 0: one pod at a time, never below 10 available.
  @Test func zeroDowntime() throws {
    let run = try StrategyRun.run("zero-downtime.yaml")
    for k in 0...9 {
      let r = try #require(run.at(Double(5 * k)))
      #expect((r.new, r.old) == (k + 1, 10 - k), "t=\(5 * k)")
    }
    #expect((run.at(50)?.new, run.at(50)?.old) == (10, 0))
    #expect(run.rows.allSatisfy { $0.available >= 10 })
    #expect(run.summary.peakPods == 11 && run.summary.minAvailable == 10)
    #expect(run.summary.requestsFailed == 0)
    #expect(run.summary.duration == 51_000)
  }

  /// maxSurge 100 %: 10/10 at t=0, 10/0 at t=5.
  @Test func fast() throws {
    let run = try StrategyRun.run("fast.yaml")
    #expect((run.at(0)?.new, run.at(0)?.old) == (10, 10))
    #expect((run.at(5)?.new, run.at(5)?.old) == (10, 0))
    #expect(run.rows.allSatisfy { $0.available >= 10 })
    #expect(run.summary.peakPods == 20 && run.summary.duration == 6000)
  }

  /// Recreate: old to 0, wait until every old pod is gone, new at 10: downtime.
  @Test func recreate() throws {
    let run = try StrategyRun.run("recreate.yaml")
    let t0 = try #require(run.at(0))
    #expect((t0.new, t0.old) == (0, 0))
    #expect(t0.snap.revisions.count == 1 && t0.rev(1)?.terminating == 10)
    let t1 = try #require(run.at(1))
    #expect((t1.new, t1.old) == (10, 0) && t1.available == 0)
    #expect(t1.snap.traffic.shares.isEmpty)
    let t6 = try #require(run.at(6))
    #expect(t6.available == 10 && t6.share(2) == 1 && t6.snap.phase == .healthy)
    // 6 s without an endpoint at 300 requests/s.
    #expect(run.summary.requestsFailed == 1800 && run.summary.requestsOk == 0)
    #expect(run.summary.minAvailable == 0 && run.summary.peakPods == 10)
  }

  /// A crash-looping release stalls at 5/8 with the kubelet's back-off.
  @Test func crashLoop() throws {
    let run = try StrategyRun.run("crash-loop.yaml", until: SimTime.seconds(700))
    #expect(run.rows.allSatisfy { ($0.new, $0.old) == (5, 8) })
    #expect(run.rows.allSatisfy { $0.rev(2)?.available == 0 && $0.rev(1)?.available == 8 })
    // Each container crashes 3 s after start (at 5 s: started at 2 s). The first exit
    // restarts at once (kuberuntime_manager.go doBackOff), the later ones after 10,
    // 20, 40, 80, 160, 300 s.
    #expect(run.times(of: "BackOff") == [8, 21, 44, 87, 170, 333, 636])
    #expect(run.at(5)?.events.filter { $0.reason == "BackOff" }.count == 0)
    #expect(run.at(5)?.events.filter { $0.reason == "Started" }.count == 5)
    #expect(run.at(8)?.events.filter { $0.reason == "BackOff" }.count == 5)
    let deadline = try #require(run.rows.first { $0.snap.conditions[.progressing]?.reason == .progressDeadlineExceeded })
    #expect(deadline.t == 601_000)
    #expect(deadline.has("ProgressDeadlineExceeded"))
    #expect(!run.summary.completed && run.summary.requestsFailed == 0)
  }

  /// The probe never passes: stall at 5/8, then ProgressDeadlineExceeded at 61 s.
  @Test func neverReady() throws {
    let run = try StrategyRun.run("never-ready.yaml", until: SimTime.seconds(300))
    #expect(run.rows.allSatisfy { ($0.new, $0.old) == (5, 8) })
    #expect(run.rows.contains { $0.has("Unhealthy") })
    let deadline = try #require(run.rows.first { $0.snap.conditions[.progressing]?.reason == .progressDeadlineExceeded })
    #expect(deadline.t == 61_000)
    #expect(deadline.snap.phase == .progressDeadlineExceeded)
    #expect(deadline.events.first { $0.reason == "ProgressDeadlineExceeded" }?.message.hasSuffix("has timed out progressing.") == true)
    #expect(run.last.t == 61_000)
    #expect(!run.summary.completed && run.summary.duration == 300_000)
  }

  /// The surge doesn't fit: 8 Pending with FailedScheduling, then 2 pods at a time.
  @Test func tooBig() throws {
    let run = try StrategyRun.run("too-big.yaml")
    let t0 = try #require(run.at(0))
    #expect((t0.new, t0.old) == (10, 10) && t0.pending == 8)
    let failed = t0.events.filter { $0.reason == "FailedScheduling" }
    #expect(failed.count == 8)
    #expect(failed.allSatisfy { $0.message == "0/3 nodes are available: 3 Insufficient cpu." && $0.kind == .warning })
    // (t, old, pending): old pods go 2 at a time once 2 new ones are available, and
    // their CPU lets 2 Pending pods schedule a second later (shutdown 1 s).
    let expected: [(Double, Int, Int)] = [
      (5, 8, 8), (6, 8, 6), (11, 6, 6), (12, 6, 4), (17, 4, 4), (18, 4, 2), (23, 2, 2), (24, 2, 0), (29, 0, 0),
    ]
    for (t, old, pending) in expected {
      let r = try #require(run.at(t), "t=\(t)")
      #expect((r.new, r.old, r.pending) == (10, old, pending), "t=\(t)")
    }
    #expect(run.rows.allSatisfy { $0.available >= 10 })
    #expect(run.summary.completed && run.summary.duration == 30_000)
  }

  /// Undo at 10 s: the old ReplicaSet comes back as revision 3.
  @Test func undo() throws {
    let run = try StrategyRun.run("undo.yaml")
    let t8 = try #require(run.at(8))
    #expect((t8.new, t8.old) == (10, 3) && t8.share(2) == 0.625)
    let t10 = try #require(run.at(10))
    #expect(t10.snap.revisions.map(\.revision) == [3, 2])
    #expect(t10.rev(3)?.isNew == true && t10.rev(3)?.image == "shop:1.0")
    #expect((t10.replicas(3), t10.replicas(2)) == (8, 5))
    #expect(t10.events.contains { $0.reason == "DeploymentRollback" && $0.message == "Rolled back deployment \"shop\" to revision 1" })
    let t14 = try #require(run.at(14))
    #expect((t14.replicas(3), t14.replicas(2)) == (10, 0) && t14.share(3) == 1)
    #expect(run.last.t == 18_000 && run.last.snap.phase == .healthy)
    // 6 s of 62.5 % of 300 requests/s at a 20 % error rate.
    #expect(run.summary.requestsFailed == 225 && run.summary.revision == 3)
  }

  // MARK: - Rollouts

  /// Blue/green: preview at 10, switch in one instant at 5 s, old down at 35 s.
  @Test func blueGreen() throws {
    let run = try StrategyRun.run("blue-green.yaml")
    let t0 = try #require(run.at(0))
    #expect((t0.replicas(2), t0.replicas(1)) == (10, 10))
    #expect(t0.rev(2)?.roles == [.preview] && t0.rev(1)?.roles == [.active, .stable])
    try expectSwitch(run, at: 5)
    #expect(run.rows.filter { $0.t < 35_000 }.allSatisfy { $0.replicas(1) == 10 })
    let down = try #require(run.at(35))
    #expect(down.replicas(1) == 0 && down.has("ScalingReplicaSet"))
    #expect(run.last.snap.phase == .healthy && run.last.t == 36_000)
    #expect(run.summary.promotedAt == 5000 && run.summary.peakPods == 20 && run.summary.requestsFailed == 0)
  }

  /// Manual blue/green waits in BlueGreenPause until promoted.
  @Test func blueGreenManual() throws {
    let run = try StrategyRun.run("blue-green-manual.yaml", actions: [ScheduledAction(at: 60_000, verb: .promote)])
    let paused = try #require(run.rows.first { $0.snap.phase == .paused })
    #expect(paused.t == 5000 && paused.snap.message == "BlueGreenPause")
    #expect(paused.rev(2)?.available == 10)
    try expectSwitch(run, at: 60)
    #expect(run.at(90)?.replicas(1) == 0)
    #expect(run.summary.promotedAt == 60_000 && run.summary.completed)

    // Without the promote it is still paused, all traffic on revision 1, at --until.
    let waiting = try StrategyRun.run("blue-green-manual.yaml", until: SimTime.seconds(600))
    #expect(waiting.last.snap.phase == .paused && waiting.last.share(1) == 1)
    #expect(!waiting.summary.completed && waiting.summary.promotedAt == nil)
  }

  /// The switch: 100 % revision 1 in the row before `seconds`, 100 % revision 2 at it.
  func expectSwitch(_ run: StrategyRun.Run, at seconds: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let i = try #require(run.rows.firstIndex { $0.t == SimTime.seconds(seconds) }, sourceLocation: sourceLocation)
    let before = run.rows[i - 1]
    let after = run.rows[i]
    #expect(before.share(1) == 1 && before.share(2) == 0, sourceLocation: sourceLocation)
    #expect(after.share(2) == 1 && after.share(1) == 0, sourceLocation: sourceLocation)
    #expect(after.has("SwitchService"), sourceLocation: sourceLocation)
    #expect(after.rev(2)?.roles == [.active, .stable], sourceLocation: sourceLocation)
    // Never a mixed instant.
    #expect(run.rows.allSatisfy { $0.share(1) == 1 || $0.share(2) == 1 }, sourceLocation: sourceLocation)
  }

  struct CanaryRow: Sendable, CustomStringConvertible {
    var t: Double
    var step: Int
    var phase: String
    var canary: Int
    var stable: Int
    var setWeight: Int
    var actualWeight: Int
    var share: Double
    var description: String { "t=\(t) step \(step) \(phase) \(canary)/\(stable) w \(setWeight)/\(actualWeight) share \(share)" }
  }

  func canaryRow(_ r: Row) -> CanaryRow {
    CanaryRow(
      t: r.t.inSeconds, step: r.snap.steps?.index ?? -1, phase: r.snap.phase.rawValue, canary: r.replicas(2) ?? -1, stable: r.replicas(1) ?? -1,
      setWeight: r.snap.traffic.setWeight ?? -1, actualWeight: r.snap.traffic.actualWeight ?? -1, share: r.share(2))
  }

  func expectCanary(_ run: StrategyRun.Run, _ expected: [CanaryRow], sourceLocation: SourceLocation = #_sourceLocation) {
    for e in expected {
      guard let r = run.at(e.t) else {
        Issue.record("no row at t=\(e.t)", sourceLocation: sourceLocation)
        continue
      }
      let got = canaryRow(r)
      #expect(got.description == e.description, sourceLocation: sourceLocation)
    }
  }

  /// Replica-weighted canary 20/40/60/80 (docs/semantics.md, basic canary).
  @Test func canary() throws {
    let run = try StrategyRun.run("canary.yaml")
    #expect(run.rows[0].snap.steps?.steps.count == 8)
    expectCanary(
      run,
      [
        CanaryRow(t: 0, step: 0, phase: "Progressing", canary: 2, stable: 8, setWeight: 20, actualWeight: 0, share: 0),
        CanaryRow(t: 5, step: 1, phase: "Paused", canary: 2, stable: 8, setWeight: 20, actualWeight: 20, share: 0.2),
        CanaryRow(t: 35, step: 2, phase: "Progressing", canary: 4, stable: 6, setWeight: 40, actualWeight: 25, share: 0.25),
        CanaryRow(t: 40, step: 3, phase: "Paused", canary: 4, stable: 6, setWeight: 40, actualWeight: 40, share: 0.4),
        CanaryRow(t: 70, step: 4, phase: "Progressing", canary: 6, stable: 4, setWeight: 60, actualWeight: 50, share: 0.5),
        CanaryRow(t: 75, step: 5, phase: "Paused", canary: 6, stable: 4, setWeight: 60, actualWeight: 60, share: 0.6),
        CanaryRow(t: 105, step: 6, phase: "Progressing", canary: 8, stable: 2, setWeight: 80, actualWeight: 75, share: 0.75),
        CanaryRow(t: 110, step: 7, phase: "Paused", canary: 8, stable: 2, setWeight: 80, actualWeight: 80, share: 0.8),
        CanaryRow(t: 140, step: 8, phase: "Progressing", canary: 10, stable: 0, setWeight: 100, actualWeight: 100, share: 1),
        CanaryRow(t: 145, step: 8, phase: "Healthy", canary: 10, stable: 0, setWeight: 100, actualWeight: 100, share: 1),
      ])
    #expect(run.rows.filter { $0.snap.phase == .paused }.allSatisfy { $0.snap.message == "CanaryPauseStep" })
    // A basic canary's actualWeight is the canary's share of ready endpoints.
    for r in run.rows where r.snap.traffic.shares.count == 2 {
      #expect(Double(r.snap.traffic.actualWeight ?? -1) == (r.share(2) * 100).rounded(), "t=\(r.t)")
    }
    // Never below N − maxUnavailable available, never above N + maxSurge pods.
    #expect(run.rows.allSatisfy { $0.available >= 8 })
    // Each step drops the stable by 2, then adds 2 canaries:
    // the total never exceeds 10 and never falls below 8.
    #expect(run.summary.peakPods == 10 && run.summary.minAvailable == 8)
    #expect(run.last.rev(2)?.roles == [.stable] && run.last.t == 145_000)
  }

  /// Traffic-routed canary: the router weight is the traffic share.
  @Test func canaryIstio() throws {
    let run = try StrategyRun.run("canary-istio.yaml")
    expectCanary(
      run,
      [
        CanaryRow(t: 0, step: 0, phase: "Progressing", canary: 1, stable: 10, setWeight: 10, actualWeight: 0, share: 0),
        CanaryRow(t: 5, step: 1, phase: "Paused", canary: 1, stable: 10, setWeight: 10, actualWeight: 10, share: 0.1),
        CanaryRow(t: 35, step: 2, phase: "Progressing", canary: 5, stable: 10, setWeight: 50, actualWeight: 10, share: 0.1),
        CanaryRow(t: 40, step: 3, phase: "Paused", canary: 5, stable: 10, setWeight: 50, actualWeight: 50, share: 0.5),
        CanaryRow(t: 70, step: 4, phase: "Progressing", canary: 10, stable: 10, setWeight: 100, actualWeight: 50, share: 0.5),
        CanaryRow(t: 75, step: 4, phase: "Healthy", canary: 10, stable: 10, setWeight: 100, actualWeight: 100, share: 1),
      ])
    // Router weight == traffic share at every instant, independent of pod counts.
    for r in run.rows where !r.snap.traffic.shares.isEmpty {
      #expect(r.share(2) == Double(r.snap.traffic.actualWeight ?? -1) / 100, "t=\(r.t)")
    }
    #expect(run.times(of: "TrafficWeightUpdated") == [5, 40, 75])
    #expect(run.at(105)?.replicas(1) == 0)
    #expect(run.last.t == 106_000 && run.summary.peakPods == 20)
  }

  /// A 10 % error-rate release aborted by its analysis at 15 s.
  @Test func canaryAnalysisFails() throws {
    let run = try StrategyRun.run("canary-analysis-fails.yaml")
    let t5 = try #require(run.at(5))
    #expect(t5.snap.steps?.index == 1 && t5.snap.phase == .progressing && t5.share(2) == 0.2)
    #expect(t5.snap.analysisRuns.first?.phase == .running)
    let aborted = try #require(run.rows.first { $0.snap.phase == .degraded })
    #expect(aborted.t == 15_000)
    #expect(aborted.snap.message.hasPrefix("RolloutAborted: Rollout aborted update to revision 2"))
    let analysis = try #require(aborted.snap.analysisRuns.first)
    #expect(analysis.phase == .failed)
    let m = try #require(analysis.metrics.first)
    #expect(m.measurements.map(\.time) == [5000, 15_000])
    #expect(m.measurements.map(\.value) == [0.1, 0.1])
    #expect(m.measurements.map(\.phase) == [.failed, .failed])
    #expect((aborted.replicas(2), aborted.replicas(1)) == (0, 10))
    #expect(aborted.share(1) == 1 && aborted.snap.traffic.setWeight == 0)
    #expect(run.last.snap.phase == .degraded)
    // 10 s at 20 % of 300 requests/s, 10 % failing.
    #expect(run.summary.aborted && run.summary.requestsFailed == 60)
  }
}
