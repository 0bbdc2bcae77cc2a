import Testing
@testable import RolloutEngine

/// Exact step-by-step traces where the conformance-tested math decides: proportional
/// scaling mid-rollout (k8s-deployment.md §10) and the basic canary's approximated
/// split and Step C pacing (argo-rollouts.md §2.4, §2.6). Pods are ready 5 s after
/// creation; controller passes settle at each instant.
@Suite struct ControllerMathTraceTests {
  /// (t, [spec/available per revision, newest first], scaling events with their why).
  struct Row: Equatable, CustomStringConvertible {
    var t: Double
    var revisions: [String]
    var scaling: [String]
    var description: String { "t=\(t) \(revisions) \(scaling)" }
  }

  static func deploymentRows(_ input: SimulationInput, until: Double = 600) throws -> [Row] {
    var sim = try Simulation(input)
    var rows: [Row] = []
    func record() {
      let s = sim.snapshot(includePods: false)
      rows.append(
        Row(
          t: sim.now.inSeconds, revisions: s.revisions.map { "r\($0.revision) \($0.replicas)/\($0.available)" },
          scaling: sim.instantEvents.filter { $0.reason == "ScalingReplicaSet" }.map { "\($0.message) | \($0.why ?? "")" }))
    }
    record()
    while !sim.isFinished, let t = sim.nextEventTime(), t <= SimTime.seconds(until) {
      sim.stepToNextEvent()
      if sim.lastInstantChanged, !sim.instantEvents.filter({ $0.reason == "ScalingReplicaSet" }).isEmpty { record() }
    }
    return rows
  }

  /// R=10, 25 %/25 % (surge 3, unavailable 2), `scale=20` at t=1 s while the rollout
  /// sits at new 5 / old 8 (max-replicas 13). R + surge = 20 + 5 = 25, toAdd = 12:
  /// the larger old ReplicaSet first, 8 → round(8×25/13) = 15, then new
  /// 5 → round(5×25/13) = 10. The rollout then continues at R = 20.
  @Test func proportionalScalingTenToTwentyMidRollout() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [ScheduledAction(at: SimTime.seconds(1), verb: .scale(20))]
    let rows = try Self.deploymentRows(input)
    let names = try Simulation(input).snapshot(includePods: false).revisions.map(\.name)
    #expect(names.count == 2)
    let (new, old) = (names[0], names[1])
    let expected: [Row] = [
      Row(t: 0, revisions: ["r2 5/0", "r1 8/8"], scaling: [
        "Scaled up replica set \(new) to 3 | new 0→3: maxTotal 13 = 10 + maxSurge 3; current 10",
        "Scaled down replica set \(old) to 8 | old 10→8: minAvailable 8 = 10 − maxUnavailable 2; available 10",
        "Scaled up replica set \(new) to 5 | new 3→5: maxTotal 13; current 11",
      ]),
      Row(t: 1, revisions: ["r2 10/0", "r1 15/8"], scaling: [
        "Scaled up replica set \(old) to 15 | proportional: 10→20 replicas, allowed 25, rs 8→15 = round(8×25/13)",
        "Scaled up replica set \(new) to 10 | proportional: 10→20 replicas, allowed 25, rs 5→10 = round(5×25/13)",
      ]),
      // The first 5 new pods are available; the 7 old ones created at 1 s are not:
      // maxScaledDown = 25 − 15 − (10 − 5) = 5 removes 5 of them; Σ available 13 ≤ 15.
      Row(t: 5, revisions: ["r2 15/5", "r1 10/8"], scaling: [
        "Scaled down replica set \(old) to 10 | old 15→10: 7 unhealthy (spec 15 − available 8), maxScaledDown 5",
        "Scaled up replica set \(new) to 15 | new 10→15: maxTotal 25; current 20",
      ]),
      Row(t: 6, revisions: ["r2 20/10", "r1 5/5"], scaling: [
        "Scaled down replica set \(old) to 5 | old 10→5: minAvailable 15 = 20 − maxUnavailable 5; available 20",
        "Scaled up replica set \(new) to 20 | new 15→20: maxTotal 25; current 20",
      ]),
      Row(t: 10, revisions: ["r2 20/15", "r1 0/0"], scaling: [
        "Scaled down replica set \(old) to 0 | old 5→0: minAvailable 15 = 20 − maxUnavailable 5; available 20"
      ]),
    ]
    #expect(rows == expected)
    // After the event settles Σ spec stays within R + surge.
    #expect(rows.allSatisfy { r in r.revisions.map { Int($0.split(separator: " ")[1].split(separator: "/")[0])! }.reduce(0, +) <= 25 })
  }

  /// Scaling down mid-rollout: 10 → 5 at 1 s (new 5, old 8, max-replicas 13): allowed
  /// 5 + 2 = 7, toAdd = −6; larger first: old 8 → round(8×7/13) = 4, new 5 →
  /// round(5×7/13) = 3, leftover 0.
  @Test func proportionalScalingTenToFiveMidRollout() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [ScheduledAction(at: SimTime.seconds(1), verb: .scale(5))]
    let rows = try Self.deploymentRows(input)
    let r = try #require(rows.first { $0.t == 1 })
    #expect(r.revisions == ["r2 3/0", "r1 4/4"])
    #expect(r.scaling.map { $0.split(separator: "|")[1] } == [
      " proportional: 10→5 replicas, allowed 7, rs 8→4 = round(8×7/13)",
      " proportional: 10→5 replicas, allowed 7, rs 5→3 = round(5×7/13)",
    ])
    #expect(rows.last!.revisions == ["r2 5/5", "r1 0/0"])
  }

  /// A scale of a settled Deployment (one active ReplicaSet) goes to that ReplicaSet.
  @Test func scalingASettledDeploymentScalesTheOnlyActiveReplicaSet() throws {
    var input = Fixture.input(Fixture.deployment(), from: nil)
    input.actions = [ScheduledAction(at: SimTime.seconds(30), verb: .scale(4))]
    let rows = try Self.deploymentRows(input)
    let r = try #require(rows.first { $0.t == 30 })
    #expect(r.revisions == ["r1 4/4"])
    #expect(r.scaling.count == 1)
    #expect(r.scaling[0].hasSuffix("| scaled: 10→4 replicas, the only active ReplicaSet 10→4"))
  }

  static func canaryRows(_ r: RolloutSpec, input: SimulationInput? = nil, until: Double = 120) throws -> [Row] {
    try RolloutFixture.run(input ?? RolloutFixture.input(r), until: SimTime.seconds(until)).compactMap { row in
      let scaling = row.events.filter { $0.reason == "ScalingReplicaSet" }
      guard !scaling.isEmpty else { return nil }
      return Row(
        t: row.t.inSeconds, revisions: row.snap.revisions.map { "r\($0.revision) \($0.replicas)/\($0.available)" },
        scaling: scaling.map { "\($0.message) | \($0.why ?? "")" })
    }
  }

  /// §2.6: N=5, defaults (surge 2, unavailable 1), setWeight 10 → canary 1 / stable 5:
  /// 6 pods, 16.7 % canary, ActualWeight 16. The weight-only split rounds 0.5 canaries
  /// up to 1 and, with surge allowed, total N + 1 is closer to 10 % than 1 of 5 is.
  @Test func basicCanaryFiveReplicasAtTenPercent() throws {
    let r = RolloutFixture.canary(replicas: 5, steps: [.setWeight(10), .pause(seconds: nil)])
    let all = try RolloutFixture.run(RolloutFixture.input(r), until: SimTime.seconds(60))
    let first = all[0]
    #expect(first.snap.revisions.map { "r\($0.revision) \($0.replicas)" } == ["r2 1", "r1 5"])
    let e = try #require(first.events.first { $0.reason == "ScalingReplicaSet" })
    #expect(
      e.why
        == "canary 0→1: weight 10% of 5 → target canary 1 / stable 5; maxTotal 7 = 5 + maxSurge 2, current 5; minAvailable 4 = 5 − maxUnavailable 1, counted available 5")
    let last = all.last!
    #expect(last.snap.phase == .paused)
    #expect(last.snap.revisions.map { "r\($0.revision) \($0.replicas)/\($0.available)" } == ["r2 1/1", "r1 5/5"])
    #expect(last.snap.traffic.actualWeight == 16)
  }

  /// §2.6: N=10, surge 1, unavailable 0, setWeight 20: canary +1 (11 pods) → ready →
  /// stable −1 (10 pods) and canary +1 in the same instant → ready → stable −1.
  @Test func basicCanarySurgeOneAlternates() throws {
    let r = RolloutFixture.canary(replicas: 10, steps: [.setWeight(20), .pause(seconds: nil)], maxSurge: .int(1), maxUnavailable: .int(0))
    let rows = try Self.canaryRows(r)
    #expect(rows.map(\.t) == [0, 5, 10])
    #expect(rows.map(\.revisions) == [["r2 1/0", "r1 10/10"], ["r2 2/1", "r1 9/9"], ["r2 2/2", "r1 8/8"]])
    #expect(rows[1].scaling.map { $0.split(separator: "|")[1] } == [
      " stable 10→9: weight 20% of 10 → target canary 2 / stable 8; maxTotal 11 = 10 + maxSurge 1, current 11; minAvailable 10 = 10 − maxUnavailable 0, counted available 11",
      " canary 1→2: weight 20% of 10 → target canary 2 / stable 8; maxTotal 11 = 10 + maxSurge 1, current 10; minAvailable 10 = 10 − maxUnavailable 0, counted available 10",
    ])
  }

  /// §2.6: N=10, defaults (surge 3, unavailable 2), setWeight 20: the stable drops by 2
  /// first (to minAvailable 8) and the canary adds 2 in the same instant: the total
  /// never exceeds 10 nor falls below 8 available.
  @Test func basicCanaryDefaultsDropStableThenAddCanaries() throws {
    let r = RolloutFixture.canary(replicas: 10, steps: [.setWeight(20), .pause(seconds: nil)])
    let rows = try Self.canaryRows(r)
    #expect(rows.map(\.t) == [0])
    #expect(rows[0].revisions == ["r2 2/0", "r1 8/8"])
    #expect(rows[0].scaling.map { String($0.split(separator: "|")[1].prefix(14)) } == [" stable 10→8: ", " canary 0→2: w"])
  }

  /// Abort with dynamicStableScale (argo-rollouts.md §2.5): N=10 at setWeight 60
  /// (canary 6, stable 4, router 60). The desired weight steps down to 20 (the largest
  /// step whose 2 replicas are below the 6 the canary holds): the stable grows to 8
  /// first, the router moves to 20 once those 8 are available, then the canary shrinks
  /// to 2; then 0: stable 10, router 0, canary 0.
  @Test func dynamicStableScaleAbortStepsTheWeightDown() throws {
    var r = RolloutFixture.canary(
      replicas: 10, steps: [.setWeight(20), .pause(seconds: 10), .setWeight(60), .pause(seconds: nil)],
      routing: TrafficRouting(istio: IstioRouting(virtualService: "shop")))
    guard case .canary(var cs) = r.strategy else { return }
    cs.dynamicStableScale = true
    r.strategy = .canary(cs)
    var input = RolloutFixture.input(r)
    input.actions = [ScheduledAction(at: SimTime.seconds(60), verb: .abort)]
    let rows = try RolloutFixture.run(input, until: SimTime.seconds(200)).filter { $0.t >= SimTime.seconds(60) }
    let moves = rows.flatMap { row in
      row.events.filter { $0.reason == "ScalingReplicaSet" || $0.reason == "TrafficWeightUpdated" }.map { "\(row.t.inSeconds) \($0.message)" }
    }
    let canary = rows[0].snap.revisions[0].name, stable = rows[0].snap.revisions[1].name
    #expect(moves == [
      "60.0 Scaled up ReplicaSet \(stable) (revision 1) from 4 to 8",
      "65.0 Traffic weight updated from 60 to 20",
      "65.0 Scaled down ReplicaSet \(canary) (revision 2) from 6 to 2",
      "65.0 Scaled up ReplicaSet \(stable) (revision 1) from 8 to 10",
      "70.0 Traffic weight updated from 20 to 0",
      "70.0 Scaled down ReplicaSet \(canary) (revision 2) from 2 to 0",
    ])
    let first = try #require(rows[0].events.first { $0.reason == "ScalingReplicaSet" })
    #expect(first.why == "stable 4→8: abort with dynamicStableScale: weight steps down to 20, router at 60; max(ceil(80·10/100), ceil(40·10/100))")
    #expect(rows.last!.snap.phase == .degraded)
  }

  /// The gated `TerminationComplete` policy (k8s-deployment.md §3.3) counts the 2 old
  /// pods still terminating against maxTotal 13: the new ReplicaSet stays at 3 until
  /// they have exited (1 s grace), where the classic formula goes to 5 at once.
  @Test func terminationCompleteWaitsForTerminatingPods() throws {
    var d = Fixture.deployment()
    d.podReplacementPolicy = .terminationComplete
    let rows = try Self.deploymentRows(Fixture.input(d))
    #expect(rows.prefix(2).map(\.t) == [0, 1])
    #expect(rows[0].revisions == ["r2 3/0", "r1 8/8"])
    #expect(rows[1].revisions == ["r2 5/0", "r1 8/8"])
    #expect(rows[1].scaling.map { $0.split(separator: "|")[1] } == [" new 3→5: maxTotal 13; current 11"])
    #expect(rows.last!.revisions == ["r2 10/8", "r1 0/0"])
  }

  /// §9.4/§10: a paused Deployment still scales proportionally and rolls nothing
  /// else until resumed: pause at 1 s (new 5 / old 8), scale=20 at 2 s → 10 / 15, the
  /// same split as unpaused; nothing else moves until the resume at 30 s.
  @Test func pausedDeploymentScalesProportionally() throws {
    var input = Fixture.input(Fixture.deployment())
    input.actions = [
      ScheduledAction(at: SimTime.seconds(1), verb: .pause), ScheduledAction(at: SimTime.seconds(2), verb: .scale(20)),
      ScheduledAction(at: SimTime.seconds(30), verb: .resume),
    ]
    let rows = try Self.deploymentRows(input)
    #expect(rows.map(\.t) == [0, 2, 30, 35])
    #expect(rows[1].revisions == ["r2 10/0", "r1 15/8"])
    #expect(rows[1].scaling.map { $0.split(separator: "|")[1] } == [
      " proportional: 10→20 replicas, allowed 25, rs 8→15 = round(8×25/13)",
      " proportional: 10→20 replicas, allowed 25, rs 5→10 = round(5×25/13)",
    ])
    // Resumed with all 25 available: old 15 → 5 (budget 25 − 15), then new 10 → 20.
    #expect(rows[2].revisions == ["r2 20/10", "r1 5/5"])
    #expect(rows[3].revisions == ["r2 20/20", "r1 0/0"])
  }

  /// A new template while a basic canary sits at 40 % (canary 4 / stable 6): revision 3
  /// takes the canary role and revision 2 becomes an older ReplicaSet. Older ones drain
  /// by availability (available − minAvailable, newest revision first) before the
  /// stable or canary would shrink; the canary fills the surge meanwhile.
  @Test func basicCanaryRollOverDrainsTheOlderReplicaSet() throws {
    let r = RolloutFixture.canary(replicas: 10, steps: [.setWeight(40), .pause(seconds: nil)])
    var input = RolloutFixture.input(r)
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: 5)
    input.actions = [ScheduledAction(at: SimTime.seconds(20), verb: .setImage("shop:1.2"))]
    let rows = try Self.canaryRows(r, input: input).filter { $0.t >= 20 }
    #expect(rows.map(\.t) == [20, 25])
    #expect(rows.map(\.revisions) == [["r3 4/0", "r2 2/2", "r1 6/6"], ["r3 4/4", "r2 0/0", "r1 6/6"]])
    let older = rows.flatMap(\.scaling).filter { $0.contains("(revision 2)") }.map { String($0.split(separator: "|")[1]) }
    #expect(older == [
      " older 4→2: available 10 − minAvailable 8 leaves 2 to remove, newest revision first",
      " older 2→0: available 12 − minAvailable 8 leaves 4 to remove, newest revision first",
    ])
  }

  /// Undo back to the stable while a basic canary (surge 0, unavailable 1) sits at 40 %
  /// (canary 4 / stable 6): fast-tracked (steps skipped), but the stable regrows only
  /// within N + maxSurge = 10 and the canary drains by availability: one pod of each
  /// per 5 s, never more than 10 pods nor fewer than 9 available.
  @Test func basicCanaryUndoToStableStaysWithinTheLimits() throws {
    let r = RolloutFixture.canary(replicas: 10, steps: [.setWeight(40), .pause(seconds: nil)], maxSurge: .int(0), maxUnavailable: .int(1))
    var input = RolloutFixture.input(r)
    input.actions = [ScheduledAction(at: SimTime.seconds(30), verb: .undo(revision: nil))]
    let all = try RolloutFixture.run(input, until: SimTime.seconds(120))
    let rows = try Self.canaryRows(r, input: input).filter { $0.t >= 30 }
    #expect(rows.map(\.t) == [30, 35, 40, 45])
    #expect(rows.map(\.revisions) == [
      ["r3 7/6", "r2 3/3"], ["r3 8/7", "r2 2/2"], ["r3 9/8", "r2 1/1"], ["r3 10/9", "r2 0/0"],
    ])
    #expect(rows[0].scaling.map { String($0.split(separator: "|")[1]) } == [
      " older 4→3: available 10 − minAvailable 9 leaves 1 to remove, newest revision first",
      " stable 6→7: the current template is the stable one, target 10; maxTotal 10 = 10 + maxSurge 0, current 9; other ReplicaSets hold 3",
    ])
    for row in all where row.t >= SimTime.seconds(30) {
      #expect(row.snap.revisions.reduce(0) { $0 + $1.pods } <= 10)
      #expect(row.snap.revisions.reduce(0) { $0 + $1.available } >= 9)
    }
    #expect(all.last!.snap.phase == .healthy)
  }
}
