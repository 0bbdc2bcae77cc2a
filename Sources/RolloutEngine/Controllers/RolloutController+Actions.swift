/// The `kubectl argo rollouts` verbs: what each patches, as the CLI does
/// (pkg/kubectl-argo-rollouts/cmd/{pause,promote,abort,retry,undo}), and how the
/// controller reads the patch on its next reconcile.
extension RolloutController {
  mutating func perform(_ verb: ActionVerb, _ c: inout Cluster) -> ActionOutcome {
    let newRS = findNewReplicaSet(c)
    let updating = newRS.map { c.replicaSets[$0].podTemplateHash != stableHash } ?? false
    switch verb {
    case .pause:
      if spec.paused { return .rejected(.alreadyDone, "pause: rollout \"\(spec.name)\" is already paused") }
      spec.paused = true
      rolloutEvent(&c, "RolloutPaused", "Rollout is paused (manually paused)")
      return .applied("rollout '\(spec.name)' paused")
    case .resume:
      if !spec.paused { return .rejected(.alreadyDone, "resume: rollout \"\(spec.name)\" is not paused (use promote to end a pause step)") }
      spec.paused = false
      rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
      return .applied("rollout '\(spec.name)' resumed")
    case .promote:
      return promote(&c, updating: updating)
    case .promoteFull:
      // cmd/promote `getPatches` (full): unpause, and `status.promoteFull` unless the
      // current pod hash is already the stable one. It is sent while aborted too; the
      // controller then clears the abort (rollout/sync.go `syncRolloutStatusCanary` /
      // `syncRolloutStatusBlueGreen`: PromoteFull → ClearPauseConditions, RemoveAbort).
      guard updating else {
        return .rejected(.notInThisState, "promote-full: rollout \"\(spec.name)\" is not updating; nothing to promote")
      }
      spec.paused = false
      mode = .progressing(.full)
      if let n = canary?.steps.count { stepIndex = n }
      // `shouldCancelCurrentAnalysis`: a full promotion cancels every running run,
      // post-promotion analysis included (blue/green `shouldFullPromote` checks
      // PromoteFull before PostPromotionAnalysis).
      for i in runs.indices where !runs[i].isTerminal { runs[i].terminate() }
      return .applied("rollout '\(spec.name)' fully promoted")
    case .abort:
      // rollout/controller.go `newRolloutContext`: an abort on a fully promoted rollout
      // is removed at once ("Removing abort condition from fully promoted rollout").
      if isFullyPromoted {
        return .rejected(.notInThisState, "abort: rollout \"\(spec.name)\" is fully promoted; the controller removes the abort (use undo to go back)")
      }
      if aborted { return .rejected(.alreadyDone, "abort: rollout \"\(spec.name)\" is already aborted") }
      abort(&c, reason: "")
      return .applied("rollout '\(spec.name)' aborted")
    case .retry:
      guard aborted else { return .rejected(.notInThisState, "retry: rollout \"\(spec.name)\" is not aborted") }
      // cmd/retry: status.abort false, currentStepIndex 0.
      mode = .normal
      stepIndex = 0
      deadlineExceeded = false
      if let n = newRS { c.replicaSets[n].scaleDownAt = nil }
      rolloutEvent(&c, "RolloutRetried", "Rollout retried update to revision \(newRS.map { c.replicaSets[$0].revision } ?? 0)")
      return .applied("rollout '\(spec.name)' retried")
    case .scale(let n):
      let old = spec.replicas
      spec.replicas = n
      return .applied("rollout '\(spec.name)' scaled from \(old) to \(n)")
    case .setImage(let image):
      if spec.template.image == image { return .rejected(.alreadyDone, "set-image: rollout \"\(spec.name)\" already runs \(image)") }
      spec.template = spec.template.withImage(image)
      lastChange = .setImage
      return .applied("rollout '\(spec.name)' image updated to \(image)")
    case .undo(let revision):
      return undo(revision, &c)
    case .killPod, .nodeDown, .nodeUp:
      return .rejected(.handledByCluster, "\(verb): handled by the cluster")
    }
  }

  /// `kubectl argo rollouts promote` (cmd/promote `getPatches`, default case): unpause
  /// `spec.paused` and clear the pause conditions; an inconclusive canary also moves
  /// to the next step. With no pause condition a canary skips its current step (the
  /// "middle of analysis" branch); a blue/green rollout gets no patch at all, so a
  /// promote sent before the BlueGreenPause exists is not remembered.
  mutating func promote(_ c: inout Cluster, updating: Bool) -> ActionOutcome {
    if let reason = pauseReason {
      spec.paused = false
      endPause(&c, reason)
      return .applied("rollout '\(spec.name)' promoted")
    }
    if spec.paused {
      spec.paused = false
      rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
      return .applied("rollout '\(spec.name)' promoted")
    }
    guard updating, !aborted else {
      return .rejected(.notInThisState, "promote: rollout \"\(spec.name)\" is \(aborted ? "aborted (use retry)" : "not updating"); nothing to promote")
    }
    guard let s = canary else {
      return .rejected(.notInThisState, "promote: rollout \"\(spec.name)\" has no pause condition yet; the CLI sends no patch (promote again once it pauses)")
    }
    guard stepIndex < s.steps.count else { return .rejected(.notInThisState, "promote: no step left to skip") }
    rolloutEvent(&c, "RolloutStepCompleted", "Rollout step \(stepIndex + 1)/\(s.steps.count) skipped by promote")
    stepIndex += 1
    return .applied("rollout '\(spec.name)' promoted: skipped to step \(stepIndex)")
  }

  /// `kubectl argo rollouts undo`: the previous (or given) revision's template; the
  /// controller then sees a new template (a fast track when it is the stable or, on
  /// blue/green, a ReplicaSet still inside its scale-down delay; `startUpdate`).
  mutating func undo(_ revision: Int?, _ c: inout Cluster) -> ActionOutcome {
    let live = c.liveReplicaSets(of: owner)
    let target: Int
    if let r = revision {
      guard let t = live.first(where: { c.replicaSets[$0].revision == r }) else {
        return .rejected(.notFound, "undo: unable to find specified revision \(r) in history")
      }
      target = t
    } else {
      let sorted = live.sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
      guard sorted.count >= 2 else { return .rejected(.notFound, "undo: no rollout history found for rollout \"\(spec.name)\"") }
      target = sorted[1]
    }
    let rs = c.replicaSets[target]
    if rs.template == spec.template { return .rejected(.alreadyDone, "undo: skipped rollback (current template already matches revision \(rs.revision))") }
    spec.template = rs.template
    lastChange = .undo
    rolloutEvent(&c, "RolloutUndo", "Rolled back rollout \"\(spec.name)\" to revision \(rs.revision)")
    return .applied("rollout '\(spec.name)' rolled back to revision \(rs.revision) (\(rs.template.image))")
  }

  /// A pause condition ends (promote, or the pause's duration is over).
  mutating func endPause(_ c: inout Cluster, _ reason: PauseReason) {
    switch reason {
    case .inconclusiveAnalysis:
      // cmd/promote: an inconclusive canary also moves to the next step.
      if canary != nil { stepIndex += 1 }
      mode = .normal
    case .canaryPauseStep:
      rolloutEvent(&c, "RolloutStepCompleted", "Rollout step \(stepIndex + 1)/\(canary?.steps.count ?? 0) completed (\(describeStep(stepIndex)))")
      stepIndex += 1
      mode = .normal
    case .blueGreenPause:
      if let b = blueGreen, b.autoPromotionEnabled, let secs = b.autoPromotionSeconds, secs > 0 {
        // Upstream looks buggy here, and rollsim follows it: with autoPromotionSeconds
        // a manual promote restarts the countdown instead of switching.
        // `CompletedBlueGreenPause` (rollout/pause.go) answers false once the pause
        // condition is gone ("we never paused the rollout"), and
        // `CalculatePauseConditions` writes `controllerPause: false` when no pause
        // condition is left, so the next `reconcileBlueGreenPause` adds a new
        // BlueGreenPause with a new start time: the switch comes autoPromotionSeconds
        // after the promote.
        mode = .paused(.blueGreenPause, since: c.now)
        c.queue.push(.controllerWake, at: c.now + SimTime.seconds(secs), scheduledAt: c.now)
        rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
        rolloutEvent(&c, "RolloutPaused", "Rollout is paused (BlueGreenPause)")
        return
      }
      // The pause condition goes; `status.controllerPause` stays, so
      // `reconcileBlueGreenPause` does not pause again and `CompletedBlueGreenPause`
      // is true (manual promotion).
      mode = .progressing(.pauseCompleted)
    }
    rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
  }
}
