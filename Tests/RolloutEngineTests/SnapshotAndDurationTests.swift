import Testing

@testable import RolloutEngine

/// `Simulation.podViews()` is a counting sort for speed (the dashboard calls it every
/// frame); these pin it to the plain grouped definition it replaced, and `parseDuration`
/// / `SimTime.seconds` to never trapping on huge input.
@Suite struct SnapshotAndDurationTests {
  /// The definition: one array per node in node order, unscheduled last, pod-slot order
  /// within each, flattened.
  static func groupedPodViews(_ sim: Simulation) -> [PodView] {
    var byNode = [[PodView]](repeating: [], count: sim.cluster.nodes.count + 1)
    let p = sim.cluster.pods
    for i in 0..<p.capacity where p.state[i] != PodStore.gone {
      let n = Int(p.node[i])
      byNode[n < 0 ? sim.cluster.nodes.count : n].append(
        PodView(
          revision: sim.cluster.replicaSets[Int(p.rs[i])].revision, state: p.displayState(Int32(i)), node: Int32(n),
          restarts: Int(p.restarts[i])))
    }
    return byNode.flatMap { $0 }
  }

  /// A cluster too small for the surge (unscheduled pods), several nodes with
  /// spread placement (node order ≠ slot order), and freed slots reused by later pods.
  @Test func podViewsMatchTheGroupedDefinitionAtEveryInstant() throws {
    let cluster = ClusterSpec.uniform(count: 3, cpuMillis: 1_000, memoryBytes: 8 << 30, scheduling: .leastAllocated)
    let input = Fixture.input(
      Fixture.deployment(replicas: 12, maxSurge: .int(4), maxUnavailable: .int(2), cpuMillis: 250),
      cluster: cluster)
    var sim = try Simulation(input)
    var instants = 0
    var sawUnscheduled = false
    var sawReusedSlot = false
    while !sim.isFinished, sim.stepToNextEvent() {
      instants += 1
      let fast = sim.podViews()
      #expect(fast == Self.groupedPodViews(sim), "at \(sim.now) ms")
      #expect(sim.snapshot().pods == fast)
      if fast.contains(where: { $0.node == -1 }) { sawUnscheduled = true }
      if sim.cluster.pods.capacity < Int(sim.cluster.pods.nextSerial) { sawReusedSlot = true }
    }
    #expect(instants > 5)
    #expect(sawUnscheduled)
    #expect(sawReusedSlot)
  }

  @Test func podViewsOfAnEmptyClusterIsEmpty() throws {
    let sim = try Simulation(Fixture.input(Fixture.deployment(replicas: 0), from: nil))
    #expect(sim.podViews() == [])
  }

  @Test(arguments: [
    "1e300", "99999999999999999999h", "1000000001", "999999999h", "16666667m", "1000000000.5s", "1e10",
    "500000000s500000001s", String(repeating: "9", count: 400) + "s", String(repeating: "1s", count: 40), "inf", "-0.5",
  ])
  func hugeOrHostileDurationsAreNil(text: String) {
    #expect(parseDuration(text) == nil)
  }

  @Test(arguments: [
    ("1000000000", SimTime(1_000_000_000_000)), ("16666666m", 999_999_960_000), ("277777h46m40s", 1_000_000_000_000),
    ("45s", 45_000), ("1h30m", 5_400_000), ("500ms", 500), ("1.5s", 1500), (" 10s ", 10_000),
  ])
  func durationsUpToTheBoundParse(text: String, ms: SimTime) {
    #expect(parseDuration(text) == ms)
  }

  @Test func secondsSaturatesInsteadOfTrapping() {
    #expect(SimTime.seconds(1e300) == .never)
    #expect(SimTime.seconds(Double.infinity) == .never)
    #expect(SimTime.seconds(-1e300) == -.never)
    #expect(SimTime.seconds(-Double.infinity) == -.never)
    #expect(SimTime.seconds(Double.nan) == 0)
    #expect(SimTime.seconds(2.3e15) == 2_300_000_000_000_000_000)
    #expect(SimTime.seconds(2.4e15) == .never)
    #expect(SimTime.seconds(1.5) == 1500)
    #expect(SimTime.seconds(Int.max) == .never)
    #expect(SimTime.seconds(Int.min) == -.never)
    #expect(SimTime.seconds(Int(Int32.max), plus: Int(Int32.max), times: Int(Int32.max)) == .never)
    #expect(SimTime.seconds(Int.max, plus: Int.max, times: Int.max) == .never)
    #expect(SimTime.seconds(1, plus: 2, times: 3) == 7000)
    #expect(SimTime.never.addingReportingOverflow(.never).overflow == false)
    #expect(SimTime.never.multipliedReportingOverflow(by: 3).overflow == false)
    #expect(SimTime.seconds(45) == 45_000)
  }
}
