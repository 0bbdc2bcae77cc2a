/// `rolloutRecreate` (`recreate.go`): every old ReplicaSet to 0, wait until no
/// old pod runs (terminating pods still run), then the new ReplicaSet at full size.
/// Total downtime from the first deletion until new pods are available.
extension DeploymentController {
  mutating func rolloutRecreate(_ c: inout Cluster) -> Bool {
    // 1. Find without creating, so nothing scales up before old pods are gone.
    let newRS = findNewReplicaSet(c)
    if let n = newRS { syncRevision(&c, newRS: n) }
    let olds = oldReplicaSets(c, newRS: newRS)
    // 2. Scale every active old ReplicaSet to 0; stop if anything was scaled.
    var scaled = false
    for i in olds where c.replicaSets[i].specReplicas > 0 {
      let from = c.replicaSets[i].specReplicas
      scaleReplicaSet(&c, i, to: 0, why: "Recreate: old \(from)→0 before any new pod starts")
      scaled = true
    }
    if scaled { return true }
    // 3. Wait while old pods still run, terminating ones included.
    let running = olds.reduce(0) { $0 + c.replicaSets[$1].statusReplicas + c.replicaSets[$1].terminating }
    if running > 0 { return false }
    // 4–5. Create the new ReplicaSet at R, or scale it to R.
    if let n = newRS {
      if c.replicaSets[n].specReplicas != spec.replicas {
        let from = c.replicaSets[n].specReplicas
        scaleReplicaSet(&c, n, to: spec.replicas, why: "Recreate: new \(from)→\(spec.replicas); no old pod is running")
        return true
      }
      if isCompleteStatus(status) { cleanup(&c, newRS: n) }
      return false
    }
    _ = createNewReplicaSet(&c, size: spec.replicas, why: "Recreate: new 0→\(spec.replicas); no old pod is running")
    return true
  }
}
