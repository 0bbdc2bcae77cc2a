/// The traffic-routed canary (rollout/trafficrouting.go `reconcileTrafficRouting`,
/// utils/replicaset/canary.go `CalculateReplicaCountsForTrafficRoutedCanary`) and the
/// scale-down of old ReplicaSets through their delays (rollout/replicaset.go).
extension RolloutController {
  // MARK: - Traffic-routed canary

  mutating func reconcileTrafficRouted(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, stable st: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let maxW = s.trafficRouting?.maxTrafficWeight ?? 100
    if aborted && s.dynamicStableScale { return reconcileDynamicAbort(&c, s, newRS: n, stable: st) }
    // GetCanaryReplicasOrWeight → CalculateReplicaCountsForTrafficRoutedCanary
    // (utils/replicaset/canary.go).
    let stepW = CanaryMath.currentSetWeight(steps: s.steps, index: stepIndex, aborted: aborted, maxWeight: maxW)
    let scs = CanaryMath.setCanaryScaleInForce(
      steps: s.steps, index: stepIndex, trafficRouted: true, aborted: aborted, abortScaleDownDelaySeconds: s.abortScaleDownDelaySeconds)
    let (scsReplicas, countWeight) = CanaryMath.canaryReplicasOrWeight(
      promoteFull: promoteFull, hasSeparateStable: true, setCanaryScale: scs, stepWeight: stepW, maxWeight: maxW)
    // minPodsPerReplicaSet is 1 in effect (`CheckMinPodsPerReplicaSet`).
    let (dc, ds) = CanaryMath.trafficRoutedReplicaCounts(
      replicas: N, setCanaryScaleReplicas: scsReplicas, weight: countWeight, maxWeight: maxW, dynamicStableScale: s.dynamicStableScale,
      currentWeights: (routerWeight, maxW - routerWeight), aborted: aborted, minPodsPerReplicaSet: s.minPodsPerReplicaSet ?? 1)
    // The router's target: the step weight (setCanaryScale changes replicas, not
    // traffic), full weight once promoting fully.
    let W = promoteFull ? maxW : stepW
    if aborted {
      // reconcileTrafficRouting: weight 0 at once. The stable goes back to N; the
      // canary keeps its pods until the stable is fully available, then for
      // abortScaleDownDelaySeconds (30 s default, 0 = never) (`reconcileNewReplicaSet`).
      if routerWeight != 0 { setRouterWeight(&c, 0) }
      if spec.paused || inconclusivePause { return false }
      if c.replicaSets[st].specReplicas != N {
        scale(&c, st, to: N, why: "abort: stable back to \(N)")
        return true
      }
      return holdNewReplicaSetOnAbort(&c, newRS: n).changed
    }
    // A new template mid-canary (rollout/trafficrouting.go `reconcileTrafficRouting`):
    // while the newest canary has no available pod the desired weight is 0, and it
    // is written before the canary hash moves, so no request goes to a canary
    // without endpoints; the superseded canary stays up while the router's weights
    // still reference it (`isReplicaSetReferenced`). The reset waits for
    // `checkReplicasAvailable`: the stable must be able to take all traffic.
    if let h = routerCanaryHash, h != c.replicaSets[n].podTemplateHash, routerWeight > 0, c.replicaSets[n].available == 0,
      c.replicaSets[st].available >= N
    {
      setRouterWeight(&c, 0)
      return true
    }
    // `reconcileCanaryReplicaSets` → `haltProgress`.
    if spec.paused || inconclusivePause { return false }
    if c.replicaSets[st].specReplicas != ds {
      scale(&c, st, to: ds, why: "stable \(c.replicaSets[st].specReplicas)→\(ds): " + (s.dynamicStableScale ? "dynamicStableScale, weight \(W)" : "traffic-routed: the stable stays at \(N)"))
      return true
    }
    if c.replicaSets[n].specReplicas != dc {
      let reason = scsReplicas.map { "setCanaryScale replicas \($0)" } ?? "ceil(\(countWeight)·\(N)/\(maxW))"
      scale(&c, n, to: dc, why: "canary \(c.replicaSets[n].specReplicas)→\(dc): \(reason)")
      return true
    }
    if scaleDownOldReplicaSetsForCanary(&c, s, newRS: n) { return true }
    // `AtDesiredReplicaCountsForCanary` with traffic routing: older ReplicaSets (the
    // previous stable in its scaleDownDelaySeconds) are not checked since v1.7.
    let olderAvailable = 0
    let atCounts = CanaryMath.atDesiredReplicaCountsForCanary(
      canary: counts(c, n), stable: counts(c, st), olderAvailableReplicas: olderAvailable, desiredCanary: dc,
      desiredStable: ds, trafficRouted: true, dynamicStableScale: s.dynamicStableScale)
    // Weight gating: the router moves to W only once the ReplicaSets are at the counts
    // for it (Argo keeps the previous step's weight until then) and the stable can
    // absorb its share.
    let stableNeeds = (maxW - W) * N / maxW
    // Routed: the router at W and pointing at this canary (`UpdateHash` moves the
    // canary destination to the new hash together with `SetWeight`).
    var routed = routerWeight == W && (W == 0 || routerCanaryHash == c.replicaSets[n].podTemplateHash)
    // reconcileTrafficRouting, PromoteFull branch: with dynamicStableScale the weight
    // follows the canary's available pods (maxW·available/N); without it the current
    // weight is kept until the promotion moves stableRS.
    if promoteFull && s.dynamicStableScale {
      let w = min(maxW, maxW * c.replicaSets[n].available / max(N, 1))
      if w != routerWeight {
        setRouterWeight(&c, w)
        return true
      }
      routed = true
    }
    if !routed && atCounts && c.replicaSets[st].available >= stableNeeds && !promoteFull {
      setRouterWeight(&c, W)
      routed = true
    }
    // Promotion needs the whole canary available (`shouldFullPromote`: stableRS moves once
    // the new ReplicaSet is fully available after the last step).
    if (stepIndex >= s.steps.count || promoteFull) && c.replicaSets[n].available >= dc && c.replicaSets[n].specReplicas == N {
      return promote(&c, newRS: n, stable: st, delay: s.scaleDownDelaySeconds ?? 30)
    }
    // A setWeight / setCanaryScale step completes at the counts with the router at the
    // step's weight. Argo asks for router *verification* only where it is on (ALB);
    // rollsim's router applies a weight the instant it is written, so "written" is
    // "verified" here, and requiring it keeps a step from completing while the
    // stable-availability gate above holds the weight back.
    return progressSteps(&c, s, atCounts: atCounts && routed, newRS: n, traffic: traffic)
  }

  /// Abort with dynamicStableScale (`calculateDesiredWeightOnAbortOrStableRollback`):
  /// instead of snapping back, the desired
  /// weight steps down through the setWeight values; the stable grows first (counts
  /// from the higher of the desired and the current stable weight), the router weight
  /// follows once the stable has the available pods for its share, and the canary
  /// shrinks only after traffic left it. With an explicit abortScaleDownDelaySeconds
  /// the canary is instead held until its delay (set in `onAbort`; 0 = never).
  mutating func reconcileDynamicAbort(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, stable st: Int) -> Bool {
    let N = spec.replicas
    let maxW = s.trafficRouting?.maxTrafficWeight ?? 100
    let W = CanaryMath.desiredCanaryWeightOnAbort(
      replicas: N, steps: s.steps, canary: counts(c, n), stable: counts(c, st), abortScaleDownDelaySeconds: s.abortScaleDownDelaySeconds,
      maxWeight: maxW)
    let (dc, ds) = CanaryMath.trafficRoutedReplicaCounts(
      replicas: N, setCanaryScaleReplicas: nil, weight: W, maxWeight: maxW, dynamicStableScale: true,
      currentWeights: (routerWeight, maxW - routerWeight), aborted: true, minPodsPerReplicaSet: s.minPodsPerReplicaSet ?? 1)
    let base = "abort with dynamicStableScale: weight steps down to \(W), router at \(routerWeight)"
    if c.replicaSets[st].specReplicas != ds {
      scale(&c, st, to: ds, why: "stable \(c.replicaSets[st].specReplicas)→\(ds): \(base); max(ceil(\(maxW - W)·\(N)/\(maxW)), ceil(\(maxW - routerWeight)·\(N)/\(maxW)))")
      return true
    }
    let stableNeeds = (maxW - W) * N / maxW
    if routerWeight != W && c.replicaSets[st].available >= stableNeeds {
      setRouterWeight(&c, W)
      return true
    }
    // An explicit abortScaleDownDelaySeconds holds the canary (its deadline is set
    // once the stable is fully available, i.e. the weight is back at 0).
    let hold = holdNewReplicaSetOnAbort(&c, newRS: n)
    if hold.held { return hold.changed }
    if c.replicaSets[n].specReplicas != dc {
      scale(&c, n, to: dc, why: "canary \(c.replicaSets[n].specReplicas)→\(dc): \(base); max(ceil(\(W)·\(N)/\(maxW)), ceil(\(routerWeight)·\(N)/\(maxW)))")
      return true
    }
    return false
  }

  /// `TrafficRoutingReconciler.SetWeight`: the weight now points at the current
  /// canary hash (`status.canary.weights`).
  mutating func setRouterWeight(_ c: inout Cluster, _ w: Int) {
    let from = routerWeight
    let fromHash = routerCanaryHash
    let newRS = findNewReplicaSet(c)
    routerWeight = w
    routerCanaryHash = w > 0 ? newRS.map { c.replicaSets[$0].podTemplateHash } : nil
    c.changed = true
    if from == w, w > 0, fromHash != routerCanaryHash, let n = newRS {
      rolloutEvent(&c, "TrafficWeightUpdated", "Traffic weight \(w) moved to canary ReplicaSet \(c.replicaSets[n].name)")
    } else {
      rolloutEvent(&c, "TrafficWeightUpdated", "Traffic weight updated from \(from) to \(w)")
    }
  }

  /// `scaleDownOldReplicaSetsForCanary` (rollout/canary.go) with a traffic router:
  /// within `maxScaleDown` (available − minAvailable), newest revision first; a
  /// ReplicaSet still referenced (stable, canary, the router's weights) is skipped.
  /// Once fully promoted, or for one already carrying a deadline, `scaleDownDelayHelper`
  /// keeps it `scaleDownDelaySeconds` (at most `scaleDownDelayRevisionLimit` of them;
  /// with dynamicStableScale it goes now); an intermediate ReplicaSet of an
  /// interrupted update goes to 0 at once.
  mutating func scaleDownOldReplicaSetsForCanary(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int) -> Bool {
    let N = spec.replicas
    let (_, unavail) = CanaryMath.resolveFenceposts(maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, replicas: N)
    let available = c.liveAvailable(of: owner)
    var maxScaleDown = available - (N - unavail)
    guard maxScaleDown > 0 else { return false }
    let referenced: Set<String> = Set([stableHash, currentHash, routerCanaryHash].compactMap { $0 })
    let others = c.liveReplicaSets(of: owner).filter { i in
      i != n && !referenced.contains(c.replicaSets[i].podTemplateHash)
    }.sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
    var annotated = 0
    var changed = false
    for i in others {
      guard maxScaleDown > 0 else { break }
      let from = c.replicaSets[i].specReplicas
      guard from > 0 else { continue }
      var desired = 0
      var why = "intermediate ReplicaSet of an interrupted update: no traffic routes to it"
      if isFullyPromoted || c.replicaSets[i].scaleDownAt != nil {
        if s.dynamicStableScale {
          why = "dynamicStableScale: the previous stable goes at once"
        } else {
          desired = scaleDownDelayHelper(
            &c, i, annotated: &annotated, limit: s.scaleDownDelayRevisionLimit, delay: s.scaleDownDelaySeconds ?? 30, keep: from)
          why = desired == 0 ? "scale-down delay over or beyond scaleDownDelayRevisionLimit" : ""
        }
      }
      guard desired != from else { continue }
      scale(&c, i, to: desired, why: why)
      maxScaleDown -= from - desired
      changed = true
    }
    return changed
  }

  /// `scaleDownDelayHelper` (rollout/replicaset.go): the size an old ReplicaSet
  /// should have. Without a deadline it gets one (now + delay) while fewer than
  /// `limit` are annotated and keeps its size; with one it keeps `keep` until the
  /// deadline; beyond the limit, or past the deadline, 0. A delay of 0 scales down
  /// at once.
  mutating func scaleDownDelayHelper(_ c: inout Cluster, _ i: Int, annotated: inout Int, limit: Int?, delay: Int, keep: Int) -> Int {
    let limit = limit ?? Int.max
    if let at = c.replicaSets[i].scaleDownAt {
      annotated += 1
      if annotated > limit || at <= c.now {
        c.replicaSets[i].scaleDownAt = nil
        return 0
      }
      return keep
    }
    guard c.replicaSets[i].specReplicas > 0, annotated < limit, delay > 0 else { return 0 }
    annotated += 1
    scheduleScaleDown(&c, i, after: delay)
    return c.replicaSets[i].specReplicas
  }
}
