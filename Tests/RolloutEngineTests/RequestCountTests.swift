import Testing
@testable import RolloutEngine

/// Cumulative request counts are counters: neither `ok` nor `failed` ever goes down
/// from one trace instant to the next, whatever the routing does in between.
@Suite struct RequestCountTests {
  @Test(arguments: [0.0, 0.02, 0.1], Array(stride(from: SimTime(2), to: 20_000, by: 487)))
  func cumulativeCountsNeverDecrease(errorRate: Double, nodeDownAt: SimTime) throws {
    let d = Fixture.deployment(cpuMillis: 250)
    var input = Fixture.input(
      d, startup: 12, newImage: ImageBehavior(startupSeconds: 12, errorRate: errorRate),
      traffic: TrafficSpec(requestsPerSecond: 400, podCapacity: 50))
    // Instants a millisecond apart, where fractional request counts cross integers.
    input.actions = [
      ScheduledAction(at: nodeDownAt - 1, verb: .killPod), ScheduledAction(at: nodeDownAt, verb: .nodeDown(1)),
      ScheduledAction(at: nodeDownAt + 1, verb: .killPod), ScheduledAction(at: nodeDownAt + 3, verb: .killPod),
    ]
    var sim = try Simulation(input)
    var last = sim.snapshot(includePods: false).traffic
    var instants = 0
    while !sim.isFinished, sim.stepToNextEvent(), sim.now < 120_000 {
      let t = sim.snapshot(includePods: false).traffic
      #expect(t.requestsOk >= last.requestsOk, "ok went down at \(sim.now)")
      #expect(t.requestsFailed >= last.requestsFailed, "failed went down at \(sim.now)")
      last = t
      instants += 1
    }
    #expect(instants > 5)
    #expect(last.requestsOk > 0)
  }
}

/// The case that broke `floor(total) − floor(ok)`: `ok` crosses an integer while
/// `total` doesn't, and the derived failure count stepped back from 5 to 4.
@Test func eachCounterIsRoundedOnItsOwn() {
  let before = RequestCounts(ok: 95.6, failed: 4.5)
  let after = RequestCounts(ok: 96.0, failed: 4.5)
  #expect(Int64(before.total.rounded(.down)) - Int64(before.ok.rounded(.down)) == 5)
  #expect(Int64(after.total.rounded(.down)) - Int64(after.ok.rounded(.down)) == 4)
  #expect(before.failedCount == 4 && after.failedCount == 4)
  #expect(before.okCount == 95 && after.okCount == 96)
}
