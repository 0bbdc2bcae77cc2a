import DashboardRender
import RolloutEngine
import SnapshotTesting
import Testing

/// `Dashboard.render(…, into:, on:, style: .compact)`: one simulation in a column of a
/// bigger screen (what a compare view draws several of).
@Suite(.snapshots(record: .missing))
struct CompactDashboardTests {
  /// Two simulations side by side in a 120×30 grid, each in a 59-column rectangle.
  func sideBySide() throws -> Grid {
    let canary = try Scenario.session(Scenario.canary, at: .seconds(40))
    let rolling = try Scenario.session(Scenario.all[0].input, at: .seconds(7))
    var g = Grid(width: 120, height: 30)
    let left = Rect(x: 0, y: 0, width: 59, height: 30)
    let right = Rect(x: 61, y: 0, width: 59, height: 30)
    Dashboard.render(canary.simulation.snapshot(), history: canary.ui.history, into: left, on: &g, style: .compact)
    Dashboard.render(rolling.simulation.snapshot(), history: rolling.ui.history, into: right, on: &g, style: .compact)
    return g
  }

  @Test func twoColumnsSideBySide() throws {
    let g = try sideBySide()
    assertSnapshot(of: g, as: .screen, named: "120x30")
    assertSnapshot(of: g, as: .styles, named: "120x30-styles")
  }

  /// Nothing is written outside the rectangle: the two gap columns stay blank.
  @Test func drawsOnlyInsideItsRectangle() throws {
    let g = try sideBySide()
    for row in 0..<g.height {
      #expect(g[row, 59] == Cell() && g[row, 60] == Cell(), "row \(row)")
    }
    var one = Grid(width: 100, height: 40)
    let s = try Scenario.session(Scenario.canary, at: .seconds(40))
    let rect = Rect(x: 30, y: 5, width: 40, height: 20)
    Dashboard.render(s.simulation.snapshot(), history: s.ui.history, into: rect, on: &one, style: .compact)
    for row in 0..<one.height {
      for col in 0..<one.width where !(row >= 5 && row < 25 && col >= 30 && col < 70) {
        #expect(one[row, col] == Cell(), "(\(row), \(col))")
      }
    }
    #expect(one[5, 30].char == "s")  // the name, at the rectangle's corner
  }

  /// The full style in a rectangle equals the same screen rendered alone, shifted.
  @Test func fullStyleInARectangleIsTheScreenShifted() throws {
    let s = try Scenario.session(Scenario.canary, at: .seconds(40))
    let alone = s.render(width: 80, height: 24)
    var g = Grid(width: 90, height: 30)
    Dashboard.render(s.onScreenSnapshot(), history: s.ui.history, ui: s.ui, into: Rect(x: 10, y: 6, width: 80, height: 24), on: &g)
    for row in 0..<24 {
      for col in 0..<80 { #expect(g[row + 6, col + 10] == alone[row, col]) }
    }
  }

  /// Too small a rectangle says so, inside it.
  @Test func tooSmallSaysEnlarge() throws {
    let s = try Scenario.session(Scenario.canary, at: .seconds(40))
    var g = Grid(width: 60, height: 12)
    Dashboard.render(s.simulation.snapshot(), history: s.ui.history, into: Rect(x: 0, y: 0, width: 30, height: 12), on: &g, style: .compact)
    #expect(g.text.split(separator: "\n", omittingEmptySubsequences: false)[5] == "       enlarge to 36×10")
  }
}
