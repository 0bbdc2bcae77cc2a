import DashboardRender
import RolloutEngine
import Testing

/// The `s` prompt at sizes a frame cannot hold: refused at once with the reason,
/// never cut to a smaller number, never performed.
@Suite struct ScalePromptTests {
  func rolling() throws -> DashboardSession {
    try Scenario.session(Scenario.all.first { $0.name == "rolling" }!.input, at: .seconds(7))
  }

  func scale(_ s: inout DashboardSession, _ text: String) {
    s.handle(.char("s"))
    for ch in text { s.handle(.char(ch)) }
    s.handle(.enter)
  }

  @Test func tenMillionIsRefusedWithTheReason() throws {
    var s = try rolling()
    let pods = s.simulation.snapshot(includePods: false).revisions.reduce(0) { $0 + $1.pods }
    s.handle(.char("s"))
    for ch in "10000000" { s.handle(.char(ch)) }
    #expect(s.ui.prompt == "scale to replicas: 10000000")
    s.handle(.enter)
    #expect(
      s.ui.status
        == "scale: the dashboard draws at most 1000000 replicas (every pod, each frame, within 16 ms); "
        + "10000000 runs headless: rollsim simulate FILE --action TIME:scale=10000000")
    #expect(s.recording.isEmpty)
    #expect(s.simulation.snapshot(includePods: false).revisions.reduce(0) { $0 + $1.pods } == pods)
    #expect(s.ui.prompt == nil)
  }

  /// A ninth digit is not taken; the 8-digit number is above the limit and refused,
  /// so a long number is never silently cut into a smaller, accepted one.
  @Test func longNumbersAreNotCutShort() throws {
    var s = try rolling()
    s.handle(.char("s"))
    for ch in "123456789" { s.handle(.char(ch)) }
    #expect(s.ui.prompt == "scale to replicas: 12345678")
    s.handle(.enter)
    #expect(s.ui.status.hasPrefix("scale: the dashboard draws at most") && s.ui.status.contains("12345678 runs headless"))
    #expect(s.recording.isEmpty)
  }

  @Test func theLimitIsInclusiveAndScalingDownIsAlwaysAllowed() throws {
    var s = try rolling()
    // The scenario runs 10 replicas.
    s.maxScaleReplicas = 12
    scale(&s, "13")
    #expect(s.ui.status.hasPrefix("scale: the dashboard draws at most 12 replicas"))
    #expect(s.recording.isEmpty)
    scale(&s, "12")
    #expect(s.recording.map(\.verb) == [.scale(12)])
    // Already above a (lowered) limit: going down, or staying, is still accepted.
    s.maxScaleReplicas = 2
    scale(&s, "12")
    scale(&s, "5")
    #expect(s.recording.map(\.verb) == [.scale(12), .scale(12), .scale(5)])
  }
}
