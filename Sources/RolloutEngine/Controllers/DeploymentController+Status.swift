/// Deployment status and conditions (pkg/controller/deployment/sync.go
/// `calculateStatus`, progress.go `syncRolloutStatus`), completion and the run's
/// outcome.
extension DeploymentController {
  mutating func syncStatus(_ c: inout Cluster, traffic: TrafficModel) {
    let newRS = findNewReplicaSet(c)
    var s = DeploymentStatus()
    var specSum = 0
    for i in c.liveReplicaSets(of: owner) {
      let rs = c.replicaSets[i]
      s.replicas += rs.statusReplicas
      s.readyReplicas += rs.ready
      s.availableReplicas += rs.available
      specSum += rs.specReplicas
    }
    s.updatedReplicas = newRS.map { c.replicaSets[$0].statusReplicas } ?? 0
    s.unavailableReplicas = max(0, specSum - s.availableReplicas)
    let old = status
    status = s

    // sync.go `calculateStatus`: `Replicas − MaxUnavailable(d)`, and MaxUnavailable is
    // 0 for a non-RollingUpdate strategy, so Recreate needs every replica available
    // (not `MinAvailable`, which is 0 for Recreate).
    let minAvail = spec.replicas - DeploymentUtil.maxUnavailable(spec.strategy, replicas: spec.replicas)
    let availStatus: ConditionStatus = s.availableReplicas >= minAvail ? .true : .false
    if available?.status != availStatus {
      available = Condition(
        status: availStatus, reason: availStatus == .true ? .minimumReplicasAvailable : .minimumReplicasUnavailable,
        message: availStatus == .true ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
        lastUpdateTime: c.now, lastTransitionTime: c.now)
    }

    let complete = isCompleteStatus(s)
    if complete && completedAt == nil { completedAt = c.now }
    if !complete { completedAt = nil }
    guard let deadline = spec.progressDeadlineSeconds else { return }
    if spec.paused { return }  // checkPausedConditions set Unknown/DeploymentPaused.
    let cur = progressing
    // syncRolloutStatus: unless complete with NewReplicaSetAvailable, the first matching case.
    // progress.go `syncRolloutStatus`: `isCompleteDeployment := Replicas ==
    // UpdatedReplicas && reason == NewRSAvailableReason` skips the whole estimate, so
    // a complete Deployment that is only scaled (its new pods Pending, say) keeps
    // Progressing=True/NewReplicaSetAvailable and never times out.
    if let cur, cur.reason == .newReplicaSetAvailable, s.replicas == s.updatedReplicas { return }
    if complete {
      let name = newRS.map { c.replicaSets[$0].name } ?? spec.name
      setProgressing(&c, status: .true, reason: .newReplicaSetAvailable, message: "ReplicaSet \"\(name)\" has successfully progressed.")
    } else if DeploymentUtil.deploymentProgressing(old: old.counts, new: s.counts) {
      let name = newRS.map { c.replicaSets[$0].name } ?? spec.name
      setProgressing(&c, status: .true, reason: .replicaSetUpdated, message: "ReplicaSet \"\(name)\" is progressing.")
    } else if let cur, cur.reason != .progressDeadlineExceeded,
      DeploymentUtil.deploymentTimedOut(
        progressDeadlineSeconds: deadline, conditionReason: cur.reason.rawValue, lastUpdateTime: cur.lastUpdateTime, now: c.now)
    {
      let name = newRS.map { c.replicaSets[$0].name } ?? spec.name
      let msg = "ReplicaSet \"\(name)\" has timed out progressing."
      setProgressing(&c, status: .false, reason: .progressDeadlineExceeded, message: msg)
      c.emit(.warning, reason: "ProgressDeadlineExceeded", object: "deployment/\(spec.name)", message: msg)
    }
    // Requeue so the timeout fires: lastUpdateTime + deadline − now + 1 s.
    if let p = progressing, p.reason != .progressDeadlineExceeded, !complete {
      let at = p.lastUpdateTime + SimTime.seconds(deadline) + 1000
      if at > c.now, lastWake != at {
        c.queue.push(.controllerWake, at: at, scheduledAt: c.now, arg: EventQueue.progressDeadlineWake)
        lastWake = at
      }
    }
  }


  /// The requeue `syncStatus` schedules: the Progressing condition's lastUpdateTime +
  /// progressDeadlineSeconds + 1 s, while the update is neither complete, paused nor
  /// already timed out.
  func progressDeadlineAt(_ c: Cluster) -> SimTime? {
    guard let deadline = spec.progressDeadlineSeconds, !spec.paused, let p = progressing, p.reason != .progressDeadlineExceeded,
      !isCompleteStatus(status)
    else { return nil }
    return p.lastUpdateTime + SimTime.seconds(deadline) + 1000
  }

  mutating func setProgressing(_ c: inout Cluster, status st: ConditionStatus, reason: ConditionReason, message: String) {
    let transition = progressing?.status == st ? (progressing?.lastTransitionTime ?? c.now) : c.now
    let new = Condition(status: st, reason: reason, message: message, lastUpdateTime: c.now, lastTransitionTime: transition)
    if progressing?.reason != reason || progressing?.status != st { c.changed = true }
    progressing = new
  }

  /// `DeploymentComplete`.
  func isCompleteStatus(_ s: DeploymentStatus) -> Bool {
    DeploymentUtil.deploymentComplete(replicas: spec.replicas, status: s.counts)
  }

  func isComplete(_ c: Cluster) -> Bool {
    guard findNewReplicaSet(c) != nil || spec.replicas == 0 else { return false }
    return isCompleteStatus(status)
  }

  func outcome(_ c: Cluster) -> RunOutcome {
    if progressing?.reason == .progressDeadlineExceeded { return .timedOut }
    if isComplete(c) { return lastChange == .undo ? .rolledBack : .promoted }
    return .stalled
  }
}
