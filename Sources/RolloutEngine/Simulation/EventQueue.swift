import HeapModule

/// A timer in the discrete-event queue.
///
/// Pod timers carry a batch of pod slots that entered the same state at the same
/// instant (`scheduledAt`): a whole ReplicaSet scale-up costs one heap entry, not
/// one per pod. When a timer fires, each pod is checked against the token
/// (state entered at `scheduledAt`, or restart count) so timers made stale by a
/// deletion or a newer transition do nothing.
struct Timer: Sendable {
  enum Kind: Sendable, Hashable {
    /// ContainerCreating → Running.
    case containerStarted
    /// Running → Ready (readiness probe passed).
    case probeReady
    /// Ready → Available (minReadySeconds elapsed).
    case becomeAvailable
    /// The readiness probe has failed `failureThreshold` times (neverReady image).
    case probeFailed
    /// The container exits (crashLoop image); `arg` = restarts when scheduled.
    case crash
    /// A readiness probe that stopped passing has failed `failureThreshold` times:
    /// the pod goes NotReady; `arg` = restarts when scheduled.
    case readinessLost
    /// CrashLoopBackOff ends; the kubelet restarts the container.
    case restart
    /// A terminating pod's shutdown is over; the pod is gone.
    case podGone
    /// A scheduled user action, by index into the action list.
    case action
    /// Wake the workload controller (progress deadline, pauses, delays, analysis).
    case controllerWake
  }

  var time: SimTime
  var seq: UInt64
  var kind: Kind
  var scheduledAt: SimTime
  var arg: Int
  var pods: [Int32]
}

extension Timer: Comparable {
  static func < (a: Timer, b: Timer) -> Bool {
    a.time != b.time ? a.time < b.time : a.seq < b.seq
  }
  static func == (a: Timer, b: Timer) -> Bool { a.time == b.time && a.seq == b.seq }
}

/// Min-heap of timers ordered by (time, sequence number): ties fire in the order they
/// were scheduled, which keeps runs deterministic.
struct EventQueue: Sendable {
  var heap = Heap<Timer>()
  var seq: UInt64 = 0
  /// Pod timers scheduled during the current instant, merged by (kind, time, arg)
  /// in first-scheduled order and pushed as batches by `flush`.
  var batches: [(key: BatchKey, pods: [Int32])] = []
  /// Where each key's batch is in `batches`, consulted only when the key differs
  /// from the previous call's (a scale-up adds thousands of pods to one key in a row,
  /// so most calls cost no hashing at all).
  var batchIndex: [BatchKey: Int] = [:]
  var lastBatch = -1

  struct BatchKey: Hashable, Sendable {
    var kind: Timer.Kind
    var time: SimTime
    var arg: Int
  }

  /// `arg` of a `controllerWake` that re-checks the progress deadline: once the
  /// rollout has finished such a wake can change nothing, and `Simulation.settle`
  /// drops it (it would keep `nextEventTime` non-nil for nothing).
  static let progressDeadlineWake = 1
  /// Progress-deadline wakes in the heap (pushed and not yet fired or dropped).
  var deadlineWakes = 0

  mutating func push(_ kind: Timer.Kind, at time: SimTime, scheduledAt: SimTime, arg: Int = 0, pods: [Int32] = []) {
    if kind == .controllerWake, arg == EventQueue.progressDeadlineWake { deadlineWakes += 1 }
    seq &+= 1
    heap.insert(Timer(time: time, seq: seq, kind: kind, scheduledAt: scheduledAt, arg: arg, pods: pods))
  }

  /// Adds a pod to the batch timer of `kind` firing at `time`.
  mutating func addPod(_ pod: Int32, _ kind: Timer.Kind, at time: SimTime, arg: Int = 0) {
    let key = BatchKey(kind: kind, time: time, arg: arg)
    if lastBatch < 0 || batches[lastBatch].key != key {
      if let i = batchIndex[key] {
        lastBatch = i
      } else {
        lastBatch = batches.count
        batchIndex[key] = lastBatch
        batches.append((key, []))
      }
    }
    batches[lastBatch].pods.append(pod)
  }

  /// `addPod` for each of `pods` in order.
  mutating func addPods(_ pods: [Int32], _ kind: Timer.Kind, at time: SimTime, arg: Int = 0) {
    guard let first = pods.first else { return }
    addPod(first, kind, at: time, arg: arg)
    batches[lastBatch].pods.append(contentsOf: pods.dropFirst())
  }

  /// Pushes the pod batches gathered during the instant `now`.
  mutating func flush(now: SimTime) {
    for b in batches { push(b.key.kind, at: b.key.time, scheduledAt: now, arg: b.key.arg, pods: b.pods) }
    batches.removeAll(keepingCapacity: true)
    batchIndex.removeAll(keepingCapacity: true)
    lastBatch = -1
  }

  /// Removes every progress-deadline wake (the rollout finished: none can fire usefully).
  mutating func dropDeadlineWakes() {
    guard deadlineWakes > 0 else { return }
    heap = Heap(heap.unordered.filter { !($0.kind == .controllerWake && $0.arg == EventQueue.progressDeadlineWake) })
    deadlineWakes = 0
  }

  var nextTime: SimTime? { heap.min?.time }
  var isEmpty: Bool { heap.isEmpty && batches.isEmpty }
}
