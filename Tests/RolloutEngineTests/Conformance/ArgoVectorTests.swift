import Testing
@testable import RolloutEngine

/// Every vector of `Fixtures/argo_canary_vectors.json` (Argo Rollouts'
/// `utils/replicaset/canary_test.go`) replayed against `CanaryMath`, one
/// parameterised case each, with the Go harness the file's `harness` block describes:
/// an omitted maxSurge/maxUnavailable is integer 0 (not 25 %), status.stableRS is
/// "stable", the current step index is 0, and the traffic-routed call gets no
/// ReplicaSets and no current weights.
@Suite struct ArgoVectorTests {
  static let file: JSON = (try? JSON.fixture("argo_canary_vectors")) ?? .null

  static func table(_ key: String) -> [JSON] { file["relatedTables"][key]["vectors"].array }

  static func named(_ suite: String, _ rows: [JSON]) -> [Vector] {
    rows.enumerated().map { i, j in
      let name = j["name"].string ?? j["test"].string
        ?? "#\(i) N=\(j["replicas"].int ?? -1) W=\(j["weight"].int ?? -1) maxW=\(j["maxWeight"].int ?? -1) surge=\(j["maxSurge"].int ?? -1)"
      return Vector(suite: suite, name: name, json: j)
    }
  }

  /// Argo's IntOrString: an integer is absolute; a string is a percentage, `%` stripped.
  static func intOrPercent(_ j: JSON) -> IntOrPercent {
    if let str = j.string { return (try? IntOrPercent(argo: .string(str))) ?? .int(-999) }
    return .int(j.int ?? 0)
  }

  static func rs(_ j: JSON) -> CanaryRSCounts? {
    guard !j.isNull, j.string == nil else { return nil }
    return CanaryRSCounts(specReplicas: j["specReplicas"].int!, availableReplicas: j["availableReplicas"].int!)
  }

  static func steps(_ j: JSON) -> [CanaryStep] { j.array.compactMap { $0["setWeight"].int.map(CanaryStep.setWeight) } }

  static func scale(_ j: JSON) -> CanaryScale? {
    guard !j.isNull else { return nil }
    if j["matchTrafficWeight"].bool == true { return .matchTrafficWeight }
    if let r = j["replicas"].int { return .replicas(r) }
    return j["weight"].int.map(CanaryScale.weight)
  }

  @Test func everyTableIsReplayed() {
    let c = Self.file["source"]["counts"]
    #expect(Self.file["vectors"].array.count == 40 && c["vectors"].int == 40)
    #expect(Self.table("TestApproximateWeightedNewStableReplicaCounts").count == 57)
    #expect(Self.table("TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale").count == 8)
    #expect(Self.table("TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay").count == 4)
    #expect(Self.table("TestTrafficWeightToReplicas").count == 7)
    #expect(Self.file["relatedTables"]["singleAssertTests"].array.count == 5)
  }

  /// TestCalculateReplicaCountsForCanary: 40 cases, basic and traffic-routed.
  @Test(arguments: named("main", file["vectors"].array))
  func mainTable(_ v: Vector) {
    let j = v.json
    let N = j["rolloutSpecReplicas"].int!
    let aborted = j["statusAbort"].bool == true
    let stepW = CanaryMath.currentSetWeight(steps: [.setWeight(j["setWeight"].int ?? 0)], index: 0, aborted: aborted)
    let got: (Int, Int)
    if j["function"].string == "CalculateReplicaCountsForBasicCanary" {
      // setCanaryScale is ignored without a traffic router.
      let w = CanaryMath.canaryReplicasOrWeight(
        promoteFull: j["promoteFull"].bool == true, hasSeparateStable: true, setCanaryScale: nil, stepWeight: stepW).weight
      let r = CanaryMath.basicCanaryReplicaCounts(
        replicas: N, weight: w, maxSurge: Self.intOrPercent(j["maxSurge"]), maxUnavailable: Self.intOrPercent(j["maxUnavailable"]),
        canary: CanaryRSCounts(specReplicas: j["canarySpecReplicas"].int!, availableReplicas: j["canaryAvailableReplicas"].int!),
        stable: CanaryRSCounts(specReplicas: j["stableSpecReplicas"].int!, availableReplicas: j["stableAvailableReplicas"].int!),
        olderSpecReplicas: j["olderRS"]["specReplicas"].int ?? 0)
      got = (r.canary, r.stable)
    } else {
      let steps: [CanaryStep] = Self.scale(j["setCanaryScale"]).map { [.setCanaryScale($0)] } ?? [.setWeight(j["setWeight"].int ?? 0)]
      let scs = CanaryMath.setCanaryScaleInForce(
        steps: steps, index: 0, trafficRouted: true, aborted: aborted, abortScaleDownDelaySeconds: j["abortScaleDownDelaySeconds"].int)
      let (replicas, w) = CanaryMath.canaryReplicasOrWeight(
        promoteFull: j["promoteFull"].bool == true, hasSeparateStable: true, setCanaryScale: scs, stepWeight: stepW)
      got = CanaryMath.trafficRoutedReplicaCounts(
        replicas: N, setCanaryScaleReplicas: replicas, weight: w, dynamicStableScale: false, currentWeights: nil, aborted: aborted,
        minPodsPerReplicaSet: j["minPodsPerReplicaSet"].int)
    }
    #expect(got.0 == j["expectedCanary"].int!, "canary")
    #expect(got.1 == j["expectedStable"].int!, "stable")
  }

  @Test(arguments: named("approximateWeighted", table("TestApproximateWeightedNewStableReplicaCounts")))
  func approximateWeighted(_ v: Vector) {
    let j = v.json
    let r = CanaryMath.approximateWeightedCanaryStableReplicaCounts(
      replicas: j["replicas"].int!, weight: j["weight"].int!, maxWeight: j["maxWeight"].int!, maxSurge: j["maxSurge"].int!)
    #expect(r.canary == j["expectedCanary"].int!)
    #expect(r.stable == j["expectedStable"].int!)
  }

  /// dynamicStableScale with the current router weights; while aborted the desired
  /// weight steps down through the setWeight values.
  @Test(arguments: named("dynamicStableScale", table("TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale")))
  func dynamicStableScale(_ v: Vector) {
    let j = v.json
    let N = j["rolloutSpecReplicas"].int!
    let aborted = j["statusAbort"].bool == true
    let steps = Self.steps(j["steps"])
    let w = aborted
      ? CanaryMath.desiredCanaryWeightOnAbort(
        replicas: N, steps: steps, canary: Self.rs(j["canaryRS"]), stable: Self.rs(j["stableRS"]), abortScaleDownDelaySeconds: nil)
      : CanaryMath.currentSetWeight(steps: steps, index: j["currentStepIndex"].int ?? 0, aborted: false)
    let cw = j["currentTrafficWeights"]
    let r = CanaryMath.trafficRoutedReplicaCounts(
      replicas: N, setCanaryScaleReplicas: nil, weight: w, dynamicStableScale: true,
      currentWeights: (cw["canary"].int!, cw["stable"].int!), aborted: aborted, minPodsPerReplicaSet: nil)
    #expect(r.canary == j["expectedCanary"].int!)
    #expect(r.stable == j["expectedStable"].int!)
  }

  @Test(arguments: named("abortWeight", table("TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay")))
  func abortWeight(_ v: Vector) {
    let j = v.json
    let w = CanaryMath.desiredCanaryWeightOnAbort(
      replicas: j["rolloutSpecReplicas"].int!, steps: Self.steps(j["steps"]), canary: Self.rs(j["canaryRS"]), stable: Self.rs(j["stableRS"]),
      abortScaleDownDelaySeconds: j["abortScaleDownDelaySeconds"].int)
    #expect(w == j["expectedDesiredCanaryWeight"].int!)
  }

  @Test(arguments: named("trafficWeightToReplicas", table("TestTrafficWeightToReplicas")))
  func trafficWeightToReplicas(_ v: Vector) {
    let j = v.json
    #expect(
      CanaryMath.trafficWeightToReplicas(replicas: j["replicas"].int!, weight: j["weight"].int!, maxWeight: j["maxWeight"].int!)
        == j["expected"].int!)
  }

  @Test(arguments: named("singleAssert", file["relatedTables"]["singleAssertTests"].array))
  func singleAsserts(_ v: Vector) {
    let j = v.json
    let N = j["rolloutSpecReplicas"].int!
    if j["function"].string == "CalculateReplicaCountsForBasicCanary" {
      // The stable is absent, or the very same ReplicaSet as the canary.
      let same = j["stableRS"].string != nil || j["canaryRS"]["name"].string == j["stableRS"]["name"].string
      let r = CanaryMath.basicCanaryReplicaCounts(
        replicas: N, weight: j["setWeight"].int!, maxSurge: Self.intOrPercent(j["maxSurge"]), maxUnavailable: Self.intOrPercent(j["maxUnavailable"]),
        canary: Self.rs(j["canaryRS"]), stable: same ? Self.rs(j["canaryRS"]) : Self.rs(j["stableRS"]), stableIsCanary: same,
        olderSpecReplicas: 0)
      #expect(r.canary == j["expectedCanary"].int!)
      #expect(r.stable == j["expectedStable"].int!)
      return
    }
    let aborted = j["statusAbort"].bool == true
    let steps = j["steps"].isNull ? [CanaryStep.setWeight(j["setWeight"].int ?? 0)] : Self.steps(j["steps"])
    let dynamic = j["dynamicStableScale"].bool == true
    let w = aborted && dynamic
      ? CanaryMath.desiredCanaryWeightOnAbort(
        replicas: N, steps: steps, canary: Self.rs(j["canaryRS"]), stable: Self.rs(j["stableRS"]),
        abortScaleDownDelaySeconds: j["abortScaleDownDelaySeconds"].int)
      : CanaryMath.currentSetWeight(steps: steps, index: 0, aborted: aborted)
    let cw = j["currentTrafficWeights"]
    let r = CanaryMath.trafficRoutedReplicaCounts(
      replicas: N, setCanaryScaleReplicas: nil, weight: w, dynamicStableScale: dynamic,
      currentWeights: cw.isNull ? nil : (cw["canary"].int!, cw["stable"].int!), aborted: aborted, minPodsPerReplicaSet: nil)
    if let e = j["expectedCanary"].int { #expect(r.canary == e) }
    #expect(r.stable == j["expectedStable"].int!)
  }

  /// Argo strips the `%` (`GetValueFromIntOrPercent`),
  /// so a bare string is a percentage too; Kubernetes
  /// rejects it. Both reject a non-integer.
  @Test func argoAndKubernetesReadStringsDifferently() throws {
    #expect(try IntOrPercent(argo: .string("25")) == .percent(25))
    #expect(try IntOrPercent(argo: .string("20%")) == .percent(20))
    #expect(throws: DeploymentUtilError.invalidIntOrPercent("x%")) { try IntOrPercent(argo: .string("x%")) }
    #expect(throws: DeploymentUtilError.invalidIntOrPercent("25")) { try IntOrPercent(kubernetes: .string("25")) }
    // Defaults (25 %) at N=10, 5, 4, 1: surge 3/2/1/1, unavailable 2/1/1/0.
    let d = CanaryStrategy()
    let got = [10, 5, 4, 1].map { CanaryMath.resolveFenceposts(maxSurge: d.maxSurge, maxUnavailable: d.maxUnavailable, replicas: $0) }
    #expect(got.map(\.surge) == [3, 2, 1, 1])
    #expect(got.map(\.unavailable) == [2, 1, 1, 0])
    // N = 0: unavailable 0 even after the both-zero rule.
    #expect(CanaryMath.resolveFenceposts(maxSurge: .int(0), maxUnavailable: .int(0), replicas: 0) == (0, 0))
  }
}
