import PropertyBased
import Testing
@testable import RolloutEngine

/// Invariants over random rollouts (issue: "Property tests over random replicas /
/// surge / unavailable / start-up times").
@Suite struct InvariantPropertyTests {
  /// Checks every instant of a healthy RollingUpdate: the controller's own scaling
  /// never has more than R + maxSurge non-terminating pods, never fewer than
  /// R − maxUnavailable available, traffic shares sum to 1, and it completes.
  static func checkRollingUpdate(
    replicas: Int, surge: IntOrPercent, unavailable: IntOrPercent, startup: Int, probeDelay: Int, minReady: Int
  ) throws {
    let probe = probeDelay > 0 ? ReadinessProbe(initialDelaySeconds: probeDelay, periodSeconds: 2) : nil
    let d = Fixture.deployment(replicas: replicas, maxSurge: surge, maxUnavailable: unavailable, minReadySeconds: minReady, probe: probe)
    let input = Fixture.input(d, startup: Double(startup), cluster: .uniform(count: 4, cpuMillis: 64_000, memoryBytes: 1 << 40))
    var sim = try Simulation(input)
    let maxSurge = DeploymentUtil.maxSurge(d.strategy, replicas: replicas)
    let maxUnavailable = DeploymentUtil.maxUnavailable(d.strategy, replicas: replicas)
    let label = "R=\(replicas) surge=\(surge) unavail=\(unavailable) startup=\(startup) probe=\(probeDelay) minReady=\(minReady)"
    func check() {
      let s = sim.snapshot(includePods: false)
      let active = s.revisions.reduce(0) { $0 + $1.pods }
      let specs = s.revisions.reduce(0) { $0 + $1.replicas }
      let available = s.revisions.reduce(0) { $0 + $1.available }
      #expect(active <= replicas + maxSurge, "\(label) t=\(sim.now): \(active) active pods > R + maxSurge")
      #expect(specs <= replicas + maxSurge, "\(label) t=\(sim.now): Σ spec \(specs) > R + maxSurge")
      #expect(available >= replicas - maxUnavailable, "\(label) t=\(sim.now): \(available) available < R − maxUnavailable")
      if !s.traffic.shares.isEmpty {
        let sum = s.traffic.shares.values.reduce(0, +)
        #expect(abs(sum - 1) < 1e-9, "\(label) t=\(sim.now): shares sum to \(sum)")
      }
    }
    check()
    var steps = 0
    while !sim.isFinished, sim.stepToNextEvent() {
      check()
      steps += 1
      if steps > 10_000 { break }
    }
    #expect(sim.isFinished, "\(label): the rollout did not complete")
    #expect(sim.summary().completed, "\(label)")
  }

  static func value(_ raw: Int, percent: Bool) -> IntOrPercent { percent ? .percent(raw * 17 % 101) : .int(raw) }

  @Test func rollingUpdateInvariants() async {
    await propertyCheck(
      count: 150, input: Gen.int(in: 0...40), Gen.int(in: 0...6), Gen.int(in: 0...6), Gen.bool(), Gen.int(in: 0...15),
      Gen.int(in: 0...10)
    ) { replicas, s, u, pct, startup, probe in
      var surge = Self.value(s, percent: pct)
      var unavail = Self.value(u, percent: pct)
      // Validation rejects a literal 0/0; percentages that round to 0 are allowed.
      if case .int(0) = surge, case .int(0) = unavail { unavail = .int(1) }
      if case .percent(0) = surge, case .percent(0) = unavail { surge = .percent(10) }
      try? Self.checkRollingUpdate(replicas: replicas, surge: surge, unavailable: unavail, startup: startup, probeDelay: probe, minReady: startup % 4)
    }
  }

  /// The basic canary never exceeds N + maxSurge pods nor drops below
  /// N − maxUnavailable available from its own scaling; shares sum to 1.
  @Test func basicCanaryInvariants() async {
    await propertyCheck(count: 80, input: Gen.int(in: 1...30), Gen.int(in: 0...4), Gen.int(in: 0...4), Gen.int(in: 1...99), Gen.int(in: 0...12)) {
      replicas, s, u, weight, startup in
      var unavail = IntOrPercent.int(u)
      if s == 0 && u == 0 { unavail = .int(1) }
      let r = RolloutFixture.canary(
        replicas: replicas, steps: [.setWeight(weight), .pause(seconds: 10), .setWeight(min(99, weight + 30))], maxSurge: .int(s),
        maxUnavailable: unavail)
      var sim = try! Simulation(RolloutFixture.input(r, newImage: ImageBehavior(startupSeconds: Double(startup))))
      let (surge, maxU) = CanaryMath.resolveFenceposts(maxSurge: .int(s), maxUnavailable: unavail, replicas: replicas)
      var n = 0
      repeat {
        let snap = sim.snapshot(includePods: false)
        let active = snap.revisions.reduce(0) { $0 + $1.pods }
        let avail = snap.revisions.reduce(0) { $0 + $1.available }
        #expect(active <= replicas + surge, "N=\(replicas) s=\(s) u=\(u) W=\(weight) t=\(sim.now): \(active) pods")
        #expect(avail >= replicas - maxU, "N=\(replicas) s=\(s) u=\(u) W=\(weight) t=\(sim.now): \(avail) available")
        let sum = snap.traffic.shares.values.reduce(0, +)
        #expect(snap.traffic.shares.isEmpty || abs(sum - 1) < 1e-9)
        n += 1
      } while !sim.isFinished && sim.stepToNextEvent() && n < 5000
      #expect(sim.isFinished, "N=\(replicas) s=\(s) u=\(u) W=\(weight): did not complete")
    }
  }

  /// A traffic-routed canary (`…ForTrafficRoutedCanary`): whatever the pod counts,
  /// the canary's share of requests is exactly the router weight the CLI reports
  /// (`actualWeight`), the shares sum to 1, and the rollout completes at 100 %.
  @Test func trafficRoutedSharesEqualTheRouterWeight() async {
    await propertyCheck(count: 60, input: Gen.int(in: 1...25), Gen.int(in: 1...99), Gen.int(in: 1...99), Gen.int(in: 0...12)) {
      replicas, w1, w2, startup in
      let r = RolloutFixture.canary(
        replicas: replicas, steps: [.setWeight(w1), .pause(seconds: 10), .setWeight(w2), .pause(seconds: 5)],
        routing: TrafficRouting(istio: IstioRouting(virtualService: "shop")))
      var sim = try! Simulation(RolloutFixture.input(r, newImage: ImageBehavior(startupSeconds: Double(startup))))
      let label = "N=\(replicas) W=\(w1)/\(w2) startup=\(startup)"
      var n = 0
      var sawCanaryTraffic = false
      repeat {
        let snap = sim.snapshot(includePods: false)
        let sum = snap.traffic.shares.values.reduce(0, +)
        #expect(snap.traffic.shares.isEmpty || abs(sum - 1) < 1e-9, "\(label) t=\(sim.now): shares sum to \(sum)")
        if snap.traffic.shares.count == 2, let w = snap.traffic.actualWeight {
          let canary = snap.traffic.shares[2] ?? 0
          #expect(abs(canary - Double(w) / 100) < 1e-9, "\(label) t=\(sim.now): canary share \(canary), router \(w)")
          sawCanaryTraffic = true
        }
        n += 1
      } while !sim.isFinished && sim.stepToNextEvent() && n < 5000
      #expect(sim.isFinished, "\(label): did not complete")
      #expect(sawCanaryTraffic, "\(label): the canary never shared traffic with the stable")
      #expect(sim.snapshot(includePods: false).traffic.shares == [2: 1.0], "\(label): not all traffic on the new revision")
    }
  }

  /// Proportional scaling (`sync.go` `scale`): a `scale` mid-rollout shares
  /// R' + maxSurge(R') across the active ReplicaSets, so from that instant on Σ spec
  /// never exceeds R' + maxSurge(R') (the rolling update after it only scales up to
  /// that bound and only scales old ReplicaSets down), and the rollout still completes
  /// at exactly R' pods.
  @Test func proportionalScalingKeepsTheSurgeBound() async {
    await propertyCheck(
      count: 100, input: Gen.int(in: 1...30), Gen.int(in: 0...40), Gen.int(in: 0...12), Gen.int(in: 0...4), Gen.int(in: 0...4), Gen.int(in: 1...9)
    ) { replicas, target, at, s, u, startup in
      let unavail = IntOrPercent.int(s == 0 && u == 0 ? 1 : u)
      let d = Fixture.deployment(replicas: replicas, maxSurge: .int(s), maxUnavailable: unavail)
      var input = Fixture.input(d, startup: Double(startup), cluster: .uniform(count: 4, cpuMillis: 64_000, memoryBytes: 1 << 40))
      input.actions = [ScheduledAction(at: SimTime.seconds(at), verb: .scale(target))]
      guard var sim = try? Simulation(input) else {
        #expect(Bool(false), "simulation failed to start")
        return
      }
      let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(s), maxUnavailable: unavail)
      let bound = target + DeploymentUtil.maxSurge(strategy, replicas: target)
      let label = "R=\(replicas)→\(target) at \(at)s surge=\(s) unavail=\(u) startup=\(startup)"
      var steps = 0
      repeat {
        if !sim.actionLog.isEmpty {  // from the instant the scale was applied
          let specs = sim.snapshot(includePods: false).revisions.reduce(0) { $0 + $1.replicas }
          #expect(specs <= bound, "\(label) t=\(sim.now): Σ spec \(specs) > \(bound)")
        }
        steps += 1
      } while !sim.isFinished && sim.stepToNextEvent() && steps < 10_000
      #expect(sim.isFinished, "\(label): did not complete")
      let last = sim.snapshot(includePods: false)
      #expect(last.revisions.first { $0.isNew }?.available == target, "\(label)")
      #expect(last.revisions.filter { !$0.isNew }.allSatisfy { $0.replicas == 0 }, "\(label)")
    }
  }

  /// The basic canary's own scaling, with an abort or an undo back to the stable in
  /// the middle (the "decreasing" branch of Step C, and newRS = stableRS): never more
  /// than N + maxSurge pods, never fewer than N − maxUnavailable available, and both
  /// end with the stable image's N pods and no canary.
  @Test func basicCanaryAbortOrUndoKeepsTheLimits() async {
    await propertyCheck(
      count: 60, input: Gen.int(in: 1...25), Gen.int(in: 0...4), Gen.int(in: 0...4), Gen.int(in: 0...100), Gen.int(in: 1...9), Gen.int(in: 1...40), Gen.bool()
    ) { replicas, s, u, weight, startup, at, undo in
      let unavail = IntOrPercent.int(s == 0 && u == 0 ? 1 : u)
      let r = RolloutFixture.canary(replicas: replicas, steps: [.setWeight(weight), .pause(seconds: nil)], maxSurge: .int(s), maxUnavailable: unavail)
      var input = RolloutFixture.input(r, newImage: ImageBehavior(startupSeconds: Double(startup)))
      input.actions = [ScheduledAction(at: SimTime.seconds(at), verb: undo ? .undo(revision: nil) : .abort)]
      guard var sim = try? Simulation(input) else {
        #expect(Bool(false), "simulation failed to start")
        return
      }
      let (surge, maxU) = CanaryMath.resolveFenceposts(maxSurge: .int(s), maxUnavailable: unavail, replicas: replicas)
      let label = "N=\(replicas) s=\(s) u=\(u) W=\(weight) startup=\(startup) \(undo ? "undo" : "abort")=\(at)"
      while let t = sim.nextEventTime(), t <= SimTime.seconds(300) {
        let snap = sim.snapshot(includePods: false)
        let pods = snap.revisions.reduce(0) { $0 + $1.pods }
        let avail = snap.revisions.reduce(0) { $0 + $1.available }
        #expect(pods <= replicas + surge, "\(label) t=\(sim.now): \(pods) pods")
        #expect(avail >= replicas - maxU, "\(label) t=\(sim.now): \(avail) available")
        sim.stepToNextEvent()
      }
      let last = sim.snapshot(includePods: false)
      #expect(last.revisions.filter { $0.image == "shop:1.0" }.reduce(0) { $0 + $1.available } == replicas, "\(label): stable not back at N")
      #expect(last.revisions.filter { $0.image == "shop:1.1" }.allSatisfy { $0.replicas == 0 }, "\(label): canary not drained")
    }
  }

}
