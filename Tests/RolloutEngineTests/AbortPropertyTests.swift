import PropertyBased
import Testing
@testable import RolloutEngine

/// After any applied `abort` on a Rollout that is not fully promoted (basic canary;
/// traffic-routed canary, with or without dynamicStableScale; blue/green, with or
/// without post-promotion analysis), within the stable's start-up time (one per setWeight step
/// to step back through with dynamicStableScale) every request goes to the stable
/// image, and no instant routes traffic to a ReplicaSet with 0 ready pods.
@Suite struct AbortPropertyTests {
  static func rollout(kind: Int, replicas: Int, weight: Int) -> RolloutSpec {
    switch kind {
    case 0, 1:
      var r = RolloutFixture.canary(
        replicas: replicas, steps: [.setWeight(weight), .pause(seconds: 20), .setWeight(min(100, weight + 30)), .pause(seconds: nil)],
        routing: ControlFlowFixture.istio)
      if case .canary(var s) = r.strategy {
        s.dynamicStableScale = kind == 1
        r.strategy = .canary(s)
      }
      return r
    case 2: return RolloutFixture.blueGreen(replicas: replicas, auto: weight % 2 == 0)
    case 4:
      return RolloutFixture.canary(
        replicas: replicas, steps: [.setWeight(weight), .pause(seconds: 20), .setWeight(min(100, weight + 30)), .pause(seconds: nil)])
    default: return RolloutFixture.blueGreen(replicas: replicas, auto: true, post: ControlFlowFixture.delayedRef)
    }
  }

  static func check(kind: Int, replicas: Int, weight: Int, startup: Int, abortAt: Int) throws {
    let r = rollout(kind: kind, replicas: replicas, weight: weight)
    let input = RolloutFixture.input(
      r, newImage: ImageBehavior(startupSeconds: Double(startup)), templates: [ControlFlowFixture.errorRateDelayed],
      actions: [ControlFlowFixture.at(Double(abortAt), .abort)])
    let label = "kind=\(kind) N=\(replicas) W=\(weight) startup=\(startup) abort=\(abortAt)"
    var sim = try Simulation(input)
    // Start-up of the stable's replacement pods (the seeded image starts in 5 s). With
    // dynamicStableScale the weight steps back down through the setWeight values
    // (`calculateDesiredWeightOnAbortOrStableRollback` → `GetDesiredCanaryWeight`),
    // one stable start-up per step: up to two here.
    // A basic canary drains its pods as the stable regrows within maxSurge /
    // maxUnavailable: at worst one pod per stable start-up.
    let rounds = kind == 4 ? replicas + 1 : kind == 1 ? 2 : 1
    let bound = SimTime.seconds(abortAt + rounds * (5 + 1))
    var applied: Bool?
    var steps = 0
    func check() {
      let s = sim.snapshot(includePods: false)
      for (rev, share) in s.traffic.shares where share > 0 {
        let rs = s.revisions.first { $0.revision == rev }
        #expect((rs?.ready ?? 0) > 0, "\(label) t=\(sim.now): \(share) of traffic to revision \(rev) with no ready pod")
        if applied == true, sim.now >= bound {
          #expect(rs?.image == "shop:1.0", "\(label) t=\(sim.now): \(share) of traffic to \(rs?.image ?? "?") after the abort")
        }
      }
    }
    check()
    while sim.now < SimTime.seconds(abortAt + 120), sim.stepToNextEvent() {
      if applied == nil, let a = sim.actionLog.first { applied = a.outcome.isApplied }
      check()
      steps += 1
      if steps > 20_000 { break }
    }
    #expect(applied != nil, "\(label): the abort never ran")
    if applied == true {
      #expect(sim.summary().outcome == .aborted, "\(label)")
      #expect(!sim.summary().completed, "\(label)")
    }
  }

  @Test func abortSendsEveryRequestToTheStable() async {
    await propertyCheck(
      count: 150, input: Gen.int(in: 0...4), Gen.int(in: 1...12), Gen.int(in: 1...99), Gen.int(in: 0...10), Gen.int(in: 0...40)
    ) { kind, replicas, weight, startup, abortAt in
      try? Self.check(kind: kind, replicas: replicas, weight: weight, startup: startup, abortAt: abortAt)
    }
  }
}
