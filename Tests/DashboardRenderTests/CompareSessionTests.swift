import DashboardRender
import RolloutEngine
import RolloutRuns
import Testing

/// The live compare view's state machine: one clock, actions at one instant.
@Suite struct CompareSessionTests {
  static func session() throws -> CompareSession {
    let rolling = Scenario.input(Scenario.deployment())
    let recreate = Scenario.input(Scenario.deployment(recreate: true))
    return CompareSession(runs: RunSet([try Run(rolling, label: "rolling"), try Run(recreate, label: "recreate")]))
  }

  @Test func anActionHappensAtTheSameInstantInEveryColumn() throws {
    var s = try Self.session()
    s.tick(wallSeconds: 0.5)  // 1× → t = 0.5 s
    s.handle(.char("u"))
    let times = s.runs.runs.map { $0.simulation.actionLog.map(\.time) }
    #expect(times[0].count == 1)
    #expect(times[0] == times[1])
    #expect(s.runs.runs.allSatisfy { $0.now == s.now })
  }

  @Test func tabFocusesOneColumnThenTheNextThenAll() throws {
    var s = try Self.session()
    s.handle(.tab)
    #expect(s.focus == 0)
    s.handle(.char("x"))
    #expect(s.runs.runs[0].simulation.actionLog.count == 1)
    #expect(s.runs.runs[1].simulation.actionLog.isEmpty)
    s.handle(.tab)
    #expect(s.focus == 1)
    s.handle(.tab)
    #expect(s.focus == nil)
    #expect(s.ui.status == "keys act on every column")
  }

  /// `s` keeps every column's pods drawable: the sum over the columns is bounded,
  /// with the reason; one column focused counts only its own change.
  @Test func scaleIsBoundedAcrossTheColumns() throws {
    var s = try Self.session()
    s.maxScaleReplicas = 100
    func scale(_ n: String) {
      s.handle(.char("s"))
      for c in n { s.handle(.char(c)) }
      s.handle(.enter)
    }
    scale("60")
    #expect(
      s.ui.status
        == "scale: the compare view draws at most 100 replicas in all its columns (every pod, each frame, within 16 ms); "
        + "60 in 2 columns runs headless: rollsim compare FILES --action TIME:scale=60")
    #expect(s.runs.runs.allSatisfy { $0.simulation.actionLog.isEmpty })
    s.handle(.tab)
    scale("60")
    #expect(s.runs.runs[0].simulation.snapshot(maxEvents: 0, includePods: false).desiredReplicas == 60)
    #expect(s.runs.runs[1].simulation.actionLog.isEmpty)
    // Down again is always allowed.
    s.handle(.tab)
    s.handle(.tab)
    scale("5")
    #expect(s.runs.runs.allSatisfy { $0.simulation.snapshot(maxEvents: 0, includePods: false).desiredReplicas == 5 })
  }

  @Test func pauseStopsTheSharedClock() throws {
    var s = try Self.session()
    s.handle(.char(" "))
    let t = s.now
    s.tick(wallSeconds: 5)
    #expect(s.now == t)
    s.handle(.char("."))
    #expect(s.now > t)
    #expect(s.runs.runs.allSatisfy { $0.now == s.now || $0.isFinished })
  }

  @Test func aTerminalTooNarrowSaysHowWide() throws {
    let s = try Self.session()
    let g = CompareRenderer.render(s, width: 80, height: 30)
    #expect(g.text.contains("compare needs 89×30 for 2 strategies"))
    let wide = CompareRenderer.render(s, width: 120, height: 30)
    #expect(wide.text.contains("FIGURES"))
    #expect(wide.text.split(separator: "\n")[1].hasPrefix("rolling"))
  }
}
