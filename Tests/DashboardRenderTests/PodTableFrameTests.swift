import DashboardRender
import RolloutEngine
import Testing

/// The PODS grid reads the snapshot's `PodTable` (its counts, `runs(of:)` for the
/// flat grid): a frame drawn from the engine's table is the frame drawn from a table
/// of the same pods as views, cell for cell and style for style, flat (a cell stands
/// for k pods, crash loops in some cells, a focused cursor) and grouped by node.
@Suite struct PodTableFrameTests {
  static func session(replicas: Int, nodes: Int, crash: Bool, at t: SimTime) throws -> DashboardSession {
    let d = DeploymentSpec(
      name: "web", replicas: replicas, template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100))
    var input = SimulationInput(
      workload: .deployment(d), fromImage: "shop:1.0",
      cluster: .uniform(count: nodes, cpuMillis: 16_000, memoryBytes: 64 << 30),
      images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5, crashLoop: crash, crashAfterSeconds: 1)])
    input.actions = [ScheduledAction(at: .seconds(4), verb: .nodeDown(1))]
    return try Scenario.session(input, at: t)
  }

  @Test(arguments: [(5000, 60, false), (5000, 60, true), (900, 8, true), (30, 3, false), (30, 3, true)])
  func framesFromTheEngineTableEqualFramesFromViews(replicas: Int, nodes: Int, crash: Bool) throws {
    for t in [SimTime.seconds(3), .seconds(7), .seconds(30)] {
      let s = try Self.session(replicas: replicas, nodes: nodes, crash: crash, at: t)
      let engine = s.simulation.snapshot(maxEvents: DashboardRenderer.eventWindow)
      var views = engine
      views.podTable = PodTable(engine.pods)
      for (w, h) in [(80, 24), (120, 40), (160, 48), (250, 70)] {
        for focusPods in [false, true] {
          var ui = s.ui
          if focusPods, let i = DashboardRenderer.panels.firstIndex(of: "PODS") {
            ui.focus = i
            ui.podSelection = engine.podTable.count / 3
          }
          let a = DashboardRenderer.render(engine, ui: ui, width: w, height: h)
          let b = DashboardRenderer.render(views, ui: ui, width: w, height: h)
          #expect(a == b, "N=\(replicas) crash=\(crash) t=\(t) \(w)x\(h) focus=\(focusPods)\n\(a.text)\n\(b.text)")
        }
      }
    }
  }
}
