/// The `leastAllocated` order for one pod size when few distinct (score, pods) keys
/// exist at once, which is the usual case: in a fleet of like nodes filled evenly,
/// every node has k or k + 1 pods and the same requests, so there are a handful of
/// keys. Each key is a level holding its nodes as a bitset (with a summary bitset
/// of its non-empty words); levels are kept sorted. The first node in the order is
/// the lowest set bit of the lowest level; moving a node between levels is two bit
/// operations. O(1) per change for a bounded number of levels (O(levels) to find
/// one), O(nodes / 4096) to find the first node.
///
/// Nodes the size doesn't fit are in no level. When a change would need more than
/// `limit` levels, `update` refuses and `NodeScoreIndex` switches to a `ScoreHeap`.
struct ScoreLevels: Sendable {
  struct Level: Sendable {
    var score: UInt64
    var pods: UInt32
    var count: Int32
    /// Offset of this level's block in `pool`: `summaryWords` summary words, then
    /// `words` words of node bits.
    var block: Int

    @inline(__always) func precedes(_ score: UInt64, _ pods: UInt32) -> Bool {
      self.score != score ? self.score < score : self.pods < pods
    }
  }

  let limit: Int
  let words: Int
  let summaryWords: Int
  /// Every node's key (its score's bits, or `NodeScoreIndex.unfit`, and its pods).
  private(set) var scores: [UInt64]
  private(set) var pods: [UInt32]
  private var levels: [Level] = []
  private var pool: [UInt64] = []
  private var freeBlocks: [Int] = []

  /// Levels for these keys, or nil if they need more than `limit` levels.
  init?(scores: [UInt64], pods: [UInt32], limit: Int) {
    self.limit = limit
    words = (scores.count + 63) / 64
    summaryWords = (words + 63) / 64
    self.scores = scores
    self.pods = pods
    for n in scores.indices where scores[n] != NodeScoreIndex.unfit {
      guard insert(n, scores[n], pods[n]) else { return nil }
    }
  }

  /// The first node in the order, or nil when none fits.
  var best: Int? {
    guard let first = levels.first else { return nil }
    for s in 0..<summaryWords {
      let summary = pool[first.block + s]
      if summary != 0 {
        let w = s * 64 + summary.trailingZeroBitCount
        return w * 64 + pool[first.block + summaryWords + w].trailingZeroBitCount
      }
    }
    return nil  // unreachable: a level is removed when its last node leaves
  }

  /// Node `n` has a new key. False (nothing changed) if that needs a level more
  /// than `limit`.
  mutating func update(node n: Int, score: UInt64, pods p: UInt32) -> Bool {
    let oldScore = scores[n]
    let oldPods = pods[n]
    if oldScore == score, oldPods == p { return true }
    // The usual move (a bind or a pod gone on a node of a like fleet): both levels
    // exist and the old one keeps other nodes; two words change in each block.
    if oldScore != NodeScoreIndex.unfit, score != NodeScoreIndex.unfit, move(n, from: oldScore, oldPods, to: score, p) {
      scores[n] = score
      pods[n] = p
      return true
    }
    if score != NodeScoreIndex.unfit, levels.count >= limit, levelIndex(score, p).found == false {
      // A new level would be needed; it is still fine if the node's old level empties.
      let freesOne = oldScore != NodeScoreIndex.unfit && levels[levelIndex(oldScore, oldPods).index].count == 1
      if !freesOne { return false }
    }
    if oldScore != NodeScoreIndex.unfit { remove(n, oldScore, oldPods) }
    scores[n] = score
    pods[n] = p
    if score != NodeScoreIndex.unfit {
      let inserted = insert(n, score, p)
      precondition(inserted)
    }
    return true
  }

  /// `update`'s usual move of node `n` between two existing levels, the old one
  /// keeping other nodes; false (nothing changed) otherwise. One pass over the
  /// levels, written in place.
  private mutating func move(_ n: Int, from oldScore: UInt64, _ oldPods: UInt32, to score: UInt64, _ p: UInt32) -> Bool {
    let sw = summaryWords
    return levels.withUnsafeMutableBufferPointer { lv -> Bool in
      var from = -1
      var to = -1
      for i in lv.indices {
        if lv[i].score == oldScore, lv[i].pods == oldPods { from = i }
        if lv[i].score == score, lv[i].pods == p { to = i }
        if from >= 0, to >= 0 { break }
      }
      guard from >= 0, to >= 0, lv[from].count > 1 else { return false }
      let w = n >> 6
      let bit = UInt64(1) << UInt64(n & 63)
      let summaryBit = UInt64(1) << UInt64(w & 63)
      let fromBlock = lv[from].block
      let toBlock = lv[to].block
      pool.withUnsafeMutableBufferPointer { pool in
        pool[fromBlock + sw + w] &= ~bit
        if pool[fromBlock + sw + w] == 0 { pool[fromBlock + (w >> 6)] &= ~summaryBit }
        pool[toBlock + sw + w] |= bit
        pool[toBlock + (w >> 6)] |= summaryBit
      }
      lv[from].count -= 1
      lv[to].count += 1
      return true
    }
  }

  /// Where the level (score, pods) is, or where it would go.
  @inline(__always) private func levelIndex(_ score: UInt64, _ pods: UInt32) -> (index: Int, found: Bool) {
    var i = 0
    while i < levels.count, levels[i].precedes(score, pods) { i += 1 }
    return (i, i < levels.count && levels[i].score == score && levels[i].pods == pods)
  }

  private mutating func insert(_ n: Int, _ score: UInt64, _ p: UInt32) -> Bool {
    let (i, found) = levelIndex(score, p)
    if !found {
      guard levels.count < limit else { return false }
      let block: Int
      if let b = freeBlocks.popLast() {
        block = b  // a freed block is all zeros
      } else {
        block = pool.count
        pool.append(contentsOf: repeatElement(0, count: summaryWords + words))
      }
      levels.insert(Level(score: score, pods: p, count: 0, block: block), at: i)
    }
    let w = n >> 6
    let b = levels[i].block
    let sw = summaryWords
    pool.withUnsafeMutableBufferPointer { pool in
      pool[b + sw + w] |= 1 << UInt64(n & 63)
      pool[b + (w >> 6)] |= 1 << UInt64(w & 63)
    }
    levels[i].count += 1
    return true
  }

  private mutating func remove(_ n: Int, _ score: UInt64, _ p: UInt32) {
    let (i, found) = levelIndex(score, p)
    precondition(found)
    let w = n >> 6
    let b = levels[i].block
    let sw = summaryWords
    pool.withUnsafeMutableBufferPointer { pool in
      pool[b + sw + w] &= ~(1 << UInt64(n & 63))
      if pool[b + sw + w] == 0 { pool[b + (w >> 6)] &= ~(1 << UInt64(w & 63)) }
    }
    levels[i].count -= 1
    if levels[i].count == 0 {
      freeBlocks.append(b)
      levels.remove(at: i)
    }
  }

  /// For tests: levels sorted and distinct, every fitting node in exactly its own
  /// level, summaries exact, counts right, no unfit node anywhere.
  func checkInvariants() -> Bool {
    for i in levels.indices.dropFirst() where !levels[i - 1].precedes(levels[i].score, levels[i].pods) { return false }
    var total = 0
    for l in levels {
      var count = 0
      for w in 0..<words {
        let bits = pool[l.block + summaryWords + w]
        let summaryBit = pool[l.block + (w >> 6)] >> UInt64(w & 63) & 1
        if (bits != 0) != (summaryBit == 1) { return false }
        var x = bits
        while x != 0 {
          let n = w * 64 + x.trailingZeroBitCount
          if n >= scores.count || scores[n] != l.score || pods[n] != l.pods { return false }
          count += 1
          x &= x - 1
        }
      }
      if count != Int(l.count) { return false }
      total += count
    }
    return total == scores.filter { $0 != NodeScoreIndex.unfit }.count
  }
}
