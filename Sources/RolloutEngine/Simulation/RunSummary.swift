/// The run in numbers: the price of the strategy (`Simulation.summary()`).
public struct RunSummary: Sendable, Hashable {
  public var strategy: StrategyKind
  /// The update is complete: promoted, or rolled back by undo. An aborted rollout
  /// is back on its stable but not complete.
  public var completed: Bool
  /// When the rollout finished (`Simulation.finishedAt`); the clock when it has not.
  public var duration: SimTime
  /// Most non-terminating pods at once.
  public var peakPods: Int
  public var peakPodsIncludingTerminating: Int
  /// Fewest available pods at any instant.
  public var minAvailable: Int
  public var requestsOk: Int64
  public var requestsFailed: Int64
  /// ∫ pods dt: what the rollout cost in pod-seconds.
  public var podSeconds: Double
  public var revision: Int
  public var phase: WorkloadPhase
  public var aborted: Bool
  public var promotedAt: SimTime?
  /// How the run ended.
  public var outcome: RunOutcome
  /// Every analysis run with all its measurements (JSONL records carry only the
  /// measurements taken at their instant).
  public var analysisRuns: [AnalysisRunView] = []
}

/// The result of a user action.
public enum ActionOutcome: Sendable, Hashable {
  /// Done; the message says what happened (`rolled back to revision 1`).
  case applied(String)
  /// Not applicable now: why, as a type and in words (`promote: a Deployment has no steps`).
  case rejected(RejectionReason, String)

  public var message: String {
    switch self {
    case .applied(let m), .rejected(_, let m): return m
    }
  }
  public var isApplied: Bool {
    if case .applied = self { return true }
    return false
  }
  /// Why the action was rejected; nil when it was applied.
  public var rejection: RejectionReason? {
    if case .rejected(let r, _) = self { return r }
    return nil
  }
}

/// Why an action did not apply, as `kubectl` and the Argo plugin would refuse it.
public enum RejectionReason: String, Sendable, Hashable, CustomStringConvertible {
  /// What the verb asks for already holds (already paused, already runs that image,
  /// the node is already down, the template already matches that revision).
  case alreadyDone
  /// The verb does not apply in the workload's state (promote with no pause, retry
  /// without an abort, abort after full promotion, undo of a paused Deployment).
  case notInThisState
  /// An Argo Rollouts verb on a Deployment.
  case notThisKind
  /// No such revision, history, node or running pod.
  case notFound
  /// A verb the cluster, not the workload's controller, carries out.
  case handledByCluster
  public var description: String { rawValue }
}

/// Inputs the world can't run.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
