/// Rollout status: progress and its deadline, completion, the run's outcome and the
/// conditions (rollout/sync.go `calculateRolloutConditions`, utils/conditions).
extension RolloutController {
  /// The status fields `conditions.RolloutProgressing` compares.
  struct ProgressStatus: Sendable, Hashable {
    var replicas = 0
    var updatedReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var stepIndex = 0
    var stableHash: String?
    var activeHash: String?
  }

  func progressStatus(_ c: Cluster) -> ProgressStatus {
    var p = ProgressStatus(stepIndex: stepIndex, stableHash: stableHash, activeHash: activeHash)
    for i in c.liveReplicaSets(of: owner) {
      let rs = c.replicaSets[i]
      p.replicas += rs.statusReplicas
      p.readyReplicas += rs.ready
      p.availableReplicas += rs.available
    }
    if let n = findNewReplicaSet(c) { p.updatedReplicas = c.replicaSets[n].statusReplicas }
    // syncRolloutStatusBlueGreen: ready/available are the active ReplicaSet's.
    if blueGreen != nil, let a = index(ofHash: activeHash, c) {
      p.readyReplicas = c.replicaSets[a].ready
      p.availableReplicas = c.replicaSets[a].available
    }
    return p
  }

  /// utils/conditions `RolloutProgressing`: updatedReplicas changed, ready or available
  /// *increased*, fewer replicas in all (old pods went), or a strategy-specific change
  /// (canary: step index or stableRS; blue/green: the active selector). A pod lost or
  /// a scale-up that stays Pending is not progress.
  static func isProgress(old: ProgressStatus, new: ProgressStatus) -> Bool {
    new.updatedReplicas != old.updatedReplicas || new.readyReplicas > old.readyReplicas
      || new.availableReplicas > old.availableReplicas || new.replicas < old.replicas
      || new.stepIndex != old.stepIndex || new.stableHash != old.stableHash || new.activeHash != old.activeHash
  }

  /// rollout/sync.go `isIndefiniteStep`: an analysis, experiment or pause step, or a
  /// true Paused condition (blue/green), does not count against the deadline.
  var isIndefiniteStep: Bool {
    if pauseReason != nil || spec.paused { return true }
    guard let s = canary, stepIndex < s.steps.count else { return false }
    switch s.steps[stepIndex] {
    case .analysis, .pause: return true
    case .setWeight, .setCanaryScale: return false
    }
  }

  /// rollout/sync.go `isWaitingForReplicaSetScaleDown`: an other ReplicaSet still has
  /// a scale-down deadline.
  func isWaitingForReplicaSetScaleDown(_ c: Cluster) -> Bool {
    let n = findNewReplicaSet(c)
    let st = index(ofHash: stableHash, c)
    return c.liveReplicaSets(of: owner).contains { i in
      i != n && i != st && c.replicaSets[i].scaleDownAt != nil
    }
  }

  /// `calculateRolloutConditions` and `evaluateProgressDeadlineAbort` (rollout/sync.go):
  /// progress refreshes the Progressing condition; without progress, outside an
  /// indefinite step and with no other ReplicaSet waiting for its scale-down, the
  /// deadline passes (RolloutTimedOut) and, with `progressDeadlineAbort`, aborts. A
  /// rollout that completes afterwards is Healthy again (the condition becomes
  /// NewReplicaSetAvailable).
  mutating func syncStatus(_ c: inout Cluster, traffic: TrafficModel) {
    let now = progressStatus(c)
    let old = lastProgress ?? now
    lastProgress = now
    if isHealthy(c) {
      deadlineExceeded = false
      lastProgressAt = c.now
      return
    }
    if aborted || Self.isProgress(old: old, new: now) {
      lastProgressAt = c.now
      return
    }
    // Paused (a pause condition or spec.paused) and indefinite steps: no timeout;
    // `requeueStuckRollout` schedules nothing, and leaving the step is progress.
    if isIndefiniteStep || isWaitingForReplicaSetScaleDown(c) {
      lastProgressAt = c.now
      return
    }
    guard let deadline = spec.progressDeadlineSeconds, !deadlineExceeded else { return }
    let at = lastProgressAt + SimTime.seconds(deadline)
    if c.now > at {
      deadlineExceeded = true
      c.changed = true
      let name = findNewReplicaSet(c).map { c.replicaSets[$0].name } ?? spec.name
      rolloutEvent(&c, "RolloutTimedOut", "ReplicaSet \"\(name)\" has timed out progressing.", warning: true)
      // evaluateProgressDeadlineAbort: only for an update in flight.
      if spec.progressDeadlineAbort && !isFullyPromoted { abort(&c, reason: "ProgressDeadlineExceeded") }
    } else {
      c.queue.push(.controllerWake, at: at + 1000, scheduledAt: c.now, arg: EventQueue.progressDeadlineWake)
    }
  }

  /// The deadline `syncStatus` counts down: not once healthy or aborted, not at an
  /// indefinite step or while another ReplicaSet waits for its scale-down.
  func progressDeadlineAt(_ c: Cluster) -> SimTime? {
    guard let deadline = spec.progressDeadlineSeconds, !deadlineExceeded, !aborted, !isHealthy(c),
      !isIndefiniteStep, !isWaitingForReplicaSetScaleDown(c)
    else { return nil }
    return lastProgressAt + SimTime.seconds(deadline) + 1000
  }

  /// utils/conditions `RolloutHealthy`: the current template is the stable one, at
  /// `spec.replicas` updated, available and in all (blue/green: active too).
  func isHealthy(_ c: Cluster) -> Bool {
    guard !aborted, isFullyPromoted, let n = findNewReplicaSet(c) else { return false }
    let rs = c.replicaSets[n]
    guard rs.specReplicas == spec.replicas, rs.available >= spec.replicas else { return false }
    let others = c.liveReplicaSets(of: owner).filter { $0 != n }
    return others.allSatisfy { c.replicaSets[$0].statusReplicas == 0 || c.replicaSets[$0].scaleDownAt != nil }
  }

  func isComplete(_ c: Cluster) -> Bool {
    guard let n = findNewReplicaSet(c) else { return false }
    if runs.contains(where: { !$0.isTerminal }) { return false }
    let rs = c.replicaSets[n]
    let settled = c.liveReplicaSets(of: owner).allSatisfy { i in
      let r = c.replicaSets[i]
      return i == n || (r.specReplicas == 0 && r.scaleDownAt == nil) || (aborted && i == index(ofHash: stableHash, c))
    }
    if aborted {
      // Aborted: done once the canary/preview is gone and the stable is whole.
      guard let s = index(ofHash: stableHash, c) else { return false }
      let st = c.replicaSets[s]
      return st.specReplicas == spec.replicas && st.available == spec.replicas
        && c.liveReplicaSets(of: owner).allSatisfy { i in
          let r = c.replicaSets[i]
          return i == s || (r.specReplicas == 0 && r.scaleDownAt == nil) || (r.scaleDownAt == nil && abortDelayIsNever)
        }
    }
    return rs.podTemplateHash == stableHash && rs.specReplicas == spec.replicas && rs.available == spec.replicas && settled
      && (blueGreen == nil || activeHash == stableHash)
  }

  var abortDelayIsNever: Bool {
    switch spec.strategy {
    case .canary(let s): return s.trafficRouting != nil && s.abortScaleDownDelaySeconds == 0
    case .blueGreen(let b): return b.abortScaleDownDelaySeconds == 0
    }
  }

  /// How the run ended (the summary's `outcome`).
  func outcome(_ c: Cluster) -> RunOutcome {
    if aborted { return .aborted }
    if isComplete(c) { return lastChange == .undo ? .rolledBack : .promoted }
    return deadlineExceeded ? .timedOut : .stalled
  }

  func conditions(_ c: Cluster, phase: WorkloadPhase) -> [ConditionType: ConditionState] {
    var out: [ConditionType: ConditionState] = [:]
    let progressing: ConditionReason =
      aborted
      ? .rolloutAborted
      : deadlineExceeded ? .progressDeadlineExceeded : isPausedNow ? .rolloutPaused : phase == .healthy ? .newReplicaSetAvailable : .replicaSetUpdated
    out[.progressing] = ConditionState(aborted || deadlineExceeded ? .false : isPausedNow ? .unknown : .true, progressing)
    // calculateRolloutConditions: blue/green is Available when the active ReplicaSet
    // is saturated (`annotations.IsSaturated`); a canary when all ReplicaSets together
    // have `spec.replicas` available.
    let available: Bool
    if blueGreen != nil {
      available = index(ofHash: activeHash, c).map { c.replicaSets[$0].specReplicas == spec.replicas && c.replicaSets[$0].available >= spec.replicas } ?? false
    } else {
      available = c.liveAvailable(of: owner) >= spec.replicas
    }
    out[.available] = ConditionState(available ? .true : .false, .availableReason)
    if isPausedNow {
      out[.paused] = ConditionState(.true, pauseStartedAt != nil ? (pauseReason.map(\.conditionReason) ?? .rolloutPaused) : .rolloutPaused)
    }
    return out
  }

  var isPausedNow: Bool { spec.paused || pauseReason != nil }
}

/// How a run ended, for the summary: the update was promoted, aborted (back on the
/// stable), rolled back by `undo` and complete, stalled (not complete when the run
/// stopped), or timed out (its progress deadline passed).
public enum RunOutcome: String, Sendable, Hashable {
  case promoted, aborted, rolledBack, stalled, timedOut
}
