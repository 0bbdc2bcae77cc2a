@testable import DashboardRender
import RolloutEngine
import Testing

/// Issue 13: colours followed position (after an undo the same pods swapped colours),
/// TREND's "newest" silently switched revisions, and "avail" was scaled to the
/// window's maximum (10/10 after a surge looked like an outage).
@Suite struct ColourAndTrendTests {
  func roles(_ s: DashboardSession) -> [String: Role] {
    let snap = s.simulation.snapshot()
    let r = Renderer(s: snap, ui: s.ui, history: s.ui.history, gl: .unicode, rect: Rect(x: 0, y: 0, width: 120, height: 36))
    var out: [String: Role] = [:]
    for rev in snap.revisions { out[rev.podTemplateHash] = r.revRole(rev.revision) }
    return out
  }

  /// undo.yaml: revision 1 becomes revision 3 at 10 s; its pods keep their colour.
  @Test func aReplicaSetKeepsItsColourThroughAnUndo() throws {
    let before = try StrategyFiles.session("undo.yaml", at: .seconds(9))
    let after = try StrategyFiles.session("undo.yaml", at: .seconds(11))
    let b = roles(before)
    let a = roles(after)
    #expect(b.count == 2)
    for (hash, role) in a { #expect(b[hash] == role, "\(hash)") }
    // And the renumbered ReplicaSet is revision 3 now.
    #expect(after.simulation.snapshot().revisions.first?.revision == 3)
  }

  /// A third ReplicaSet takes a colour no live one wears; none is the image tags' colour.
  @Test func newReplicaSetsTakeAFreeColour() throws {
    var s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(5))
    s.act(.setImage("shop:1.2"))
    s.advance(to: .seconds(8))
    let r = roles(s)
    #expect(Set(r.values).count == r.count, "\(r)")
    #expect(!r.values.contains(.accent))
    #expect(Set(r.values).isSubset(of: Set(RevisionColours.roles)))
  }

  @Test func assignmentIsStableAndFillsGaps() {
    func rev(_ n: Int, _ hash: String, _ at: SimTime) -> RevisionStatus {
      RevisionStatus(revision: n, name: "x-\(hash)", podTemplateHash: hash, image: "i", replicas: 1, pods: 1, ready: 1, available: 1, terminating: 0, createdAt: at)
    }
    let first = RevisionColours.assign([:], [rev(2, "b", 5), rev(1, "a", 0)])
    #expect(first == ["a": 0, "b": 1])
    // a is renumbered 3 (undo): same colours; c appears while b is gone: b's colour is free.
    let later = RevisionColours.assign(first, [rev(4, "c", 20), rev(3, "a", 0)])
    #expect(later == ["a": 0, "c": 1])
  }

  /// The PODS legend names the colours.
  @Test func podsLegendNamesRevisionColours() throws {
    let s = try StrategyFiles.session("undo.yaml", at: .seconds(9))
    let text = s.render(width: 120, height: 36).text
    #expect(text.contains("rev 2") && text.contains(" rev 1"))
    let g = s.render(width: 120, height: 36)
    let rows = g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let (ri, line) = try #require(rows.enumerated().first { $0.element.contains("█ 5 rev 2") || $0.element.contains(" rev 2  █") })
    _ = line
    #expect(ri > 0)
  }

  /// The TREND line names the revision it follows (`r3 share` after the undo) and the
  /// columns that followed revision 2 wear revision 2's colour.
  @Test func trendNamesTheRevisionItFollows() throws {
    let s = try StrategyFiles.session("undo.yaml", at: .seconds(30))
    let g = s.render(width: 120, height: 36)
    let rows = g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let (ri, line) = try #require(rows.enumerated().first { $0.element.hasPrefix("r3 share") })
    #expect(line.contains("% traffic"))
    let snap = s.simulation.snapshot()
    let oldHash = try #require(s.ui.history.samples.first { $0.newestHash != snap.revisions[0].podTemplateHash }?.newestHash)
    let oldRole = RevisionColours.roles[s.ui.revisionColours[oldHash] ?? 9 % 4]
    let newRole = roles(s)[snap.revisions[0].podTemplateHash]
    let styles = (0..<g.width).map { g[ri, $0].style.role }
    #expect(styles.contains(oldRole) && styles.contains(newRole!), "\(styles)")
  }

  /// After a surge, 10/10 available is a full line, not half of a 13-pod peak.
  @Test func availIsScaledToReplicasWithHeadroomAbove() throws {
    let s = try Scenario.session(Scenario.all[0].input, at: .seconds(60))
    let g = s.render(width: 80, height: 24)
    let rows = g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let line = try #require(rows.first { $0.hasPrefix("avail ") && $0.contains("10/10") })
    let sparks = line.filter { "▁▂▃▄▅▆▇█".contains($0) }
    // The last seconds are 10/10: the replicas level (▇), never below it.
    #expect(sparks.suffix(10).allSatisfy { $0 == "▇" }, "\(line)")
  }
}
