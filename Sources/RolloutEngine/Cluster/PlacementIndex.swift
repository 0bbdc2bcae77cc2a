/// Pods per ReplicaSet per node, kept as pods bind, start terminating and go: what
/// the placement filters (Placement.swift) read instead of scanning every pod.
///
/// Every pod of a ReplicaSet has its template's labels and placement rules, so a
/// filter's question "does a pod on node n match selector S" is "does a ReplicaSet
/// whose template matches S have a pod on n". A pick then costs O(ReplicaSets ×
/// nodes) instead of O(pods) (which made a rollout with anti-affinity or topology
/// spread O(pods²)). Built on the first pick of a template with placement rules
/// (one scan of the pods), so fleets without such rules never pay for it.
struct PlacementIndex: Sendable {
  /// `existing[rs][node]`: pods bound to the node, terminating ones included (what
  /// inter-pod anti-affinity counts).
  var existing: [[Int32]] = []
  /// `active[rs][node]`: of them, not terminating (what topology spread counts).
  var active: [[Int32]] = []
  /// `boundPods[rs]`: pods of the ReplicaSet bound to any node (`existing[rs]` summed).
  var boundPods: [Int32] = []
  /// The ReplicaSets with a pod bound, in no particular order (the filters only sum
  /// and OR over them): a filter skips every ReplicaSet with none, so its cost is the
  /// ReplicaSets that hold pods, not every ReplicaSet ever created. A deleted
  /// ReplicaSet's terminating pods keep it here until they are gone.
  var occupied: [Int] = []
  /// Position of each ReplicaSet in `occupied`, or -1.
  var occupiedAt: [Int32] = []
  let nodeCount: Int

  init(_ c: Cluster) {
    nodeCount = c.nodes.count
    for p in 0..<c.pods.capacity {
      let n = Int(c.pods.node[p])
      let state = c.pods.state[p]
      guard state != PodStore.gone, n >= 0, n < nodeCount else { continue }
      bound(rs: Int(c.pods.rs[p]), node: n)
      if state == PodDisplayState.terminating.rawValue { terminating(rs: Int(c.pods.rs[p]), node: n) }
    }
  }

  mutating func grow(to rs: Int) {
    while existing.count <= rs {
      existing.append([Int32](repeating: 0, count: nodeCount))
      active.append([Int32](repeating: 0, count: nodeCount))
      boundPods.append(0)
      occupiedAt.append(-1)
    }
  }

  /// A pod of `rs` was bound to `node` (not terminating).
  mutating func bound(rs: Int, node: Int) {
    grow(to: rs)
    existing[rs][node] += 1
    active[rs][node] += 1
    boundPods[rs] += 1
    if boundPods[rs] == 1 {
      occupiedAt[rs] = Int32(occupied.count)
      occupied.append(rs)
    }
  }

  /// A bound pod started terminating.
  mutating func terminating(rs: Int, node: Int) {
    grow(to: rs)
    active[rs][node] -= 1
  }

  /// A bound pod is gone; `wasTerminating` says which counts held it.
  mutating func gone(rs: Int, node: Int, wasTerminating: Bool) {
    grow(to: rs)
    existing[rs][node] -= 1
    if !wasTerminating { active[rs][node] -= 1 }
    boundPods[rs] -= 1
    if boundPods[rs] == 0 {
      let k = Int(occupiedAt[rs])
      let last = occupied.removeLast()
      if last != rs {
        occupied[k] = last
        occupiedAt[last] = Int32(k)
      }
      occupiedAt[rs] = -1
    }
  }
}
