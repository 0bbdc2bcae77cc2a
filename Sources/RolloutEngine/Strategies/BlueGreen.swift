/// Argo's blue/green strategy (argo-rollouts.md §3): a preview ReplicaSet next to
/// the active one, one selector switch, the old ReplicaSet kept for
/// scaleDownDelaySeconds.
extension RolloutController {
  mutating func reconcileBlueGreen(_ c: inout Cluster, _ b: BlueGreenStrategy, newRS n: Int, traffic: TrafficModel) -> Bool {
    let N = spec.replicas
    let hash = c.replicaSets[n].podTemplateHash
    if hash == activeHash {
      // Promoted (or first deploy / switched back): the active RS at N.
      if c.replicaSets[n].specReplicas != N {
        scale(&c, n, to: N, why: "active \(c.replicaSets[n].specReplicas)→\(N)")
        return true
      }
      if let post = b.postPromotionAnalysis, stableHash != hash, !aborted {
        let rev = c.replicaSets[n].revision
        guard let r = run(.postPromotion, revision: rev) else {
          startRun(&c, post, kind: .postPromotion, target: n, traffic: traffic)
          return true
        }
        switch r.phase {
        case .successful: markStable(&c, n)
        case .failed, .error:
          abort(&c, reason: "Metric assessment \(r.phase.rawValue)")
          return true
        case .inconclusive:
          if !inconclusivePause {
            inconclusivePause = true
            return true
          }
        default: break
        }
        return false
      }
      if stableHash != hash && !aborted { markStable(&c, n) }
      return false
    }
    // Preview side.
    if aborted { return false }
    let target = (b.previewReplicaCount == nil || promoteRequested || promoteFull || fastTrack) ? N : min(b.previewReplicaCount ?? N, N)
    if c.replicaSets[n].specReplicas != target {
      let why = target < N ? "preview \(c.replicaSets[n].specReplicas)→\(target): previewReplicaCount" : "preview \(c.replicaSets[n].specReplicas)→\(N): full size before the switch"
      scale(&c, n, to: target, why: why)
      return true
    }
    if spec.paused { return false }
    guard c.replicaSets[n].available >= target else { return false }
    if !fastTrack && !promoteFull {
      // Pre-promotion analysis once every preview pod is available.
      if let pre = b.prePromotionAnalysis {
        let rev = c.replicaSets[n].revision
        guard let r = run(.prePromotion, revision: rev) else {
          startRun(&c, pre, kind: .prePromotion, target: n, traffic: traffic)
          return true
        }
        switch r.phase {
        case .successful: break
        case .failed, .error:
          abort(&c, reason: "Metric assessment \(r.phase.rawValue)")
          return true
        case .inconclusive:
          if !inconclusivePause {
            inconclusivePause = true
            return true
          }
          return false
        default: return false
        }
      }
      // Pause before the switch: manual promotion, or autoPromotionSeconds.
      let wantsPause = !b.autoPromotionEnabled || (b.autoPromotionSeconds ?? 0) > 0
      if wantsPause && !promoteRequested {
        if pauseStartedAt == nil {
          pauseStartedAt = c.now
          rolloutEvent(&c, "RolloutPaused", "Rollout is paused (BlueGreenPause)")
          if b.autoPromotionEnabled, let s = b.autoPromotionSeconds, s > 0 {
            c.queue.push(.controllerWake, at: c.now + SimTime.seconds(s), scheduledAt: c.now)
          }
          return true
        }
        if b.autoPromotionEnabled, let s = b.autoPromotionSeconds, s > 0, let start = pauseStartedAt, c.now >= start + SimTime.seconds(s) {
          pauseStartedAt = nil
          promoteRequested = true
          rolloutEvent(&c, "RolloutResumed", "Rollout is resumed (autoPromotionSeconds)")
          return true
        }
        return false
      }
      if target < N { return true }
    }
    guard c.replicaSets[n].available >= N else { return false }
    switchActive(&c, b, to: n)
    return true
  }

  /// The selector switch: the active Service moves to the new hash in one instant.
  mutating func switchActive(_ c: inout Cluster, _ b: BlueGreenStrategy, to n: Int) {
    let old = index(ofHash: activeHash, c)
    let from = activeHash ?? ""
    activeHash = c.replicaSets[n].podTemplateHash
    pauseStartedAt = nil
    promotedAt = c.now
    fastTrack = false
    c.emit(
      reason: "SwitchService", object: "rollout/\(spec.name)",
      message: "Switched selector for service '\(b.activeService)' from '\(from)' to '\(activeHash ?? "")'")
    c.replicaSets[n].scaleDownAt = nil
    if let o = old, o != n, c.replicaSets[o].specReplicas > 0 {
      if b.scaleDownDelaySeconds > 0 { scheduleScaleDown(&c, o, after: b.scaleDownDelaySeconds) } else {
        scale(&c, o, to: 0, why: "switched; scaleDownDelaySeconds 0")
      }
    }
    // scaleDownDelayRevisionLimit: old ReplicaSets beyond it go to 0 now, oldest first.
    if let limit = b.scaleDownDelayRevisionLimit {
      let delayed = c.replicaSets.indices.filter { c.replicaSets[$0].scaleDownAt != nil && !c.replicaSets[$0].deleted }
        .sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
      for i in delayed.dropFirst(limit) {
        c.replicaSets[i].scaleDownAt = nil
        scale(&c, i, to: 0, why: "beyond scaleDownDelayRevisionLimit \(limit)")
      }
    }
    if b.postPromotionAnalysis == nil { markStable(&c, n) }
  }

  mutating func markStable(_ c: inout Cluster, _ n: Int) {
    guard stableHash != c.replicaSets[n].podTemplateHash else { return }
    stableHash = c.replicaSets[n].podTemplateHash
    rolloutEvent(&c, "RolloutCompleted", "Rollout completed update to revision \(c.replicaSets[n].revision) (\(c.replicaSets[n].name)): Completed blue-green update")
    c.changed = true
  }

  /// Could an abort still switch traffic back (after the switch, the previous
  /// ReplicaSet still up)?
  func blueGreenCanSwitchBack(_ c: Cluster) -> Bool {
    guard blueGreen != nil, let n = findNewReplicaSet(c), c.replicaSets[n].podTemplateHash == activeHash else { return false }
    return c.replicaSets.indices.contains { $0 != n && !c.replicaSets[$0].deleted && c.replicaSets[$0].specReplicas > 0 }
  }

  /// Abort (§3): the active Service goes (back) to the stable. Before the switch
  /// nothing moves; after it, traffic returns in one selector change while the old
  /// ReplicaSet is still up. The preview is scaled down after the abort delay.
  mutating func abortBlueGreen(_ c: inout Cluster, _ b: BlueGreenStrategy) {
    guard let n = findNewReplicaSet(c) else { return }
    if c.replicaSets[n].podTemplateHash == activeHash {
      // After the switch: back to the previous ReplicaSet if it is still up.
      let back = c.replicaSets.indices.filter { $0 != n && !c.replicaSets[$0].deleted && c.replicaSets[$0].specReplicas > 0 }
        .max { c.replicaSets[$0].revision < c.replicaSets[$1].revision }
      if let o = back {
        let from = activeHash ?? ""
        activeHash = c.replicaSets[o].podTemplateHash
        stableHash = activeHash
        c.replicaSets[o].scaleDownAt = nil
        c.emit(
          reason: "SwitchService", object: "rollout/\(spec.name)",
          message: "Switched selector for service '\(b.activeService)' from '\(from)' to '\(activeHash ?? "")'")
      }
    }
    if b.abortScaleDownDelaySeconds > 0 { scheduleScaleDown(&c, n, after: b.abortScaleDownDelaySeconds) }
  }
}
