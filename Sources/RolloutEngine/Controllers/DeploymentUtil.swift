/// The Kubernetes Deployment controller's replica arithmetic
/// (`pkg/controller/deployment/{rolling,sync,progress}.go` and `util/deployment_util.go`),
/// as docs/semantics.md describes it. Pure functions over per-ReplicaSet counts: nothing here
/// looks at pods, so the cost is O(ReplicaSets), never O(pods).
///
/// Every function that decides a scale returns `ScaleDecision`s carrying a `why` in the
/// controller's own terms (minAvailable, maxTotal, maxScaledDown, proportions); the
/// DeploymentController turns them into `ScalingReplicaSet` events.

/// The controller-math view of one ReplicaSet: spec, the status the ReplicaSet
/// controller last reported, and the two replica annotations proportional scaling
/// reads (`desired-replicas`, `max-replicas`).
public struct ReplicaSetCounts: Sendable, Hashable {
  public var name: String
  public var createdAt: SimTime
  public var revision: Int
  /// `spec.replicas`.
  public var specReplicas: Int
  /// `status.replicas` (non-terminating pods).
  public var statusReplicas: Int
  /// `status.availableReplicas`.
  public var availableReplicas: Int
  /// `deployment.kubernetes.io/desired-replicas`, nil when absent.
  public var desiredReplicasAnnotation: Int?
  /// `deployment.kubernetes.io/max-replicas`, nil when absent or invalid.
  public var maxReplicasAnnotation: Int?
  /// `status.terminatingReplicas` (KEP-3973); nil = unknown.
  public var terminatingReplicas: Int?
  /// `status.observedGeneration`; 0 = never synced by the ReplicaSet controller.
  public var observedGeneration: Int

  public init(
    name: String, createdAt: SimTime = 0, revision: Int = 0, specReplicas: Int, statusReplicas: Int = 0,
    availableReplicas: Int = 0, desiredReplicasAnnotation: Int? = nil, maxReplicasAnnotation: Int? = nil,
    terminatingReplicas: Int? = nil, observedGeneration: Int = 1
  ) {
    self.name = name
    self.createdAt = createdAt
    self.revision = revision
    self.specReplicas = specReplicas
    self.statusReplicas = statusReplicas
    self.availableReplicas = availableReplicas
    self.desiredReplicasAnnotation = desiredReplicasAnnotation
    self.maxReplicasAnnotation = maxReplicasAnnotation
    self.terminatingReplicas = terminatingReplicas
    self.observedGeneration = observedGeneration
  }

  /// `controller.ReplicaSetsByCreationTimestamp`: older first, the name breaks ties.
  static func olderFirst(_ a: ReplicaSetCounts, _ b: ReplicaSetCounts) -> Bool {
    a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.name < b.name
  }
}

/// One `spec.replicas` change the controller wants, with the reason in its own terms.
public struct ScaleDecision: Sendable, Hashable {
  public var name: String
  public var from: Int
  public var to: Int
  public var why: String
  public init(name: String, from: Int, to: Int, why: String) {
    self.name = name
    self.from = from
    self.to = to
    self.why = why
  }
}

/// A raw Kubernetes `IntOrString` before resolution: an integer, or a string that must
/// be `"N%"` (`intstr.GetScaledValueFromIntOrPercent`).
public enum IntOrString: Sendable, Hashable {
  case int(Int)
  case string(String)
}

public enum DeploymentUtilError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A string `maxSurge`/`maxUnavailable` without `%`, or a non-integer before it.
  case invalidIntOrPercent(String)
  /// `TerminationComplete` needs every synced ReplicaSet's `terminatingReplicas`.
  case unknownTerminatingReplicas(String)

  public var description: String {
    switch self {
    case .invalidIntOrPercent(let s): return "invalid value for IntOrString: invalid type: string is not a percentage: \"\(s)\""
    case .unknownTerminatingReplicas(let rs): return "replica set \(rs) has unknown terminating replicas"
    }
  }
}

/// `spec.podReplacementPolicy` (alpha, behind `DeploymentPodReplacementPolicy` and
/// `DeploymentReplicaSetTerminatingReplicas`; docs/semantics.md).
/// Passing nil to the functions below
/// means "gates off", which is also what `TerminationStarted` computes.
public enum PodReplacementPolicy: String, Sendable, Hashable {
  case terminationStarted = "TerminationStarted"
  case terminationComplete = "TerminationComplete"
}

/// Deployment status counts used by `DeploymentComplete` / `DeploymentProgressing`.
public struct DeploymentStatusCounts: Sendable, Hashable {
  public var replicas: Int
  public var updatedReplicas: Int
  public var readyReplicas: Int
  public var availableReplicas: Int
  public init(replicas: Int = 0, updatedReplicas: Int = 0, readyReplicas: Int = 0, availableReplicas: Int = 0) {
    self.replicas = replicas
    self.updatedReplicas = updatedReplicas
    self.readyReplicas = readyReplicas
    self.availableReplicas = availableReplicas
  }
}

extension IntOrPercent {
  /// The Kubernetes reading of an `IntOrString`: a string must end in `%` with an
  /// integer before it. (Argo strips the `%` instead; that is the manifest loader's job.)
  public init(kubernetes v: IntOrString) throws(DeploymentUtilError) {
    switch v {
    case .int(let i): self = .int(i)
    case .string(let s):
      guard s.hasSuffix("%"), let p = Int(s.dropLast()) else { throw .invalidIntOrPercent(s) }
      self = .percent(p)
    }
  }
}

public enum DeploymentUtil {
  // MARK: - Fenceposts

  /// `GetScaledValueFromIntOrPercent`: integers as given, `"N%"` scaled against `total`,
  /// rounding up for maxSurge and down for maxUnavailable; other strings are errors.
  public static func scaledValue(_ v: IntOrString?, total: Int, roundUp: Bool) throws(DeploymentUtilError) -> Int {
    guard let v else { return 0 }
    return try IntOrPercent(kubernetes: v).scaled(total, roundUp: roundUp)
  }

  /// `ResolveFenceposts`: nil counts as 0; surge rounds up, unavailable down; both 0
  /// → unavailable 1 (validation forbids a literal 0/0, rounding can still produce it).
  public static func resolveFenceposts(
    maxSurge: IntOrString?, maxUnavailable: IntOrString?, desired: Int
  ) throws(DeploymentUtilError) -> (surge: Int, unavailable: Int) {
    let surge = try scaledValue(maxSurge, total: desired, roundUp: true)
    var unavailable = try scaledValue(maxUnavailable, total: desired, roundUp: false)
    if surge == 0 && unavailable == 0 { unavailable = 1 }
    return (surge, unavailable)
  }

  /// The same on the engine's already-parsed values (which cannot be invalid).
  public static func resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: Int) -> (surge: Int, unavailable: Int) {
    let surge = maxSurge.scaled(desired, roundUp: true)
    var unavailable = maxUnavailable.scaled(desired, roundUp: false)
    if surge == 0 && unavailable == 0 { unavailable = 1 }
    return (surge, unavailable)
  }

  /// `MaxSurge(d)`: 0 unless RollingUpdate; not clamped.
  public static func maxSurge(_ s: DeploymentStrategy, replicas: Int) -> Int {
    guard case .rollingUpdate(let ms, let mu) = s else { return 0 }
    return resolveFenceposts(maxSurge: ms, maxUnavailable: mu, desired: replicas).surge
  }

  /// `MaxUnavailable(d)`: 0 unless RollingUpdate or when R = 0; otherwise the resolved
  /// value clamped to R.
  public static func maxUnavailable(_ s: DeploymentStrategy, replicas: Int) -> Int {
    guard case .rollingUpdate(let ms, let mu) = s, replicas > 0 else { return 0 }
    return min(resolveFenceposts(maxSurge: ms, maxUnavailable: mu, desired: replicas).unavailable, replicas)
  }

  /// `MinAvailable(d)` = R − MaxUnavailable(d); 0 unless RollingUpdate (so 0 for Recreate).
  public static func minAvailable(_ s: DeploymentStrategy, replicas: Int) -> Int {
    guard case .rollingUpdate = s else { return 0 }
    return replicas - maxUnavailable(s, replicas: replicas)
  }

  // MARK: - Replica counts over ReplicaSets

  /// `GetReplicaCountForReplicaSets`: Σ spec.replicas.
  public static func replicaCount(_ rss: [ReplicaSetCounts]) -> Int { rss.reduce(0) { $0 + $1.specReplicas } }
  /// `GetActualReplicaCountForReplicaSets`: Σ status.replicas.
  public static func actualReplicaCount(_ rss: [ReplicaSetCounts]) -> Int { rss.reduce(0) { $0 + $1.statusReplicas } }
  /// `GetTerminatingReplicaCountForReplicaSets`: Σ terminatingReplicas; nil (unknown) if a
  /// synced ReplicaSet does not report it. A never-synced one (observedGeneration 0)
  /// with nil counts 0.
  public static func terminatingReplicaCount(_ rss: [ReplicaSetCounts]) -> Int? {
    var total = 0
    for rs in rss {
      if let t = rs.terminatingReplicas { total += t } else if rs.observedGeneration > 0 { return nil }
    }
    return total
  }

  // MARK: - Scale-up

  /// Σ counted against `maxTotal`: spec.replicas classically; with the gated
  /// `TerminationComplete` policy Σ max(spec, status) + Σ terminating (inferred
  /// from the gated `rolling_test.go` cases; docs/semantics.md).
  static func currentForSurge(_ allRSs: [ReplicaSetCounts], policy: PodReplacementPolicy?) throws(DeploymentUtilError) -> Int {
    guard policy == .terminationComplete else { return replicaCount(allRSs) }
    var total = 0
    for rs in allRSs {
      total += max(rs.specReplicas, rs.statusReplicas)
      if let t = rs.terminatingReplicas { total += t } else if rs.observedGeneration > 0 { throw .unknownTerminatingReplicas(rs.name) }
    }
    return total
  }

  /// `NewRSNewReplicas`: how far the new ReplicaSet may grow in one pass. Spec
  /// counts only (availability is ignored); Recreate goes straight to R.
  public static func newRSNewReplicas(
    strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], newRS: ReplicaSetCounts,
    podReplacementPolicy: PodReplacementPolicy? = nil
  ) throws(DeploymentUtilError) -> Int {
    guard case .rollingUpdate = strategy else { return replicas }
    let current = try currentForSurge(allRSs, policy: podReplacementPolicy)
    let maxTotal = replicas + maxSurge(strategy, replicas: replicas)
    if current >= maxTotal { return newRS.specReplicas }
    return newRS.specReplicas + min(maxTotal - current, replicas - newRS.specReplicas)
  }

  /// `reconcileNewReplicaSet`: nothing at R, down to R above it (the only time
  /// the new ReplicaSet shrinks), else `NewRSNewReplicas`. Nil = no change.
  public static func reconcileNewReplicaSet(
    strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], newRS: ReplicaSetCounts,
    podReplacementPolicy: PodReplacementPolicy? = nil
  ) throws(DeploymentUtilError) -> ScaleDecision? {
    let from = newRS.specReplicas
    if from == replicas { return nil }
    if from > replicas {
      return ScaleDecision(name: newRS.name, from: from, to: replicas, why: "new \(from)→\(replicas): above spec.replicas \(replicas)")
    }
    let to = try newRSNewReplicas(
      strategy: strategy, replicas: replicas, allRSs: allRSs, newRS: newRS, podReplacementPolicy: podReplacementPolicy)
    if to == from { return nil }
    let current = try currentForSurge(allRSs, policy: podReplacementPolicy)
    let maxTotal = replicas + maxSurge(strategy, replicas: replicas)
    return ScaleDecision(name: newRS.name, from: from, to: to, why: "new \(from)→\(to): maxTotal \(maxTotal); current \(current)")
  }

  /// The `why` of a newly created ReplicaSet: `new 0→3: maxTotal 13 = 10 + maxSurge 3; current 10`.
  public static func creationWhy(strategy: DeploymentStrategy, replicas: Int, size: Int, current: Int) -> String {
    guard case .rollingUpdate = strategy else { return "new 0→\(size): Recreate creates the new ReplicaSet at spec.replicas \(replicas)" }
    let surge = maxSurge(strategy, replicas: replicas)
    return "new 0→\(size): maxTotal \(replicas + surge) = \(replicas) + maxSurge \(surge); current \(current)"
  }

  // MARK: - Scale-down of old ReplicaSets

  /// `cleanupUnhealthyReplicas`: oldest first, remove up to `maxCleanup` pods that
  /// are not available (spec − available). Returns the decisions, the ReplicaSets with
  /// their lowered specs (status unchanged), and the number removed.
  public static func cleanupUnhealthyReplicas(
    oldRSs: [ReplicaSetCounts], maxCleanup: Int
  ) -> (decisions: [ScaleDecision], oldRSs: [ReplicaSetCounts], cleaned: Int) {
    var olds = oldRSs.sorted(by: ReplicaSetCounts.olderFirst)
    var total = 0
    var out: [ScaleDecision] = []
    for i in olds.indices {
      if total >= maxCleanup { break }
      let rs = olds[i]
      if rs.specReplicas == 0 || rs.specReplicas == rs.availableReplicas { continue }
      let unhealthy = rs.specReplicas - rs.availableReplicas
      let n = min(maxCleanup - total, unhealthy)
      // A stale status can report more available than spec; nothing to clean then.
      guard n > 0 else { continue }
      let to = rs.specReplicas - n
      out.append(
        ScaleDecision(
          name: rs.name, from: rs.specReplicas, to: to,
          why: "old \(rs.specReplicas)→\(to): \(unhealthy) unhealthy (spec \(rs.specReplicas) − available \(rs.availableReplicas)), maxScaledDown \(maxCleanup)"))
      olds[i].specReplicas = to
      total += n
    }
    return (out, olds, total)
  }

  /// `scaleDownOldReplicaSetsForRollingUpdate`: while Σ available over `allRSs`
  /// exceeds minAvailable, remove the excess from old ReplicaSets, oldest first. Not
  /// capped by maxScaledDown: available new pods (surge included) count.
  public static func scaleDownOldReplicaSetsForRollingUpdate(
    strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], oldRSs: [ReplicaSetCounts]
  ) -> [ScaleDecision] {
    let minAv = minAvailable(strategy, replicas: replicas)
    let available = allRSs.reduce(0) { $0 + $1.availableReplicas }
    if available <= minAv { return [] }
    var budget = available - minAv
    var out: [ScaleDecision] = []
    let mu = maxUnavailable(strategy, replicas: replicas)
    for rs in oldRSs.sorted(by: ReplicaSetCounts.olderFirst) {
      if budget <= 0 { break }
      if rs.specReplicas == 0 { continue }
      let n = min(rs.specReplicas, budget)
      let to = rs.specReplicas - n
      out.append(
        ScaleDecision(
          name: rs.name, from: rs.specReplicas, to: to,
          why: "old \(rs.specReplicas)→\(to): minAvailable \(minAv) = \(replicas) − maxUnavailable \(mu); available \(available)"))
      budget -= n
    }
    return out
  }

  /// `reconcileOldReplicaSets`. `allRSs` are every ReplicaSet (old incl. zero-sized,
  /// and the new one), `oldRSs` the old ones (zero-sized ones are ignored), `newRS` the
  /// new one if it exists. The new ReplicaSet's unavailable pods (`newUnavail`) block
  /// further scale-down; cleanup is capped by maxScaledDown, the scale-down is not.
  public static func reconcileOldReplicaSets(
    strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], oldRSs: [ReplicaSetCounts],
    newRS: ReplicaSetCounts?
  ) -> [ScaleDecision] {
    let active = oldRSs.filter { $0.specReplicas > 0 }
    if replicaCount(active) == 0 { return [] }
    let allPods = replicaCount(allRSs)
    let minAv = minAvailable(strategy, replicas: replicas)
    let newUnavail = newRS.map { $0.specReplicas - $0.availableReplicas } ?? 0
    let maxScaledDown = allPods - minAv - newUnavail
    if maxScaledDown <= 0 { return [] }
    let cleaned = cleanupUnhealthyReplicas(oldRSs: active, maxCleanup: maxScaledDown)
    let all = cleaned.oldRSs + (newRS.map { [$0] } ?? [])
    let scaled = scaleDownOldReplicaSetsForRollingUpdate(strategy: strategy, replicas: replicas, allRSs: all, oldRSs: cleaned.oldRSs)
    return cleaned.decisions + scaled
  }

  // MARK: - Status and progress

  /// `DeploymentComplete`: updated = replicas = available = R. The engine has no
  /// generations to lag (observedGeneration ≥ generation always holds).
  public static func deploymentComplete(replicas: Int, status s: DeploymentStatusCounts) -> Bool {
    s.updatedReplicas == replicas && s.replicas == replicas && s.availableReplicas == replicas
  }

  /// `DeploymentProgressing`: more updated, fewer old, more ready or more available.
  public static func deploymentProgressing(old: DeploymentStatusCounts, new: DeploymentStatusCounts) -> Bool {
    let oldOld = old.replicas - old.updatedReplicas
    let newOld = new.replicas - new.updatedReplicas
    return new.updatedReplicas > old.updatedReplicas || newOld < oldOld || new.readyReplicas > old.readyReplicas
      || new.availableReplicas > old.availableReplicas
  }

  /// `DeploymentTimedOut`. `progressDeadlineSeconds` nil or MaxInt32 = no deadline;
  /// an already exceeded condition stays exceeded, a complete one never times out;
  /// otherwise `lastUpdateTime + deadline < now`, strictly.
  public static func deploymentTimedOut(
    progressDeadlineSeconds: Int?, conditionReason: String?, lastUpdateTime: SimTime, now: SimTime
  ) -> Bool {
    guard let deadline = progressDeadlineSeconds, deadline != Int(Int32.max) else { return false }
    guard let reason = conditionReason else { return false }
    if reason == "ProgressDeadlineExceeded" { return true }
    if reason == "NewReplicaSetAvailable" { return false }
    return lastUpdateTime + SimTime.seconds(deadline) < now
  }
}
