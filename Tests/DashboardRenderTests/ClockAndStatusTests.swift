import DashboardRender
import RolloutEngine
import Testing

/// Issue 13, "smaller": rejected keys advanced a paused clock and flooded EVENTS;
/// speed max ran for hours after the rollout settled and wiped TREND; the status
/// line was sticky.
@Suite struct ClockAndStatusTests {
  @Test func rejectedKeysLeaveAPausedClockAndEventsAlone() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(20))
    s.handle(.char(" "))
    let before = s.simulation.snapshot(maxEvents: 1000)
    for _ in 0..<20 { s.handle(.char("p")) }  // a Deployment has no steps
    let after = s.simulation.snapshot(maxEvents: 1000)
    #expect(after.time == before.time)
    #expect(after.events == before.events)
    #expect(s.recording.isEmpty)
    #expect(s.ui.status.hasPrefix("promote: "))
  }

  @Test func appliedKeysStillActAndRecord() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(20))
    s.handle(.char(" "))
    s.handle(.char("u"))
    #expect(s.recording.count == 1 && s.recording[0].at == 20_001)
  }

  @Test func maxSpeedStopsWhenTheRolloutSettles() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: 0)
    s.setSpeed(nil)
    for _ in 0..<50 { s.tick(wallSeconds: 0.5) }
    #expect(s.isSettled)
    #expect(s.ui.settled)
    let settledAt = s.simulation.now
    #expect(settledAt < .seconds(120), "ran on to \(formatDuration(settledAt))")
    s.tick(wallSeconds: 0.5)
    #expect(s.simulation.now == settledAt)
    // TREND still covers the rollout, not an hour of the settled state.
    #expect(s.ui.history.count <= Int(settledAt / 1000) + 1)
    // A key that changes something starts the clock again.
    s.handle(.char("s"))
    for c in "5" { s.handle(.char(c)) }
    s.handle(.enter)
    s.tick(wallSeconds: 0.5)
    #expect(s.simulation.now > settledAt)
  }

  @Test func statusMessagesExpire() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(5))
    s.handle(.char("x"))
    #expect(s.ui.status.hasPrefix("kill-pod: "))
    for _ in 0..<7 { s.tick(wallSeconds: 1) }
    #expect(!s.ui.status.isEmpty)
    s.tick(wallSeconds: 1)
    #expect(s.ui.status.isEmpty)
  }

  @Test func aNewKeyReplacesTheStatus() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(5))
    s.handle(.char("x"))
    #expect(!s.ui.status.isEmpty)
    s.handle(.tab)
    #expect(s.ui.status.isEmpty)
  }
}

extension ClockAndStatusTests {
  /// The end-of-run banner when the rollout settles: how it ended and what it cost.
  @Test func endOfRunBannerWhenTheRolloutSettles() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: 0)
    #expect(s.ui.banner == nil)
    s.setSpeed(nil)
    for _ in 0..<20 { s.tick(wallSeconds: 0.5) }
    let banner = try #require(s.ui.banner)
    let summary = s.simulation.summary()
    #expect(banner.complete)
    #expect(banner.lines[0] == "settled at t=\(formatDuration(s.simulation.now - s.simulation.now % 1000)): complete: revision 2 serves, Healthy")
    #expect(banner.lines[1] == "peak pods \(summary.peakPods) (\(summary.peakPodsIncludingTerminating) with terminating), fewest available \(summary.minAvailable)")
    #expect(banner.lines[2].hasPrefix("failed requests \(summary.requestsFailed) of "))
    let text = s.render(width: 80, height: 24).text
    #expect(text.contains("END OF RUN") && text.contains(banner.lines[0]))
    // A key that starts another rollout takes it away.
    s.handle(.char("i"))
    for c in "shop:2" { s.handle(.char(c)) }
    s.handle(.enter)
    #expect(s.ui.banner == nil)
    s.setSpeed(1)
    s.tick(wallSeconds: 0.1)
    #expect(s.ui.banner == nil)
  }

  @Test func abortedRunsSayAborted() throws {
    var s = try StrategyFiles.session("canary-analysis-fails.yaml", at: 0)
    s.setSpeed(nil)
    for _ in 0..<20 { s.tick(wallSeconds: 0.5) }
    let banner = try #require(s.ui.banner)
    #expect(!banner.complete)
    #expect(banner.lines[0].contains(": aborted (Degraded): revision 2 never took over"), "\(banner.lines)")
  }
}

extension ClockAndStatusTests {
  /// Why not yet: paused, the status line says what happens next and when.
  @Test func pausedStatusSaysWhatHappensNext() throws {
    var s = try StrategyFiles.session("canary.yaml", at: .seconds(20))
    s.handle(.char(" "))
    s.handle(.escape)  // clear the "clock paused" message
    let last = String(s.render(width: 120, height: 36).text.split(separator: "\n", omittingEmptySubsequences: false)[35])
    #expect(last.hasPrefix("next at t=35s (in 15s): RolloutStepCompleted "), "\(last)")
    // Walking there with `.` lands on it.
    while s.simulation.now < .seconds(35) { s.handle(.char(".")) }
    #expect(s.simulation.now == .seconds(35))
  }
}

extension ClockAndStatusTests {
  /// At a BlueGreenPause nothing is scheduled, but the rollout has not settled: it waits.
  @Test func pausedAtAPromoteGateSaysItWaits() throws {
    var s = try StrategyFiles.session("blue-green-manual.yaml", at: .seconds(30))
    s.handle(.char(" "))
    s.handle(.escape)
    #expect(s.nextUp() == "next: nothing is scheduled; the rollout waits for a key (at a pause, p promotes)")
  }
}
