import Foundation
import Testing
import DashboardRender
import RolloutEngine

@Test func explore() throws {
  for n in [300, 5000] {
    let d = DeploymentSpec(name: "web", replicas: n, template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100))
    let input = SimulationInput(
      workload: .deployment(d), fromImage: "shop:1.0",
      cluster: .uniform(count: max(3, n / 50 + 2), cpuMillis: 16_000, memoryBytes: 64 << 30, scheduling: .firstFit),
      images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5)])
    var s = DashboardSession(simulation: try Simulation(input))
    s.advance(to: .seconds(7))
    let t = s.render(width: 80, height: 24).text + "\n" + s.render(width: 160, height: 48).text + "\n"
    try! t.write(toFile: "/tmp/explore-\(n).txt", atomically: true, encoding: .utf8)
  }
}
