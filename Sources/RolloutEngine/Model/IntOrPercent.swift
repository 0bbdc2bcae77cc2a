/// A Kubernetes `IntOrString` as used by `maxSurge` / `maxUnavailable`: an absolute
/// count or a percentage of `spec.replicas`.
///
/// Parsing the string form differs between Kubernetes (a string must end in `%`) and
/// Argo Rollouts (the `%` is stripped, so `"25"` means 25 %); the manifest loader does
/// that and hands the engine this resolved form.
public enum IntOrPercent: Sendable, Hashable, CustomStringConvertible {
  case int(Int)
  case percent(Int)

  /// Resolves against `total`. Percentages round up when `roundUp` (maxSurge), down
  /// otherwise (maxUnavailable): `intstr.GetScaledValueFromIntOrPercent`.
  /// Exact integer arithmetic gives the same result as Go's
  /// float64 for every value the API allows.
  public func scaled(_ total: Int, roundUp: Bool) -> Int {
    switch self {
    case .int(let v): return v
    case .percent(let p):
      let num = p * total
      if roundUp { return num >= 0 ? (num + 99) / 100 : -((-num) / 100) }
      return num >= 0 ? num / 100 : -((-num + 99) / 100)
    }
  }

  public var description: String {
    switch self {
    case .int(let v): return String(v)
    case .percent(let p): return "\(p)%"
    }
  }
}
