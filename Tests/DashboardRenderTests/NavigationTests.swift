import DashboardRender
import RolloutEngine
import Testing

/// Issue 13, navigation: arrows / `j` `k` move in the focused panel, Enter describes
/// a ReplicaSet (or opens every event), `/` filters EVENTS, Esc goes back.
@Suite struct NavigationTests {
  func rows(_ s: DashboardSession, _ w: Int = 80, _ h: Int = 24) -> [String] {
    s.render(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }
  func type(_ s: inout DashboardSession, _ text: String) { for c in text { s.handle(.char(c)) } }

  @Test func enterDescribesTheSelectedReplicaSetAndEscGoesBack() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(7))
    let snap = s.simulation.snapshot()
    s.handle(.down)  // the second revision (the old ReplicaSet)
    s.handle(.enter)
    let old = snap.revisions[1]
    #expect(s.ui.view == .describe(old.podTemplateHash))
    let r = rows(s, 120, 36)
    #expect(r[2].hasPrefix("ReplicaSet \(old.name) ") && r[2].hasSuffix("Esc back"))
    #expect(r.contains { $0.hasPrefix("Image:         \(old.image)") })
    #expect(r.contains { $0.hasPrefix("Replicas:      \(old.replicas) desired | \(old.pods) current") })
    #expect(r.contains { $0.hasPrefix("NAME") && $0.contains("STATUS") && $0.contains("RESTARTS") })
    // Its events only.
    let eventRows = r.filter { $0.contains("  ScalingReplicaSet") || $0.contains("SuccessfulDelete") }
    #expect(!eventRows.isEmpty && eventRows.allSatisfy { $0.contains(old.name) }, "\(eventRows)")
    s.handle(.escape)
    #expect(s.ui.view == .dashboard)
    #expect(rows(s)[2].hasPrefix("REVISIONS"))
  }

  @Test func slashFiltersEventsAndEscClears() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(7))
    s.handle(.char("/"))
    type(&s, "scaling")
    s.handle(.enter)
    #expect(s.ui.eventFilter == "scaling")
    let r = rows(s, 120, 36)
    let start = try #require(r.firstIndex { $0.hasPrefix("EVENTS") })
    #expect(r[start].contains("filter \"scaling\": "))
    let shown = r[(start + 1)..<(r.count - 2)].filter { $0.hasPrefix(" ") && $0.contains("s  ") && !$0.hasPrefix("    └") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("└") }
    #expect(!shown.isEmpty && shown.allSatisfy { $0.contains("ScalingReplicaSet") }, "\(shown)")
    s.handle(.escape)
    #expect(s.ui.eventFilter == nil)
    #expect(s.ui.status == "filter cleared")
  }

  @Test func eventsViewScrollsWithJK() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(30))
    s.handle(.char("e"))
    #expect(s.ui.view == .events)
    let first = rows(s)
    s.handle(.char("k"))
    s.handle(.char("k"))
    #expect(s.ui.eventScroll == 2)
    #expect(s.recording.isEmpty)  // k scrolls here, it does not kill a pod
    let scrolled = rows(s)
    #expect(scrolled[2].contains("2 newer below"))
    #expect(scrolled != first)
    s.handle(.char("j"))
    #expect(s.ui.eventScroll == 1)
    s.handle(.escape)
    #expect(s.ui.view == .dashboard)
  }

  /// `k` has one meaning: up in the focused panel (REVISIONS at start), never a kill;
  /// `x` kills a pod, and the help and the footer say so.
  @Test func kMovesUpAndXKillsAPod() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(30))
    #expect(DashboardRenderer.panels[s.ui.focus] == "REVISIONS")
    s.handle(.char("j"))
    #expect(s.ui.selection == 1)
    s.handle(.char("k"))
    #expect(s.ui.selection == 0)
    #expect(s.recording.isEmpty)
    s.handle(.char("x"))
    #expect(s.recording.last?.verb == .killPod)
    #expect(DashboardRenderer.keyHelp.contains { $0.key == "x" && $0.meaning.contains("kill") })
    #expect(DashboardRenderer.keyHelp.contains { $0.key == "j k" })
    #expect(!DashboardRenderer.keyHelp.contains { $0.key == "k" })
    #expect(rows(s, 200, 50)[48].contains("<x> kill pod"))
  }
}

extension NavigationTests {
  /// With EVENTS focused, `k` scrolls: the footer offers scrolling (and `x` kills).
  @Test func focusedEventsFooterOffersScrollNotKill() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(7))
    while DashboardRenderer.panels[s.ui.focus] != "EVENTS" { s.handle(.tab) }
    let keys = rows(s, 200, 50)[48]
    #expect(keys.contains("<j/k> scroll") && keys.contains("<Enter> all events") && keys.contains("<x> kill pod"), "\(keys)")
  }
}
