import DashboardRender
import PropertyBased
import RolloutEngine
import Testing

/// Issue 13, proof: random snapshots (every Strategies file, a random instant, a
/// random key pressed on the way) at random sizes from 60×20 to 250×70. No text run
/// overwrites another (the grid records each run's extent), and the panels' numbers
/// are the snapshot's.
@Suite struct LayoutPropertyTests {
  static let files = (try? StrategyFiles.names()) ?? []
  static let keys: [Character] = ["a", "u", "p", "k", "z", "P", " ", "x"]

  static func check(fileIndex: Int, seconds: Int, keyIndex: Int, keyAt: Int, width: Int, height: Int) throws {
    let file = files[fileIndex % files.count]
    var s = try StrategyFiles.session(file, at: SimTime(min(keyAt, seconds)) * 1000)
    s.handle(.char(keys[keyIndex % keys.count]))
    s.advance(to: max(s.simulation.now, SimTime(seconds) * 1000))
    let snap = s.simulation.snapshot(maxEvents: DashboardRenderer.eventWindow)
    var g = Grid(width: width, height: height)
    g.runs = []
    let full = width >= 80 && height >= 24
    Dashboard.render(snap, history: s.ui.history, ui: s.ui, into: Rect(g), on: &g, style: full ? .full : .compact)
    let label = "\(file) t=\(seconds)s key \(keys[keyIndex % keys.count])@\(keyAt)s \(width)x\(height)"
    // No two runs on a row overlap.
    if let (a, b) = Self.firstOverlap(g) {
      let text = g.text.split(separator: "\n", omittingEmptySubsequences: false)[a.row]
      Issue.record("\(label): row \(a.row) runs \(a.col)..<\(a.end) and \(b.col)..<\(b.end) overlap: \(text)")
      return
    }
    // The numbers: the clock, PODS, the traffic percents, each revision's counts.
    let rows = g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(rows[0].contains("t=\(formatDuration(snap.time - snap.time % 1000))"), "\(label): \(rows[0])")
    if full {
      #expect(rows.contains { $0.contains("PODS \(snap.pods.count) ") }, "\(label)")
    }
    for (rev, pct) in DashboardRenderer.trafficPercents(snap.traffic.shares) {
      let shown = rows.contains { row in
        guard let r = row.range(of: "rev \(rev) ") else { return false }
        return row[r.upperBound...].contains(" \(pct)% ") || row[r.upperBound...].contains("\(pct)%  ")
      }
      #expect(shown, "\(label): rev \(rev) \(pct)%")
    }
    for rev in snap.revisions.prefix(2) {
      let counts = " \(rev.replicas) \(rev.pods) \(rev.ready) \(rev.available)"
      let squeezed = rows.map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
      #expect(squeezed.contains { $0.contains("rev \(rev.revision)") && $0.hasSuffix(counts.dropFirst()) || $0.contains(counts + " ") || $0.contains(counts + " │") }, "\(label): rev \(rev.revision) \(counts)")
    }
  }

  /// Two runs of one row that share a column, if any.
  static func firstOverlap(_ g: Grid) -> (Grid.Extent, Grid.Extent)? {
    var byRow: [Int: [Grid.Extent]] = [:]
    for e in g.runs ?? [] { byRow[e.row, default: []].append(e) }
    for row in byRow.keys.sorted() {
      let sorted = byRow[row]!.sorted { $0.col != $1.col ? $0.col < $1.col : $0.end < $1.end }
      for (a, b) in zip(sorted, sorted.dropFirst()) where b.col < a.end { return (a, b) }
    }
    return nil
  }

  /// The detector itself: an overwrite is found, adjacent runs are not.
  @Test func overlapDetectorFindsAnOverwrite() {
    var g = Grid(width: 20, height: 2)
    g.runs = []
    g.put("abcdef", row: 0, col: 0)
    g.put("xyz", row: 0, col: 6)
    g.put("left", row: 1, col: 0)
    #expect(Self.firstOverlap(g) == nil)
    g.put("oops", row: 1, col: 3)
    let hit = Self.firstOverlap(g)
    #expect(hit?.0 == Grid.Extent(row: 1, col: 0, end: 4) && hit?.1 == Grid.Extent(row: 1, col: 3, end: 7))
  }

  @Test func noRunOverwritesAnotherAndNumbersMatch() async {
    await propertyCheck(
      count: 250, input: Gen.int(in: 0...100), Gen.int(in: 0...700), Gen.int(in: 0...7), Gen.int(in: 0...120),
      Gen.int(in: 60...250), Gen.int(in: 20...70)
    ) { file, seconds, key, keyAt, width, height in
      try? Self.check(fileIndex: file, seconds: seconds, keyIndex: key, keyAt: keyAt, width: width, height: height)
    }
  }
}
