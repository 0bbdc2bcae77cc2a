/// The pods of a snapshot, in the PODS grid's order: grouped by node in node order,
/// unscheduled last; within a group, in pod-slot order.
///
/// A frame of a million-pod fleet cannot afford one `PodView` per pod (a 12 MB
/// scatter by node was ~10 ms of the 16 ms frame, and the renderer's passes over it
/// ~6 ms more). A table the engine makes holds the engine's pod columns as they are
/// (copy-on-write arrays: nothing is copied) with the counts per node and per state
/// from one sequential pass; the dashboard asks for what it draws: the counts, and
/// for the flat grid a summary of each run of `k` pods (`runs(of:)`, one more
/// sequential pass, no per-pod writes). `views` materialises every pod for whoever
/// wants them one by one (tests, `replay`'s digest, the grouped grid of a fleet small
/// enough to show every pod). A table made from views (`init(_:)`, as tests build
/// snapshots by hand) answers the same questions from the views, in their order.
public struct PodTable: Sendable {
  /// The engine's pod columns (`PodStore`) and what maps a pod's ReplicaSet index to
  /// its revision and crash reason.
  struct Columns: Sendable {
    let state: [UInt8]
    let node: [Int32]
    let rs: [Int32]
    let restarts: [UInt16]
    /// By ReplicaSet index.
    let revision: [Int32]
    let crashReason: [ContainerTerminationReason]
    /// By ReplicaSet index: whose pods the table holds (one workload of several);
    /// nil holds every pod.
    let keep: [Bool]?
    let nodeCount: Int
    /// Pods per group (node index; `nodeCount` = unscheduled).
    var perGroup: [Int] = []
  }

  enum Storage: Sendable {
    case views([PodView])
    case columns(Columns)
  }

  let storage: Storage
  /// How many pods.
  public let count: Int
  /// Pods per `PodDisplayState` raw value (8 entries; the last is unused).
  public let stateCounts: [Int]

  /// The pods `views` holds, in that order.
  public init(_ views: [PodView] = []) {
    var states = [Int](repeating: 0, count: 8)
    for p in views { states[Int(p.state.rawValue)] += 1 }
    storage = .views(views)
    count = views.count
    stateCounts = states
  }

  /// The live pods of `pods` (those of the ReplicaSets `keep` marks, when given):
  /// one sequential pass counts them per node and per state.
  init(
    _ pods: PodStore, nodeCount: Int, revision: [Int32], crashReason: [ContainerTerminationReason], keep: [Bool]?
  ) {
    var cols = Columns(
      state: pods.state, node: pods.node, rs: pods.rs, restarts: pods.restarts, revision: revision,
      crashReason: crashReason, keep: keep, nodeCount: nodeCount)
    var perGroup = [Int](repeating: 0, count: nodeCount + 1)
    var states = [Int](repeating: 0, count: 8)
    var total = 0
    perGroup.withUnsafeMutableBufferPointer { perGroup in
      states.withUnsafeMutableBufferPointer { states in
        cols.forEach { _, st, g in
          perGroup[g] &+= 1
          states[Int(st)] &+= 1
          total &+= 1
        }
      }
    }
    cols.perGroup = perGroup
    storage = .columns(cols)
    count = total
    stateCounts = states
  }

  /// Pods per node index (`nodeCount` counts the unscheduled and any node index out
  /// of range).
  public func countsByNode(nodeCount: Int) -> [Int] {
    switch storage {
    case .columns(let c) where c.nodeCount == nodeCount:
      return c.perGroup
    case .columns(let c):
      var perNode = [Int](repeating: 0, count: nodeCount + 1)
      c.forEach { i, _, _ in
        let ni = Int(c.node[i])
        perNode[ni < 0 || ni >= nodeCount ? nodeCount : ni] += 1
      }
      return perNode
    case .views(let views):
      var perNode = [Int](repeating: 0, count: nodeCount + 1)
      views.withUnsafeBufferPointer { buf in
        for p in buf {
          let ni = Int(p.node)
          perNode[ni < 0 || ni >= nodeCount ? nodeCount : ni] += 1
        }
      }
      return perNode
    }
  }

  /// The most restarts any pod has had (0 with no pods).
  public var maxRestarts: Int {
    switch storage {
    case .views(let views):
      return views.map(\.restarts).max() ?? 0
    case .columns(let c):
      var m: UInt16 = 0
      c.forEach { i, _, _ in m = max(m, c.restarts[i]) }
      return Int(m)
    }
  }

  /// Every pod, in order.
  public var views: [PodView] {
    switch storage {
    case .views(let views): return views
    case .columns(let c): return c.views(count)
    }
  }
}

extension PodTable: Hashable {
  /// Tables are equal when they hold the same pods in the same order, however stored.
  public static func == (a: PodTable, b: PodTable) -> Bool {
    a.count == b.count && a.stateCounts == b.stateCounts && a.views == b.views
  }

  public func hash(into h: inout Hasher) { h.combine(views) }
}
