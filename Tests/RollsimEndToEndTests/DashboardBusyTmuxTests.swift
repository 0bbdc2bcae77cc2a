import Foundation
import Testing

/// Issue 12: `s` to a huge size must not freeze the dashboard. The step runs on the
/// key loop's worker; past a frame the pane shows the last frame with a busy line,
/// keys typed meanwhile take effect after it, and `q` quits once it ends.
///
/// Sized for the debug build the suite runs on: scaling the demo to 100,000 replicas
/// is one engine step of about a second there (a few ms in a release build, where
/// the busy line may not show at all: hence 100,000, not the 1,000,000 a release
/// build needs to take more than a frame).
@Suite(
  .serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"),
  .enabled(if: TmuxSession.rollsimBinary?.contains("/release/") != true, "sized for a debug build"))
struct DashboardBusyTmuxTests {
  static let busy = "working: scaling to 100,000 replicas…"

  static func statusRow(_ screen: String) -> String {
    String(screen.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
  }

  @Test(.timeLimit(.minutes(1)))
  func aLongScaleShowsTheBusyLineAndAKeyTypedMeanwhileActsAfter() throws {
    let tmux = try TmuxSession(["watch", "--paused"])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("s")
    try tmux.send("100000", literal: true)
    #expect(try tmux.waitFor { $0.contains("scale to replicas: 100000") }.ok)
    let start = Date()
    try tmux.send("Enter")
    let busy = try tmux.waitFor(seconds: 5) { Self.statusRow($0).hasPrefix(Self.busy) }
    let shownAfter = Date().timeIntervalSince(start)
    #expect(busy.ok, "no busy line:\n\(busy.screen)")
    // The frame before the step stays above the busy line.
    #expect(busy.screen.contains("TRAFFIC"))
    #expect(!busy.screen.contains("rollsim keys"))
    try tmux.send("?")
    let queued = try tmux.waitFor(seconds: 5) { Self.statusRow($0).contains("1 key queued") }
    #expect(queued.ok, "the key typed during the step isn't queued:\n\(queued.screen)")
    let done = try tmux.waitFor(seconds: 20) { $0.contains("rollsim keys") && $0.contains("replicas 100000") }
    #expect(done.ok, "after the step, the scale and then `?` (help) should show:\n\(done.screen)")
    #expect(!Self.statusRow(done.screen).hasPrefix("working"))
    // Generous for a loaded CI machine; the loop paints it about 12 ms after Enter.
    #expect(shownAfter < 2, "busy line after \(shownAfter) s")
    try tmux.send("?")
    #expect(try tmux.waitFor { !$0.contains("rollsim keys") }.ok)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func qDuringTheStepQuitsAfterItAndTheRecordingHasTheScale() throws {
    let dir = NSTemporaryDirectory() + "rollsim-busy-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let rec = dir + "/session.json"
    let tmux = try TmuxSession(["watch", "--paused", "--record", rec])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("s")
    try tmux.send("100000", literal: true)
    try tmux.send("Enter")
    #expect(try tmux.waitFor(seconds: 5) { Self.statusRow($0).hasPrefix(Self.busy) }.ok)
    try tmux.send("q")
    let quitting = try tmux.waitFor(seconds: 5) { Self.statusRow($0).hasPrefix("quitting after the current step… (scaling to 100,000 replicas, ") }
    #expect(quitting.ok, "no quitting line:\n\(quitting.screen)")
    #expect(tmux.exitStatus(seconds: 20) == 0)
    let data = try #require(FileManager.default.contents(atPath: rec))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let actions = try #require(json["actions"] as? [[String: String]])
    #expect(actions.map { $0["do"] } == ["scale=100000"], "\(actions)")
  }

  /// Ctrl-C during the step: the terminal is given back at once; the status is 130.
  @Test(.timeLimit(.minutes(1)))
  func ctrlCDuringTheStepRestoresTheTerminal() throws {
    let tmux = try TmuxSession(["watch", "--paused"])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("s")
    try tmux.send("100000", literal: true)
    try tmux.send("Enter")
    #expect(try tmux.waitFor(seconds: 5) { Self.statusRow($0).hasPrefix(Self.busy) }.ok)
    try tmux.send("C-c")
    let gone = try tmux.waitFor(seconds: 5) { !$0.contains("TRAFFIC") }
    #expect(gone.ok, "the dashboard is still on screen after Ctrl-C:\n\(gone.screen)")
    #expect(tmux.exitStatus(seconds: 20) == 130)
    #expect(DashboardTmuxTests.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
  }
}
