import DashboardRender
import RolloutEngine
import Testing

@Suite struct RendererTests {
  func lines(_ g: Grid) -> [String] { g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  @Test func timedPauseCountsDownWithEstimate() throws {
    let s = try Scenario.session(Scenario.canary, at: .seconds(20))
    let rows = lines(s.render(width: 80, height: 24))
    #expect(rows[0].contains("Paused") && rows[0].contains("step 1/7"))
    // Step 2 (pause: 30s) began at 5 s: 15 s left; later timed pause 60 s, plus the
    // indefinite pause that waits for a promote.
    #expect(rows.contains { $0.contains("▶ 2. pause: 30s  15s left") })
    #expect(rows.contains { $0.contains("STEPS 1/7") && $0.contains("≥1m15s + promote") })
  }

  @Test func largeFleetCellsStandForSeveralPods() throws {
    let d = DeploymentSpec(
      name: "web", replicas: 5000, template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100))
    let input = SimulationInput(
      workload: .deployment(d), fromImage: "shop:1.0",
      cluster: .uniform(count: 102, cpuMillis: 16_000, memoryBytes: 64 << 30, scheduling: .firstFit),
      images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5)])
    let s = try Scenario.session(input, at: .seconds(7))
    let small = lines(s.render(width: 80, height: 24))
    #expect(small[2].contains("PODS 6250") && small[2].hasSuffix("1 cell = 19 pods"), "\(small[2])")  // the colour legend takes a row
    let large = lines(s.render(width: 160, height: 48))
    #expect(large[2].contains("PODS 6250") && large[2].hasSuffix("1 cell = 3 pods"))
    // Counts too wide for three columns widen the column instead of colliding.
    #expect(small[3].contains(" 5000 5000 2500 2500 "))
  }

  @Test func nodeDownShowsInGrid() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(30))
    s.act(.nodeDown(2))
    let rows = lines(s.render(width: 80, height: 24))
    #expect(rows.contains { $0.contains("│ node-2 down") })
    #expect(rows[23].hasPrefix("node-down=2: node-2 is down;"))
  }

  @Test func wideAndControlCharactersNeverReachTheGrid() throws {
    var input = Scenario.all[0].input
    input.name = "表示\u{1F600}web\u{7}"
    let s = try Scenario.session(input, at: .seconds(3))
    let g = s.render(width: 80, height: 24)
    #expect(lines(g)[0].hasPrefix("???web?  Deployment"))
  }
}

extension RendererTests {
  /// Tab to EVENTS at 80×24: scaling decisions show their whole reason on a row of its own.
  @Test func focusedEventsShowTheWholeWhy() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(7))
    while DashboardRenderer.panels[s.ui.focus] != "EVENTS" { s.handle(.tab) }
    let rows = lines(s.render(width: 80, height: 24))
    #expect(rows.contains { $0.hasSuffix("└─ new 5→10: maxTotal 13; current 8") })
  }
}
