import Foundation
import Testing

/// Issue 13 end to end, in a real terminal: rewind (`R`, `<`, `>`), a breakpoint
/// stopping at a pause step, the `/` filter, Enter / Esc on a ReplicaSet, the node
/// prompt. Serialized like the other tmux suites; every wait has a deadline.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"))
struct DashboardNavigationTmuxTests {
  static let canary = TmuxSession.packageRoot + "/Strategies/canary.yaml"
  static let rolling = TmuxSession.packageRoot + "/Strategies/rolling-update.yaml"

  static func rows(_ screen: String) -> [String] { screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
  static func clock(_ screen: String) -> String? { DashboardTmuxTests.clock(screen) }

  @Test(.timeLimit(.minutes(1)))
  func rewindRestartAndDecisions() throws {
    // Decisions at 0 s, 5 s and 10 s (scaling); start between them.
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "7s", "--paused"], width: 100, height: 30)
    defer { tmux.close() }
    let start = try tmux.waitFor { Self.clock($0) == "7s" }
    #expect(start.ok, "\(start.screen)")
    // `<`: back to the last decision before 20 s (re-run from t=0).
    try tmux.send("<", literal: true)
    let back = try tmux.waitFor { $0.contains("<: back to t=5s") && Self.clock($0) == "5s" }
    #expect(back.ok, "\(back.screen)")
    // `>`: on to the next decision.
    try tmux.send(">", literal: true)
    let fwd = try tmux.waitFor { $0.contains(">: t=10s") && Self.clock($0) == "10s" }
    #expect(fwd.ok, "\(fwd.screen)")
    // Nothing after the last one: the clock stays.
    try tmux.send(">", literal: true)
    let none = try tmux.waitFor { $0.contains(">: no decision ahead") }
    #expect(none.ok && Self.clock(none.screen) == "10s", "\(none.screen)")
    // `g 20s`.
    try tmux.send("g", literal: true)
    let prompt = try tmux.waitFor { $0.contains("go to time (e.g. 1m30s): _") }
    #expect(prompt.ok, "\(prompt.screen)")
    try tmux.send("20s", literal: true)
    try tmux.send("Enter")
    let again = try tmux.waitFor { Self.clock($0) == "20s" && $0.contains("at t=20s:") }
    #expect(again.ok, "\(again.screen)")
    // `R`: t=0.
    try tmux.send("R", literal: true)
    let restarted = try tmux.waitFor { Self.clock($0) == "0s" && $0.contains("restarted at t=0") }
    #expect(restarted.ok, "\(restarted.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func breakpointStopsAtAPauseStep() throws {
    let tmux = try TmuxSession(["watch", Self.canary, "--speed", "8"], width: 100, height: 30)
    defer { tmux.close() }
    #expect(try tmux.waitFor { Self.clock($0) != nil }.ok)
    try tmux.send("b", literal: true)
    #expect(try tmux.waitFor { $0.contains("breakpoints on") }.ok)
    let hit = try tmux.waitFor(seconds: 20) { $0.contains("breakpoint at t=") && $0.contains("RolloutPaused") }
    #expect(hit.ok, "\(hit.screen)")
    #expect(DashboardTmuxTests.header(hit.screen).contains("Paused"))
    #expect(DashboardTmuxTests.header(hit.screen).contains("CLOCK PAUSED"))
    // The clock stays there.
    let t = Self.clock(hit.screen)
    Thread.sleep(forTimeInterval: 1.5)
    #expect(Self.clock(try tmux.capture()) == t)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func slashFiltersEvents() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "12s", "--paused"], width: 120, height: 40)
    defer { tmux.close() }
    #expect(try tmux.waitFor { Self.clock($0) == "12s" }.ok)
    try tmux.send("/", literal: true)
    #expect(try tmux.waitFor { $0.contains("filter EVENTS (reason or object): _") }.ok)
    try tmux.send("Scaling", literal: true)
    try tmux.send("Enter")
    func eventLines(_ screen: String) -> [String] {
      let lines = Self.rows(screen)
      guard let start = lines.firstIndex(where: { $0.hasPrefix("EVENTS") }) else { return [] }
      return lines[(start + 2)...].filter { $0.range(of: #"^\s+\d+(m\d+)?s  "#, options: .regularExpression) != nil }
    }
    // Wait for the whole filtered frame: a capture can land mid-paint, with the status
    // line already new and the EVENTS rows below it not yet redrawn.
    let r = try tmux.waitFor { s in
      s.contains("filter \"Scaling\":") && eventLines(s).allSatisfy { $0.contains("ScalingReplicaSet") }
    }
    #expect(r.ok, "\(r.screen)")
    let shown = eventLines(r.screen)
    #expect(!shown.isEmpty && shown.allSatisfy { $0.contains("ScalingReplicaSet") }, "\(shown)")
    try tmux.send("Escape")
    #expect(try tmux.waitFor { $0.contains("filter cleared") }.ok)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func enterDescribesAReplicaSetThenAPodAndEscGoesBack() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "12s", "--paused"], width: 120, height: 40)
    defer { tmux.close() }
    #expect(try tmux.waitFor { Self.clock($0) == "12s" }.ok)
    try tmux.send("Down")
    try tmux.send("Enter")
    let d = try tmux.waitFor { $0.contains("Template hash:") }
    #expect(d.ok, "\(d.screen)")
    #expect(d.screen.contains("ReplicaSet shop-") && d.screen.contains("Esc back"))
    #expect(d.screen.contains("Image:         shop:1.0"))
    #expect(d.screen.contains("no pods"))  // the old ReplicaSet, scaled to 0
    #expect(d.screen.contains("Annotations:   deployment.kubernetes.io/revision: 1"))
    try tmux.send("Escape")
    let back = try tmux.waitFor { $0.contains("REVISIONS") && !$0.contains("Template hash:") }
    #expect(back.ok, "\(back.screen)")
    // The new ReplicaSet: its pods by name; j and Enter describe the second one.
    try tmux.send("Up")
    try tmux.send("Enter")
    let rs = try tmux.waitFor { $0.contains("Template hash:") && $0.contains("WHY NOT READY") }
    #expect(rs.ok, "\(rs.screen)")
    try tmux.send("j")
    try tmux.send("Enter")
    let pod = try tmux.waitFor { $0.contains("Controlled By:") }
    #expect(pod.ok, "\(pod.screen)")
    #expect(pod.screen.contains("Pod shop-") && pod.screen.contains("Status:        Running (available)"))
    #expect(pod.screen.contains("Restarts:      0") && pod.screen.contains("Node:          node-"))
    try tmux.send("Escape")
    #expect(try tmux.waitFor { $0.contains("WHY NOT READY") && !$0.contains("Controlled By:") }.ok)
    try tmux.send("Escape")
    #expect(try tmux.waitFor { $0.contains("REVISIONS") && !$0.contains("Template hash:") }.ok)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func nodePromptDefaultIsReplacedByTheFirstKey() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "30s", "--paused"], width: 100, height: 30)
    defer { tmux.close() }
    #expect(try tmux.waitFor { Self.clock($0) == "30s" }.ok)
    try tmux.send("n", literal: true)
    let p = try tmux.waitFor { $0.contains("node to take down (1-3): _ [1]") }
    #expect(p.ok, "\(p.screen)")
    try tmux.send("2", literal: true)
    #expect(try tmux.waitFor { $0.contains("node to take down (1-3): 2_") }.ok)
    try tmux.send("Enter")
    let done = try tmux.waitFor { $0.contains("node-down=2: node-2 is down") }
    #expect(done.ok, "\(done.screen)")
    #expect(done.screen.contains("node-2 down"))
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  /// The end-of-run banner when the rollout settles, printed again after `q`.
  @Test(.timeLimit(.minutes(1)))
  func endOfRunBannerIsPrintedAgainOnQuit() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--speed", "max"], width: 100, height: 30)
    defer { tmux.close() }
    let settled = try tmux.waitFor(seconds: 20) { $0.contains("END OF RUN") && $0.contains("settled at t=") }
    #expect(settled.ok, "\(settled.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
    let after = try tmux.waitFor { s in s.split(separator: "\n").contains { $0.hasPrefix("settled at t=") } }
    #expect(after.ok, "\(after.screen)")
    #expect(after.screen.contains("peak pods ") && after.screen.contains("failed requests "))
  }
}
