import PropertyBased
import Testing
@testable import RolloutEngine

/// The batch forms of the pod lifecycle (a timer's pods gone, started or available at
/// once, a scale-down's victims terminated together, a scheduling pass that places
/// every pod and then starts them, the initial fleet written a column at a time)
/// against the one-pod forms they stand for (`Cluster.onePodAtATime`): over random
/// Deployments and Rollouts, images with and without faults, small clusters that
/// leave pods Pending, and random actions, both runs are identical at every instant:
/// the snapshot with every pod and the events, every pod column, the node lists and
/// the retry queue.
@Suite struct BatchLifecycleTests {
  static func scenario(seed: UInt64) -> SimulationInput {
    var g = SplitMix64(seed: seed)
    func r(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    let startup = Double(2 * r(4))
    var newImage = ImageBehavior(
      startupSeconds: Double(r(5)), crashLoop: r(8) == 0, crashAfterSeconds: Double(r(3)), neverReady: r(10) == 0,
      shutdownSeconds: [nil, 0, 1, 3][r(4)])
    if r(6) == 0 { newImage.readinessStopsAfterSeconds = 20 }
    let nodes = 1 + r(4)
    var cluster = ClusterSpec.uniform(count: nodes, cpuMillis: 1000 * (1 + r(4)), memoryBytes: 1 << 34)
    if r(4) == 0 { cluster.scheduling = .firstFit }
    if r(5) == 0 { cluster.nodes[0].cpuMillis += 500 }
    let verbs: [ActionVerb] = [
      .scale(1 + r(50)), .undo(revision: nil), .setImage("shop:1.2"), .killPod, .nodeDown(1 + r(nodes)), .nodeUp(1 + r(nodes)),
      .pause, .resume, .abort, .promote,
    ]
    let actions = (0..<r(5)).map { _ in ScheduledAction(at: SimTime.seconds(r(90)), verb: verbs[r(verbs.count)]) }
    let replicas = 1 + r(40)
    var input: SimulationInput
    switch r(4) {
    case 0:
      let steps: [CanaryStep] = [.setWeight(1 + r(60)), .pause(seconds: 5 + r(20)), .setWeight(80)]
      input = RolloutFixture.input(
        RolloutFixture.canary(replicas: replicas, steps: steps, maxSurge: .int(r(3)), maxUnavailable: .int(1 + r(2))), newImage: newImage,
        actions: actions, cluster: cluster)
    case 1:
      input = RolloutFixture.input(
        RolloutFixture.blueGreen(replicas: replicas, auto: r(2) == 0), newImage: newImage, actions: actions, cluster: cluster)
    default:
      let probe = r(3) == 0 ? ReadinessProbe(initialDelaySeconds: r(5), periodSeconds: 1 + r(3)) : nil
      let d = Fixture.deployment(
        replicas: replicas, maxSurge: .int(r(4)), maxUnavailable: .int(1 + r(3)), recreate: r(6) == 0, minReadySeconds: r(3),
        cpuMillis: [0, 100, 250, 500][r(4)], probe: probe)
      input = Fixture.input(d, startup: startup, newImage: newImage, cluster: cluster, actions: actions, seed: g.next())
    }
    input.images["shop:1.2"] = ImageBehavior(startupSeconds: Double(r(3)))
    return input
  }

  /// Everything the two runs must agree on, as one comparable value.
  static func state(_ s: Simulation) -> [[Int]] {
    let c = s.cluster
    let p = c.pods
    let live = (0..<p.capacity).filter { p.state[$0] != PodStore.gone }
    return [
      p.state.map(Int.init), p.rs.map(Int.init), p.node.map(Int.init), p.nodeNext.map(Int.init), p.nodePrev.map(Int.init),
      p.liveIndex.map(Int.init), p.serial.map(Int.init), p.restarts.map(Int.init), p.free.map(Int.init), p.freeLater.map(Int.init),
      live.map { Int(p.since($0)) }, live.map { Int(p.createdAt($0)) }, live.map { Int(p.readyAt($0)) },
      c.nodeHead.map(Int.init), c.unscheduled.map(Int.init), c.nodes.flatMap { [$0.requestedCpuMillis, Int($0.requestedMemoryBytes), $0.pods] },
      c.replicaSets.flatMap { [$0.pending, $0.creating, $0.running, $0.ready, $0.available, $0.crashLooping, $0.terminating] + $0.live.map(Int.init) },
      [c.podTransitions, c.existingPods, c.activePods, s.nextEventTime().map(Int.init) ?? -1],
    ]
  }

  static func compare(seed: UInt64) throws {
    let input = scenario(seed: seed)
    var batched = try Simulation(input, onePodAtATime: false)
    var reference = try Simulation(input, onePodAtATime: true)
    for step in 0..<400 {
      let a = batched.snapshot(maxEvents: 10_000)
      let b = reference.snapshot(maxEvents: 10_000)
      guard a == b, state(batched) == state(reference), batched.instantEvents == reference.instantEvents else {
        Issue.record("seed \(seed): the runs differ at t=\(batched.now) (step \(step))")
        return
      }
      guard batched.now < 600_000 else { return }
      let moved = batched.stepToNextEvent()
      #expect(moved == reference.stepToNextEvent(), "seed \(seed) step \(step)")
      if !moved { return }
    }
  }

  @Test func batchesEqualOnePodAtATime() async {
    await propertyCheck(count: 120, input: Gen.int(in: 1...1_000_000)) { seed in
      try Self.compare(seed: UInt64(seed))
    }
  }

  /// The initial fleet on like nodes, written a column at a time, is what the
  /// scored loop writes (the reference: `auditPicks` takes the loop).
  @Test(arguments: [(7, 3), (15, 5), (30, 5), (1, 1), (0, 4), (40, 7)])
  func seededFleetEqualsTheLoop(pods: Int, nodes: Int) {
    func seeded(audit: Bool) -> Cluster {
      var c = Cluster(spec: .uniform(count: nodes, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 1)
      c.auditPicks = audit
      let rs = c.createReplicaSet(template: UniformFleetSeedTests.template, revision: 1, minReadySeconds: 0)
      _ = c.seedAvailablePods(rs: rs, count: pods)
      return c
    }
    var fast = seeded(audit: false)
    let loop = seeded(audit: true)
    #expect(loop.pickMismatches.isEmpty)
    let p = fast.pods
    let q = loop.pods
    #expect(p.state == q.state && p.node == q.node && p.nodeNext == q.nodeNext && p.nodePrev == q.nodePrev && p.liveIndex == q.liveIndex)
    #expect((0..<p.capacity).map { p.readyAt($0) } == (0..<q.capacity).map { q.readyAt($0) })
    #expect(fast.nodeHead == loop.nodeHead && Array(fast.unscheduled) == Array(loop.unscheduled))
    #expect(fast.nodes.map(\.pods) == loop.nodes.map(\.pods) && fast.nodes.map(\.requestedCpuMillis) == loop.nodes.map(\.requestedCpuMillis))
    #expect(fast.replicaSets[0].available == loop.replicaSets[0].available && fast.replicaSets[0].pending == loop.replicaSets[0].pending)
    for cpu in [300, 100, 1000] { #expect(fast.pickNode(cpu: cpu, memory: 0) == fast.pickNodeLinear(cpu: cpu, memory: 0)) }
  }
}
