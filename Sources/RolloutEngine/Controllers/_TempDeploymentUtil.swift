// TEMPORARY: replaced by the k8smath branch.
public struct ReplicaSetCounts: Sendable, Hashable {
  public var name: String
  public var createdAt: SimTime
  public var revision: Int
  public var specReplicas: Int
  public var statusReplicas: Int
  public var availableReplicas: Int
  public var desiredReplicasAnnotation: Int?
  public var maxReplicasAnnotation: Int?
}
public struct ScaleDecision: Sendable, Hashable { public var name: String; public var from: Int; public var to: Int; public var why: String }
public enum DeploymentUtil {
  static func fence(_ s: DeploymentStrategy, _ r: Int) -> (Int, Int) {
    guard case .rollingUpdate(let ms, let mu) = s else { return (0, 0) }
    let a = ms.scaled(r, roundUp: true); var b = mu.scaled(r, roundUp: false)
    if a == 0 && b == 0 { b = 1 }
    return (a, b)
  }
  static func maxSurge(_ s: DeploymentStrategy, replicas: Int) -> Int { fence(s, replicas).0 }
  static func maxUnavailable(_ s: DeploymentStrategy, replicas: Int) -> Int {
    guard case .rollingUpdate = s, replicas > 0 else { return 0 }
    return min(fence(s, replicas).1, replicas)
  }
  static func minAvailable(_ s: DeploymentStrategy, replicas: Int) -> Int {
    guard case .rollingUpdate = s else { return 0 }
    return replicas - maxUnavailable(s, replicas: replicas)
  }
  static func newRSNewReplicas(strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], newRS: ReplicaSetCounts) -> Int {
    guard case .rollingUpdate = strategy else { return replicas }
    let cur = allRSs.reduce(0) { $0 + $1.specReplicas }
    let maxTotal = replicas + maxSurge(strategy, replicas: replicas)
    if cur >= maxTotal { return newRS.specReplicas }
    return newRS.specReplicas + min(maxTotal - cur, replicas - newRS.specReplicas)
  }
  static func reconcileNewReplicaSet(strategy: DeploymentStrategy, replicas: Int, allRSs: [ReplicaSetCounts], newRS: ReplicaSetCounts) -> ScaleDecision? {
    if newRS.specReplicas == replicas { return nil }
    if newRS.specReplicas > replicas { return ScaleDecision(name: newRS.name, from: newRS.specReplicas, to: replicas, why: "new above R") }
    let n = newRSNewReplicas(strategy: strategy, replicas: replicas, allRSs: allRSs, newRS: newRS)
    if n == newRS.specReplicas { return nil }
    let cur = allRSs.reduce(0) { $0 + $1.specReplicas }
    return ScaleDecision(name: newRS.name, from: newRS.specReplicas, to: n, why: "new \(newRS.specReplicas)→\(n): maxTotal \(replicas + maxSurge(strategy, replicas: replicas)); current \(cur)")
  }
  static func reconcileOldReplicaSets(strategy: DeploymentStrategy, replicas: Int, oldRSs: [ReplicaSetCounts], newRS: ReplicaSetCounts) -> [ScaleDecision] {
    let oldTotal = oldRSs.reduce(0) { $0 + $1.specReplicas }
    if oldTotal == 0 { return [] }
    let allPods = oldTotal + newRS.specReplicas
    let minAv = minAvailable(strategy, replicas: replicas)
    let newUnavail = newRS.specReplicas - newRS.availableReplicas
    let maxScaledDown = allPods - minAv - newUnavail
    if maxScaledDown <= 0 { return [] }
    var olds = oldRSs.sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.name < $1.name }
    var out: [ScaleDecision] = []
    var total = 0
    for i in olds.indices {
      if total >= maxScaledDown { break }
      if olds[i].specReplicas == 0 || olds[i].specReplicas == olds[i].availableReplicas { continue }
      let n = min(maxScaledDown - total, olds[i].specReplicas - olds[i].availableReplicas)
      out.append(ScaleDecision(name: olds[i].name, from: olds[i].specReplicas, to: olds[i].specReplicas - n, why: "cleanup \(n) unhealthy"))
      olds[i].specReplicas -= n
      total += n
    }
    let available = olds.reduce(0) { $0 + $1.availableReplicas } + newRS.availableReplicas
    if available <= minAv { return out }
    var budget = available - minAv
    for i in olds.indices {
      if budget <= 0 { break }
      if olds[i].specReplicas == 0 { continue }
      let n = min(olds[i].specReplicas, budget)
      out.append(ScaleDecision(name: olds[i].name, from: olds[i].specReplicas, to: olds[i].specReplicas - n, why: "old \(olds[i].specReplicas)→\(olds[i].specReplicas - n): minAvailable \(minAv); available \(available)"))
      olds[i].specReplicas -= n
      budget -= n
    }
    return out
  }
  static func scale(strategy: DeploymentStrategy, replicas: Int, newRS: ReplicaSetCounts?, oldRSs: [ReplicaSetCounts], deploymentStatusReplicas: Int) -> [ScaleDecision] {
    let all = (newRS.map { [$0] } ?? []) + oldRSs
    let active = all.filter { $0.specReplicas > 0 }
    if active.count <= 1 {
      let t = active.first ?? newRS ?? oldRSs.last
      guard let t, t.specReplicas != replicas else { return [] }
      return [ScaleDecision(name: t.name, from: t.specReplicas, to: replicas, why: "single")]
    }
    return []
  }
  static func deploymentProgressing(old: (Int, Int, Int, Int), new: (Int, Int, Int, Int)) -> Bool {
    new.1 > old.1 || (new.0 - new.1) < (old.0 - old.1) || new.2 > old.2 || new.3 > old.3
  }
}
