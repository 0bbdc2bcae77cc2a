/// Argo Rollouts' canary replica arithmetic (`utils/replicaset/canary.go`,
/// argo-rollouts.md §2.2, §2.4, §2.5): the replica-weighted ("basic") canary counts, the
/// traffic-routed counts, and the step weight. Exact integer arithmetic throughout: Go
/// uses float64, which the reference checked gives identical results for every value
/// the API allows (§2.4 "Precision").

/// The counts of one ReplicaSet the canary math reads.
public struct CanaryRSCounts: Sendable, Hashable {
  public var specReplicas: Int
  public var availableReplicas: Int
  /// `status.replicas` (only `AtDesiredReplicaCountsForCanary` reads it).
  public var statusReplicas: Int
  public init(specReplicas: Int, availableReplicas: Int, statusReplicas: Int? = nil) {
    self.specReplicas = specReplicas
    self.availableReplicas = availableReplicas
    self.statusReplicas = statusReplicas ?? specReplicas
  }
}

/// The basic canary's answer, with the intermediate values a `why` needs.
public struct BasicCanaryCounts: Sendable, Hashable {
  /// The counts to scale to now.
  public var canary: Int
  public var stable: Int
  /// The weight-only target of Step B (or N / 0 without a separate stable).
  public var targetCanary: Int
  public var targetStable: Int
  /// Resolved fenceposts (§2.2).
  public var maxSurge: Int
  public var maxUnavailable: Int
  /// Step C inputs: the scale-up budget `(N + S) − Σ spec`, and the availability
  /// counted for scale-down (nil when older ReplicaSets stopped the function first).
  public var scaleUpBudget: Int
  public var countedAvailable: Int?
  /// Whether the canary is growing (the stable's availability is ignored) or shrinking.
  public var increasing: Bool
}

extension IntOrPercent {
  /// Argo Rollouts' reading of an `IntOrString` (argo-rollouts.md §2.2): the parser it
  /// calls strips a trailing `%`, so any string is a percentage (`"25"` = 25 %); a
  /// string that is not an integer after that is an error.
  public init(argo v: IntOrString) throws(DeploymentUtilError) {
    switch v {
    case .int(let i): self = .int(i)
    case .string(let s):
      guard let p = Int(s.hasSuffix("%") ? String(s.dropLast()) : s) else { throw .invalidIntOrPercent(s) }
      self = .percent(p)
    }
  }
}

public enum CanaryMath {
  // MARK: - §2.2 resolution

  /// `maxSurge` rounds up, `maxUnavailable` down; both 0 → unavailable 1; unavailable is
  /// capped at N and is 0 for N = 0; surge is not capped (§2.2). Percent strings were
  /// already parsed the Argo way (`%` stripped) by the manifest loader.
  public static func resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: Int) -> (surge: Int, unavailable: Int) {
    let s = maxSurge.scaled(replicas, roundUp: true)
    var u = maxUnavailable.scaled(replicas, roundUp: false)
    if s == 0 && u == 0 { u = 1 }
    if replicas <= 0 { u = 0 }
    return (s, min(u, max(replicas, 0)))
  }

  // MARK: - §2.1 weights

  /// `GetCurrentSetWeight` (§2.1): 0 while aborted; maxWeight when there is no current
  /// step (no steps, or past the last); otherwise the `setWeight` of the current step or
  /// the nearest earlier one, 0 before the first.
  public static func currentSetWeight(steps: [CanaryStep], index: Int, aborted: Bool, maxWeight: Int = 100) -> Int {
    if aborted { return 0 }
    if index < 0 || index >= steps.count { return maxWeight }
    for i in stride(from: index, through: 0, by: -1) {
      if case .setWeight(let w) = steps[i] { return w }
    }
    return 0
  }

  /// The `setCanaryScale` in force (`UseSetCanaryScale`): only with a traffic router and
  /// a current step; the latest one at or before the current step; `matchTrafficWeight`
  /// clears it. While aborted it stays in force only with `abortScaleDownDelaySeconds: 0`
  /// (the canary is then kept).
  public static func setCanaryScaleInForce(
    steps: [CanaryStep], index: Int, trafficRouted: Bool, aborted: Bool, abortScaleDownDelaySeconds: Int?
  ) -> CanaryScale? {
    guard trafficRouted, index >= 0, index < steps.count else { return nil }
    var found: CanaryScale?
    for i in 0...index {
      if case .setCanaryScale(let sc) = steps[i] { found = sc }
    }
    guard let sc = found, sc != .matchTrafficWeight else { return nil }
    if aborted { return abortScaleDownDelaySeconds == 0 ? sc : nil }
    return sc
  }

  /// `GetCanaryReplicasOrWeight`: full weight when promoting fully or when there is no
  /// separate stable; otherwise an explicit `setCanaryScale` (replicas, or weight), else
  /// the step weight (already 0 while aborted).
  public static func canaryReplicasOrWeight(
    promoteFull: Bool, hasSeparateStable: Bool, setCanaryScale: CanaryScale?, stepWeight: Int, maxWeight: Int = 100
  ) -> (replicas: Int?, weight: Int) {
    if promoteFull || !hasSeparateStable { return (nil, maxWeight) }
    switch setCanaryScale {
    case .replicas(let r)?: return (r, 0)
    case .weight(let w)?: return (nil, w)
    case .matchTrafficWeight?, nil: return (nil, stepWeight)
    }
  }

  // MARK: - §2.4 basic canary

  /// Is `t·W/maxW` exactly half-way between two integers (`floorCeilingTied`)?
  static func tied(_ t: Int, _ w: Int, _ maxW: Int) -> Bool {
    let r = (t * w) % maxW
    return r * 2 == maxW
  }

  /// `approximateWeightedCanaryStableReplicaCounts` (§2.4 Step B): the candidate
  /// (canary, total) splits in order, the closest to W wins, the earlier on a tie.
  /// Distances |c·maxW/t − W| are compared by cross-multiplication, exactly.
  public static func approximateWeightedCanaryStableReplicaCounts(
    replicas n: Int, weight w: Int, maxWeight maxW: Int = 100, maxSurge: Int
  ) -> (canary: Int, stable: Int) {
    if n <= 0 || maxW <= 0 { return (0, 0) }
    let x = n * w
    let ceilC = x >= 0 ? (x + maxW - 1) / maxW : -((-x) / maxW)
    let floorC = x >= 0 ? x / maxW : -((-x + maxW - 1) / maxW)
    let zeroAllowed = w == maxW || w == 0 || (n == 1 && maxSurge == 0)
    var options: [(c: Int, t: Int)] = []
    if ceilC < n || zeroAllowed { options.append((ceilC, n)) }
    if !tied(n, w, maxW) && (floorC != 0 || zeroAllowed) { options.append((floorC, n)) }
    if maxSurge > 0 {
      options.append((ceilC, n + 1))
      if !tied(n + 1, w, maxW) && (floorC != 0 || zeroAllowed) { options.append((floorC, n + 1)) }
    }
    guard var best = options.first else { return (0, n) }
    // |c·maxW − W·t| / t, kept as (numerator, denominator).
    func delta(_ o: (c: Int, t: Int)) -> (Int, Int) { (abs(o.c * maxW - w * o.t), o.t) }
    // a/b < c/d ⇔ a·d < c·b, compared at full width so no product can overflow.
    func less(_ x: (Int, Int), _ y: (Int, Int)) -> Bool {
      let l = x.0.multipliedFullWidth(by: y.1), r = y.0.multipliedFullWidth(by: x.1)
      return l.high != r.high ? l.high < r.high : l.low < r.low
    }
    var bestD = delta(best)
    for o in options.dropFirst() {
      let d = delta(o)
      if less(d, bestD) {
        best = o
        bestD = d
      }
    }
    return (best.c, best.t - best.c)
  }

  /// `GetReplicasForScaleDown`: the availability that may be counted, never more than
  /// spec (a terminating surplus does not count); spec itself when ignored.
  static func replicasForScaleDown(_ rs: CanaryRSCounts?, ignoreAvailability: Bool) -> Int {
    guard let rs else { return 0 }
    if rs.specReplicas < rs.availableReplicas { return rs.specReplicas }
    return ignoreAvailability ? rs.specReplicas : rs.availableReplicas
  }

  /// Step C.10, `adjustReplicaWithinLimits`: if drain + other exceed N + S the other
  /// ReplicaSet gives up the excess, gets back what it needs (up to the availability
  /// it would lose) to keep minAvailable, and any excess left comes off the drained one.
  static func adjustWithinLimits(
    drain: CanaryRSCounts?, other: CanaryRSCounts?, drainCount: Int, otherCount: Int, maxAllowed: Int, minAvailable: Int
  ) -> (drain: Int, other: Int) {
    var d = drainCount, o = otherCount
    var over = max(0, o + d - maxAllowed)
    var available = drain.map { min($0.availableReplicas, d) } ?? 0
    guard let other else { return (d, o) }
    o -= over
    available += min(other.availableReplicas, o)
    let lost = max(0, other.availableReplicas - o)
    let need = max(0, minAvailable - available)
    o += min(lost, need)
    over = max(0, o + d - maxAllowed)
    d -= over
    return (d, o)
  }

  /// `CalculateReplicaCountsForBasicCanary` (§2.4). `weight` is Step A's desired weight
  /// (see `canaryReplicasOrWeight`; `setCanaryScale` is ignored here). `stable` nil means
  /// no stable ReplicaSet; `stableIsCanary` that the stable is the canary itself. In both
  /// cases the target is N / 0 and the stable is not touched. `canary` nil = no new
  /// ReplicaSet yet.
  public static func basicCanaryReplicaCounts(
    replicas n: Int, weight w: Int, maxSurge: IntOrPercent, maxUnavailable: IntOrPercent,
    canary: CanaryRSCounts?, stable: CanaryRSCounts?, stableIsCanary: Bool = false, olderSpecReplicas: Int
  ) -> BasicCanaryCounts {
    let (surge, unavailable) = resolveFenceposts(maxSurge: maxSurge, maxUnavailable: maxUnavailable, replicas: n)
    var (dc, ds) = approximateWeightedCanaryStableReplicaCounts(replicas: n, weight: w, maxWeight: 100, maxSurge: surge)
    var c = canary?.specReplicas ?? 0
    var s = 0
    let scaleStable = stable != nil && !stableIsCanary
    if scaleStable, let st = stable {
      s = st.specReplicas
    } else {
      (dc, ds) = (n, 0)
    }
    let maxAllowed = n + surge
    let total = olderSpecReplicas + (canary?.specReplicas ?? 0) + (scaleStable ? s : 0)
    var up = maxAllowed - total
    var out = BasicCanaryCounts(
      canary: c, stable: s, targetCanary: dc, targetStable: ds, maxSurge: surge, maxUnavailable: unavailable, scaleUpBudget: up,
      countedAvailable: nil, increasing: canary == nil || dc >= (canary?.specReplicas ?? 0))
    // Steps 3-4: the stable is served before the canary.
    if scaleStable, let st = stable, st.specReplicas < ds, up > 0 {
      if st.specReplicas + up < ds {
        s = st.specReplicas + up
        up = 0
      } else {
        s = ds
        up -= ds - st.specReplicas
      }
    }
    if let cn = canary, cn.specReplicas < dc, up > 0 { c = min(dc, cn.specReplicas + up) }
    out.canary = c
    out.stable = s
    // Step 5: older ReplicaSets drain first; nothing here scales down meanwhile.
    if olderSpecReplicas > 0 { return out }
    // Steps 6-9.
    let minAvailable = n - unavailable
    let increasing = out.increasing
    let stableSeen = stableIsCanary ? canary : stable
    let counted = replicasForScaleDown(canary, ignoreAvailability: !increasing) + replicasForScaleDown(stableSeen, ignoreAvailability: increasing)
    out.countedAvailable = counted
    if counted <= minAvailable { return out }
    let scaleDown = counted - minAvailable
    if !increasing {
      if let cn = canary, cn.specReplicas > dc { c = max(dc, cn.specReplicas - scaleDown) }
      (c, s) = adjustWithinLimits(drain: canary, other: stableSeen, drainCount: c, otherCount: s, maxAllowed: maxAllowed, minAvailable: minAvailable)
    } else if scaleStable {
      if let st = stable, st.specReplicas > ds { s = max(ds, st.specReplicas - scaleDown) }
      (s, c) = adjustWithinLimits(drain: stable, other: canary, drainCount: s, otherCount: c, maxAllowed: maxAllowed, minAvailable: minAvailable)
    }
    out.canary = c
    out.stable = s
    return out
  }

  /// `AtDesiredReplicaCountsForCanary`: the canary at its desired count and all of it
  /// available; unless traffic-routed with dynamicStableScale, the stable's spec and
  /// status.replicas at its desired count; for the basic canary only, older
  /// ReplicaSets with 0 available.
  public static func atDesiredReplicaCountsForCanary(
    canary: CanaryRSCounts?, stable: CanaryRSCounts?, olderAvailableReplicas: Int, desiredCanary: Int, desiredStable: Int,
    trafficRouted: Bool, dynamicStableScale: Bool
  ) -> Bool {
    guard let cn = canary, cn.specReplicas == desiredCanary, cn.availableReplicas == desiredCanary else { return false }
    // utils/replicaset/canary.go `AtDesiredReplicaCountsForCanary`: the stable's
    // spec and status.replicas at its count unless dynamicStableScale
    // (`allDesiredAreCreated`); older ReplicaSets' availability only without a
    // traffic router ("the traffic router will prevent them from serving traffic",
    // argo-rollouts PR #3077, v1.7).
    if !trafficRouted || !dynamicStableScale {
      guard let st = stable, st.specReplicas == desiredStable, st.statusReplicas == desiredStable else { return false }
    }
    if !trafficRouted {
      if olderAvailableReplicas != 0 { return false }
    }
    return true
  }

  // MARK: - §2.5 traffic-routed canary

  /// `trafficWeightToReplicas`: ⌈w·N/maxW⌉, always rounding up.
  public static func trafficWeightToReplicas(replicas: Int, weight: Int, maxWeight: Int = 100) -> Int {
    guard maxWeight > 0 else { return 0 }
    let x = weight * replicas
    return x >= 0 ? (x + maxWeight - 1) / maxWeight : -((-x) / maxWeight)
  }

  /// `CheckMinPodsPerReplicaSet`: a non-zero count is at least `minPodsPerReplicaSet`,
  /// itself capped at N (#4566). Traffic-routed only.
  public static func checkMinPods(_ count: Int, minPodsPerReplicaSet: Int?, replicas: Int) -> Int {
    guard count != 0, let m = minPodsPerReplicaSet else { return count }
    return max(count, min(m, replicas))
  }

  /// `CalculateReplicaCountsForTrafficRoutedCanary` (§2.5). `setCanaryScaleReplicas` and
  /// `weight` come from `canaryReplicasOrWeight` (with the abort step-down of
  /// `desiredCanaryWeightOnAbort` already applied); `currentWeights` are the weights
  /// last written to the router (nil = unknown).
  public static func trafficRoutedReplicaCounts(
    replicas n: Int, setCanaryScaleReplicas: Int?, weight w: Int, maxWeight maxW: Int = 100, dynamicStableScale: Bool,
    currentWeights: (canary: Int, stable: Int)?, aborted: Bool, minPodsPerReplicaSet: Int?
  ) -> (canary: Int, stable: Int) {
    var canary: Int
    if let r = setCanaryScaleReplicas {
      canary = r
    } else {
      canary = checkMinPods(trafficWeightToReplicas(replicas: n, weight: w, maxWeight: maxW), minPodsPerReplicaSet: minPodsPerReplicaSet, replicas: n)
    }
    guard dynamicStableScale else { return (canary, n) }
    // The stable grows before traffic returns to it and shrinks only after it left.
    var stable = trafficWeightToReplicas(replicas: n, weight: maxW - w, maxWeight: maxW)
    if let cw = currentWeights {
      stable = max(stable, trafficWeightToReplicas(replicas: n, weight: cw.stable, maxWeight: maxW))
      if aborted { canary = max(canary, trafficWeightToReplicas(replicas: n, weight: cw.canary, maxWeight: maxW)) }
    }
    return (
      checkMinPods(canary, minPodsPerReplicaSet: minPodsPerReplicaSet, replicas: n),
      checkMinPods(stable, minPodsPerReplicaSet: minPodsPerReplicaSet, replicas: n)
    )
  }

  /// The desired canary weight while aborted with dynamicStableScale (§2.5): it steps
  /// down through the `setWeight` values in reverse, to the largest whose replica need is
  /// below what the canary still holds = max(N − stable available, canary available);
  /// with an explicit non-zero `abortScaleDownDelaySeconds` only N − stable available
  /// (#4898). No step fits → 0. Without both ReplicaSets the canary is taken as already
  /// drained (0), as the upstream table's nil-ReplicaSet cases expect.
  public static func desiredCanaryWeightOnAbort(
    replicas n: Int, steps: [CanaryStep], canary: CanaryRSCounts?, stable: CanaryRSCounts?, abortScaleDownDelaySeconds: Int?,
    maxWeight: Int = 100
  ) -> Int {
    guard let cn = canary, let st = stable else { return 0 }
    let byStable = n - st.availableReplicas
    let holds = (abortScaleDownDelaySeconds ?? 0) != 0 ? byStable : max(byStable, cn.availableReplicas)
    var best = 0
    for step in steps {
      guard case .setWeight(let w) = step else { continue }
      if trafficWeightToReplicas(replicas: n, weight: w, maxWeight: maxWeight) < holds, w > best { best = w }
    }
    return best
  }

  // MARK: - Older ReplicaSets (roll-over mid-update)

  /// `scaleDownOldReplicaSetsForCanary` for the basic canary (`rollout/canary.go`; the
  /// reference is silent, this follows the controller). First `cleanupUnhealthyReplicas`:
  /// every older ReplicaSet, oldest first, drops to its available count (those pods
  /// cost no availability). Then `available − minAvailable` (Σ available over all the
  /// Rollout's ReplicaSets) may go, newest revision first: each older ReplicaSet is
  /// removed entirely if the budget allows, else reduced by the budget. Several
  /// ReplicaSets may be scaled in one reconcile.
  public static func scaleDownOlderReplicaSetsForBasicCanary(
    older: [ReplicaSetCounts], totalAvailable: Int, minAvailable: Int
  ) -> [ScaleDecision] {
    var olds = older.sorted(by: ReplicaSetCounts.olderFirst)
    var out: [ScaleDecision] = []
    for i in olds.indices {
      let rs = olds[i]
      // Go errors out on available > spec (a stale status); skipping it is the same no-op.
      guard rs.specReplicas > 0, rs.availableReplicas < rs.specReplicas else { continue }
      out.append(
        ScaleDecision(
          name: rs.name, from: rs.specReplicas, to: rs.availableReplicas,
          why: "older \(rs.specReplicas)→\(rs.availableReplicas): \(rs.specReplicas - rs.availableReplicas) unavailable pods go first"))
      olds[i].specReplicas = rs.availableReplicas
    }
    var budget = totalAvailable - minAvailable
    if budget <= 0 { return out }
    let byRevision = olds.sorted { $0.revision != $1.revision ? $0.revision > $1.revision : ReplicaSetCounts.olderFirst($1, $0) }
    for rs in byRevision {
      if budget <= 0 { break }
      if rs.specReplicas == 0 { continue }
      let to = rs.specReplicas > budget ? rs.specReplicas - budget : 0
      out.append(
        ScaleDecision(
          name: rs.name, from: rs.specReplicas, to: to,
          why: "older \(rs.specReplicas)→\(to): available \(totalAvailable) − minAvailable \(minAvailable) leaves \(budget) to remove, newest revision first"))
      budget -= rs.specReplicas - to
    }
    return out
  }
}
