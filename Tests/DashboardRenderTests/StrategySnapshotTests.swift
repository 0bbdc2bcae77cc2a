import DashboardRender
import RolloutEngine
import SnapshotTesting
import Testing

/// Every file in Strategies/ at 80×24, 120×36 and 200×50: at the start, mid-rollout,
/// settled, and 30 s after an abort and after an undo pressed mid-rollout. Text only
/// (the style maps are covered by `DashboardSnapshotTests`); review new files by eye.
@Suite(.snapshots(record: .missing))
struct StrategySnapshotTests {
  static let sizes = [(80, 24), (120, 36), (200, 50)]

  /// When the file's rollout settles (or 11 minutes, past a progress deadline).
  static func settleTime(_ file: String) throws -> SimTime {
    var sim = try Simulation(StrategyFiles.input(file))
    let cap: SimTime = 660_000
    while !sim.isFinished, let t = sim.nextEventTime(), t <= cap { sim.advance(to: t) }
    return sim.isFinished ? sim.now : cap
  }

  static func instants(_ file: String) throws -> [(name: String, session: DashboardSession)] {
    let settled = try settleTime(file)
    let mid = max(1000, settled / 2 / 1000 * 1000)
    var abort = try StrategyFiles.session(file, at: mid)
    abort.handle(.char("a"))
    abort.advance(to: mid + 30_000)
    var undo = try StrategyFiles.session(file, at: mid)
    undo.handle(.char("u"))
    undo.advance(to: mid + 30_000)
    return [
      ("start", try StrategyFiles.session(file, at: 1000)),
      ("mid", try StrategyFiles.session(file, at: mid)),
      ("settled", try StrategyFiles.session(file, at: settled)),
      ("abort", abort),
      ("undo", undo),
    ]
  }

  @Test(arguments: try StrategyFiles.names())
  func everyStrategyAtEverySize(file: String) throws {
    let base = String(file.dropLast(5))
    for (instant, session) in try Self.instants(file) {
      for (w, h) in Self.sizes {
        let g = session.render(width: w, height: h)
        assertSnapshot(of: g, as: .screen, named: "\(instant).\(w)x\(h)", testName: base)
      }
    }
  }
}
