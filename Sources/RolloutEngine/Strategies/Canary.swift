/// Argo's canary strategy (rollout/canary.go `rolloutCanary`): steps, replica-weighted
/// counts without a traffic router, router weights with one (rollout/trafficrouting.go).
extension RolloutController {
  mutating func reconcileCanary(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let hash = c.replicaSets[n].podTemplateHash
    // The current template is the stable one (initial deploy, fully promoted, or an
    // undo back to the stable: `syncRolloutStatusCanary` "Rollback to stable
    // ReplicaSets", steps skipped).
    if hash == stableHash {
      stepIndex = s.steps.count
      if s.trafficRouting == nil { return reconcileBasicAtStable(&c, s, stable: n) }
      // reconcileTrafficRouting: the stable takes all traffic.
      if routerWeight != 0 {
        setRouterWeight(&c, 0)
        return true
      }
      if c.replicaSets[n].specReplicas != N {
        scale(&c, n, to: N, why: "stable \(c.replicaSets[n].specReplicas)→\(N): the current template is the stable one")
        return true
      }
      return scaleDownOldReplicaSetsForCanary(&c, s, newRS: n)
    }
    guard let st = index(ofHash: stableHash, c) else { return false }
    // rollout/canary.go `rolloutCanary`: `reconcileAnalysisRuns` runs whatever the
    // pause state (a background run starts while paused).
    if reconcileBackgroundAnalysis(&c, s, newRS: n, traffic: traffic) { return true }
    if s.trafficRouting != nil { return reconcileTrafficRouted(&c, s, newRS: n, stable: st, traffic: traffic) }
    // `reconcileCanaryReplicaSets` → `haltProgress`: spec.paused or an inconclusive
    // analysis halts all ReplicaSet scaling, not only the steps.
    if spec.paused || inconclusivePause { return false }
    return reconcileBasic(&c, s, newRS: n, stable: st, traffic: traffic)
  }

  /// The background analysis (`spec.strategy.canary.analysis`) from its starting
  /// step: created by `reconcileAnalysisRuns`, a Failed or Error run aborts.
  mutating func reconcileBackgroundAnalysis(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, traffic: TrafficModel) -> Bool {
    guard !aborted, let ref = s.analysis else { return false }
    let rev = c.replicaSets[n].revision
    guard let bg = run(.background, revision: rev) else {
      guard stepIndex >= (s.analysisStartingStep ?? 0), !promoteFull else { return false }
      startRun(&c, ref, kind: .background, target: n, traffic: traffic)
      return true
    }
    if bg.isTerminal, !bg.terminated, bg.phase == .failed || bg.phase == .error {
      abort(&c, reason: "Metric assessment \(bg.phase.rawValue)")
      return true
    }
    return false
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
    let available = c.replicaSets.reduce(0) { $0 + ($1.deleted ? 0 : $1.available) }
    var maxScaleDown = available - (N - unavail)
    guard maxScaleDown > 0 else { return false }
    let referenced: Set<String> = Set([stableHash, currentHash, routerCanaryHash].compactMap { $0 })
    let others = c.replicaSets.indices.filter { i in
      i != n && !c.replicaSets[i].deleted && !referenced.contains(c.replicaSets[i].podTemplateHash)
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

  // MARK: - Basic (replica-weighted) canary

  mutating func reconcileBasic(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, stable st: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let W = desiredWeight(s)
    let older = c.replicaSets.indices.filter { $0 != n && $0 != st && !c.replicaSets[$0].deleted && c.replicaSets[$0].specReplicas > 0 }
    let olderSpec = older.reduce(0) { $0 + c.replicaSets[$1].specReplicas }
    let can = counts(c, n)
    let sta = counts(c, st)
    // CalculateReplicaCountsForBasicCanary (utils/replicaset/canary.go): the counts to move to now, within
    // N + maxSurge pods and N − maxUnavailable available.
    let r = CanaryMath.basicCanaryReplicaCounts(
      replicas: N, weight: W, maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, canary: can, stable: sta,
      olderSpecReplicas: olderSpec)
    let (dc, ds) = (r.canary, r.stable)
    let (surge, unavail) = (r.maxSurge, r.maxUnavailable)
    let why = { (role: String, from: Int, to: Int) in
      var w = "\(role) \(from)→\(to): weight \(W)% of \(N) → target canary \(r.targetCanary) / stable \(r.targetStable)"
      w += "; maxTotal \(N + surge) = \(N) + maxSurge \(surge), current \(N + surge - r.scaleUpBudget)"
      w += "; minAvailable \(N - unavail) = \(N) − maxUnavailable \(unavail)"
      if let counted = r.countedAvailable { w += ", counted available \(counted)" }
      if olderSpec > 0 { w += "; older ReplicaSets hold \(olderSpec)" }
      return w
    }
    // One ReplicaSet per reconcile: the stable first, then the canary
    // (`reconcileCanaryReplicaSets` returns after the first that scaled).
    if c.replicaSets[st].specReplicas != ds {
      scale(&c, st, to: ds, why: why("stable", c.replicaSets[st].specReplicas, ds))
      return true
    }
    if c.replicaSets[n].specReplicas != dc {
      scale(&c, n, to: dc, why: why("canary", c.replicaSets[n].specReplicas, dc))
      return true
    }
    if scaleDownOlder(&c, older, minAvailable: N - unavail) { return true }
    let atCounts = CanaryMath.atDesiredReplicaCountsForCanary(
      canary: can, stable: sta, olderAvailableReplicas: older.reduce(0) { $0 + c.replicaSets[$1].available }, desiredCanary: dc,
      desiredStable: ds, trafficRouted: false, dynamicStableScale: false)
    if aborted { return false }
    if atCounts && (stepIndex >= s.steps.count || promoteFull) && dc == N && ds == 0 {
      return promote(&c, newRS: n, stable: st, delay: nil)
    }
    return progressSteps(&c, s, atCounts: atCounts, newRS: n, traffic: traffic)
  }

  /// The basic canary when the current template is the stable one (an undo back to
  /// the stable mid-update, or a `scale`): `CalculateReplicaCountsForBasicCanary` with
  /// newRS = stableRS targets N / 0, so the stable regrows within N + maxSurge, and the
  /// other ReplicaSets drain by availability (`scaleDownOldReplicaSetsForCanary`), not
  /// all at once.
  mutating func reconcileBasicAtStable(_ c: inout Cluster, _ s: CanaryStrategy, stable n: Int) -> Bool {
    let N = spec.replicas
    let others = c.replicaSets.indices.filter { $0 != n && !c.replicaSets[$0].deleted && c.replicaSets[$0].specReplicas > 0 }
    let olderSpec = others.reduce(0) { $0 + c.replicaSets[$1].specReplicas }
    let r = CanaryMath.basicCanaryReplicaCounts(
      replicas: N, weight: 100, maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, canary: counts(c, n), stable: counts(c, n),
      stableIsCanary: true, olderSpecReplicas: olderSpec)
    let from = c.replicaSets[n].specReplicas
    if from != r.canary {
      var why = "stable \(from)→\(r.canary): the current template is the stable one, target \(N)"
      why += "; maxTotal \(N + r.maxSurge) = \(N) + maxSurge \(r.maxSurge), current \(N + r.maxSurge - r.scaleUpBudget)"
      if olderSpec > 0 { why += "; other ReplicaSets hold \(olderSpec)" }
      scale(&c, n, to: r.canary, why: why)
      return true
    }
    return scaleDownOlder(&c, others, minAvailable: N - r.maxUnavailable)
  }

  /// Older ReplicaSets (a roll-over mid-update) drain before the stable or canary
  /// shrink, by `scaleDownOlderReplicaSetsForBasicCanary`.
  mutating func scaleDownOlder(_ c: inout Cluster, _ older: [Int], minAvailable: Int) -> Bool {
    let available = c.replicaSets.reduce(0) { $0 + ($1.deleted ? 0 : $1.available) }
    let decisions = CanaryMath.scaleDownOlderReplicaSetsForBasicCanary(
      older: older.map { i in
        let rs = c.replicaSets[i]
        return ReplicaSetCounts(
          name: rs.name, createdAt: rs.createdAt, revision: rs.revision, specReplicas: rs.specReplicas, availableReplicas: rs.available)
      }, totalAvailable: available, minAvailable: minAvailable)
    var changed = false
    for d in decisions {
      guard let i = older.first(where: { c.replicaSets[$0].name == d.name }), c.replicaSets[i].specReplicas != d.to else { continue }
      scale(&c, i, to: d.to, why: d.why)
      changed = true
    }
    return changed
  }

  func desiredWeight(_ s: CanaryStrategy) -> Int {
    if aborted { return 0 }
    if promoteFull { return 100 }
    return CanaryMath.currentSetWeight(steps: s.steps, index: stepIndex, aborted: false)
  }

  /// The canary math's view of a ReplicaSet.
  func counts(_ c: Cluster, _ i: Int) -> CanaryRSCounts {
    let rs = c.replicaSets[i]
    return CanaryRSCounts(specReplicas: rs.specReplicas, availableReplicas: rs.available, statusReplicas: rs.statusReplicas)
  }

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
    // still reference it (`isReplicaSetReferenced`).
    if let h = routerCanaryHash, h != c.replicaSets[n].podTemplateHash, routerWeight > 0, c.replicaSets[n].available == 0 {
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
    var routed = routerWeight == W
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
    routerWeight = w
    routerCanaryHash = w > 0 ? findNewReplicaSet(c).map { c.replicaSets[$0].podTemplateHash } : nil
    c.changed = true
    rolloutEvent(&c, "TrafficWeightUpdated", "Traffic weight updated from \(from) to \(w)")
  }

  // MARK: - Steps

  /// Advances through steps whose conditions hold now (`completedCurrentCanaryStep`).
  mutating func progressSteps(_ c: inout Cluster, _ s: CanaryStrategy, atCounts: Bool, newRS n: Int, traffic: TrafficModel) -> Bool {
    guard !spec.paused, !inconclusivePause else { return false }
    var changed = false
    while stepIndex < s.steps.count {
      let step = s.steps[stepIndex]
      var done = false
      switch step {
      case .setWeight:
        done = atCounts
      case .pause(let d):
        if pauseStartedAt == nil {
          mode = .paused(.canaryPauseStep, since: c.now)
          rolloutEvent(&c, "RolloutPaused", "Rollout is paused (CanaryPauseStep)")
          changed = true
          if let d { c.queue.push(.controllerWake, at: c.now + SimTime.seconds(d), scheduledAt: c.now) }
        }
        if let d, let start = pauseStartedAt, c.now >= start + SimTime.seconds(d) {
          mode = .normal
          done = true
        }
      case .setCanaryScale(let sc):
        if s.trafficRouting == nil {
          done = true  // ignored without a traffic router
        } else {
          let want: CanaryScale? = sc == .matchTrafficWeight ? nil : sc
          if canaryScale != want {
            canaryScale = want
            return true  // re-run the counts with the new scale
          }
          done = atCounts
        }
      case .analysis(let ref):
        let rev = c.replicaSets[n].revision
        if let r = run(.step(stepIndex), revision: rev) {
          switch r.phase {
          case .successful: done = true
          case .failed, .error:
            abort(&c, reason: "Metric assessment \(r.phase.rawValue)")
            return true
          case .inconclusive:
            if !inconclusivePause {
              mode = .paused(.inconclusiveAnalysis, since: c.now)
              rolloutEvent(&c, "RolloutPaused", "Rollout is paused (InconclusiveAnalysis)")
              return true
            }
          default: break
          }
        } else {
          startRun(&c, ref, kind: .step(stepIndex), target: n, traffic: traffic)
          changed = true
        }
      }
      guard done else { break }
      rolloutEvent(&c, "RolloutStepCompleted", "Rollout step \(stepIndex + 1)/\(s.steps.count) completed (\(describeStep(stepIndex)))")
      stepIndex += 1
      changed = true
      // A new weight needs new counts: let the next pass compute them.
      if stepIndex < s.steps.count, case .setWeight = s.steps[stepIndex] { break }
    }
    return changed
  }

  /// The canary becomes the stable (`promoteStable`: `status.stableRS` = new hash). With a traffic
  /// router the old stable stays up for scaleDownDelaySeconds so routers re-target.
  mutating func promote(_ c: inout Cluster, newRS n: Int, stable st: Int, delay: Int?) -> Bool {
    stableHash = c.replicaSets[n].podTemplateHash
    promotedAt = c.now
    for i in runs.indices where runs[i].kind == .background && !runs[i].isTerminal { runs[i].terminate() }
    let steps = canary?.steps.count ?? 0
    rolloutEvent(&c, "RolloutCompleted", "Rollout completed update to revision \(c.replicaSets[n].revision) (\(c.replicaSets[n].name)): Completed all \(steps) canary steps")
    if let d = delay, c.replicaSets[st].specReplicas > 0 {
      if d > 0 { scheduleScaleDown(&c, st, after: d) } else { scale(&c, st, to: 0, why: "promoted; scaleDownDelaySeconds 0") }
    }
    if routerWeight != 0 {
      // The stable Service now selects the new hash: all traffic moves with it.
      routerWeight = 0
      routerCanaryHash = nil
    }
    // promoteStable: pause conditions, abort and promoteFull are cleared.
    mode = .normal
    c.changed = true
    return true
  }

  /// Abort (`pauseContext.AddAbort`): basic canary rolls back under the same count function (weight 0);
  /// traffic-routed drops the weight now and the canary after the delay.
  mutating func onAbort(_ c: inout Cluster) {
    stepIndex = 0
    switch spec.strategy {
    case .canary(let s):
      guard s.trafficRouting != nil, !s.dynamicStableScale else { return }
      if routerWeight != 0 { setRouterWeight(&c, 0) }
    case .blueGreen(let b):
      abortBlueGreen(&c, b)
    }
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
