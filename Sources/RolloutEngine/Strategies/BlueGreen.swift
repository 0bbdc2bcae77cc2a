/// Argo's blue/green strategy (rollout/bluegreen.go `rolloutBlueGreen`): a preview
/// ReplicaSet next to the active one, one selector switch, and the old ReplicaSet
/// kept as the stable until the update is promoted, then for scaleDownDelaySeconds.
extension RolloutController {
  mutating func reconcileBlueGreen(_ c: inout Cluster, _ b: BlueGreenStrategy, newRS n: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let hash = c.replicaSets[n].podTemplateHash
    // `reconcileBlueGreenStableReplicaSet`: the stable at spec.replicas. Until the
    // update is promoted (post-promotion analysis Successful) that is the old
    // ReplicaSet, so it stays whole behind the switch.
    if let st = index(ofHash: stableHash, c), st != n, c.replicaSets[st].specReplicas != N {
      scale(&c, st, to: N, why: "stable \(c.replicaSets[st].specReplicas)→\(N): reconcileBlueGreenStableReplicaSet")
      return true
    }
    // `reconcileNewReplicaSet`: on abort the new ReplicaSet is held, then scaled down
    // after abortScaleDownDelaySeconds.
    let hold = holdNewReplicaSetOnAbort(&c, newRS: n)
    if hold.held { return hold.changed || scaleDownOldReplicaSetsForBlueGreen(&c, b, newRS: n) }
    if aborted {
      // abortScaleDownDelaySeconds 0: the preview stays up, nothing moves.
      return scaleDownOldReplicaSetsForBlueGreen(&c, b, newRS: n)
    }
    let target = newReplicaSetReplicas(b, hash: hash)
    if c.replicaSets[n].specReplicas != target {
      let why = target < N ? "preview \(c.replicaSets[n].specReplicas)→\(target): previewReplicaCount" : "preview \(c.replicaSets[n].specReplicas)→\(N): full size before the switch"
      scale(&c, n, to: target, why: why)
      return true
    }
    if scaleDownOldReplicaSetsForBlueGreen(&c, b, newRS: n) { return true }
    if hash == activeHash { return reconcilePromoted(&c, b, newRS: n, traffic: traffic) }
    return reconcilePreview(&c, b, newRS: n, target: target, traffic: traffic)
  }

  /// `NewRSNewReplicas` for blue/green (utils/replicaset/replicaset.go): the preview
  /// count until `scaleUpPreviewCheckPoint` (or once active, promoted fully, fast
  /// tracked), then `spec.replicas`.
  func newReplicaSetReplicas(_ b: BlueGreenStrategy, hash: String) -> Int {
    let N = spec.replicas
    guard let p = b.previewReplicaCount, hash != activeHash else { return N }
    switch mode {
    case .progressing(.previewScaledUp), .progressing(.full), .progressing(.fastTrack): return N
    default: return min(p, N)
    }
  }

  /// The new ReplicaSet is active: `shouldFullPromote` marks it stable once the
  /// post-promotion analysis (if any) is Successful; promote-full skips it. A Failed
  /// or Error run aborts, and `reconcileActiveService` then selects the stable again.
  mutating func reconcilePromoted(_ c: inout Cluster, _ b: BlueGreenStrategy, newRS n: Int, traffic: TrafficModel) -> Bool {
    let hash = c.replicaSets[n].podTemplateHash
    guard stableHash != hash else { return false }
    if let post = b.postPromotionAnalysis, !promoteFull, !fastTrack {
      if spec.paused || inconclusivePause { return false }
      if let pass = analysisGate(&c, post, kind: .postPromotion, target: n, traffic: traffic) { return pass }
    }
    markStable(&c, n)
    return true
  }

  /// A pre- or post-promotion analysis of the new ReplicaSet `n` as a gate: nil once
  /// its run is Successful (the pass goes on); otherwise what the pass returns — the
  /// run was just started, or Failed / Error aborted the rollout, or Inconclusive
  /// paused it (`reconcileAnalysisRuns`), or it is still running.
  mutating func analysisGate(
    _ c: inout Cluster, _ ref: AnalysisRef, kind: AnalysisRun.Kind, target n: Int, traffic: TrafficModel
  ) -> Bool? {
    guard let r = run(kind, revision: c.replicaSets[n].revision) else {
      startRun(&c, ref, kind: kind, target: n, traffic: traffic)
      return true
    }
    switch r.phase {
    case .successful: return nil
    case .failed, .error:
      abort(&c, reason: "Metric assessment \(r.phase.rawValue)")
      return true
    case .inconclusive:
      mode = .paused(.inconclusiveAnalysis, since: c.now)
      rolloutEvent(&c, "RolloutPaused", "Rollout is paused (InconclusiveAnalysis)")
      return true
    default: return false
    }
  }

  /// Before the switch: pre-promotion analysis, the BlueGreenPause
  /// (`reconcileBlueGreenPause`), the preview checkpoint, then the switch once the
  /// new ReplicaSet is saturated.
  mutating func reconcilePreview(_ c: inout Cluster, _ b: BlueGreenStrategy, newRS n: Int, target: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    // haltProgress: spec.paused or an inconclusive analysis.
    if spec.paused || inconclusivePause { return false }
    // `ReadyForPause`: every pod of the preview available.
    guard c.replicaSets[n].available >= target else { return false }
    let skip = promoteFull || fastTrack
    if !skip, let pre = b.prePromotionAnalysis {
      if let pass = analysisGate(&c, pre, kind: .prePromotion, target: n, traffic: traffic) { return pass }
    }
    // `needsBlueGreenControllerPause`: manual promotion, or autoPromotionSeconds > 0.
    let needsPause = !b.autoPromotionEnabled || (b.autoPromotionSeconds ?? 0) > 0
    if !skip && needsPause && !promoteRequested {
      guard let start = pauseStartedAt else {
        mode = .paused(.blueGreenPause, since: c.now)
        rolloutEvent(&c, "RolloutPaused", "Rollout is paused (BlueGreenPause)")
        if b.autoPromotionEnabled, let s = b.autoPromotionSeconds, s > 0 {
          c.queue.push(.controllerWake, at: c.now + SimTime.seconds(s), scheduledAt: c.now)
        }
        return true
      }
      // `CompletedBlueGreenPause`: autoPromotionSeconds after the pause condition's
      // start time. (A manual promote clears the condition; upstream then relies on
      // `status.controllerPause` not to pause again, which rollsim keeps as
      // `.pauseCompleted`.)
      if b.autoPromotionEnabled, let s = b.autoPromotionSeconds, s > 0, c.now >= start + SimTime.seconds(s) {
        mode = .progressing(.pauseCompleted)
        rolloutEvent(&c, "RolloutResumed", "Rollout is resumed (autoPromotionSeconds)")
        return true
      }
      return false
    }
    // `calculateScaleUpPreviewCheckPoint`: pre-promotion analysis done, pause done
    // (at once without one), the preview available at its count → scale to N.
    if let p = b.previewReplicaCount, target < N, !skip {
      guard c.replicaSets[n].available == min(p, N) else { return false }
      mode = .progressing(.previewScaledUp)
      return true
    }
    guard c.replicaSets[n].available >= N else { return false }
    switchActive(&c, b, to: n)
    return true
  }

  /// The selector switch (`reconcileActiveService` → `switchServiceSelector`): the
  /// active Service moves to the new hash in one instant. The old ReplicaSet stays
  /// the stable until `shouldFullPromote` moves stableRS.
  mutating func switchActive(_ c: inout Cluster, _ b: BlueGreenStrategy, to n: Int) {
    let from = activeHash ?? ""
    activeHash = c.replicaSets[n].podTemplateHash
    promotedAt = c.now
    c.emit(
      reason: "SwitchService", object: "rollout/\(spec.name)",
      message: "Switched selector for service '\(b.activeService)' from '\(from)' to '\(activeHash ?? "")'")
  }

  /// `promoteStable`: stableRS moves to the new hash; pause conditions, abort,
  /// promoteFull and the preview checkpoint are cleared. The previous stable is now
  /// an "other" ReplicaSet and gets its scale-down deadline on the next pass.
  mutating func markStable(_ c: inout Cluster, _ n: Int) {
    guard stableHash != c.replicaSets[n].podTemplateHash else { return }
    stableHash = c.replicaSets[n].podTemplateHash
    mode = .normal
    rolloutEvent(&c, "RolloutCompleted", "Rollout completed update to revision \(c.replicaSets[n].revision) (\(c.replicaSets[n].name)): Completed blue-green update")
    c.changed = true
  }

  /// `scaleDownOldReplicaSetsForBlueGreen` (rollout/bluegreen.go): ReplicaSets that
  /// are neither new, stable, active nor preview, newest first, through
  /// `scaleDownDelayHelper`: one without a deadline gets now + scaleDownDelaySeconds
  /// (a superseded preview too), one inside its delay is kept at spec.replicas (a
  /// `scale` resizes it), beyond scaleDownDelayRevisionLimit or past the deadline it
  /// goes to 0. Nothing is scaled down while paused on an inconclusive analysis.
  mutating func scaleDownOldReplicaSetsForBlueGreen(_ c: inout Cluster, _ b: BlueGreenStrategy, newRS n: Int) -> Bool {
    if inconclusivePause { return false }
    let referenced: Set<String> = Set([stableHash, currentHash, activeHash].compactMap { $0 })
    let others = c.liveReplicaSets(of: owner).filter { i in
      i != n && !referenced.contains(c.replicaSets[i].podTemplateHash)
    }.sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
    var annotated = 0
    var changed = false
    for i in others where c.replicaSets[i].specReplicas > 0 {
      let from = c.replicaSets[i].specReplicas
      let desired = scaleDownDelayHelper(
        &c, i, annotated: &annotated, limit: b.scaleDownDelayRevisionLimit, delay: b.scaleDownDelaySeconds, keep: spec.replicas)
      guard desired != from else { continue }
      let why = desired == 0 ? "old ReplicaSet: scale-down delay over, beyond scaleDownDelayRevisionLimit, or scaleDownDelaySeconds 0" : "in its scale-down delay: kept at spec.replicas"
      scale(&c, i, to: desired, why: why)
      changed = true
    }
    return changed
  }

  /// Abort: `reconcileActiveService` selects `status.stableRS` (the old ReplicaSet,
  /// still whole until the update was promoted): before the switch nothing moves;
  /// after it, traffic returns in one selector change. The new ReplicaSet goes after
  /// abortScaleDownDelaySeconds (`holdNewReplicaSetOnAbort`).
  mutating func abortBlueGreen(_ c: inout Cluster, _ b: BlueGreenStrategy) {
    guard activeHash != stableHash, let st = stableHash else { return }
    let from = activeHash ?? ""
    activeHash = st
    c.emit(
      reason: "SwitchService", object: "rollout/\(spec.name)",
      message: "Switched selector for service '\(b.activeService)' from '\(from)' to '\(st)'")
  }
}
