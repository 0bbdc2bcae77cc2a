import Foundation
import Testing
@testable import RolloutEngine

/// Every vector of `Fixtures/k8s_vectors.json` (the upstream Kubernetes table tests,
/// `rolling_test.go`, `deployment_util_test.go`, `sync_test.go`)
/// replayed against `DeploymentUtil`, one parameterised case per
/// vector. Each suite rebuilds the Go harness its vector's `note` describes.
@Suite struct K8sVectorTests {
  static let file: JSON = (try? JSON.fixture("k8s_vectors")) ?? .null

  static func vectors(_ suite: String) -> [Vector] {
    file["vectors"].array.filter { $0["suite"].string == suite }.map {
      Vector(suite: suite, name: "#\($0["index"].int ?? -1) \($0["name"].string ?? "")", json: $0)
    }
  }

  /// JSON integer → intstr.FromInt32, string → FromString, null → nil.
  static func intOrString(_ j: JSON) -> IntOrString? {
    if let i = j.int { return .int(i) }
    if let s = j.string { return .string(s) }
    return nil
  }

  static func intOrPercent(_ j: JSON) throws -> IntOrPercent {
    guard let v = intOrString(j) else { return .int(0) }
    return try IntOrPercent(kubernetes: v)
  }

  static func rolling(_ surge: JSON, _ unavailable: JSON) throws -> DeploymentStrategy {
    .rollingUpdate(maxSurge: try intOrPercent(surge), maxUnavailable: try intOrPercent(unavailable))
  }

  @Test func everyVectorIsReplayed() {
    #expect(Self.file["vectors"].array.count == 104)
    let suites = Set(Self.file["vectors"].array.compactMap { $0["suite"].string })
    let covered: Set = [
      "reconcileNewReplicaSet", "reconcileOldReplicaSets", "cleanupUnhealthyReplicas", "scaleDownOldReplicaSetsForRollingUpdate",
      "ResolveFenceposts", "NewRSNewReplicas", "MaxUnavailable", "MinAvailable", "GetReplicaSetFraction", "DeploymentComplete",
      "DeploymentProgressing", "DeploymentTimedOut", "IsSaturated", "GetReplicaCountForReplicaSets", "scale",
    ]
    #expect(suites == covered)
  }

  /// allRSs = [newRS, oldRS]; maxUnavailable 0; available 0 everywhere; gated vectors
  /// run with the inferred `TerminationComplete` formula (docs/semantics.md)
  /// and observedGeneration 1 unless isNewRSUnsynced.
  @Test(arguments: vectors("reconcileNewReplicaSet"))
  func reconcileNewReplicaSet(_ v: Vector) throws {
    let j = v.json
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(j["maxSurge"].int!), maxUnavailable: .int(j["maxUnavailable"].int ?? 0))
    let old = ReplicaSetCounts(
      name: "old", createdAt: 0, specReplicas: j["oldReplicas"].int!, statusReplicas: j["oldStatusReplicas"].int ?? 0,
      terminatingReplicas: j["oldTerminatingReplicas"].int, observedGeneration: 1)
    let new = ReplicaSetCounts(
      name: "new", createdAt: 1000, specReplicas: j["newReplicas"].int!, statusReplicas: j["newStatusReplicas"].int ?? 0,
      terminatingReplicas: j["newTerminatingReplicas"].int, observedGeneration: j["isNewRSUnsynced"].bool == true ? 0 : 1)
    let policy = j["requiresFeatureGates"].bool == true ? j["podReplacementPolicy"].string.flatMap(PodReplacementPolicy.init(rawValue:)) : nil
    let R = j["deploymentReplicas"].int!
    if j["expectedScaleErr"].bool == true {
      #expect(throws: DeploymentUtilError.self) {
        try DeploymentUtil.reconcileNewReplicaSet(strategy: strategy, replicas: R, allRSs: [new, old], newRS: new, podReplacementPolicy: policy)
      }
      return
    }
    let d = try DeploymentUtil.reconcileNewReplicaSet(strategy: strategy, replicas: R, allRSs: [new, old], newRS: new, podReplacementPolicy: policy)
    if j["scaleExpected"].bool == true {
      #expect(d?.to == j["expectedNewReplicas"].int)
    } else {
      #expect(d == nil)
      if let e = j["expectedNewReplicas"].int { #expect(new.specReplicas == e) }
    }
  }

  /// oldRSs = [oldRS], allRSs = [oldRS, newRS], maxSurge 0.
  @Test(arguments: vectors("reconcileOldReplicaSets"))
  func reconcileOldReplicaSets(_ v: Vector) throws {
    let j = v.json
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(j["maxSurge"].int ?? 0), maxUnavailable: .int(j["maxUnavailable"].int!))
    let old = ReplicaSetCounts(name: "old", createdAt: 0, specReplicas: j["oldReplicas"].int!, availableReplicas: j["readyPodsFromOldRS"].int!)
    let new = ReplicaSetCounts(name: "new", createdAt: 1000, specReplicas: j["newReplicas"].int!, availableReplicas: j["readyPodsFromNewRS"].int!)
    let ds = DeploymentUtil.reconcileOldReplicaSets(
      strategy: strategy, replicas: j["deploymentReplicas"].int!, allRSs: [old, new], oldRSs: [old], newRS: new)
    #expect(!ds.isEmpty == j["scaleExpected"].bool!)
    if let e = j["expectedOldReplicas"].int { #expect((ds.last?.to ?? old.specReplicas) == e) }
  }

  /// A single old ReplicaSet with spec oldReplicas and readyPods available.
  @Test(arguments: vectors("cleanupUnhealthyReplicas"))
  func cleanupUnhealthyReplicas(_ v: Vector) {
    let j = v.json
    let old = ReplicaSetCounts(name: "old", specReplicas: j["oldReplicas"].int!, availableReplicas: j["readyPods"].int!)
    let r = DeploymentUtil.cleanupUnhealthyReplicas(oldRSs: [old], maxCleanup: j["maxCleanupCount"].int!)
    #expect(r.cleaned == j["cleanupCountExpected"].int!)
    #expect(r.oldRSs[0].specReplicas == old.specReplicas - r.cleaned)
  }

  /// allRSs = oldRSs = [oldRS]; no new ReplicaSet at all.
  @Test(arguments: vectors("scaleDownOldReplicaSetsForRollingUpdate"))
  func scaleDownOldReplicaSetsForRollingUpdate(_ v: Vector) {
    let j = v.json
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(j["maxSurge"].int!), maxUnavailable: .int(j["maxUnavailable"].int!))
    let old = ReplicaSetCounts(name: "old", specReplicas: j["oldReplicas"].int!, availableReplicas: j["readyPods"].int!)
    let ds = DeploymentUtil.scaleDownOldReplicaSetsForRollingUpdate(
      strategy: strategy, replicas: j["deploymentReplicas"].int!, allRSs: [old], oldRSs: [old])
    #expect(!ds.isEmpty == j["scaleExpected"].bool!)
    if let e = j["expectedOldReplicas"].int { #expect(ds.last?.to == e) }
  }

  @Test(arguments: vectors("ResolveFenceposts"))
  func resolveFenceposts(_ v: Vector) throws {
    let j = v.json
    let ms = Self.intOrString(j["maxSurge"]), mu = Self.intOrString(j["maxUnavailable"])
    if j["expectError"].bool == true {
      #expect(throws: DeploymentUtilError.self) { try DeploymentUtil.resolveFenceposts(maxSurge: ms, maxUnavailable: mu, desired: j["desired"].int!) }
    } else {
      let r = try DeploymentUtil.resolveFenceposts(maxSurge: ms, maxUnavailable: mu, desired: j["desired"].int!)
      #expect(r.surge == j["expectSurge"].int!)
      #expect(r.unavailable == j["expectUnavailable"].int!)
    }
  }

  /// Harness quirk: allRSs is [rs with allRSsReplicas] only, without the new RS.
  @Test(arguments: vectors("NewRSNewReplicas"))
  func newRSNewReplicas(_ v: Vector) throws {
    let j = v.json
    let strategy: DeploymentStrategy = j["strategyType"].string == "Recreate" ? .recreate : try Self.rolling(j["maxSurge"], j["maxUnavailable"])
    let all = j["allRSsReplicas"].array.enumerated().map { ReplicaSetCounts(name: "rs\($0.offset)", specReplicas: $0.element.int!) }
    let new = ReplicaSetCounts(name: "new", specReplicas: j["newRSReplicas"].int!)
    #expect(try DeploymentUtil.newRSNewReplicas(strategy: strategy, replicas: j["depReplicas"].int!, allRSs: all, newRS: new) == j["expected"].int!)
  }

  @Test(arguments: vectors("MaxUnavailable") + vectors("MinAvailable"))
  func maxUnavailableAndMinAvailable(_ v: Vector) throws {
    let j = v.json
    let strategy: DeploymentStrategy = j["strategyType"].string == "Recreate" ? .recreate : try Self.rolling(j["maxSurge"], j["maxUnavailable"])
    let R = j["replicas"].int ?? 0
    let got = v.suite == "MaxUnavailable" ? DeploymentUtil.maxUnavailable(strategy, replicas: R) : DeploymentUtil.minAvailable(strategy, replicas: R)
    #expect(got == j["expected"].int!)
  }

  /// RollingUpdate with maxSurge = deploymentMaxSurge, maxUnavailable 1; the annotation
  /// string is parsed as a non-negative int (invalid = absent).
  @Test(arguments: vectors("GetReplicaSetFraction"))
  func replicaSetFraction(_ v: Vector) {
    let j = v.json
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(j["deploymentMaxSurge"].int!), maxUnavailable: .int(j["maxUnavailable"].int ?? 1))
    let ann = j["maxReplicasAnnotation"].string.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
    let rs = ReplicaSetCounts(name: "rs", specReplicas: j["rsReplicas"].int!, maxReplicasAnnotation: ann)
    let f = DeploymentUtil.replicaSetFraction(
      rs: rs, strategy: strategy, replicas: j["deploymentReplicas"].int!, deploymentStatusReplicas: j["deploymentStatusReplicas"].int!)
    #expect(f == j["expectedFraction"].int!)
  }

  @Test(arguments: vectors("DeploymentComplete"))
  func deploymentComplete(_ v: Vector) {
    let j = v.json
    let s = DeploymentStatusCounts(
      replicas: j["statusReplicas"].int!, updatedReplicas: j["updatedReplicas"].int!, availableReplicas: j["availableReplicas"].int!)
    #expect(DeploymentUtil.deploymentComplete(replicas: j["desired"].int!, status: s) == j["expected"].bool!)
  }

  static func status(_ j: JSON) -> DeploymentStatusCounts {
    DeploymentStatusCounts(
      replicas: j["replicas"].int!, updatedReplicas: j["updatedReplicas"].int!, readyReplicas: j["readyReplicas"].int!,
      availableReplicas: j["availableReplicas"].int!)
  }

  @Test(arguments: vectors("DeploymentProgressing"))
  func deploymentProgressing(_ v: Vector) {
    let j = v.json
    #expect(DeploymentUtil.deploymentProgressing(old: Self.status(j["oldStatus"]), new: Self.status(j["newStatus"])) == j["expected"].bool!)
  }

  /// Times are seconds after 2016-01-01; null times are the zero time.
  @Test(arguments: vectors("DeploymentTimedOut"))
  func deploymentTimedOut(_ v: Vector) {
    let j = v.json
    let got = DeploymentUtil.deploymentTimedOut(
      progressDeadlineSeconds: j["progressDeadlineSeconds"].int, conditionReason: j["conditionReason"].string,
      lastUpdateTime: SimTime.seconds(j["lastUpdateTimeSeconds"].int ?? 0), now: SimTime.seconds(j["nowSeconds"].int ?? 0))
    #expect(got == j["expected"].bool!)
  }

  @Test(arguments: vectors("IsSaturated"))
  func isSaturated(_ v: Vector) {
    let j = v.json
    let rs = ReplicaSetCounts(
      name: "rs", specReplicas: j["rsReplicas"].int!, availableReplicas: j["rsAvailableReplicas"].int!,
      desiredReplicasAnnotation: j["desiredReplicasAnnotation"].string.flatMap { Int($0) })
    #expect(DeploymentUtil.isSaturated(replicas: j["deploymentReplicas"].int!, rs: rs) == j["expected"].bool!)
  }

  @Test(arguments: vectors("GetReplicaCountForReplicaSets"))
  func replicaCounts(_ v: Vector) {
    let j = v.json
    let rss = j["replicaSets"].array.map {
      ReplicaSetCounts(
        name: $0["name"].string!, specReplicas: $0["spec"].int!, statusReplicas: $0["statusReplicas"].int!,
        terminatingReplicas: $0["terminating"].int, observedGeneration: $0["observedGeneration"].int!)
    }
    #expect(DeploymentUtil.replicaCount(rss) == j["expectedCount"].int!)
    #expect(DeploymentUtil.actualReplicaCount(rss) == j["expectedActual"].int!)
    #expect(DeploymentUtil.terminatingReplicaCount(rss) == j["expectedTerminating"].int)
  }

  static func rs(_ j: JSON) -> ReplicaSetCounts? {
    guard !j.isNull else { return nil }
    let created = j["created"].string.flatMap { ISO8601DateFormatter().date(from: $0) }.map { SimTime($0.timeIntervalSince1970 * 1000) } ?? 0
    let ann = j["annotations"]
    return ReplicaSetCounts(
      name: j["name"].string!, createdAt: created, specReplicas: j["replicas"].int!, availableReplicas: j["availableReplicas"].int ?? 0,
      desiredReplicasAnnotation: ann["deployment.kubernetes.io/desired-replicas"].int,
      maxReplicasAnnotation: ann["deployment.kubernetes.io/max-replicas"].int)
  }

  /// `DeploymentController.scale` called directly; deployment.status.replicas = 0;
  /// update actions of `wasntUpdated` ReplicaSets are ignored, as in the Go assertion.
  @Test(arguments: vectors("scale"))
  func scale(_ v: Vector) throws {
    let j = v.json
    let d = j["deployment"]
    let strategy = DeploymentStrategy.rollingUpdate(maxSurge: .int(d["maxSurge"].int ?? 0), maxUnavailable: .int(d["maxUnavailable"].int ?? 0))
    let new = Self.rs(j["newRS"])
    let olds = j["oldRSs"].array.compactMap(Self.rs)
    var size: [String: Int] = [:]
    for r in olds + (new.map { [$0] } ?? []) { size[r.name] = r.specReplicas }
    let ignored = Set(j["wasntUpdated"].array.compactMap(\.string))
    for dec in DeploymentUtil.scale(strategy: strategy, replicas: d["replicas"].int!, newRS: new, oldRSs: olds, deploymentStatusReplicas: 0)
    where !ignored.contains(dec.name) {
      size[dec.name] = dec.to
    }
    if let e = j["expectedNew"].int, let n = new { #expect(size[n.name] == e) }
    #expect(olds.map { size[$0.name]! } == j["expectedOld"].array.map { $0.int! })
  }
}
