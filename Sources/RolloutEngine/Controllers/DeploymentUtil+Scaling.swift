/// The Deployment controller's history clean-up and proportional scaling
/// (`pkg/controller/deployment/sync.go` `cleanupDeployment`, `scale`;
/// `util/deployment_util.go` `GetReplicaSetProportion`, `IsSaturated`).
extension DeploymentUtil {
  // MARK: - History clean-up

  /// `cleanupDeployment`: sort old ReplicaSets by revision (creation time, then
  /// name, as tie-break); among the first `count − limit`, the names of those fully
  /// scaled down (spec 0, status 0, nothing terminating) go. Non-empty ones are skipped,
  /// not replaced. nil limit = keep everything.
  public static func historyCleanup(oldRSs: [ReplicaSetCounts], revisionHistoryLimit: Int?) -> [String] {
    guard let limit = revisionHistoryLimit, limit != Int(Int32.max) else { return [] }
    let diff = oldRSs.count - limit
    guard diff > 0 else { return [] }
    let sorted = oldRSs.sorted {
      $0.revision != $1.revision ? $0.revision < $1.revision : ReplicaSetCounts.olderFirst($0, $1)
    }
    return sorted.prefix(diff).filter { $0.specReplicas == 0 && $0.statusReplicas == 0 && ($0.terminatingReplicas ?? 0) == 0 }.map(\.name)
  }

  // MARK: - Proportional scaling

  /// `IsSaturated`: the new ReplicaSet is at R by spec, annotation and availability.
  public static func isSaturated(replicas: Int, rs: ReplicaSetCounts) -> Bool {
    rs.specReplicas == replicas && rs.desiredReplicasAnnotation == replicas && rs.availableReplicas == replicas
  }

  /// `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs
  /// from R. A missing annotation is not an event.
  public static func isScalingEvent(replicas: Int, allRSs: [ReplicaSetCounts]) -> Bool {
    allRSs.contains { $0.specReplicas > 0 && $0.desiredReplicasAnnotation.map { $0 != replicas } ?? false }
  }

  /// `round(num / den)` half away from zero (`integer.RoundToInt32` = `math.Round`), in
  /// exact integers.
  static func roundHalfAwayFromZero(_ num: Int, _ den: Int) -> Int {
    guard den > 0 else { return 0 }  // callers never pass 0; never trap on input
    let m = num.magnitude, d = UInt(den)
    let q = m / d + (m % d >= d - m % d ? 1 : 0)  // remainder ≥ half (no doubling: no overflow)
    return num < 0 ? -Int(q) : Int(q)
  }

  /// `getReplicaSetFraction`: how much `rs` should change so it keeps its share
  /// of `R + MaxSurge` relative to the size it was scaled for (`max-replicas`, falling
  /// back to the Deployment's `status.replicas`).
  public static func replicaSetFraction(
    rs: ReplicaSetCounts, strategy: DeploymentStrategy, replicas: Int, deploymentStatusReplicas: Int
  ) -> Int {
    if replicas == 0 { return -rs.specReplicas }
    let maxReplicas = replicas + maxSurge(strategy, replicas: replicas)
    var before = rs.maxReplicasAnnotation ?? 0
    if before <= 0 {
      before = deploymentStatusReplicas
      if before <= 0 { return 0 }
    }
    return roundHalfAwayFromZero(rs.specReplicas * maxReplicas, before) - rs.specReplicas
  }

  /// `GetReplicaSetProportion`: the fraction, capped by what is left to add (or
  /// remove) across the Deployment.
  public static func replicaSetProportion(
    rs: ReplicaSetCounts, strategy: DeploymentStrategy, replicas: Int, deploymentStatusReplicas: Int, toAdd: Int, added: Int
  ) -> Int {
    if rs.specReplicas == 0 || toAdd == 0 || toAdd == added { return 0 }
    let fraction = replicaSetFraction(rs: rs, strategy: strategy, replicas: replicas, deploymentStatusReplicas: deploymentStatusReplicas)
    let allowed = toAdd - added
    return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
  }

  /// `FindActiveOrLatest`: the only active ReplicaSet; with none active, the new one or
  /// else the newest old one; nil when several are active.
  public static func findActiveOrLatest(newRS: ReplicaSetCounts?, oldRSs: [ReplicaSetCounts]) -> ReplicaSetCounts? {
    if newRS == nil && oldRSs.isEmpty { return nil }
    let all = oldRSs + (newRS.map { [$0] } ?? [])
    let active = all.filter { $0.specReplicas > 0 }
    switch active.count {
    case 0: return newRS ?? oldRSs.sorted(by: ReplicaSetCounts.olderFirst).last
    case 1: return active[0]
    default: return nil
    }
  }

  /// `DeploymentController.scale` (`sync.go`). Returns a decision for every ReplicaSet the
  /// controller writes (also those whose size stays, whose annotations are refreshed).
  public static func scale(
    strategy: DeploymentStrategy, replicas: Int, newRS: ReplicaSetCounts?, oldRSs: [ReplicaSetCounts],
    deploymentStatusReplicas: Int
  ) -> [ScaleDecision] {
    // 1. At most one active ReplicaSet: it takes R.
    if let only = findActiveOrLatest(newRS: newRS, oldRSs: oldRSs) {
      if only.specReplicas == replicas { return [] }
      let prev = only.desiredReplicasAnnotation.map { "\($0)→\(replicas) replicas" } ?? "\(replicas) replicas"
      return [
        ScaleDecision(
          name: only.name, from: only.specReplicas, to: replicas,
          why: "scaled: \(prev), the only active ReplicaSet \(only.specReplicas)→\(replicas)")
      ]
    }
    // 2. A saturated new ReplicaSet: every active old one goes to 0.
    if let n = newRS, isSaturated(replicas: replicas, rs: n) {
      return oldRSs.filter { $0.specReplicas > 0 }.map {
        ScaleDecision(name: $0.name, from: $0.specReplicas, to: 0, why: "old \($0.specReplicas)→0: the new ReplicaSet is saturated at \(replicas)")
      }
    }
    // 3. Proportional (RollingUpdate only; Recreate has no surge to share).
    guard case .rollingUpdate = strategy else { return [] }
    var active = (oldRSs + (newRS.map { [$0] } ?? [])).filter { $0.specReplicas > 0 }
    let surge = maxSurge(strategy, replicas: replicas)
    let allowed = replicas > 0 ? replicas + surge : 0
    let toAdd = allowed - replicaCount(active)
    if toAdd > 0 {
      // ReplicaSetsBySizeNewer: larger first, then newer (creation time, name descending).
      active.sort { $0.specReplicas != $1.specReplicas ? $0.specReplicas > $1.specReplicas : ReplicaSetCounts.olderFirst($1, $0) }
    } else if toAdd < 0 {
      // ReplicaSetsBySizeOlder: larger first, then older.
      active.sort { $0.specReplicas != $1.specReplicas ? $0.specReplicas > $1.specReplicas : ReplicaSetCounts.olderFirst($0, $1) }
    }
    var added = 0
    var sizes: [Int] = []
    var whys: [String] = []
    // The size the ReplicaSets were last scaled for (the annotation that triggered the event).
    let prevR = active.compactMap(\.desiredReplicasAnnotation).first { $0 != replicas } ?? active.compactMap(\.desiredReplicasAnnotation).first
    let head = "proportional: " + (prevR.map { "\($0)→\(replicas)" } ?? "→\(replicas)") + " replicas, allowed \(allowed)"
    for rs in active {
      guard toAdd != 0 else {
        sizes.append(rs.specReplicas)
        whys.append("\(head) = Σ spec; \(rs.specReplicas) kept")
        continue
      }
      let p = replicaSetProportion(
        rs: rs, strategy: strategy, replicas: replicas, deploymentStatusReplicas: deploymentStatusReplicas, toAdd: toAdd, added: added)
      let fraction = replicaSetFraction(rs: rs, strategy: strategy, replicas: replicas, deploymentStatusReplicas: deploymentStatusReplicas)
      var why = "\(head), rs \(rs.specReplicas)→\(rs.specReplicas + p)"
      if replicas == 0 {
        why += " (scaled to 0)"
      } else if let before = rs.maxReplicasAnnotation.flatMap({ $0 > 0 ? $0 : nil }) ?? (deploymentStatusReplicas > 0 ? deploymentStatusReplicas : nil) {
        why += " = round(\(rs.specReplicas)×\(allowed)/\(before))"
        if p != fraction { why += " capped at \(abs(toAdd - added)) left to \(toAdd > 0 ? "add" : "remove")" }
      } else {
        why += " (no max-replicas annotation nor status.replicas to scale from)"
      }
      sizes.append(rs.specReplicas + p)
      whys.append(why)
      added += p
    }
    if toAdd != 0, !active.isEmpty {
      let leftover = toAdd - added
      if leftover != 0 {
        sizes[0] = max(0, sizes[0] + leftover)
        whys[0] += ", leftover \(leftover > 0 ? "+" : "")\(leftover) → \(sizes[0])"
      }
    }
    return active.indices.map { ScaleDecision(name: active[$0].name, from: active[$0].specReplicas, to: sizes[$0], why: whys[$0]) }
  }
}
