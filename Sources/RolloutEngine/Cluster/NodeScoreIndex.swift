/// The `leastAllocated` choice for one pod size, kept up to date so a placement
/// costs O(1) (few distinct keys, `ScoreLevels`) or O(log nodes) (`ScoreHeap`)
/// instead of a scan of every node.
///
/// The order is exactly the one `Cluster.pickNodeLinear` (the reference scan) finds:
/// the lowest score, then the fewest pods, then the lowest node index. Scores are
/// compared as their bit patterns, which for non-negative doubles (every score,
/// and +infinity) order exactly as the values do. A node that the size does not
/// fit (or that is down) has the key +infinity (`unfit`); the score of a fitting
/// node is always finite (a zero capacity scores 0), so the sentinel cannot
/// collide with a real score.
///
/// Every change to a node (bind, pod gone, node down or up) calls `update(node:)`,
/// which re-scores that one node.
struct NodeScoreIndex: Sendable {
  /// The pod size this index answers for.
  let cpu: Int
  let memory: Int64
  /// One of the two is set: levels while the keys are few, else the heap.
  private(set) var levels: ScoreLevels?
  private(set) var heap: ScoreHeap?

  static let unfit = Double.infinity.bitPattern
  /// Distinct (score, pods) keys `ScoreLevels` keeps before the heap takes over.
  static let levelLimit = 32

  init(cpu: Int, memory: Int64, nodes: [ClusterNode], levelLimit: Int = NodeScoreIndex.levelLimit) {
    self.cpu = cpu
    self.memory = memory
    let scores = nodes.map { Self.scoreBits($0.load, cpu: cpu, memory: memory) }
    let pods = nodes.map { UInt32(clamping: $0.pods) }
    if let l = ScoreLevels(scores: scores, pods: pods, limit: levelLimit) {
      levels = l
    } else {
      heap = ScoreHeap(scores: scores, pods: pods)
    }
  }

  /// The bits of the score `node` gives a pod of this size, or `unfit`.
  @inline(__always) static func scoreBits(_ node: NodeLoad, cpu: Int, memory: Int64) -> UInt64 {
    node.fits(cpu: cpu, memory: memory) ? Cluster.leastAllocatedScore(node, cpu: cpu, memory: memory).bitPattern : unfit
  }

  /// The node the reference scan would pick, or nil when none fits.
  var best: Int? {
    if let l = levels { return l.best }
    return heap?.best
  }

  /// Re-scores node `n` after its requests, pod count or up state changed.
  mutating func update(node n: Int, _ node: NodeLoad) {
    let score = Self.scoreBits(node, cpu: cpu, memory: memory)
    let pods = UInt32(clamping: node.pods)
    if levels != nil {
      if levels!.update(node: n, score: score, pods: pods) { return }
      // Too many distinct keys: the heap takes over, from the keys with this change.
      var scores = levels!.scores
      var allPods = levels!.pods
      scores[n] = score
      allPods[n] = pods
      levels = nil
      heap = ScoreHeap(scores: scores, pods: allPods)
      return
    }
    heap!.update(node: n, score: score, pods: pods)
  }

  /// For tests.
  func checkInvariants() -> Bool { levels?.checkInvariants() ?? heap?.checkInvariants() ?? false }
}

/// The nodes whose load changed since the score indexes were last brought up to
/// date, each listed once. Re-scoring waits for the next `leastAllocated` pick
/// (`Cluster.flushNodeChanges`): a batch of pods gone from a node costs one
/// re-score, not one per pod. An index entry depends only on the node's load at
/// the time it is re-scored, so the picks are the same as re-scoring at once.
struct ChangedNodes: Sendable {
  private(set) var nodes: [Int32] = []
  private var listed: [UInt64] = []

  var isEmpty: Bool { nodes.isEmpty }

  @inline(__always) mutating func insert(_ n: Int) {
    let w = n >> 6
    let bit = UInt64(1) << UInt64(n & 63)
    if w >= listed.count { listed.append(contentsOf: repeatElement(0, count: w + 1 - listed.count)) }
    guard listed[w] & bit == 0 else { return }
    listed[w] |= bit
    nodes.append(Int32(n))
  }

  /// Empties the list (keeping its storage: no allocation per pick).
  mutating func removeAll() {
    while let n = nodes.popLast() { listed[Int(n) >> 6] = 0 }
  }
}
