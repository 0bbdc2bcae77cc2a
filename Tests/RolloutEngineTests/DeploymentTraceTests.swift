import Testing
@testable import RolloutEngine

/// Exact step-by-step behaviour of the Deployment controller in the simulated cluster.
@Suite struct DeploymentTraceTests {
  typealias Row = (t: SimTime, new: Int, old: Int, snap: SimulationSnapshot)

  func at(_ rows: [Row], _ seconds: Double) -> Row? { rows.last { $0.t <= SimTime.seconds(seconds) } }

  /// k8s-deployment.md §4: R=10, surge 3, unavailable 2, new pods crash: the rollout
  /// stalls at new 5 / old 8 (13 pods, 13 − 8 − 5 = 0).
  @Test func crashLoopStallsAtFiveAndEight() throws {
    let d = Fixture.deployment(probe: ReadinessProbe(initialDelaySeconds: 5, periodSeconds: 5))
    let rows = try Fixture.trace(Fixture.input(d, newImage: ImageBehavior(startupSeconds: 2, crashLoop: true, crashAfterSeconds: 3)), until: SimTime.seconds(300))
    let last = rows.last!
    #expect(last.new == 5 && last.old == 8)
    #expect(last.snap.revisions.first { $0.isNew }!.available == 0)
    #expect(last.snap.revisions.first { !$0.isNew }!.available == 8)
    // The kubelet's back-off doubles: 10 s, 20 s, 40 s …
    #expect(last.snap.events.contains { $0.reason == "BackOff" })
  }

  /// Undo from the crash loop: the old ReplicaSet becomes new again with revision 3,
  /// the crashing pods are removed (the newUnavail term), and the rollout completes.
  @Test func undoFromCrashLoopRecovers() throws {
    let d = Fixture.deployment(probe: ReadinessProbe(initialDelaySeconds: 5, periodSeconds: 5))
    var input = Fixture.input(d, newImage: ImageBehavior(startupSeconds: 2, crashLoop: true, crashAfterSeconds: 3))
    input.actions = [ScheduledAction(at: SimTime.seconds(40), verb: .undo(revision: nil))]
    let rows = try Fixture.trace(input)
    let last = rows.last!
    #expect(last.snap.phase == .healthy)
    let current = last.snap.revisions.first { $0.isNew }!
    #expect(current.image == "shop:1.0")
    #expect(current.revision == 3)
    #expect(current.available == 10)
    #expect(last.snap.revisions.first { !$0.isNew }!.replicas == 0)
    #expect(rows.contains { r in r.snap.events.contains { $0.reason == "DeploymentRollback" && $0.message == "Rolled back deployment \"web\" to revision 1" } })
  }

  /// Recreate: old to 0, wait for every old pod to be gone, then new at R.
  @Test func recreateHasDowntime() throws {
    let d = Fixture.deployment(recreate: true)
    let rows = try Fixture.trace(Fixture.input(d))
    #expect(at(rows, 0)!.new == 0 && at(rows, 0)!.old == 0)
    // Old pods shut down in 1 s; the new ReplicaSet is created then at 10.
    #expect(at(rows, 1)!.new == 10)
    #expect(at(rows, 1)!.snap.revisions.reduce(0) { $0 + $1.available } == 0)
    #expect(at(rows, 6)!.snap.revisions.first { $0.isNew }!.available == 10)
    #expect(rows.last!.snap.phase == .healthy)
  }

  /// A surge the cluster can't hold leaves pods Pending with the scheduler's words.
  @Test func pendingPodsWhenTheClusterIsFull() throws {
    // 3 nodes × 4 CPU, pods of 1 CPU: 12 fit; R=10 with 100% surge wants 20.
    let d = Fixture.deployment(maxSurge: .percent(100), maxUnavailable: .int(0), cpuMillis: 1000)
    var sim = try Simulation(Fixture.input(d))
    let s = sim.snapshot(includePods: false)
    #expect(s.revisions.first { $0.isNew }!.pending == 8)
    #expect(s.events.contains { $0.reason == "FailedScheduling" && $0.message == "0/3 nodes are available: 3 Insufficient cpu." })
    while !sim.isFinished, sim.stepToNextEvent() {}
    #expect(sim.isFinished)
  }

  /// minReadySeconds: available only after Ready + minReadySeconds.
  @Test func minReadySecondsDelaysAvailability() throws {
    let d = Fixture.deployment(minReadySeconds: 10)
    let rows = try Fixture.trace(Fixture.input(d))
    // Ready at 5 s, available at 15 s: old can only shrink then.
    #expect(at(rows, 14)!.old == 8)
    #expect(at(rows, 15)!.old == 3)
  }

  /// The progress deadline is a condition, not a rollback.
  @Test func neverReadyExceedsTheProgressDeadline() throws {
    let d = Fixture.deployment(progressDeadlineSeconds: 60, probe: ReadinessProbe(initialDelaySeconds: 1, periodSeconds: 5))
    let rows = try Fixture.trace(Fixture.input(d, newImage: ImageBehavior(startupSeconds: 2, neverReady: true)), until: SimTime.seconds(200))
    let timedOut = rows.first { $0.snap.conditions["Progressing"] == "ProgressDeadlineExceeded" }!
    // Last progress at 0 s (the scale-up); the deadline passes strictly after 60 s.
    #expect(timedOut.t == SimTime.seconds(61))
    #expect(timedOut.snap.phase == .progressDeadlineExceeded)
    #expect(rows.last!.new == 5 && rows.last!.old == 8)
  }

  /// A new template mid-rollout makes a third ReplicaSet; the earlier "new" one is old.
  @Test func newTemplateMidRolloutMakesAThirdReplicaSet() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [ScheduledAction(at: SimTime.seconds(2), verb: .setImage("shop:1.2"))]
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let rows = try Fixture.trace(input)
    let r = at(rows, 2)!
    #expect(r.snap.revisions.count == 3)
    #expect(r.snap.revisions.first!.revision == 3)
    // Revision 3 is created at 0 (Σ spec is already R + surge = 13); then
    // cleanupUnhealthyReplicas removes revision 2's 5 unavailable pods (maxScaledDown
    // 13 − 8 − 0 = 5) and revision 3 takes their place.
    #expect(r.snap.revisions.map(\.replicas) == [5, 0, 8])
    #expect(r.new == 5)
    #expect(rows.last!.snap.revisions.first { $0.isNew }!.image == "shop:1.2")
    #expect(rows.last!.snap.phase == .healthy)
  }

  /// Proportional scaling (§10) when replicas change mid-rollout.
  @Test func scaleMidRolloutIsProportional() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [ScheduledAction(at: SimTime.seconds(1), verb: .scale(20))]
    let rows = try Fixture.trace(input)
    let r = at(rows, 1)!
    // new 5, old 8 at max-replicas 13 → R + surge = 20 + 5 = 25.
    #expect(r.new + r.old == 25)
    #expect(rows.last!.new == 20)
  }

  /// Paused deployments still scale, but roll nothing.
  @Test func pausedDeploymentScalesButDoesNotRoll() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [
      ScheduledAction(at: SimTime.seconds(1), verb: .pause),
      ScheduledAction(at: SimTime.seconds(2), verb: .undo(revision: nil)),
      ScheduledAction(at: SimTime.seconds(20), verb: .resume),
    ]
    var sim = try Simulation(input)
    sim.advance(to: SimTime.seconds(15))
    let s = sim.snapshot(includePods: false)
    #expect(s.phase == .paused)
    #expect(s.revisions.first { $0.isNew }!.replicas == 5)
    #expect(sim.actionLog.contains { if case .rejected(let m) = $0.outcome { return m.hasPrefix("undo: you cannot rollback a paused deployment") }; return false })
    while !sim.isFinished, sim.stepToNextEvent() {}
    #expect(sim.snapshot().phase == .healthy)
  }

  /// Same input and seed → the same trace; another seed picks another pod to kill.
  @Test func deterministicTraces() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [ScheduledAction(at: SimTime.seconds(3), verb: .killPod), ScheduledAction(at: SimTime.seconds(4), verb: .nodeDown(2))]
    func trace(_ seed: UInt64) throws -> String {
      var i = input
      i.seed = seed
      var sim = try Simulation(i)
      var lines = [TraceFormat.jsonLine(sim.snapshot(includePods: false), events: sim.instantEvents)]
      while !sim.isFinished, sim.stepToNextEvent() {
        if sim.lastInstantChanged { lines.append(TraceFormat.jsonLine(sim.snapshot(includePods: false), events: sim.instantEvents)) }
      }
      lines.append(TraceFormat.summaryLine(sim.summary()))
      return lines.joined(separator: "\n")
    }
    #expect(try trace(7) == trace(7))
    #expect(try trace(7) != trace(8))
  }

  /// revisionHistoryLimit removes fully scaled-down old ReplicaSets beyond the limit.
  @Test func revisionHistoryLimit() throws {
    var d = Fixture.deployment()
    d.revisionHistoryLimit = 1
    var input = Fixture.input(d)
    input.actions = [ScheduledAction(at: SimTime.seconds(30), verb: .setImage("shop:1.2"))]
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    let rows = try Fixture.trace(input)
    let revs = rows.last!.snap.revisions.map(\.revision)
    #expect(revs == [3, 2])
  }
}
