/// The general `leastAllocated` order for one pod size: an indexed binary min-heap
/// of every node by (score, pods, index), O(log nodes) per change. `NodeScoreIndex`
/// falls back to it when the nodes' scores are too varied for `ScoreLevels`.
struct ScoreHeap: Sendable {
  /// A node's place in the order, packed so a comparison is two integer compares.
  /// `score` is the score's bit pattern (see `NodeScoreIndex.scoreBits`);
  /// `podsAndNode` is pods << 32 | index: pods first, then the index.
  struct Entry: Sendable {
    var score: UInt64
    var podsAndNode: UInt64

    init(score: UInt64, pods: UInt32, node: Int) {
      self.score = score
      podsAndNode = UInt64(pods) << 32 | UInt64(UInt32(truncatingIfNeeded: node))
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

  /// A heap over nodes 0..<scores.count with the given keys; O(nodes) (Floyd).
  init(scores: [UInt64], pods: [UInt32]) {
    heap = scores.indices.map { Entry(score: scores[$0], pods: pods[$0], node: $0) }
    position = [Int32](repeating: 0, count: scores.count)
    if heap.count > 1 {
      for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }
    for i in heap.indices { position[heap[i].node] = Int32(i) }
  }

  /// The first node in the order, or nil when none fits.
  var best: Int? {
    guard let top = heap.first, top.score != NodeScoreIndex.unfit else { return nil }
    return top.node
  }

  /// Node `n` has a new key.
  mutating func update(node n: Int, score: UInt64, pods: UInt32) {
    let i = Int(position[n])
    let old = heap[i]
    let new = Entry(score: score, pods: pods, node: n)
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
