/// The words the engine's views and summaries use, as types. Each raw value is the
/// string the JSONL contract, the CSV and the screen print (and `description`
/// returns it, so interpolation prints the same bytes as before these were types).

/// What kind of workload the controller owns.
public enum WorkloadKind: String, Sendable, Hashable, CustomStringConvertible {
  case deployment = "Deployment", rollout = "Rollout"
  public var description: String { rawValue }
}

/// The strategy a workload rolls out with.
public enum StrategyKind: String, Sendable, Hashable, CustomStringConvertible {
  case rollingUpdate = "RollingUpdate", recreate = "Recreate", blueGreen = "BlueGreen", canary = "Canary"
  public var description: String { rawValue }
}

/// Where a rollout stands, as `kubectl argo rollouts get` and `kubectl rollout status`
/// say it: Argo's phases (`utils/rollout/rolloututil.go` `GetRolloutPhase`); for a
/// Deployment, its Progressing condition read the same way.
public enum WorkloadPhase: String, Sendable, Hashable, CustomStringConvertible {
  case progressing = "Progressing", paused = "Paused", healthy = "Healthy", degraded = "Degraded"
  case progressDeadlineExceeded = "ProgressDeadlineExceeded"
  public var description: String { rawValue }
}

extension AnalysisPhase: CustomStringConvertible {
  public var description: String { rawValue }
}

/// The conditions a Deployment or Rollout reports (`status.conditions[].type`).
public enum ConditionType: String, Sendable, Hashable, Comparable, CustomStringConvertible {
  case available = "Available", progressing = "Progressing", paused = "Paused"
  public var description: String { rawValue }
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// `status.conditions[].status`.
public enum ConditionStatus: String, Sendable, Hashable, CustomStringConvertible {
  case `true` = "True", `false` = "False", unknown = "Unknown"
  public var description: String { rawValue }
}

/// `status.conditions[].reason`: the Deployment controller's
/// (`pkg/controller/deployment/util/deployment_util.go`, the `…Reason` constants) and
/// Argo Rollouts' (`utils/conditions/conditions.go`), plus the pause reasons
/// (`PauseReason`) Argo puts on the Paused condition.
public enum ConditionReason: String, Sendable, Hashable, CustomStringConvertible {
  case newReplicaSetCreated = "NewReplicaSetCreated", foundNewReplicaSet = "FoundNewReplicaSet"
  case newReplicaSetAvailable = "NewReplicaSetAvailable", replicaSetUpdated = "ReplicaSetUpdated"
  case progressDeadlineExceeded = "ProgressDeadlineExceeded"
  case deploymentPaused = "DeploymentPaused", deploymentResumed = "DeploymentResumed"
  case minimumReplicasAvailable = "MinimumReplicasAvailable", minimumReplicasUnavailable = "MinimumReplicasUnavailable"
  case rolloutAborted = "RolloutAborted", rolloutPaused = "RolloutPaused", availableReason = "AvailableReason"
  case canaryPauseStep = "CanaryPauseStep", blueGreenPause = "BlueGreenPause", inconclusiveAnalysis = "InconclusiveAnalysis"
  public var description: String { rawValue }
}

/// One condition as a view shows it.
public struct ConditionState: Sendable, Hashable {
  public var status: ConditionStatus
  public var reason: ConditionReason
  public init(_ status: ConditionStatus, _ reason: ConditionReason) {
    self.status = status
    self.reason = reason
  }

  /// The JSONL contract's text: the reason, except a Rollout's false Available
  /// condition, which has always read `AvailableReason=False`.
  public var contractText: String {
    reason == .availableReason && status == .false ? "AvailableReason=False" : reason.rawValue
  }
}
