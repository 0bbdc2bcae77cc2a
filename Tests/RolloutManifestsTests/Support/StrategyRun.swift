import Foundation
import RolloutEngine
import RolloutManifests
import RolloutRuns

/// Loads files from the repository and runs them through `Simulation` the way
/// `rollsim simulate` does: one row per instant at which anything changed.
enum StrategyRun {
  /// The repository root, found from this file's path (Tests/RolloutManifestsTests/Support/).
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var strategiesDirectory: URL { root.appendingPathComponent("Strategies") }

  /// Every `*.yaml` in Strategies/, sorted.
  static func strategyFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: strategiesDirectory.path).filter { $0.hasSuffix(".yaml") }.sorted()
  }

  static func source(_ file: String) throws -> SourceText {
    let url = strategiesDirectory.appendingPathComponent(file)
    return SourceText(path: "Strategies/\(file)", text: try String(contentsOf: url, encoding: .utf8))
  }

  static func load(_ file: String, actions: [ScheduledAction] = []) throws -> SimulationInput {
    var input = try ManifestLoader.load(manifest: source(file)).input
    input.actions += actions
    return input
  }

  struct Row {
    var t: SimTime
    var snap: SimulationSnapshot
    var events: [SimEvent]

    /// The current ReplicaSet's spec.replicas (0 when there is none yet, as in Recreate).
    var new: Int { snap.revisions.first { $0.isNew }?.replicas ?? 0 }
    /// The other ReplicaSets' spec.replicas.
    var old: Int { snap.revisions.filter { !$0.isNew }.reduce(0) { $0 + $1.replicas } }
    var available: Int { snap.revisions.reduce(0) { $0 + $1.available } }
    var pending: Int { snap.revisions.reduce(0) { $0 + $1.pending } }
    func rev(_ r: Int) -> RevisionStatus? { snap.revisions.first { $0.revision == r } }
    func replicas(_ r: Int) -> Int? { rev(r)?.replicas }
    func share(_ r: Int) -> Double { snap.traffic.shares[r] ?? 0 }
    func has(_ reason: String) -> Bool { events.contains { $0.reason == reason } }
  }

  struct Run {
    var rows: [Row]
    var summary: RunSummary
    /// The row recorded at exactly `seconds`.
    func at(_ seconds: Double) -> Row? { rows.first { $0.t == SimTime.seconds(seconds) } }
    /// The state in force at `seconds` (the last row at or before it).
    func state(_ seconds: Double) -> Row? { rows.last { $0.t <= SimTime.seconds(seconds) } }
    var last: Row { rows[rows.count - 1] }
    /// Seconds of the instants at which a row has an event with this reason.
    func times(of reason: String) -> [Double] { rows.filter { $0.has(reason) }.map { $0.t.inSeconds } }
  }

  /// Runs like `rollsim simulate`: until finished or `until` (default 1 h).
  static func run(_ input: SimulationInput, until: SimTime = 3_600_000) throws -> Run {
    var run = try RolloutRuns.Run(input)
    var rows: [Row] = []
    run.recordChanges(until: until) { sim in
      rows.append(Row(t: sim.now, snap: sim.snapshot(maxEvents: 0, includePods: false), events: sim.instantEvents))
    }
    return Run(rows: rows, summary: run.summary)
  }

  static func run(_ file: String, actions: [ScheduledAction] = [], until: SimTime = 3_600_000) throws -> Run {
    try run(load(file, actions: actions), until: until)
  }
}
