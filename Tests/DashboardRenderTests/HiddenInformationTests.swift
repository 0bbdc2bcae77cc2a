import DashboardRender
import RolloutEngine
import Testing

/// Issue 13, "hidden information" and "smaller": what a panel cut or miscounted.
@Suite struct HiddenInformationTests {
  func rows(_ g: Grid) -> [String] { g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  /// `PODS 12` beside `pods 10 ≤ 13`: the capacity line names the terminating pods.
  @Test func capacityLineCountsTerminatingPods() throws {
    var found = false
    for t in stride(from: 0, through: 60, by: 1) {
      let s = try Scenario.session(Scenario.all[0].input, at: SimTime(t) * 1000)
      let snap = s.simulation.snapshot()
      let term = snap.revisions.reduce(0) { $0 + $1.terminating }
      guard term > 0 else { continue }
      let active = snap.revisions.reduce(0) { $0 + $1.pods }
      let r = rows(s.render(width: 80, height: 24))
      #expect(r.contains { $0.contains("pods \(active) (+\(term) terminating) ≤ ") }, "t=\(t): \(r)")
      #expect(r[2].contains("PODS \(snap.pods.count)"))
      found = true
    }
    #expect(found)
  }

  /// Blue/green: availability per service, not `avail 12 of 6 desired`.
  @Test func blueGreenShowsActiveAndPreview() throws {
    let sc = Scenario.all.first { $0.name == "bluegreen" }!
    let s = try Scenario.session(sc.input, at: sc.at)
    let r = rows(s.render(width: 80, height: 24))
    #expect(r.contains { $0.contains("active 6/6 · preview 6/6") })
    #expect(!r.contains { $0.contains("avail 12 of 6") })
  }

  /// A key at 40 s acts at 40.001 s; EVENTS shows whole seconds like the clock.
  @Test func keyActionEventsShowWholeSeconds() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(40))
    s.handle(.char("x"))
    #expect(s.recording.last?.at == 40_001)
    let r = rows(s.render(width: 80, height: 24))
    #expect(r.contains { $0.hasPrefix("    40s  UserAction") }, "\(r)")
    #expect(!r.contains { $0.contains("40.001s") })
  }

  /// Reasons up to 22 characters are whole at 200 columns.
  @Test func longReasonsFitAtWideScreens() throws {
    let s = try StrategyFiles.session("canary.yaml", at: .seconds(2))
    let r = rows(s.render(width: 200, height: 50))
    #expect(r.contains { $0.contains(" NewReplicaSetCreated ") }, "\(r)")
    #expect(!r.contains { $0.contains("NewReplicaSetCre…") })
  }

  /// A focused EVENTS panel wraps a long why whole, on rows of its own.
  @Test func focusedEventsWrapTheWholeWhy() throws {
    var s = try Scenario.session(Scenario.canary, at: .seconds(1))
    while DashboardRenderer.panels[s.ui.focus] != "EVENTS" { s.handle(.tab) }
    let snap = s.simulation.snapshot()
    let why = try #require(snap.events.last { ($0.why?.count ?? 0) > 60 }?.why)
    let text = rows(s.render(width: 80, height: 40)).joined(separator: " ")
    let squeezed = text.split(separator: " ").joined(separator: " ")
    #expect(squeezed.contains(why.split(separator: " ").joined(separator: " ")), "\(why)")
  }

  /// A group that reaches the start of the snapshot's event window is a lower bound.
  @Test func groupAtTheWindowStartIsALowerBound() throws {
    let s = try Scenario.session(Scenario.all[0].input, at: .seconds(1))
    var snap = s.simulation.snapshot()
    snap.events = (0..<DashboardRenderer.eventWindow).map { i in
      SimEvent(time: 1000, reason: "SuccessfulCreate", object: "pod/web-\(i)", message: "Created pod: web-\(i)")
    }
    let r = rows(DashboardRenderer.render(snap, ui: s.ui, width: 80, height: 24))
    #expect(r.contains { $0.contains("×\(DashboardRenderer.eventWindow)+ Created pod") })
  }
}

extension HiddenInformationTests {
  /// Blue/green services: which revision each Service selects, what it serves, and
  /// at a BlueGreenPause how long it has waited and what to press.
  @Test func blueGreenServicesPanel() throws {
    let s = try StrategyFiles.session("blue-green-manual.yaml", at: .seconds(30))
    let r = rows(s.render(width: 80, height: 24))
    #expect(r.contains { $0.hasPrefix("active  → rev 1 (300 rps, 10/10 available)") }, "\(r)")
    #expect(r.contains { $0.hasPrefix("preview → rev 2 (10/10 ready, no user traff") })
    #expect(r.contains { $0.hasPrefix("paused 25s: press p to promote") })
    // 80×24 at narrower events: reasons up to 22 characters are whole.
    #expect(r.contains { $0.contains(" NewReplicaSetCreated Created ReplicaSet") })
  }
}

extension HiddenInformationTests {
  /// Why not yet: a crash loop's legend says how many restarts the worst pod has had.
  @Test func crashLoopShowsRestarts() throws {
    let s = try StrategyFiles.session("crash-loop.yaml", at: .seconds(120))
    let worst = s.simulation.snapshot().pods.map(\.restarts).max() ?? 0
    #expect(worst > 0)
    #expect(rows(s.render(width: 80, height: 24)).contains { $0.contains("crashloop (\(worst) restarts)") })
  }
}
