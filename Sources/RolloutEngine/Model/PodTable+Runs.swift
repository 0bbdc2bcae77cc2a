/// Summaries of consecutive runs of pods (the flat PODS grid: a cell stands for `k`
/// pods), and the walk over the engine's columns both passes share.
public struct PodRuns: Sendable, Hashable {
  /// Pods a run stands for (the last run may hold fewer).
  public let k: Int
  /// How many runs: ⌈count / k⌉.
  public let count: Int
  /// `states[run * 8 + raw]`: the run's pods in `PodDisplayState` raw value `raw`.
  let states: [UInt32]
  /// The highest revision number among the run's pods (0 for none).
  let maxRevisions: [Int32]

  /// The run's pods in state `state`.
  public func count(_ run: Int, _ state: PodDisplayState) -> Int { Int(states[run * 8 + Int(state.rawValue)]) }

  /// The highest revision among the run's pods (0 when it has none).
  public func maxRevision(_ run: Int) -> Int { Int(maxRevisions[run]) }
}

extension PodTable {
  /// The pods in runs of `k` (≥ 1) in order: run `r` holds pods `r·k ..< (r+1)·k`.
  public func runs(of k: Int) -> PodRuns {
    let k = max(1, k)
    let runs = (count + k - 1) / k
    var states = [UInt32](repeating: 0, count: runs * 8)
    var maxRev = [Int32](repeating: 0, count: runs)
    switch storage {
    case .views(let views):
      for (i, p) in views.enumerated() {
        let r = i / k
        states[r * 8 + Int(p.state.rawValue)] += 1
        maxRev[r] = max(maxRev[r], Int32(clamping: p.revision))
      }
    case .columns(let c):
      // Pods of one group come in slot order, so each group's position in the order
      // only moves forward: a (run, room left in it) cursor per group, no division
      // and no write per pod beyond its run's counters.
      var cursor = [(run: Int32, left: Int32)](repeating: (0, 0), count: c.nodeCount + 1)
      var start = 0
      for g in 0...c.nodeCount {
        cursor[g] = (Int32(start / k), Int32(k - start % k))
        start += c.perGroup[g]
      }
      let k32 = Int32(clamping: k)
      states.withUnsafeMutableBufferPointer { states in
        maxRev.withUnsafeMutableBufferPointer { maxRev in
          cursor.withUnsafeMutableBufferPointer { cursor in
            c.revision.withUnsafeBufferPointer { revision in
              c.rs.withUnsafeBufferPointer { rs in
                c.forEach { i, st, g in
                  let r = Int(cursor[g].run)
                  states[r &* 8 &+ Int(st)] &+= 1
                  let rev = revision[Int(rs[i])]
                  if rev > maxRev[r] { maxRev[r] = rev }
                  let left = cursor[g].left &- 1
                  cursor[g] = left == 0 ? (cursor[g].run &+ 1, k32) : (cursor[g].run, left)
                }
              }
            }
          }
        }
      }
    }
    return PodRuns(k: k, count: runs, states: states, maxRevisions: maxRev)
  }
}

extension PodTable.Columns {
  /// Calls `body(slot, state, group)` for every pod the table holds, in slot order:
  /// `state` is its `PodDisplayState` raw value, `group` its node index or
  /// `nodeCount` when unscheduled.
  @inline(__always)
  func forEach(_ body: (Int, UInt8, Int) -> Void) {
    let nodeCount = nodeCount
    state.withUnsafeBufferPointer { state in
      node.withUnsafeBufferPointer { node in
        if let keep {
          rs.withUnsafeBufferPointer { rs in
            for i in 0..<state.count where state[i] != PodStore.gone && keep[Int(rs[i])] {
              let n = Int(node[i])
              body(i, Self.display(state[i]), n < 0 ? nodeCount : n)
            }
          }
        } else {
          for i in 0..<state.count where state[i] != PodStore.gone {
            let n = Int(node[i])
            body(i, Self.display(state[i]), n < 0 ? nodeCount : n)
          }
        }
      }
    }
  }

  /// A stored state as `PodDisplayState` shows it (an unknown value as terminating,
  /// as `PodDisplayState(rawValue:) ?? .terminating` does).
  @inline(__always)
  static func display(_ raw: UInt8) -> UInt8 {
    raw <= PodDisplayState.terminating.rawValue ? raw : PodDisplayState.terminating.rawValue
  }

  /// Every pod as a `PodView`, grouped: a counting sort (`perGroup` is the count
  /// pass) writing each view straight into its slot of one preallocated array.
  func views(_ total: Int) -> [PodView] {
    var offsets = [Int](repeating: 0, count: nodeCount + 2)
    for g in 0...nodeCount { offsets[g + 1] = offsets[g] + perGroup[g] }
    return [PodView](unsafeUninitializedCapacity: total) { out, initialized in
      restarts.withUnsafeBufferPointer { restarts in
        rs.withUnsafeBufferPointer { rs in
          node.withUnsafeBufferPointer { node in
            forEach { i, st, g in
              let slot = offsets[g]
              offsets[g] = slot + 1
              let r = Int(rs[i])
              (out.baseAddress! + slot).initialize(
                to: PodView(
                  revision: Int(revision[r]), state: PodDisplayState(rawValue: st) ?? .terminating, node: node[i],
                  restarts: Int(restarts[i]), lastTermination: restarts[i] > 0 ? crashReason[r] : nil))
            }
          }
        }
      }
      initialized = total
    }
  }
}
