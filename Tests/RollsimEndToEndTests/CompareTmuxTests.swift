import Foundation
import Testing

/// The live compare view in a real terminal.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"))
struct CompareTmuxTests {
  static let dir = TmuxSession.packageRoot + "/Strategies/compare/"
  static func files(_ names: [String]) -> [String] { names.map { dir + "strategies/\($0).yaml" } }
  static let scenario = ["--scenario", dir + "scenario.yaml"]

  /// `t=…` of the first line (the shared clock).
  static func clock(_ screen: String) -> String? {
    let first = screen.split(separator: "\n").first.map(String.init) ?? ""
    return (try? #/t=(\S+)/#.firstMatch(in: first)).map { String($0.output.1) }
  }

  @Test(.timeLimit(.minutes(1)))
  func threeColumnsOneClockPauseStopsEveryClockAndQRestoresTheTerminal() throws {
    let tmux = try TmuxSession(
      ["compare"] + Self.files(["rolling-update", "canary", "recreate"]) + Self.scenario, width: 160, height: 40)
    defer { tmux.close() }
    let r = try tmux.waitFor { $0.contains("FIGURES") && $0.contains("recreate") }
    #expect(r.ok, "no compare view:\n\(r.screen)")
    let lines = r.screen.split(separator: "\n").map(String.init)
    // Three named columns on the second row, the figures table under each.
    #expect(lines[1].contains("rolling-update") && lines[1].contains("canary") && lines[1].contains("recreate"))
    #expect(r.screen.components(separatedBy: "FIGURES").count - 1 == 3)
    #expect(r.screen.components(separatedBy: "extra pod-s").count - 1 == 3)
    // One clock: every compact header shows the same t= as the top line.
    let t = try #require(Self.clock(r.screen))
    try tmux.send("Space")
    let paused = try tmux.waitFor { $0.contains("CLOCK PAUSED") }
    #expect(paused.ok, "\(paused.screen)")
    let first = try tmux.capture()
    Thread.sleep(forTimeInterval: 2.5)
    let second = try tmux.capture()
    #expect(first == second, "the paused screen changed")
    let pausedAt = try #require(Self.clock(second))
    let columnClocks = second.split(separator: "\n")[2].matches(of: #/t=(\S+)/#).map { String($0.output.1) }
    #expect(columnClocks == Array(repeating: pausedAt, count: 3), "\(columnClocks) vs \(pausedAt) (first seen \(t))")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
    #expect(DashboardTmuxTests.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    // The figures table stays on screen after q.
    let after = try tmux.waitFor(seconds: 5) { $0.contains("* best value in its column") }
    #expect(after.ok, "\(after.screen)")
    try DashboardTmuxTests.expectShellUsable(tmux)
  }

  @Test(.timeLimit(.minutes(1)))
  func fourFilesAtOneHundredColumnsSayHowWide() throws {
    let tmux = try TmuxSession(
      ["compare"] + Self.files(["rolling-update", "canary", "recreate", "blue-green"]) + Self.scenario, width: 100, height: 30)
    defer { tmux.close() }
    let r = try tmux.waitFor { $0.contains("compare needs") }
    #expect(r.ok, "\(r.screen)")
    #expect(r.screen.contains("compare needs 179×30 for 4 strategies"))
    try tmux.resize(width: 180, height: 40)
    let wide = try tmux.waitFor { $0.contains("FIGURES") }
    #expect(wide.ok, "\(wide.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }
}
