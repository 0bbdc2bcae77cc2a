import Testing
@testable import RolloutEngine

/// kube-scheduler's `percentageOfNodesToScore` (schedule_one.go,
/// `numFeasibleNodesToFind` and `findNodesThatPassFilters`), off by default.
@Suite struct SchedulerSamplingTests {
  @Test func numFeasibleNodesToFindFollowsUpstream() {
    let f = Cluster.numFeasibleNodesToFind
    #expect(f(0, 50) == 50)  // under 100 nodes: all of them
    #expect(f(10, 99) == 99)
    #expect(f(0, 500) == 230)  // 500 × (50 − 500/125) %
    #expect(f(0, 11_819) == 590)  // 50 − 94 < 5: 5 %
    #expect(f(10, 1_000) == 100)
    #expect(f(10, 200) == 100)  // 20 < 100: at least 100
    #expect(f(100, 150) == 150)
  }

  static func cluster(nodes: Int, percentage: Int?) -> (Cluster, Int) {
    var c = Cluster(
      spec: ClusterSpec(
        nodes: (0..<nodes).map { NodeSpec(name: "node-\($0 + 1)", cpuMillis: 1000, memoryBytes: 1 << 30) },
        percentageOfNodesToScore: percentage),
      images: [:], workloadName: "web", seed: 1)
    let rs = c.createReplicaSet(template: PodTemplate(image: "a", cpuMillis: 100, memoryBytes: 1 << 20), revision: 1, minReadySeconds: 0)
    return (c, rs)
  }

  /// 200 like nodes at 10 %: each search checks 100 nodes from where the last one
  /// stopped, so pods alternate between the halves; within a half the emptiest,
  /// first-found node wins.
  @Test func searchesRotateFromWhereTheLastStopped() {
    var (c, rs) = Self.cluster(nodes: 200, percentage: 10)
    c.createPods(rs: rs, count: 5)
    let placed = c.replicaSets[rs].live.map { Int(c.pods.node[Int($0)]) }
    #expect(placed == [0, 100, 1, 101, 2])
    #expect(c.nextStartNodeIndex == 100)
  }

  /// Infeasible nodes count as processed: with nodes 0…49 down, the first search
  /// checks 150 nodes (50 infeasible, then 100 feasible) and the second starts at 150.
  @Test func infeasibleNodesCountAsProcessed() {
    var (c, rs) = Self.cluster(nodes: 200, percentage: 10)
    for n in 0..<50 { _ = c.nodeDown(n) }
    c.createPods(rs: rs, count: 2)
    #expect(c.replicaSets[rs].live.map { Int(c.pods.node[Int($0)]) } == [50, 150])
    // Second search from 150: 150…199 (50 feasible), 0…49 (down), 50…99 (50 more):
    // 150 processed, so the next starts at 100.
    #expect(c.nextStartNodeIndex == 100)
  }

  /// Off (nil), the same cluster places by the full scan: the emptiest lowest index.
  @Test func offByDefaultScoresEveryNode() {
    #expect(ClusterSpec.default.percentageOfNodesToScore == nil)
    var (c, rs) = Self.cluster(nodes: 200, percentage: nil)
    c.createPods(rs: rs, count: 5)
    #expect(c.replicaSets[rs].live.map { Int(c.pods.node[Int($0)]) } == [0, 1, 2, 3, 4])
  }
}
