import PropertyBased
import Testing

@testable import RolloutEngine

/// A snapshot's `PodTable` keeps the engine's pod columns and counts them once; the
/// dashboard reads those counts and `runs(of:)` instead of one `PodView` per pod.
/// These pin every answer to a recount from the views, and the views to the plain
/// grouped definition (one list per node, unscheduled last, slot order, one
/// workload's pods when there are several), at every instant of random runs: small
/// clusters (unscheduled pods), crash loops (restarts, OOMKilled), a node going down,
/// a second workload on the cluster.
@Suite struct PodTableTests {
  /// The definition of the pods a snapshot of workload `w` holds.
  static func grouped(_ sim: Simulation, workload w: Int) -> [PodView] {
    let c = sim.cluster
    let several = sim.input.workloads.count > 1
    var byNode = [[PodView]](repeating: [], count: c.nodes.count + 1)
    let p = c.pods
    for i in 0..<p.capacity where p.state[i] != PodStore.gone {
      let rs = Int(p.rs[i])
      guard !several || c.replicaSets[rs].owner == w else { continue }
      let n = Int(p.node[i])
      byNode[n < 0 ? c.nodes.count : n].append(
        PodView(
          revision: c.replicaSets[rs].revision, state: p.displayState(Int32(i)), node: Int32(n),
          restarts: Int(p.restarts[i]), lastTermination: p.restarts[i] > 0 ? c.rsBehavior[rs].crashReason : nil))
    }
    return byNode.flatMap { $0 }
  }

  /// The flat grid's cells as the renderer computed them from the views before
  /// `runs(of:)`: per run of `k`, the count of each state and the highest revision.
  static func runs(_ views: [PodView], k: Int) -> [([Int], Int)] {
    var out: [([Int], Int)] = []
    var counts = [Int](repeating: 0, count: 8)
    var rev = 0
    for (i, p) in views.enumerated() {
      counts[Int(p.state.rawValue)] += 1
      if p.revision > rev { rev = p.revision }
      if (i + 1) % k == 0 || i + 1 == views.count {
        out.append((counts, rev))
        counts = [Int](repeating: 0, count: 8)
        rev = 0
      }
    }
    return out
  }

  static func same(_ r: PodRuns, _ expected: [([Int], Int)]) -> Bool {
    guard r.count == expected.count else { return false }
    for (i, (counts, rev)) in expected.enumerated() {
      if r.maxRevision(i) != rev { return false }
      for st in PodDisplayState.allCases where r.count(i, st) != counts[Int(st.rawValue)] { return false }
    }
    return true
  }

  /// Every answer of `table` equals a recount from `views`; returns what differs.
  static func mismatch(_ table: PodTable, _ views: [PodView], nodeCount: Int) -> String? {
    if table.count != views.count { return "count \(table.count) != \(views.count)" }
    var states = [Int](repeating: 0, count: 8)
    for p in views { states[Int(p.state.rawValue)] += 1 }
    if table.stateCounts != states { return "states \(table.stateCounts) != \(states)" }
    // The node count the snapshot has, and a smaller one (indices past it count as
    // unscheduled, as the renderer's own count did).
    for nc in Set([nodeCount, max(0, nodeCount - 1)]) {
      var perNode = [Int](repeating: 0, count: nc + 1)
      for p in views { perNode[p.node < 0 || Int(p.node) >= nc ? nc : Int(p.node)] += 1 }
      if table.countsByNode(nodeCount: nc) != perNode { return "perNode(\(nc)) \(table.countsByNode(nodeCount: nc)) != \(perNode)" }
    }
    if table.maxRestarts != (views.map(\.restarts).max() ?? 0) { return "maxRestarts \(table.maxRestarts)" }
    let fromViews = PodTable(views)
    if fromViews != table { return "a table of the same views is not equal" }
    for k in Set([1, 2, 3, 7, max(1, views.count)]) {
      let expected = runs(views, k: k)
      if !same(table.runs(of: k), expected) { return "runs of \(k)" }
      if !same(fromViews.runs(of: k), expected) { return "runs of \(k) (views)" }
    }
    return nil
  }

  static func check(replicas: Int, nodes: Int, crash: Int, twoWorkloads: Bool, nodeDown: Bool, seed: UInt64) throws {
    let cluster = ClusterSpec.uniform(count: nodes, cpuMillis: 1_000, memoryBytes: 8 << 30, scheduling: .leastAllocated)
    var image = ImageBehavior(startupSeconds: 3, crashLoop: crash > 0, crashAfterSeconds: 2)
    if crash == 2 { image.crashReason = .oomKilled }
    var input = Fixture.input(
      Fixture.deployment(replicas: replicas, maxSurge: .int(3), maxUnavailable: .int(1), cpuMillis: 150),
      newImage: image, cluster: cluster, seed: seed)
    if nodeDown { input.actions.append(ScheduledAction(at: SimTime.seconds(9), verb: .nodeDown(0))) }
    if twoWorkloads {
      var api = Fixture.deployment(replicas: max(1, replicas / 2), maxSurge: .int(2), maxUnavailable: .int(0), cpuMillis: 100)
      api.name = "api"
      input.additionalWorkloads = [AdditionalWorkload(workload: .deployment(api), fromImage: "shop:1.0")]
    }
    let label = "N=\(replicas) nodes=\(nodes) crash=\(crash) two=\(twoWorkloads) down=\(nodeDown) seed=\(seed)"
    var sim = try Simulation(input)
    var steps = 0
    repeat {
      for w in 0..<input.workloads.count {
        let snap = sim.snapshot(workload: w)
        let views = snap.pods
        #expect(views == Self.grouped(sim, workload: w), "\(label) t=\(sim.now) workload \(w)")
        if let m = Self.mismatch(snap.podTable, views, nodeCount: snap.nodes.count) {
          Issue.record("\(label) t=\(sim.now) workload \(w): \(m)")
          return
        }
        #expect(sim.snapshot(includePods: false, workload: w).podTable.count == 0)
      }
      steps += 1
    } while steps < 300 && sim.now < SimTime.seconds(240) && sim.stepToNextEvent()
  }

  @Test func tableAnswersEqualARecountFromThePodsAtEveryInstant() async {
    await propertyCheck(
      count: 40, input: Gen.int(in: 1...30), Gen.int(in: 1...5), Gen.int(in: 0...2), Gen.bool, Gen.bool, Gen.int(in: 1...1000)
    ) { replicas, nodes, crash, two, down, seed in
      try? Self.check(replicas: replicas, nodes: nodes, crash: crash, twoWorkloads: two, nodeDown: down, seed: UInt64(seed))
    }
  }

  /// A crash-looping fleet, two workloads, a node down: the cases the random runs
  /// must not miss by chance.
  @Test func crashLoopsAndTwoWorkloads() throws {
    try Self.check(replicas: 12, nodes: 2, crash: 2, twoWorkloads: true, nodeDown: true, seed: 7)
  }

  /// Tables made from views (tests build snapshots by hand) answer from them as they
  /// are; equal tables hash alike however stored.
  @Test func tableOfViews() throws {
    let v = [
      PodView(revision: 2, state: .available, node: 0), PodView(revision: 1, state: .terminating, node: 0),
      PodView(revision: 2, state: .crashLoopBackOff, node: 5, restarts: 3, lastTermination: .oomKilled),
      PodView(revision: 2, state: .pending, node: -1),
    ]
    let t = PodTable(v)
    #expect(t.count == 4 && t.views == v && t.maxRestarts == 3)
    #expect(t.countsByNode(nodeCount: 2) == [2, 0, 2])
    #expect(t.stateCounts == [1, 0, 0, 0, 1, 1, 1, 0])
    let r = t.runs(of: 3)
    #expect(r.count == 2 && r.k == 3 && r.maxRevision(0) == 2 && r.count(0, .crashLoopBackOff) == 1 && r.count(1, .pending) == 1)
    #expect(PodTable().count == 0 && PodTable().runs(of: 4).count == 0 && PodTable().maxRestarts == 0)
    var snap = try Simulation(Fixture.input(Fixture.deployment(replicas: 3))).snapshot()
    let engineTable = snap.podTable
    snap.pods = snap.pods
    #expect(snap.podTable == engineTable && snap.podTable.hashValue == engineTable.hashValue)
  }
}
