import DashboardRender
import Foundation
import RolloutEngine
import RolloutManifests
import SnapshotTesting
import Testing

/// Several workloads on one cluster (Strategies/examples/shared-cluster/): the
/// WORKLOADS list, `w` / `W` to move the focus, and keys that act on the focused one.
@Suite(.snapshots(record: .missing))
struct WorkloadListTests {
  static func session(at t: SimTime) throws -> DashboardSession {
    let dir = StrategyFiles.directory.appendingPathComponent("examples/shared-cluster")
    let sources = try ["api.yaml", "simulation.yaml", "web.yaml"].map {
      SourceText(path: "Strategies/examples/shared-cluster/\($0)", text: try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
    }
    var s = DashboardSession(simulation: try Simulation(ManifestLoader.load(sources).input))
    s.advance(to: t)
    return s
  }

  @Test func theListShowsEveryWorkloadAndTheFocusedOnesPanels() throws {
    var s = try Self.session(at: .seconds(6))
    let g = s.render(width: 100, height: 30)
    assertSnapshot(of: g, as: .screen, named: "100x30-api")
    #expect(g.text.contains("WORKLOADS"))
    #expect(g.text.contains("deploy/api") && g.text.contains("deploy/web"))
    // REVISIONS is the focused workload's: api's ReplicaSets, not web's.
    #expect(g.text.contains("api-65vbnlvj4") && !g.text.contains("web-hj622452g"))
    s.handle(.char("w"))
    #expect(s.ui.focusedWorkload == 1)
    #expect(s.ui.status == "workload web: keys act on it (w / W for the next / previous)")
    let g2 = s.render(width: 100, height: 30)
    assertSnapshot(of: g2, as: .screen, named: "100x30-web")
    #expect(g2.text.contains("web-hj622452g") && !g2.text.contains("api-65vbnlvj4"))
    s.handle(.char("W"))
    #expect(s.ui.focusedWorkload == 0)
    s.handle(.char("W"))
    #expect(s.ui.focusedWorkload == 1)
  }

  /// A key acts on the focused workload, and the recording names it, so the replay
  /// input reaches the same state.
  @Test func keysActOnTheFocusedWorkload() throws {
    var s = try Self.session(at: .seconds(2))
    s.handle(.char("w"))
    s.handle(.char("z"))
    #expect(s.ui.status.hasPrefix("pause: deployment.apps/web paused"), "\(s.ui.status)")
    #expect(s.recording.map(\.workload) == ["web"])
    #expect(s.simulation.snapshot(workload: 1).paused && !s.simulation.snapshot(workload: 0).paused)
    var replay = try Simulation(s.replayInput())
    replay.advance(to: s.simulation.now)
    #expect(replay.snapshot(includePods: false, workload: 1) == s.simulation.snapshot(includePods: false, workload: 1))
  }

  /// One workload: no list, and `w` says so.
  @Test func oneWorkloadHasNoList() throws {
    var s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(3))
    #expect(!s.render(width: 100, height: 30).text.contains("WORKLOADS"))
    s.handle(.char("w"))
    #expect(s.ui.status == "w: this run has one workload")
  }
}
