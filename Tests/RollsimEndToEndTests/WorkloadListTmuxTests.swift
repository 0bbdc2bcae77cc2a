import Foundation
import Testing

/// Several workloads in a real terminal (Strategies/examples/shared-cluster/): the
/// WORKLOADS list, `w` to focus the next, a key acting on the focused workload, and
/// a recording that names it and replays to the identical state.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"))
struct WorkloadListTmuxTests {
  static let folder = TmuxSession.packageRoot + "/Strategies/examples/shared-cluster"

  @Test(.timeLimit(.minutes(1)))
  func theListFocusAndARecordedKey() throws {
    let dir = NSTemporaryDirectory() + "rollsim-wl-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let rec = dir + "/session.json"
    let tmux = try TmuxSession(["watch", Self.folder, "--at", "2s", "--paused", "--record", rec], width: 100, height: 30)
    defer { tmux.close() }
    let list = try tmux.waitFor { $0.contains("WORKLOADS") && $0.contains("deploy/api") && $0.contains("deploy/web") }
    #expect(list.ok, "\(list.screen)")
    #expect(list.screen.hasPrefix("api  Deployment"), "\(list.screen)")
    #expect(list.screen.contains("<w/W> workload"))
    try tmux.send("w", literal: true)
    let web = try tmux.waitFor { $0.hasPrefix("web  Deployment") && $0.contains("workload web: keys act on it") }
    #expect(web.ok, "\(web.screen)")
    try tmux.send("z", literal: true)
    let paused = try tmux.waitFor { $0.contains("pause: deployment.apps/web paused") }
    #expect(paused.ok, "\(paused.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)

    let data = try #require(FileManager.default.contents(atPath: rec))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let actions = try #require(json["actions"] as? [[String: String]])
    #expect(actions.map { $0["do"] } == ["pause"] && actions.map { $0["workload"] } == ["web"])
    let replay = try TmuxSession.runRollsim(["replay", rec])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout.hasSuffix("final state identical to the recording\n"), "\(replay.stdout)")
  }
}
