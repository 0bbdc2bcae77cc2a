/// The `leastAllocated` choice for one pod size, kept in an indexed binary heap so a
/// placement costs O(log nodes) instead of a scan of every node.
///
/// The order is exactly the one `Cluster.pickNodeLinear` (the reference scan) finds:
/// the lowest score, then the fewest pods, then the lowest node index. A node that
/// the size does not fit (or that is down) has score +infinity and sinks to the
/// bottom, so the heap's top answers "which node?" and "does any node fit?" at once.
/// The score of a fitting node is always finite (a zero capacity scores 0), so the
/// sentinel cannot collide with a real score.
///
/// Every change to a node (bind, pod gone, node down or up) calls `update(node:)`,
/// which re-scores that one node and sifts it: O(log nodes).
struct NodeScoreIndex: Sendable {
  /// The pod size this heap answers for.
  let cpu: Int
  let memory: Int64

  /// A node's place in the order, packed so a comparison is two integer compares.
  /// `score` is the score's bit pattern: for non-negative doubles (every score, and
  /// +infinity) the bit patterns order exactly as the values do. `podsAndNode` is
  /// pods << 32 | index: pods first, then the index.
  struct Entry: Sendable {
    var score: UInt64
    var podsAndNode: UInt64

    init(score: Double, pods: Int, node: Int32) {
      self.score = score.bitPattern
      podsAndNode = UInt64(UInt32(clamping: pods)) << 32 | UInt64(UInt32(bitPattern: node))
    }

    var node: Int { Int(UInt32(truncatingIfNeeded: podsAndNode)) }

    /// The reference scan's order: score, then pods, then index.
    @inline(__always) static func < (a: Entry, b: Entry) -> Bool {
      a.score != b.score ? a.score < b.score : a.podsAndNode < b.podsAndNode
    }
  }

  private var heap: [Entry]
  /// `position[n]`: where node n sits in `heap`.
  private var position: [Int32]

  static let unfit = Double.infinity.bitPattern

  init(cpu: Int, memory: Int64, nodes: [ClusterNode]) {
    self.cpu = cpu
    self.memory = memory
    heap = nodes.indices.map { Entry(score: Self.key(nodes[$0].load, cpu: cpu, memory: memory), pods: nodes[$0].pods, node: Int32($0)) }
    position = [Int32](repeating: 0, count: nodes.count)
    // Floyd's heapify: O(nodes).
    if heap.count > 1 {
      for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }
    for i in heap.indices { position[heap[i].node] = Int32(i) }
  }

  /// The score `node` gives a pod of this size, or +infinity when it does not fit.
  @inline(__always) static func key(_ node: NodeLoad, cpu: Int, memory: Int64) -> Double {
    node.fits(cpu: cpu, memory: memory) ? Cluster.leastAllocatedScore(node, cpu: cpu, memory: memory) : .infinity
  }

  /// The node the reference scan would pick, or nil when none fits.
  var best: Int? {
    guard let top = heap.first, top.score != Self.unfit else { return nil }
    return top.node
  }

  /// Re-scores node `n` after its requests, pod count or up state changed.
  mutating func update(node n: Int, _ node: NodeLoad) {
    let i = Int(position[n])
    let old = heap[i]
    let new = Entry(score: Self.key(node, cpu: cpu, memory: memory), pods: node.pods, node: Int32(n))
    heap[i] = new
    if new < old { siftUp(i) } else { siftDown(i) }
  }

  private mutating func siftUp(_ start: Int) {
    heap.withUnsafeMutableBufferPointer { heap in
      position.withUnsafeMutableBufferPointer { position in
        var i = start
        let e = heap[i]
        while i > 0 {
          let parent = (i - 1) / 2
          guard e < heap[parent] else { break }
          heap[i] = heap[parent]
          position[heap[i].node] = Int32(i)
          i = parent
        }
        heap[i] = e
        position[e.node] = Int32(i)
      }
    }
  }

  private mutating func siftDown(_ start: Int) {
    heap.withUnsafeMutableBufferPointer { heap in
      position.withUnsafeMutableBufferPointer { position in
        var i = start
        let e = heap[i]
        let n = heap.count
        while true {
          let l = 2 * i + 1
          guard l < n else { break }
          var c = l
          if l + 1 < n, heap[l + 1] < heap[l] { c = l + 1 }
          guard heap[c] < e else { break }
          heap[i] = heap[c]
          position[heap[i].node] = Int32(i)
          i = c
        }
        heap[i] = e
        position[e.node] = Int32(i)
      }
    }
  }

  /// For tests: the heap property holds and `position` is its inverse.
  func checkInvariants() -> Bool {
    for i in heap.indices {
      if position[heap[i].node] != Int32(i) { return false }
      if i > 0, heap[i] < heap[(i - 1) / 2] { return false }
    }
    return true
  }
}
