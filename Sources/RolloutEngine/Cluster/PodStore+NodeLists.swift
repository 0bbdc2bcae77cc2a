/// The pods bound to each node as doubly linked lists through the slots
/// (`nodeNext`, `nodePrev`; the heads are `Cluster.nodeHead`), and the batch forms
/// that release pods and take them off their ReplicaSet's live list.
extension PodStore {
  /// `release` for each of `ids` in order, each pod on a node first taken off that
  /// node's list (`Cluster.unlinkFromNode`; `heads` are the lists' first pods).
  mutating func release(_ ids: [Int32], heads: inout [Int32]) {
    heads.withUnsafeMutableBufferPointer { head in
      node.withUnsafeBufferPointer { node in
        nodeNext.withUnsafeMutableBufferPointer { next in
          nodePrev.withUnsafeMutableBufferPointer { prev in
            state.withUnsafeMutableBufferPointer { state in
              var (head, next, prev) = (head, next, prev)
              for id in ids {
                let n = Int(node[Int(id)])
                if n >= 0 { Self.unlink(id, from: n, heads: &head, next: &next, prev: &prev) }
                state[Int(id)] = PodStore.gone
              }
            }
          }
        }
      }
    }
    freeLater.append(contentsOf: ids)
  }

  /// Pod `id` put at the front of node `n`'s list (`heads`: each list's first pod;
  /// `next`, `prev`: the `nodeNext` and `nodePrev` columns, or buffers over them).
  @inline(__always) static func pushFront<H: MutableCollection, C: MutableCollection>(
    _ id: Int32, on n: Int, heads: inout H, next: inout C, prev: inout C
  ) where H.Element == Int32, H.Index == Int, C.Element == Int32, C.Index == Int {
    let h = heads[n]
    next[Int(id)] = h
    prev[Int(id)] = -1
    if h >= 0 { prev[Int(h)] = id }
    heads[n] = id
  }

  /// Pod `id` taken off node `n`'s list.
  @inline(__always) static func unlink<H: MutableCollection, C: MutableCollection>(
    _ id: Int32, from n: Int, heads: inout H, next: inout C, prev: inout C
  ) where H.Element == Int32, H.Index == Int, C.Element == Int32, C.Index == Int {
    let p = Int(id)
    let after = next[p]
    let before = prev[p]
    if before >= 0 { next[Int(before)] = after } else { heads[n] = after }
    if after >= 0 { prev[Int(after)] = before }
    next[p] = -1
    prev[p] = -1
  }

  /// Pod `id` bound to node `n`, at the front of its list.
  mutating func link(_ id: Int32, to n: Int, heads: inout [Int32]) {
    node[Int(id)] = Int32(n)
    Self.pushFront(id, on: n, heads: &heads, next: &nodeNext, prev: &nodePrev)
  }

  /// Pod `id` taken off node `n`'s list (its node index stays).
  mutating func unlink(_ id: Int32, from n: Int, heads: inout [Int32]) {
    Self.unlink(id, from: n, heads: &heads, next: &nodeNext, prev: &nodePrev)
  }

  /// Pod `ids[i]` bound to node `nodes[i]`, each put at the front of its node's list
  /// in turn (`Cluster.place`'s writes, for a batch placed first).
  mutating func link(_ ids: [Int32], to nodes: [Int32], heads: inout [Int32]) {
    heads.withUnsafeMutableBufferPointer { head in
      node.withUnsafeMutableBufferPointer { node in
        nodeNext.withUnsafeMutableBufferPointer { next in
          nodePrev.withUnsafeMutableBufferPointer { prev in
            var (head, next, prev) = (head, next, prev)
            for (id, n) in zip(ids, nodes) {
              node[Int(id)] = n
              Self.pushFront(id, on: Int(n), heads: &head, next: &next, prev: &prev)
            }
          }
        }
      }
    }
  }

  /// `Cluster.removeFromLive` for each of `ids` in order, on `live`, their
  /// ReplicaSet's list (taken out of the ReplicaSet by the caller, so it is written
  /// in place).
  mutating func removeFromLive(_ ids: [Int32], live: inout [Int32]) {
    var removed = 0
    liveIndex.withUnsafeMutableBufferPointer { index in
      live.withUnsafeMutableBufferPointer { list in
        var count = list.count
        for id in ids {
          let p = Int(id)
          let i = Int(index[p])
          guard i >= 0 else { continue }
          count -= 1
          let last = list[count]
          if last != id {
            list[i] = last
            index[Int(last)] = Int32(i)
          }
          index[p] = -1
        }
        removed = list.count - count
      }
    }
    live.removeLast(removed)
  }
}
