import Testing
@testable import RolloutEngine

/// The `leastAllocated` heap (`NodeScoreIndex`) against the reference scan
/// (`Cluster.pickNodeLinear`): over random clusters and churn, both pick the same
/// node at every placement. Also the per-node pod lists a lost node uses, against
/// the scan of every pod they replace.
@Suite struct SchedulerIndexTests {
  /// Node capacities drawn from small sets so that equal scores (ties broken by pod
  /// count, then index) are common, plus a node with no memory at all (scores 0).
  static func randomCluster(_ g: inout SplitMix64) -> ClusterSpec {
    let count = 1 + Int(g.next() % 30)
    let cpus = [1000, 2000, 4000, 3000, 0]
    let mems: [Int64] = [1 << 30, 2 << 30, 4 << 30, 3 << 30]
    let nodes = (0..<count).map { i in
      NodeSpec(
        name: "node-\(i + 1)", cpuMillis: cpus[Int(g.next() % UInt64(cpus.count))],
        memoryBytes: i == 0 ? 0 : mems[Int(g.next() % UInt64(mems.count))])
    }
    return ClusterSpec(nodes: nodes, scheduling: .leastAllocated)
  }

  /// Pod sizes: more than `Cluster.scoreIndexLimit`, so heaps are evicted and rebuilt.
  static let sizes: [(Int, Int64)] = [
    (0, 0), (100, 0), (0, 128 << 20), (250, 256 << 20), (500, 512 << 20), (100, 128 << 20), (1000, 1 << 30),
    (333, 100 << 20), (200, 700 << 20), (750, 64 << 20), (50, 50 << 20),
  ]

  /// Random churn on one cluster: pods of differing sizes created (and so bound),
  /// deleted, gone after termination, nodes down and up, pending pods retried.
  /// After every operation, every size's heap agrees with the scan and holds its
  /// invariants; `auditPicks` checks the picks made inside each operation.
  /// `levelLimit` low forces `ScoreLevels` to hand over to `ScoreHeap` mid-run.
  /// Returns how many indexes ended as levels and as heaps.
  @discardableResult static func churn(seed: UInt64, operations: Int, levelLimit: Int = NodeScoreIndex.levelLimit) -> (levels: Int, heaps: Int) {
    var g = SplitMix64(seed: seed)
    func r(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    var c = Cluster(spec: randomCluster(&g), images: [:], workloadName: "web", seed: seed)
    c.auditPicks = true
    c.scoreLevelLimit = levelLimit
    for (k, s) in sizes.enumerated() {
      _ = c.createReplicaSet(
        template: PodTemplate(labels: ["app": "web"], image: "img:\(k)", cpuMillis: s.0, memoryBytes: s.1), revision: k + 1,
        minReadySeconds: 0)
    }
    for op in 0..<operations {
      switch r(12) {
      case 0..<6:
        c.createPods(rs: r(sizes.count), count: 1 + r(4))
      case 6, 7:
        let rs = r(sizes.count)
        if !c.replicaSets[rs].live.isEmpty { c.terminate(c.replicaSets[rs].live[r(c.replicaSets[rs].live.count)]) }
      case 8:
        let terminating = (0..<c.pods.capacity).filter { c.pods.state[$0] == PodDisplayState.terminating.rawValue }
        for p in terminating where r(2) == 0 { c.podGone(Int32(p)) }
      case 9:
        let n = r(c.nodes.count)
        let fromList = c.podsLost(on: n)
        let fromScan = c.podsLostScan(on: n)
        #expect(fromList.lost == fromScan.lost && fromList.gone == fromScan.gone, "seed \(seed) op \(op): node \(n)'s pods")
        _ = c.nodeDown(n)
        #expect(c.podsOnNode(n).isEmpty)
      case 10:
        _ = c.nodeUp(r(c.nodes.count))
      default:
        c.advanceClock(to: c.now + 1000)
        c.schedulePending()
      }
      for s in sizes.shuffled(using: &g).prefix(3) {
        let scan = c.pickNodeLinear(cpu: s.0, memory: s.1)
        let heap = c.pickNode(cpu: s.0, memory: s.1)
        #expect(heap == scan, "seed \(seed) op \(op) size \(s): heap \(String(describing: heap)), scan \(String(describing: scan))")
      }
      #expect(c.scoreIndexes.allSatisfy { $0.checkInvariants() }, "seed \(seed) op \(op): heap invariant broken")
    }
    #expect(c.pickMismatches.isEmpty, "seed \(seed): \(c.pickMismatches.prefix(5))")
    return (c.scoreIndexes.filter { $0.levels != nil }.count, c.scoreIndexes.filter { $0.heap != nil }.count)
  }

  @Test func indexAgreesWithScanUnderChurn() {
    var levels = 0
    var heaps = 0
    for seed in UInt64(1)...60 {
      let r = Self.churn(seed: seed, operations: 300, levelLimit: seed % 3 == 0 ? 2 + Int(seed % 5) : NodeScoreIndex.levelLimit)
      levels += r.levels
      heaps += r.heaps
    }
    // Both structures were exercised (and the hand-over between them).
    #expect(levels > 0)
    #expect(heaps > 0)
  }

  /// The heap is built lazily, after the cluster already holds pods and a node is down.
  @Test func heapBuiltMidRunAgreesWithScan() {
    var c = Cluster(spec: .uniform(count: 5, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 7)
    let rs = c.createReplicaSet(template: PodTemplate(image: "a", cpuMillis: 300, memoryBytes: 1 << 20), revision: 1, minReadySeconds: 0)
    c.createPods(rs: rs, count: 7)
    _ = c.nodeDown(1)
    #expect(c.scoreIndexes.count == 1)
    c.scoreIndexes.removeAll()
    for cpu in [100, 300, 700, 701, 1000, 1001] {
      #expect(c.pickNode(cpu: cpu, memory: 0) == c.pickNodeLinear(cpu: cpu, memory: 0), "cpu \(cpu)")
    }
    // Exact choices: 7 pods of 300m over 5 nodes (2,2,1,1,1 by index), node 2 lost its 2.
    #expect(c.nodes.map(\.pods) == [2, 0, 1, 1, 1])
    #expect(c.pickNode(cpu: 100, memory: 0) == 2)
    #expect(c.pickNode(cpu: 1001, memory: 0) == nil)
  }

  /// Whole simulations with drills (node down/up, kill-pod, scale) and the audit on
  /// from the first pick: no placement differs from the scan.
  @Test func simulationsWithDrillsAgreeWithScan() throws {
    for seed in UInt64(1)...12 {
      var g = SplitMix64(seed: seed)
      let nodes = 2 + Int(g.next() % 6)
      let d = Fixture.deployment(replicas: 5 + Int(g.next() % 40), cpuMillis: 100 * (1 + Int(g.next() % 5)))
      let actions = [
        ScheduledAction(at: 1_000, verb: .nodeDown(1 + Int(g.next() % UInt64(nodes)))),
        ScheduledAction(at: 3_000, verb: .killPod),
        ScheduledAction(at: 4_000, verb: .scale(60)),
        ScheduledAction(at: 9_000, verb: .nodeUp(1 + Int(g.next() % UInt64(nodes)))),
        ScheduledAction(at: 12_000, verb: .nodeDown(1)),
      ]
      let input = Fixture.input(
        d, cluster: .uniform(count: nodes, cpuMillis: 2000 + 500 * Int(g.next() % 4), memoryBytes: 8 << 30), actions: actions,
        seed: seed)
      var sim = try Simulation(input)
      sim.cluster.auditPicks = true
      var steps = 0
      while !sim.isFinished, steps < 5_000, sim.stepToNextEvent() { steps += 1 }
      #expect(sim.cluster.pickMismatches.isEmpty, "seed \(seed): \(sim.cluster.pickMismatches.prefix(5))")
    }
  }
}
