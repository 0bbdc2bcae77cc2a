import DashboardRender
import RolloutEngine
import SnapshotTesting
import Testing

extension Snapshotting where Value == Grid, Format == String {
  /// The screen's text, exactly what `tmux capture-pane -p` prints.
  static var screen: Snapshotting<Grid, String> {
    Snapshotting<String, String>.lines.pullback { (g: Grid) in g.text }
  }
  /// One letter per cell for its style (`Grid.styleText`): catches colour regressions.
  static var styles: Snapshotting<Grid, String> {
    Snapshotting<String, String>.lines.pullback { (g: Grid) in g.styleText }
  }
}

/// Each scenario at a fixed simulated time, at 80×24 and 160×48, text and styles.
/// First run records (and fails); review the files under `__Snapshots__` by eye.
@Suite(.snapshots(record: .missing))
struct DashboardSnapshotTests {
  func check(_ name: String) throws {
    let sc = Scenario.all.first { $0.name == name }!
    let session = try Scenario.session(sc.input, at: sc.at)
    for (w, h) in [(80, 24), (160, 48)] {
      let g = session.render(width: w, height: h)
      assertSnapshot(of: g, as: .screen, named: "\(w)x\(h)", testName: name)
      assertSnapshot(of: g, as: .styles, named: "\(w)x\(h)-styles", testName: name)
    }
  }

  @Test func rollingUpdateMidRollout() throws { try check("rolling") }
  @Test func recreateDowntime() throws { try check("recreate") }
  @Test func crashLoop() throws { try check("crashloop") }
  @Test func pendingPodsClusterTooSmall() throws { try check("pending") }
  @Test func canaryWithAnalysis() throws { try check("canary") }
  @Test func blueGreenAfterSwitch() throws { try check("bluegreen") }

  /// ASCII mode (no UTF-8 locale): every cell is ASCII.
  @Test func asciiModeUsesOnlyAscii() throws {
    for sc in Scenario.all {
      var session = try Scenario.session(sc.input, at: sc.at)
      session.ui.ascii = true
      session.ui.showHelp = sc.name == "canary"
      for (w, h) in [(80, 24), (160, 48), (40, 10)] {
        let g = session.render(width: w, height: h)
        let bad = g.cells.filter { !$0.char.isASCII }
        #expect(bad.isEmpty, "\(sc.name) \(w)x\(h): \(bad.map(\.char))")
      }
    }
  }

  /// The rolling update in ASCII, recorded once so the fallback glyphs are reviewed too.
  @Test func rollingUpdateAscii() throws {
    let sc = Scenario.all.first { $0.name == "rolling" }!
    var session = try Scenario.session(sc.input, at: sc.at)
    session.ui.ascii = true
    assertSnapshot(of: session.render(width: 80, height: 24), as: .screen, named: "80x24")
  }

  /// The help overlay over a canary at 80×24.
  @Test func helpOverlay() throws {
    let sc = Scenario.all.first { $0.name == "canary" }!
    var session = try Scenario.session(sc.input, at: sc.at)
    session.handle(.char("?"))
    assertSnapshot(of: session.render(width: 80, height: 24), as: .screen, named: "80x24")
  }
}
