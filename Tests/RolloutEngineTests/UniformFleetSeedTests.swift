import Testing
@testable import RolloutEngine

/// The initial fleet on like nodes is placed round-robin without scoring
/// (`Cluster.uniformFleet`); every pick must be the reference scan's, including
/// when the fleet does not fit, and the score indexes must be current afterwards.
@Suite struct UniformFleetSeedTests {
  static let template = PodTemplate(image: "a", cpuMillis: 300, memoryBytes: 1 << 20)

  @Test(arguments: [(7, 3), (15, 5), (30, 5), (1, 1), (0, 4)])
  func roundRobinIsWhatTheScanPicks(pods: Int, nodes: Int) {
    var c = Cluster(spec: .uniform(count: nodes, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 1)
    c.auditPicks = true
    let rs = c.createReplicaSet(template: Self.template, revision: 1, minReadySeconds: 0)
    #expect(c.uniformFleet)
    let placed = c.seedAvailablePods(rs: rs, count: pods)
    #expect(c.pickMismatches.isEmpty, "\(c.pickMismatches.prefix(3))")
    // 300m pods on 1000m nodes: three a node, filled by index, one round at a time.
    #expect(placed == min(pods, 3 * nodes))
    let expected = (0..<nodes).map { n in min(3, pods / nodes + (n < pods % nodes ? 1 : 0)) }
    #expect(c.nodes.map(\.pods) == expected)
    #expect(c.replicaSets[rs].available == placed)
    #expect(c.replicaSets[rs].pending == pods - placed)
  }

  /// An index built before the seed is brought up to date at its end.
  @Test func indexesAreCurrentAfterTheSeed() {
    var c = Cluster(spec: .uniform(count: 4, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 1)
    _ = c.pickNode(cpu: 300, memory: 1 << 20)
    _ = c.pickNode(cpu: 100, memory: 0)
    #expect(c.scoreIndexes.count == 2)
    let rs = c.createReplicaSet(template: Self.template, revision: 1, minReadySeconds: 0)
    _ = c.seedAvailablePods(rs: rs, count: 6)
    for (cpu, memory) in [(300, Int64(1 << 20)), (100, 0), (400, 0), (1000, 0)] {
      #expect(c.pickNode(cpu: cpu, memory: memory) == c.pickNodeLinear(cpu: cpu, memory: memory), "\(cpu)m")
    }
    #expect(c.scoreIndexes.allSatisfy { $0.checkInvariants() })
  }

  /// Unlike nodes (one down, or a different size) take the scored path.
  @Test func unlikeNodesAreScored() {
    var down = Cluster(spec: .uniform(count: 3, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 1)
    _ = down.nodeDown(1)
    #expect(!down.uniformFleet)
    var spec = ClusterSpec.uniform(count: 3, cpuMillis: 1000, memoryBytes: 1 << 30)
    spec.nodes[2].cpuMillis = 2000
    var mixed = Cluster(spec: spec, images: [:], workloadName: "web", seed: 1)
    #expect(!mixed.uniformFleet)
    mixed.auditPicks = true
    let rs = mixed.createReplicaSet(template: Self.template, revision: 1, minReadySeconds: 0)
    #expect(mixed.seedAvailablePods(rs: rs, count: 9) == 9)
    #expect(mixed.pickMismatches.isEmpty)
  }
}
