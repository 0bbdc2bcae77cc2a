import Testing
@testable import RolloutEngine

/// The placement filters from `PlacementIndex` (pods per ReplicaSet per node) against
/// the reference scan of every pod (`placementFeasibleNodesScan`): over random
/// clusters, templates with anti-affinity and topology spread, and churn (pods
/// created and bound, deleted, gone, nodes down and up), both allow the same nodes
/// for every template after every operation, and every pick inside an operation
/// agrees (`auditPicks`).
@Suite struct PlacementIndexTests {
  static let labelSets: [[String: String]] = [["app": "web"], ["app": "api"], ["app": "web", "tier": "front"], ["app": "db"]]

  static func randomTemplate(_ g: inout SplitMix64, _ k: Int) -> PodTemplate {
    func r(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    let labels = labelSets[r(labelSets.count)]
    var placement: [PlacementConstraint] = []
    if r(2) == 0 { placement.append(.antiAffinity(selector: labelSets[r(labelSets.count)])) }
    if r(2) == 0 { placement.append(.spread(maxSkew: 1 + r(2), selector: labelSets[r(labelSets.count)])) }
    if r(4) == 0 { placement.append(.spread(maxSkew: 1, selector: labels)) }
    return PodTemplate(labels: labels, image: "img:\(k)", cpuMillis: 100 * (1 + r(3)), memoryBytes: 64 << 20, placement: placement)
  }

  static func churn(seed: UInt64, operations: Int) {
    var g = SplitMix64(seed: seed)
    func r(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    let nodes = (0..<(1 + r(8))).map { NodeSpec(name: "node-\($0 + 1)", cpuMillis: 1000 * (1 + Int(g.next() % 3)), memoryBytes: 4 << 30) }
    var c = Cluster(spec: ClusterSpec(nodes: nodes, scheduling: r(2) == 0 ? .leastAllocated : .firstFit), images: [:], workloadName: "web", seed: seed)
    c.auditPicks = true
    let templates = (0..<(2 + r(5))).map { randomTemplate(&g, $0) }
    for (k, t) in templates.enumerated() { _ = c.createReplicaSet(template: t, revision: k + 1, minReadySeconds: 0) }
    for op in 0..<operations {
      switch r(10) {
      case 0..<5:
        c.createPods(rs: r(templates.count), count: 1 + r(3))
      case 5, 6:
        let rs = r(templates.count)
        if !c.replicaSets[rs].live.isEmpty { c.terminate(c.replicaSets[rs].live[r(c.replicaSets[rs].live.count)]) }
      case 7:
        let terminating = (0..<c.pods.capacity).filter { c.pods.state[$0] == PodDisplayState.terminating.rawValue }
        for p in terminating where r(2) == 0 { c.podGone(Int32(p)) }
      case 8:
        _ = c.nodeDown(r(c.nodes.count))
      default:
        _ = c.nodeUp(r(c.nodes.count))
        c.schedulePending()
      }
      guard let index = c.placementIndex else { continue }
      // The filters walk `occupied`: exactly the ReplicaSets with a pod bound.
      #expect(Set(index.occupied) == Set(index.existing.indices.filter { index.existing[$0].contains { $0 != 0 } }), "seed \(seed) op \(op)")
      #expect(index.occupied.count == Set(index.occupied).count)
      for t in templates {
        #expect(c.placementFeasibleNodes(t) == c.placementFeasibleNodesScan(t), "seed \(seed) op \(op) \(t.image)")
      }
    }
    #expect(c.placementIndex != nil, "seed \(seed): no placement pick happened")
    #expect(c.pickMismatches.isEmpty, "seed \(seed): \(c.pickMismatches.prefix(3))")
  }

  @Test(arguments: UInt64(1)...40) func indexAgreesWithTheScan(seed: UInt64) {
    Self.churn(seed: seed, operations: 150)
  }

  /// Exact choices: one pod per node by anti-affinity on 3 nodes; the fourth stays
  /// Pending, and takes the node whose pod is gone (not while it terminates).
  @Test func antiAffinityOnePodPerNode() {
    let t = PodTemplate(labels: ["app": "web"], image: "web:1", cpuMillis: 100, placement: [.antiAffinity(selector: ["app": "web"])])
    var c = Cluster(spec: .uniform(count: 3, cpuMillis: 1000, memoryBytes: 1 << 30), images: [:], workloadName: "web", seed: 1)
    let rs = c.createReplicaSet(template: t, revision: 1, minReadySeconds: 0)
    c.createPods(rs: rs, count: 4)
    #expect(c.nodes.map(\.pods) == [1, 1, 1] && c.unscheduled.count == 1)
    #expect(c.placementFeasibleNodes(t) == [false, false, false])
    let victim = c.replicaSets[rs].live.first { c.pods.node[Int($0)] == 1 }!
    c.terminate(victim)
    #expect(c.placementFeasibleNodes(t) == [false, false, false])
    c.podGone(victim)
    #expect(c.placementFeasibleNodes(t) == [false, true, false])
  }
}
