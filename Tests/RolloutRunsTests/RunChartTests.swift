import RolloutEngine
import RolloutReports
import RolloutRuns
import SnapshotTesting
import Testing

/// The chart of a small case, byte for byte: a 3-replica RollingUpdate and a
/// Recreate of the same service on one time axis.
@Suite struct RunChartTests {
  static func input(recreate: Bool) -> SimulationInput {
    let d = DeploymentSpec(
      name: "web", replicas: 3,
      strategy: recreate ? .recreate : .rollingUpdate(maxSurge: .int(1), maxUnavailable: .int(0)),
      template: PodTemplate(labels: ["app": "web"], image: "web:2"))
    return SimulationInput(
      workload: .deployment(d), fromImage: "web:1", traffic: TrafficSpec(requestsPerSecond: 30),
      images: ["web:1": ImageBehavior(startupSeconds: 2), "web:2": ImageBehavior(startupSeconds: 2, errorRate: 0.1)])
  }

  @Test func smallComparisonChart() throws {
    var set = RunSet([
      try Run(Self.input(recreate: false), label: "rolling", timeline: true),
      try Run(Self.input(recreate: true), label: "recreate", timeline: true),
    ])
    set.runToEnd(until: 60_000)
    let chart = RunChart(title: "rolling vs recreate", runs: set.runs)
    assertSnapshot(of: chart.svg(), as: .lines, named: "svg")
    #expect(chart.html().contains(chart.svgElement()))
  }
}
