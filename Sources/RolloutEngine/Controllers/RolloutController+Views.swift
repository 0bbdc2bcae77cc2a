/// What the dashboard, the trace and the summary show of a Rollout.
extension RolloutController {
  // MARK: - Views

  mutating func seedInitialFleet(_ c: inout Cluster, template: PodTemplate) throws {
    let i = c.createReplicaSet(template: template, revision: 1, minReadySeconds: spec.minReadySeconds, owner: owner)
    _ = c.seedAvailablePods(rs: i, count: spec.replicas)
    stableHash = c.replicaSets[i].podTemplateHash
    activeHash = stableHash
    currentHash = stableHash
    lastProgress = nil
  }

  func describe(_ c: Cluster, traffic: TrafficModel) -> WorkloadView {
    let newRS = findNewReplicaSet(c)
    let stable = index(ofHash: stableHash, c)
    let rev = newRS.map { c.replicaSets[$0].revision } ?? 0
    var phase = WorkloadPhase.progressing
    var message = ""
    if aborted {
      phase = .degraded
      message = "RolloutAborted: Rollout aborted update to revision \(rev)"
    } else if isHealthy(c) && !spec.paused {
      // Healthy wins over a past timeout (the Progressing condition is
      // NewReplicaSetAvailable again; Degraded is not sticky).
      phase = .healthy
    } else if deadlineExceeded {
      phase = .degraded
      message = "ProgressDeadlineExceeded: ReplicaSet \"\(newRS.map { c.replicaSets[$0].name } ?? "")\" has timed out progressing."
    } else if spec.paused {
      phase = .paused
      message = "manually paused"
    } else if inconclusivePause {
      phase = .paused
      message = "InconclusiveAnalysis"
    } else if let r = pauseReason {
      phase = .paused
      message = r.rawValue
    } else if let n = newRS, c.replicaSets[n].podTemplateHash == stableHash, c.replicaSets[n].available >= spec.replicas, isFullyPromoted {
      phase = .healthy
    } else if let n = newRS {
      let rs = c.replicaSets[n]
      if rs.specReplicas < spec.replicas && canary == nil { message = "more replicas need to be updated" }
      else if rs.available < rs.specReplicas { message = "updated replicas are still becoming available" }
      else if canary != nil && stepIndex < (canary?.steps.count ?? 0) { message = "waiting for all steps to complete" }
      else { message = "waiting for rollout to finish" }
    }
    var view = WorkloadView(kind: .rollout, strategy: canary != nil ? .canary : .blueGreen, strategyDetail: strategyDetail(c), phase: phase, message: message, paused: spec.paused)
    view.newRS = newRS
    view.aborted = aborted
    view.promotedAt = promotedAt
    view.analysisRuns = runs.map(\.view)
    var roles: [Int: [RevisionRole]] = [:]
    if let s = stable { roles[s, default: []].append(.stable) }
    switch spec.strategy {
    case .canary(let s):
      if let n = newRS, n != stable { roles[n, default: []].append(.canary) }
      view.steps = StepsView(
        steps: stepDescriptions, items: s.steps, index: aborted ? 0 : min(stepIndex, s.steps.count),
        pauseRemaining: pauseRemaining(c))
      let w = setWeight(c)
      view.setWeight = w
      view.actualWeight = actualWeight(c, s)
      view.weightSource = s.trafficRouting != nil ? "router" : "pods"
      if s.trafficRouting == nil {
        let (surge, unavail) = CanaryMath.resolveFenceposts(maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, replicas: spec.replicas)
        view.maxPods = spec.replicas + surge
        view.minAvailable = spec.replicas - unavail
      }
    case .blueGreen:
      if let a = index(ofHash: activeHash, c) { roles[a, default: []].insert(.active, at: 0) }
      if let n = newRS, c.replicaSets[n].podTemplateHash != activeHash { roles[n, default: []].append(.preview) }
      if let r = pauseRemaining(c) { view.steps = StepsView(steps: [], index: 0, pauseRemaining: r) }
    }
    view.roles = roles
    view.conditions = conditions(c, phase: phase)
    return view
  }

  func pauseRemaining(_ c: Cluster) -> SimTime? {
    guard let start = pauseStartedAt else { return nil }
    if let s = canary, stepIndex < s.steps.count, case .pause(let d?) = s.steps[stepIndex] {
      return max(0, start + SimTime.seconds(d) - c.now)
    }
    if let b = blueGreen, b.autoPromotionEnabled, let secs = b.autoPromotionSeconds, secs > 0 {
      return max(0, start + SimTime.seconds(secs) - c.now)
    }
    return nil
  }

  func describeStep(_ i: Int) -> String {
    stepDescriptions.indices.contains(i) ? stepDescriptions[i] : ""
  }

  static func describe(step: CanaryStep) -> String {
    switch step {
    case .setWeight(let w): return "setWeight: \(w)"
    case .pause(let d): return d.map { "pause: \(formatDuration(SimTime.seconds($0)))" } ?? "pause"
    case .setCanaryScale(let sc):
      switch sc {
      case .replicas(let r): return "setCanaryScale: replicas \(r)"
      case .weight(let w): return "setCanaryScale: weight \(w)"
      case .matchTrafficWeight: return "setCanaryScale: matchTrafficWeight"
      }
    case .analysis(let r): return "analysis: " + r.templateNames.joined(separator: ", ")
    }
  }

  func strategyDetail(_ c: Cluster) -> String {
    switch spec.strategy {
    case .canary(let s):
      let steps = "\(s.steps.count) steps"
      if let tr = s.trafficRouting {
        let vs = tr.istio.map { " istio \($0.virtualService)" } ?? ""
        return steps + ", traffic-routed" + vs + (s.dynamicStableScale ? ", dynamicStableScale" : "")
      }
      let (surge, unavail) = CanaryMath.resolveFenceposts(maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, replicas: spec.replicas)
      return steps + ", replica-weighted, maxSurge \(surge) maxUnavailable \(unavail)"
    case .blueGreen(let b):
      var parts = ["active \(b.activeService)"]
      if let p = b.previewService { parts.append("preview \(p)") }
      parts.append(b.autoPromotionEnabled ? (b.autoPromotionSeconds.map { "auto-promote after \($0)s" } ?? "auto-promote") : "manual promotion")
      parts.append("scaleDownDelay \(b.scaleDownDelaySeconds)s")
      return parts.joined(separator: ", ")
    }
  }

  func setWeight(_ c: Cluster) -> Int {
    guard let s = canary else { return 0 }
    if aborted { return 0 }
    if let n = findNewReplicaSet(c), c.replicaSets[n].podTemplateHash == stableHash { return 100 }
    if promoteFull { return 100 }
    return CanaryMath.currentSetWeight(steps: s.steps, index: stepIndex, aborted: aborted)
  }

  /// `ActualWeight` as Argo's CLI defines it (pkg/kubectl-argo-rollouts/info: the
  /// router weight when traffic-routed, else the new pods' share of available pods).
  func actualWeight(_ c: Cluster, _ s: CanaryStrategy) -> Int {
    guard let n = findNewReplicaSet(c) else { return 0 }
    if let tr = s.trafficRouting {
      // The current template is the stable: it gets what the router does not send
      // to an old canary.
      if c.replicaSets[n].podTemplateHash == stableHash { return 100 - routerWeight * 100 / max(tr.maxTrafficWeight, 1) }
      return routerWeight
    }
    // Basic canary: the current pods' share of available pods, also after an undo
    // back to the stable while the old canary drains.
    let total = c.liveAvailable(of: owner)
    guard total > 0 else { return 0 }
    return c.replicaSets[n].available * 100 / total
  }

  func routing(_ c: Cluster) -> [RouteGroup] {
    switch spec.strategy {
    case .blueGreen:
      guard let a = index(ofHash: activeHash, c) else { return [] }
      return [RouteGroup(weight: 1, replicaSets: [a])]
    case .canary(let s):
      let stable = index(ofHash: stableHash, c)
      if let tr = s.trafficRouting, let st = stable {
        // The router sends W/maxW to the ReplicaSet its weights point at
        // (`status.canary.weights.canary`) and the rest to the stable one.
        guard routerWeight > 0, let n = index(ofHash: routerCanaryHash, c), n != st else { return [RouteGroup(weight: 1, replicaSets: [st])] }
        let maxW = Double(tr.maxTrafficWeight)
        let w = Double(routerWeight)
        return [RouteGroup(weight: w / maxW, replicaSets: [n]), RouteGroup(weight: (maxW - w) / maxW, replicaSets: [st])].filter { $0.weight > 0 }
      }
      // Basic canary: the Service selects every pod of the Rollout.
      return [RouteGroup(weight: 1, replicaSets: c.liveReplicaSets(of: owner))]
    }
  }
}
