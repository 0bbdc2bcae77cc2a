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

  // MARK: - Basic (replica-weighted) canary

  mutating func reconcileBasic(_ c: inout Cluster, _ s: CanaryStrategy, newRS n: Int, stable st: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let W = desiredWeight(s)
    let older = c.liveReplicaSets(of: owner).filter { $0 != n && $0 != st && c.replicaSets[$0].specReplicas > 0 }
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
    let others = c.liveReplicaSets(of: owner).filter { $0 != n && c.replicaSets[$0].specReplicas > 0 }
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
    let available = c.liveAvailable(of: owner)
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
}
