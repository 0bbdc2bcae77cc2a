import DashboardRender
import Foundation
import RolloutEngine
import RolloutManifests

/// The repository's Strategies/*.yaml, loaded as `rollsim watch` loads them, for
/// dashboard tests over every shipped example.
enum StrategyFiles {
  /// The repository root, from this file's path (Tests/DashboardRenderTests/).
  static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var directory: URL { root.appendingPathComponent("Strategies") }

  /// Every `*.yaml` in Strategies/, sorted.
  static func names() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
  }

  static func input(_ file: String, actions: [ScheduledAction] = []) throws -> SimulationInput {
    let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    var input = try ManifestLoader.load(manifest: SourceText(path: "Strategies/\(file)", text: text)).input
    input.actions += actions
    return input
  }

  /// A session on `file` advanced to `t` (through the session, so TREND has history).
  static func session(_ file: String, at t: SimTime, actions: [ScheduledAction] = []) throws -> DashboardSession {
    var s = DashboardSession(simulation: try Simulation(input(file, actions: actions)))
    s.advance(to: t)
    return s
  }
}
