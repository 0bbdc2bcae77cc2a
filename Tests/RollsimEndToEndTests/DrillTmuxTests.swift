import Foundation
import Testing

/// One drill played in a real terminal: the operator waits for the page, presses
/// the right key, ends the drill and sees the debrief with its score.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"))
struct DrillTmuxTests {
  @Test(.timeLimit(.minutes(1)))
  func playRisingErrorsAbortAtThePageAndSeeTheDebrief() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-drill-tmux-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: home) }
    let tmux = try TmuxSession(["drill", "rising-errors", "--speed", "80"], width: 120, height: 32, environment: ["XDG_DATA_HOME": home.path])
    defer { tmux.close() }
    let start = try tmux.waitFor { $0.contains("BRIEFING") && $0.contains("ALERT  none") }
    #expect(start.ok, "no drill screen:\n\(start.screen)")
    // The hidden fault never shows, only its symptoms.
    #expect(!start.screen.contains("errorRate") && !start.screen.contains("30 %"))
    let page = try tmux.waitFor(seconds: 30) { $0.contains("ALERT  PAGE") }
    #expect(page.ok, "no page:\n\(page.screen)")
    try tmux.send("a")
    let acted = try tmux.waitFor { $0.contains("abort:") }
    #expect(acted.ok, "\(acted.screen)")
    try tmux.send("q")
    let debrief = try tmux.waitFor(seconds: 20) { $0.contains("DEBRIEF") && $0.contains("SCORE") }
    #expect(debrief.ok, "no debrief:\n\(debrief.screen)")
    #expect(debrief.screen.contains("right for this fault"))
    #expect(debrief.screen.contains("doing nothing would have burned"))
    #expect(debrief.screen.contains("abort at the alert"))
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
    #expect(DashboardTmuxTests.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    // The text debrief stays on screen after q.
    let after = try tmux.waitFor(seconds: 5) { $0.contains("rising-errors: score ") }
    #expect(after.ok, "\(after.screen)")
  }
}
