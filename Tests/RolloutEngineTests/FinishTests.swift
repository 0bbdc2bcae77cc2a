import Testing

@testable import RolloutEngine

/// After the rollout finishes: nothing stays queued (a progress-deadline wake can
/// change nothing), and the summary's duration is the finish, not the clock.
@Suite struct FinishTests {
  static func rolling() -> SimulationInput {
    Fixture.input(Fixture.deployment(replicas: 10))
  }

  @Test func nothingQueuedOnceFinished() throws {
    var sim = try Simulation(Self.rolling())
    while !sim.isFinished, let t = sim.nextEventTime() { sim.advance(to: t) }
    #expect(sim.isFinished)
    #expect(sim.nextEventTime() == nil, "a stale wake at \(sim.nextEventTime() ?? -1)")
  }

  @Test func durationIsTheFinish() throws {
    var sim = try Simulation(Self.rolling())
    while !sim.isFinished, let t = sim.nextEventTime() { sim.advance(to: t) }
    let finish = sim.now
    sim.advance(to: finish + .seconds(3600))
    #expect(sim.summary().duration == finish)
    #expect(sim.finishedAt == finish)
    // An action re-opens the run: its duration then runs to the new finish.
    _ = sim.perform(.scale(12))
    #expect(sim.finishedAt == nil)
    while !sim.isFinished, let t = sim.nextEventTime() { sim.advance(to: t) }
    #expect(sim.summary().duration == sim.now && sim.now > finish + .seconds(3600))
  }
}
