/// `rolloutRolling` (`rolling.go`; docs/semantics.md): scale the new ReplicaSet up
/// within `R + maxSurge` by spec counts, scale old ReplicaSets down within
/// `R − maxUnavailable` by availability, one direction per pass.
extension DeploymentController {
  mutating func rolloutRolling(_ c: inout Cluster) -> Bool {
    var created = false
    var newRS = findNewReplicaSet(c)
    if newRS == nil {
      // Created directly at NewRSNewReplicas(all + new at 0); not a scale-up, so
      // the same pass goes on to scale the old ReplicaSets down.
      let olds = oldReplicaSets(c, newRS: nil)
      let zero = ReplicaSetCounts(name: "\(spec.name)-new", createdAt: c.now, specReplicas: 0, terminatingReplicas: 0)
      let all = olds.map { counts(c, $0) } + [zero]
      // Only the gated TerminationComplete formula can fail (an unknown terminating
      // count blocks scaling); the engine always knows it, so 0 is never reached.
      let size = (try? DeploymentUtil.newRSNewReplicas(
        strategy: spec.strategy, replicas: spec.replicas, allRSs: all, newRS: zero, podReplacementPolicy: spec.podReplacementPolicy)) ?? 0
      let why = DeploymentUtil.creationWhy(
        strategy: spec.strategy, replicas: spec.replicas, size: size, current: DeploymentUtil.replicaCount(all))
      newRS = createNewReplicaSet(&c, size: size, why: why)
      created = true
    } else if let n = newRS {
      syncRevision(&c, newRS: n)
    }
    guard let n = newRS else { return created }
    let olds = oldReplicaSets(c, newRS: n)
    // reconcileNewReplicaSet: a pass that scales up never also scales down.
    if !created,
      let d = try? DeploymentUtil.reconcileNewReplicaSet(
        strategy: spec.strategy, replicas: spec.replicas, allRSs: olds.map { counts(c, $0) } + [counts(c, n)],
        newRS: counts(c, n), podReplacementPolicy: spec.podReplacementPolicy)
    {
      if apply([d], &c) { return true }
    }
    // reconcileOldReplicaSets over the active old ReplicaSets.
    let active = olds.filter { c.replicaSets[$0].specReplicas > 0 }
    let decisions = DeploymentUtil.reconcileOldReplicaSets(
      strategy: spec.strategy, replicas: spec.replicas, allRSs: olds.map { counts(c, $0) } + [counts(c, n)],
      oldRSs: active.map { counts(c, $0) }, newRS: counts(c, n))
    if apply(decisions, &c) { return true }
    // rolloutRolling: clean up only when complete by the current status.
    if isCompleteStatus(status) { cleanup(&c, newRS: n) }
    return created
  }
}
