import RolloutEngine

/// What the sparklines draw: a few numbers per simulated second, in a fixed-capacity
/// ring. Sampled by simulated time (never wall time), so the same session gives the
/// same history and the same screen.
public struct SparkHistory: Sendable, Hashable {
  /// One simulated second of the rollout.
  public struct Sample: Sendable, Hashable {
    /// Available pods of all revisions (blue/green: of the active revision).
    public var available: Int32
    /// Desired replicas (the sparkline's scale).
    public var desired: Int32
    /// Traffic share of the newest revision, 0…1000 (per mille).
    public var newShare: Int16
    /// Failed requests per second.
    public var failedPerSecond: Float
    /// The pod-template hash of the revision `newShare` follows (the newest then):
    /// after an undo the newest is another ReplicaSet, and TREND says so.
    public var newestHash: String
    public init(available: Int32, desired: Int32, newShare: Int16, failedPerSecond: Float, newestHash: String = "") {
      self.available = available
      self.desired = desired
      self.newShare = newShare
      self.failedPerSecond = failedPerSecond
      self.newestHash = newestHash
    }

    /// The sample of a snapshot (pods not needed).
    public init(_ s: SimulationSnapshot) {
      var avail = 0
      // Blue/green: what the active Service has (the preview stack serves no user).
      let active = s.strategy == .blueGreen ? s.revisions.filter { $0.roles.contains(.active) } : []
      for r in active.isEmpty ? s.revisions : active { avail += r.available }
      available = Int32(clamping: avail)
      desired = Int32(clamping: s.desiredReplicas)
      let newest = s.revisions.first?.revision ?? 0
      let share = s.traffic.shares[newest] ?? 0
      newShare = Int16(clamping: Int((share * 1000).rounded()))
      failedPerSecond = Float(s.traffic.failedPerSecond)
      newestHash = s.revisions.first?.podTemplateHash ?? ""
    }
  }

  /// Ten minutes of simulated time.
  public static let defaultCapacity = 600

  public let capacity: Int
  var buffer: [Sample] = []
  var head = 0
  /// The simulated second of the newest sample (sample i covers second lastSecond−(count−1−i)).
  public private(set) var lastSecond: Int64 = -1

  public init(capacity: Int = SparkHistory.defaultCapacity) {
    self.capacity = max(1, capacity)
  }

  public var count: Int { buffer.count }

  /// Appends `sample` for `seconds` consecutive simulated seconds (the state did not
  /// change in between), ending at second `upTo`.
  public mutating func append(_ sample: Sample, through upTo: Int64) {
    guard upTo > lastSecond else { return }
    let n = Int(min(Int64(capacity), upTo - lastSecond))
    for _ in 0..<n { push(sample) }
    lastSecond = upTo
  }

  mutating func push(_ s: Sample) {
    if buffer.count < capacity {
      buffer.append(s)
    } else {
      buffer[head] = s
      head = (head + 1) % capacity
    }
  }

  /// The samples, oldest first.
  public var samples: [Sample] {
    if buffer.count < capacity { return buffer }
    return Array(buffer[head...] + buffer[..<head])
  }
}
