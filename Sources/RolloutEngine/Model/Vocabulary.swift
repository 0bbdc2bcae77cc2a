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
