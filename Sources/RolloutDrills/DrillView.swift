import RolloutEngine

/// What the simulation showed at one instant, for the scorer's "why": the release's
/// pods, the nodes, the scheduler's last word, the rollout's phase, the requests.
/// Read from the snapshot, never from the drill's description.
public struct DrillView: Sendable, Hashable {
  public var time: SimTime
  /// The newest revision and its pods: Pending (not placed), Ready.
  public var revision: Int
  public var pending: Int
  public var ready: Int
  /// The older revisions' Ready pods (what still serves if the release stops).
  public var olderReady: Int
  public var nodesNotReady: [String]
  /// The last FailedScheduling message seen so far (nil: every pod was placed).
  public var scheduling: String?
  public var phase: WorkloadPhase
  /// Bad requests (failed or too slow) over all, right now.
  public var badFraction: Double
  /// The hidden fault had acted by then (`Simulation.faultStart`).
  public var faultActive: Bool

  init(_ sim: Simulation, scheduling: String?, quality: RequestQuality) {
    let snap = sim.snapshot(maxEvents: 0, includePods: false)
    let newest = snap.revisions.max { $0.revision < $1.revision }
    let rev = newest?.revision ?? 0
    time = sim.now
    revision = rev
    pending = newest?.pending ?? 0
    ready = newest?.ready ?? 0
    olderReady = snap.revisions.filter { $0.revision != rev }.reduce(0) { $0 + $1.ready }
    nodesNotReady = snap.nodes.filter { !$0.up }.map(\.name)
    self.scheduling = scheduling
    phase = snap.phase
    badFraction = quality.rps > 0 ? quality.bad / quality.rps : 0
    faultActive = sim.faultStart.map { $0 <= sim.now } ?? false
  }
}

extension DrillScoring {
  /// Why the response was right or wrong, from the simulation state just before the
  /// first action (or, doing nothing, at the end): what was Pending and why, whether
  /// requests failed, which node was lost, whether the fault had acted.
  static func why(_ d: Drill, view v: DrillView, response: ResponseClass, right: Bool) -> String {
    let at = formatDuration(v.time)
    let verdict = right ? "right" : "wrong"
    let bad = "\(DrillReport.num((v.badFraction * 1000).rounded() / 10)) % of requests bad"
    switch d.fault {
    case .unschedulablePods:
      guard v.pending > 0 else {
        return "at \(at) every pod of rev \(v.revision) was placed, \(bad): nothing was stuck; \(response.rawValue) is \(verdict) for this drill"
      }
      let sched = v.scheduling.map { " (\($0))" } ?? ""
      let stuck =
        "at \(at) rev \(v.revision) had \(v.pending) pod\(v.pending == 1 ? "" : "s") Pending\(sched) and \(bad), \(v.olderReady) stable pods serving:"
        + " Pending because the cluster is full, not because of the release, and the rollout cannot progress until they run (\(v.phase))"
      switch response {
      case .abort, .undo: return "\(stuck); stopping it frees their room and keeps the stable serving: \(verdict)"
      case .promote: return "\(stuck); promoting asks for more pods that cannot fit: \(verdict)"
      case .nothing: return "\(stuck); doing nothing leaves it stuck past the progress deadline: \(verdict)"
      default: return "\(stuck); \(response.rawValue) does not unstick it: \(verdict)"
      }
    case .none:
      return "at \(at) no fault had acted (\(bad), the noise of a low-traffic canary): \(response == .nothing ? "doing nothing" : response.rawValue) is \(verdict)"
    case .schedule:
      if !v.nodesNotReady.isEmpty {
        return "at \(at) \(v.nodesNotReady.joined(separator: ", ")) was NotReady (\(bad)): a node, not the release; \(response.rawValue) is \(verdict)"
      }
      return "at \(at) the fault had \(v.faultActive ? "" : "not yet ")acted on rev \(v.revision) (\(v.ready) Ready, \(v.pending) Pending, \(bad)); \(response.rawValue) is \(verdict)"
    }
  }
}
