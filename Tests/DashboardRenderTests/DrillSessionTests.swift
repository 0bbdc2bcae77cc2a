import DashboardRender
import RolloutDrills
import RolloutEngine
import Testing

/// The live drill as a pure session: the operator's view without the fault, keys
/// as verbs, `q` to the debrief.
@Suite struct DrillSessionTests {
  static func session(_ name: String) throws -> DrillSession {
    let d = DrillCatalog.named(name)!
    return try DrillSession(d, input: try StrategyFiles.input("drills/\(d.file)"), seed: 1)
  }

  @Test func theScreenShowsSymptomsNeverTheFault() throws {
    var s = try Self.session("oom-crash-loop")
    for _ in 0..<30 { s.tick(wallSeconds: 0.5) }  // 5 min at 20×
    let text = DrillRenderer.render(s, width: 110, height: 30).text
    #expect(text.contains("ALERT  PAGE") || text.contains("ALERT  TICKET"))  // bursts: down during each back-off
    #expect(text.contains("BURN RATE"))
    #expect(text.contains("LATENCY p99"))
    // The symptom an operator sees (`kubectl describe pod`: Last State Terminated,
    // Reason OOMKilled, exit code 137), never the schedule behind it.
    #expect(text.contains("last terminated OOMKilled (exit 137)"))
    #expect(!text.contains("leak") && !text.contains("memory") && !text.contains("90 s"))
  }

  @Test func abortThenQShowsTheDebriefWithTheScore() throws {
    var s = try Self.session("rising-errors")
    for _ in 0..<24 { s.tick(wallSeconds: 0.5) }  // 4 min
    s.handle(.char("a"))
    #expect(s.ui.status.hasPrefix("abort: "))
    s.handle(.char("q"))
    let score = try #require(s.score)
    #expect(score.rightAction && score.response == "abort")
    #expect(score.alternatives.count == 4)
    let text = DrillRenderer.render(s, width: 110, height: 30).text
    #expect(text.contains("DEBRIEF  rising-errors  SCORE \(score.score)/100"))
    #expect(text.contains("the fault: shop 2.0's error rate rose"))
    s.handle(.char("q"))
    #expect(s.wantsQuit)
  }
}
