import DashboardRender
import RolloutEngine
import Testing

/// Issue 13: `R` restart, `<` / `>` decisions, `g TIME` jumps, `b` breakpoints. Going
/// back re-runs from t=0 with the recorded keys; it must land on the identical state.
@Suite struct RewindTests {
  func type(_ s: inout DashboardSession, _ text: String) { for c in text { s.handle(.char(c)) } }

  /// A session that has been steered: a kill at 12 s, a scale at 20 s, ticks to 50 s.
  func steered(_ file: String = "canary.yaml") throws -> DashboardSession {
    var s = try StrategyFiles.session(file, at: .seconds(12))
    s.handle(.char("x"))
    for _ in 0..<8 { s.tick(wallSeconds: 1) }
    s.handle(.char("s"))
    type(&s, "12")
    s.handle(.enter)
    for _ in 0..<30 { s.tick(wallSeconds: 1) }
    return s
  }

  @Test func jumpBackAndForwardLandsOnTheIdenticalState() throws {
    var s = try steered()
    let t = s.simulation.now
    let snapshot = s.simulation.snapshot(maxEvents: 400)
    let screen = s.render(width: 120, height: 36)
    let recording = s.recording
    s.handle(.char("g"))
    type(&s, "5s")
    s.handle(.enter)
    #expect(s.simulation.now == .seconds(5))
    #expect(s.recording == recording)  // the keys ahead stay recorded
    // The state at 5 s is what a fresh run reaches at 5 s.
    var fresh = try StrategyFiles.session("canary.yaml", at: .seconds(5))
    fresh.ui.status = s.ui.status
    #expect(s.simulation.snapshot(maxEvents: 400) == fresh.simulation.snapshot(maxEvents: 400))
    s.handle(.char("g"))
    type(&s, formatDuration(t))
    s.handle(.enter)
    #expect(s.simulation.now == t)
    #expect(s.simulation.snapshot(maxEvents: 400) == snapshot)
    var again = s
    again.ui.status = ""
    var before = s
    before.ui.status = ""
    _ = before
    let screenAgain = s.render(width: 120, height: 36)
    // Everything but the status line (which says where the jump went).
    #expect(Array(screenAgain.cells.prefix(120 * 35)) == Array(screen.cells.prefix(120 * 35)))
  }

  @Test func previousAndNextDecisionsWalkTheSameInstants() throws {
    var s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(40))
    let decisions = s.decisionTimes
    #expect(decisions.count >= 3)
    s.handle(.char("<"))
    let back1 = s.simulation.now
    #expect(back1 == decisions.last { $0 < .seconds(40) })
    s.handle(.char("<"))
    let back2 = s.simulation.now
    #expect(back2 < back1)
    #expect(s.ui.status.hasPrefix("<: back to t="))
    s.handle(.char(">"))
    #expect(s.simulation.now == back1)
    #expect(s.ui.status.hasPrefix(">: t="))
  }

  @Test func restartDropsTheKeys() throws {
    var s = try steered()
    #expect(!s.recording.isEmpty)
    s.handle(.char("R"))
    #expect(s.simulation.now == 0)
    #expect(s.recording.isEmpty)
    let fresh = try StrategyFiles.session("canary.yaml", at: 0)
    #expect(s.simulation.snapshot() == fresh.simulation.snapshot())
  }

  /// Acting after a rewind takes another branch: the recorded future is dropped, and
  /// the recording still replays to the identical state.
  @Test func actingAfterARewindBranches() throws {
    var s = try steered()
    s.handle(.char("g"))
    type(&s, "15s")
    s.handle(.enter)
    #expect(s.recording.count == 2)
    s.handle(.char("u"))
    #expect(s.recording.count == 2)  // the kill at 12 s and the undo; the scale at 20 s is gone
    #expect(s.recording.allSatisfy { $0.at <= s.simulation.now })
    for _ in 0..<10 { s.tick(wallSeconds: 1) }
    var replay = try Simulation(s.replayInput())
    replay.advance(to: s.simulation.now)
    #expect(replay.snapshot() == s.simulation.snapshot())
  }

  @Test func badJumpTimeIsRejected() throws {
    var s = try steered()
    let t = s.simulation.now
    s.handle(.char("g"))
    type(&s, "soon")
    s.handle(.enter)
    #expect(s.simulation.now == t)
    #expect(s.ui.status == "go to: \"soon\" rejected: not a time (use e.g. 45s, 2m, 1m30s)")
  }

  /// `b`: the clock stops at the first pause step and the status line names it.
  @Test func breakpointStopsAtAPauseStep() throws {
    var s = try StrategyFiles.session("canary.yaml", at: 0)
    s.handle(.char("b"))
    #expect(s.ui.breakpoints)
    for _ in 0..<60 where !s.ui.paused { s.tick(wallSeconds: 1) }
    #expect(s.ui.paused)
    #expect(s.simulation.snapshot().phase == .paused)
    #expect(s.ui.status.hasPrefix("breakpoint at t=") && s.ui.status.contains("RolloutPaused"), "\(s.ui.status)")
    // Resuming goes on to the next one.
    s.handle(.char(" "))
    let first = s.simulation.now
    for _ in 0..<120 where !s.ui.paused { s.tick(wallSeconds: 1) }
    #expect(s.ui.paused && s.simulation.now > first)
  }
}

extension RewindTests {
  /// `>` with no decision ahead leaves the clock where it was (it ran to a stale
  /// timer ten minutes on).
  @Test func nextDecisionWithNoneAheadStays() throws {
    var s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(10))
    s.handle(.char(">"))
    #expect(s.simulation.now == .seconds(10))
    #expect(s.ui.status == ">: no decision ahead; the rollout has settled")
  }

  /// `b` stops at a container's first exit, which has no event (the kubelet
  /// restarts it at once; `BackOff` comes from the second exit), and only there.
  /// crash-loop.yaml: the new pods start at 2 s and exit 3 s later.
  @Test func breakpointStopsAtTheFirstContainerExit() throws {
    var s = try StrategyFiles.session("crash-loop.yaml", at: 0)
    s.handle(.char("b"))
    for _ in 0..<60 where !s.ui.paused { s.tick(wallSeconds: 1) }
    #expect(s.ui.paused && s.simulation.now == .seconds(5))
    #expect(
      s.ui.status
        == "breakpoint at t=5s: 5 containers exited (crash); the kubelet restarts a first exit at once, later ones after a back-off (space resumes, b turns breakpoints off)")
    #expect(!s.simulation.instantEvents.contains { $0.reason == "BackOff" })
    // Not again at the backed-off exits (8 s, 21 s …): the next stop is elsewhere.
    s.handle(.char(" "))
    for _ in 0..<30 where !s.ui.paused { s.tick(wallSeconds: 1) }
    #expect(!s.ui.status.contains("exited (crash)"), "\(s.ui.status)")
  }
}
