/// The pods of the cluster, stored struct-of-arrays.
///
/// A million pods must fit in well under 100 bytes each, so a pod is a slot index
/// into parallel arrays rather than an object: 39 bytes a slot. The three times a
/// pod keeps are always "now" when written, so a slot stores the ordinal of that
/// instant (4 bytes) and `instants` maps ordinals back to times; instants only move
/// forward, so ordinals order exactly as times do. Slots of pods
/// that are gone are reused, but only from the next instant on, so a stale timer
/// scheduled for the old pod can never match the new one (see `Cluster.retire`).
public struct PodStore: Sendable {
  /// `PodDisplayState` raw values; `gone` marks a free slot.
  var state: [UInt8] = []
  /// Owning ReplicaSet index.
  var rs: [Int32] = []
  /// Node index, or -1 when unscheduled.
  var node: [Int32] = []
  /// When the pod entered its current state: the token that validates timers.
  private var sinceInstant: [UInt32] = []
  /// When the pod last turned Ready (its Ready condition's lastTransitionTime), or
  /// `PodStore.never`.
  private var readyInstant: [UInt32] = []
  /// Creation time (ranking, age).
  private var createdInstant: [UInt32] = []
  /// Creation serial number: the pod's identity for naming.
  var serial: [UInt32] = []
  /// Container restarts (CrashLoopBackOff back-off is derived from it).
  var restarts: [UInt16] = []
  /// Position in its ReplicaSet's `live` list (non-terminating pods), or -1.
  var liveIndex: [Int32] = []
  /// The pods bound to each node (terminating ones included), as a doubly linked
  /// list through the slots: a lost node finds its pods without scanning all pods.
  /// Heads are in `Cluster.nodeHead`; -1 ends a list.
  var nodeNext: [Int32] = []
  var nodePrev: [Int32] = []

  var free: [Int32] = []
  var freeLater: [Int32] = []
  var nextSerial: UInt32 = 0
  /// The times of the instants pods were touched at, in order (one entry per
  /// instant, not per pod).
  private var instants: [SimTime] = []

  static let never = UInt32.max

  /// The ordinal of instant `now`, recording it if it is new.
  @inline(__always) private mutating func instant(_ now: SimTime) -> UInt32 {
    if now != currentTime {
      instants.append(now)
      currentTime = now
      currentInstant = UInt32(instants.count - 1)
    }
    return currentInstant
  }
  private var currentTime = SimTime.min
  private var currentInstant: UInt32 = 0

  /// When pod `p` entered its current state.
  func since(_ p: Int) -> SimTime { instants[Int(sinceInstant[p])] }
  /// When pod `p` was created.
  func createdAt(_ p: Int) -> SimTime { instants[Int(createdInstant[p])] }
  /// When pod `p` last turned Ready, or -1 if it never did.
  func readyAt(_ p: Int) -> SimTime { readyInstant[p] == PodStore.never ? -1 : instants[Int(readyInstant[p])] }

  @inline(__always) mutating func setSince(_ p: Int, _ now: SimTime) { sinceInstant[p] = instant(now) }
  @inline(__always) mutating func setReadyAt(_ p: Int, _ now: SimTime) { readyInstant[p] = instant(now) }

  public static let gone: UInt8 = 255

  /// Number of slots (live or free).
  public var capacity: Int { state.count }

  /// Reserves room for `n` slots in every column, so a big fleet doesn't grow by
  /// doubling (each growth copies a column and briefly holds it twice). Pages never
  /// written stay virtual, so reserving more than is used costs no resident memory.
  mutating func reserve(_ n: Int) {
    state.reserveCapacity(n)
    rs.reserveCapacity(n)
    node.reserveCapacity(n)
    sinceInstant.reserveCapacity(n)
    readyInstant.reserveCapacity(n)
    createdInstant.reserveCapacity(n)
    serial.reserveCapacity(n)
    restarts.reserveCapacity(n)
    liveIndex.reserveCapacity(n)
    nodeNext.reserveCapacity(n)
    nodePrev.reserveCapacity(n)
  }

  mutating func allocate(rs rsIndex: Int32, at now: SimTime) -> Int32 {
    let id: Int32
    let t = instant(now)
    if let f = free.popLast() {
      id = f
      let i = Int(f)
      state[i] = PodDisplayState.pending.rawValue
      rs[i] = rsIndex
      node[i] = -1
      sinceInstant[i] = t
      readyInstant[i] = PodStore.never
      createdInstant[i] = t
      serial[i] = nextSerial
      restarts[i] = 0
      liveIndex[i] = -1
      nodeNext[i] = -1
      nodePrev[i] = -1
    } else {
      id = Int32(state.count)
      state.append(PodDisplayState.pending.rawValue)
      rs.append(rsIndex)
      node.append(-1)
      sinceInstant.append(t)
      readyInstant.append(PodStore.never)
      createdInstant.append(t)
      serial.append(nextSerial)
      restarts.append(0)
      liveIndex.append(-1)
      nodeNext.append(-1)
      nodePrev.append(-1)
    }
    nextSerial &+= 1
    return id
  }

  /// `count` slots for one ReplicaSet, the same ids in the same order as `count`
  /// calls of `allocate(rs:at:)`: free slots first (last freed first), then new
  /// slots appended a column at a time instead of one pod at a time.
  mutating func allocate(rs rsIndex: Int32, count: Int, at now: SimTime) -> [Int32] {
    var ids: [Int32] = []
    guard count > 0 else { return ids }
    ids.reserveCapacity(count)
    let t = instant(now)
    // Free slots, last freed first (`popLast`), each column written once for all.
    let reused = min(count, free.count)
    if reused > 0 {
      ids.append(contentsOf: free.suffix(reused).reversed())
      free.removeLast(reused)
      reinitialize(ids, rs: rsIndex, at: t)
    }
    let fresh = count - ids.count
    guard fresh > 0 else { return ids }
    let start = state.count
    state.append(contentsOf: repeatElement(PodDisplayState.pending.rawValue, count: fresh))
    rs.append(contentsOf: repeatElement(rsIndex, count: fresh))
    node.append(contentsOf: repeatElement(-1, count: fresh))
    sinceInstant.append(contentsOf: repeatElement(t, count: fresh))
    readyInstant.append(contentsOf: repeatElement(PodStore.never, count: fresh))
    createdInstant.append(contentsOf: repeatElement(t, count: fresh))
    let first = nextSerial
    if UInt32.max - first >= UInt32(fresh) {
      serial.append(contentsOf: first..<(first + UInt32(fresh)))
    } else {
      serial.append(contentsOf: (0..<fresh).lazy.map { first &+ UInt32(truncatingIfNeeded: $0) })
    }
    restarts.append(contentsOf: repeatElement(0, count: fresh))
    liveIndex.append(contentsOf: repeatElement(-1, count: fresh))
    nodeNext.append(contentsOf: repeatElement(-1, count: fresh))
    nodePrev.append(contentsOf: repeatElement(-1, count: fresh))
    nextSerial &+= UInt32(truncatingIfNeeded: fresh)
    ids.append(contentsOf: Int32(start)..<Int32(start + fresh))
    return ids
  }

  /// `liveIndex` of `ids` set to `first`, `first + 1`, … (a new fleet's positions).
  mutating func setLiveIndexes(_ ids: [Int32], from first: Int32) {
    liveIndex.withUnsafeMutableBufferPointer { live in
      var position = first
      for id in ids {
        live[Int(id)] = position
        position += 1
      }
    }
  }

  /// The initial fleet on like nodes (`Cluster.seedAvailablePods`): pod `ids[i]`,
  /// for i < `placed`, is bound to node i mod `nodeCount`, put at the front of that
  /// node's list (`heads`, as `Cluster.place` does) and Available, Ready since `now`.
  /// A column at a time: one uniqueness check per column, not several per pod.
  mutating func seedRoundRobin(_ ids: [Int32], placed: Int, nodeCount: Int, heads: inout [Int32], at now: SimTime) {
    guard placed > 0 else { return }
    let t = instant(now)
    let available = PodDisplayState.available.rawValue
    heads.withUnsafeMutableBufferPointer { head in
      node.withUnsafeMutableBufferPointer { node in
        nodeNext.withUnsafeMutableBufferPointer { next in
          nodePrev.withUnsafeMutableBufferPointer { prev in
            var (head, next, prev) = (head, next, prev)
            var n = 0
            for i in 0..<placed {
              node[Int(ids[i])] = Int32(n)
              Self.pushFront(ids[i], on: n, heads: &head, next: &next, prev: &prev)
              n = n + 1 == nodeCount ? 0 : n + 1
            }
          }
        }
      }
    }
    state.withUnsafeMutableBufferPointer { state in
      readyInstant.withUnsafeMutableBufferPointer { ready in
        for i in 0..<placed {
          state[Int(ids[i])] = available
          ready[Int(ids[i])] = t
        }
      }
    }
  }

  /// `allocate(rs:at:)`'s writes for the free slots `ids`, serial numbers in order.
  private mutating func reinitialize(_ ids: [Int32], rs rsIndex: Int32, at t: UInt32) {
    let pending = PodDisplayState.pending.rawValue
    state.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = pending } }
    rs.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = rsIndex } }
    node.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = -1 } }
    sinceInstant.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = t } }
    readyInstant.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = PodStore.never } }
    createdInstant.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = t } }
    serial.withUnsafeMutableBufferPointer { c in
      for id in ids {
        c[Int(id)] = nextSerial
        nextSerial &+= 1
      }
    }
    restarts.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = 0 } }
    liveIndex.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = -1 } }
    nodeNext.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = -1 } }
    nodePrev.withUnsafeMutableBufferPointer { c in for id in ids { c[Int(id)] = -1 } }
  }

  /// Marks a slot free; it becomes reusable at the next instant.
  mutating func release(_ id: Int32) {
    state[Int(id)] = PodStore.gone
    freeLater.append(id)
  }

  /// Every pod of `ids` in state `raw` since `now` (`Cluster.transition`'s writes).
  mutating func setState(_ ids: [Int32], _ raw: UInt8, at now: SimTime) {
    let t = instant(now)
    state.withUnsafeMutableBufferPointer { state in
      sinceInstant.withUnsafeMutableBufferPointer { since in
        for id in ids {
          state[Int(id)] = raw
          since[Int(id)] = t
        }
      }
    }
  }

  /// Ready since `now` for every pod of `ids`.
  mutating func setReadyAt(_ ids: [Int32], _ now: SimTime) {
    let t = instant(now)
    readyInstant.withUnsafeMutableBufferPointer { ready in
      for id in ids { ready[Int(id)] = t }
    }
  }

  /// Called at the start of each new instant.
  mutating func recycle() {
    if !freeLater.isEmpty {
      free.append(contentsOf: freeLater)
      freeLater.removeAll(keepingCapacity: true)
    }
  }

  func displayState(_ id: Int32) -> PodDisplayState {
    PodDisplayState(rawValue: state[Int(id)]) ?? .terminating
  }
}

/// Deterministic pod names: `<replicaset>-<5 chars>` from the pod's serial and the
/// seed, in the alphabet Kubernetes uses for generated names (no vowels, no 0/1/3).
public enum PodNames {
  static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

  public static func suffix(serial: UInt32, seed: UInt64) -> String {
    var g = SplitMix64(seed: seed ^ (UInt64(serial) &* 0x9E37_79B9_7F4A_7C15))
    var s = ""
    for _ in 0..<5 { s.append(alphabet[Int(g.next() % UInt64(alphabet.count))]) }
    return s
  }
}

/// The `pod-template-hash` of a template: a stable FNV-1a hash of its canonical text,
/// spelled like Kubernetes' (`SafeEncodeString` alphabet, up to 10 characters).
public enum TemplateHash {
  public static func of(_ t: PodTemplate, collision: Int = 0) -> String {
    var text = "image=\(t.image);cpu=\(t.cpuMillis);mem=\(t.memoryBytes);grace=\(t.terminationGracePeriodSeconds)"
    for k in t.labels.keys.sorted() { text += ";l:\(k)=\(t.labels[k] ?? "")" }
    if let p = t.readinessProbe {
      text += ";probe=\(p.initialDelaySeconds),\(p.periodSeconds),\(p.successThreshold),\(p.failureThreshold)"
    }
    // Fields added later only when set, so older templates keep their hashes.
    if let p = t.startupProbe { text += ";startup=\(p.initialDelaySeconds),\(p.periodSeconds),\(p.failureThreshold)" }
    for c in t.initContainers { text += ";init=\(c.name),\(c.image),\(c.sidecar)" }
    for g in t.readinessGates { text += ";gate=\(g.conditionType)" }
    for p in t.placement { text += ";placement=\(p)" }
    if collision > 0 { text += ";c=\(collision)" }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    let a = PodNames.alphabet
    var s = ""
    var v = h
    for _ in 0..<9 {
      s.append(a[Int(v % UInt64(a.count))])
      v /= UInt64(a.count)
    }
    return s
  }
}
