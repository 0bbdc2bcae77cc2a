/// The Argo Rollouts controller (argo-rollouts.md): one reconcile per pass, the
/// strategies in `Strategies/Canary.swift` and `Strategies/BlueGreen.swift`, the
/// replica arithmetic in `CanaryMath`, analysis runs in `AnalysisRun` with verdicts from
/// `AnalysisVerdict`.
///
/// A Rollout owns ReplicaSets exactly as a Deployment does (§1). Its status is kept
/// here: the stable pod-template hash, the step index, pause conditions, abort,
/// the router weight and the blue/green Service selectors.
struct RolloutController: WorkloadController {
  var spec: RolloutSpec
  let templates: [String: AnalysisTemplateSpec]
  let input: SimulationInput

  /// `status.stableRS`.
  var stableHash: String?
  /// The hash of the update in progress (`status.currentPodHash`).
  var currentHash: String?
  /// `status.currentStepIndex`.
  var stepIndex = 0
  /// When the current pause condition started (pause step, BlueGreenPause).
  var pauseStartedAt: SimTime?
  /// Paused by an Inconclusive analysis (`InconclusiveAnalysis`).
  var inconclusivePause = false
  var aborted = false
  var abortedAt: SimTime?
  var promoteFull = false
  /// Blue/green: promotion requested (by `promote` or autoPromotionSeconds).
  var promoteRequested = false
  /// Blue/green: switch without pause or analysis (undo to a still-scaled-up RS).
  var fastTrack = false
  /// Canary weight last written to the traffic router (traffic-routed canary).
  var routerWeight = 0
  /// `setCanaryScale` in force (traffic-routed only).
  var canaryScale: CanaryScale?
  /// Blue/green: the hash the active Service selects.
  var activeHash: String?
  var runs: [AnalysisRun] = []
  var promotedAt: SimTime?
  var lastProgressAt: SimTime = 0
  var deadlineExceeded = false
  var lastCounts: [Int] = []
  var runSerial = 0
  /// `describeStep` of every canary step, built once: the snapshot lists them at every
  /// record, so per-record work stays O(1) per step list, not O(steps).
  let stepDescriptions: [String]

  init(spec: RolloutSpec, input: SimulationInput) throws {
    self.spec = spec
    self.input = input
    if case .canary(let c) = spec.strategy {
      stepDescriptions = c.steps.map(Self.describe(step:))
    } else {
      stepDescriptions = []
    }
    var t: [String: AnalysisTemplateSpec] = [:]
    for a in input.analysisTemplates { t[a.name] = a }
    self.templates = t
    for ref in Self.analysisRefs(spec.strategy) {
      for name in ref.templateNames where t[name] == nil {
        throw SimulationError("Rollout \(spec.name): AnalysisTemplate \"\(name)\" not found")
      }
    }
  }

  static func analysisRefs(_ s: RolloutStrategy) -> [AnalysisRef] {
    switch s {
    case .canary(let c):
      var refs: [AnalysisRef] = c.analysis.map { [$0] } ?? []
      for step in c.steps { if case .analysis(let r) = step { refs.append(r) } }
      return refs
    case .blueGreen(let b):
      return [b.prePromotionAnalysis, b.postPromotionAnalysis].compactMap { $0 }
    }
  }

  var desiredReplicas: Int { spec.replicas }

  var canary: CanaryStrategy? {
    if case .canary(let c) = spec.strategy { return c }
    return nil
  }
  var blueGreen: BlueGreenStrategy? {
    if case .blueGreen(let b) = spec.strategy { return b }
    return nil
  }

  // MARK: - ReplicaSets

  func findNewReplicaSet(_ c: Cluster) -> Int? {
    var best: Int?
    for (i, rs) in c.replicaSets.enumerated() where !rs.deleted && rs.template == spec.template {
      if best == nil || rs.createdAt < c.replicaSets[best!].createdAt { best = i }
    }
    return best
  }

  func index(ofHash h: String?, _ c: Cluster) -> Int? {
    guard let h else { return nil }
    return c.replicaSets.firstIndex { $0.podTemplateHash == h && !$0.deleted }
  }

  /// Sets a ReplicaSet's size with Argo's event wording.
  mutating func scale(_ c: inout Cluster, _ i: Int, to n: Int, why: String) {
    let from = c.replicaSets[i].specReplicas
    guard from != n else { return }
    c.setReplicas(i, n)
    let rs = c.replicaSets[i]
    c.emit(
      reason: "ScalingReplicaSet", object: "rollout/\(spec.name)",
      message: "Scaled \(n > from ? "up" : "down") ReplicaSet \(rs.name) (revision \(rs.revision)) from \(from) to \(n)", why: why)
  }

  func rolloutEvent(_ c: inout Cluster, _ reason: String, _ message: String, warning: Bool = false) {
    c.emit(warning ? .warning : .normal, reason: reason, object: "rollout/\(spec.name)", message: message)
  }

  // MARK: - Reconcile

  mutating func reconcile(_ c: inout Cluster, traffic: TrafficModel) -> Bool {
    var newRS = findNewReplicaSet(c)
    if newRS == nil {
      let maxOld = c.replicaSets.filter { !$0.deleted }.map(\.revision).max() ?? 0
      let i = c.createReplicaSet(template: spec.template, revision: maxOld + 1, minReadySeconds: spec.minReadySeconds)
      let rs = c.replicaSets[i]
      rolloutEvent(&c, "RolloutUpdated", "Rollout updated to revision \(rs.revision)")
      rolloutEvent(&c, "NewReplicaSetCreated", "Created ReplicaSet \(rs.name) (revision \(rs.revision))")
      newRS = i
    }
    guard let n = newRS else { return false }
    syncRevision(&c, n)
    let hash = c.replicaSets[n].podTemplateHash
    if stableHash == nil {
      // Initial deploy: no stable yet, so steps, pauses and analysis are skipped (§1).
      stableHash = hash
      activeHash = hash
    }
    if currentHash != hash { startUpdate(&c, to: hash) }
    var changed = takeMeasurements(&c, traffic: traffic)
    changed = scaleDownDelayed(&c) || changed
    switch spec.strategy {
    case .canary(let s): changed = reconcileCanary(&c, s, newRS: n, traffic: traffic) || changed
    case .blueGreen(let b): changed = reconcileBlueGreen(&c, b, newRS: n, traffic: traffic) || changed
    }
    return changed
  }

  /// A new `spec.template`: a new update through all steps (§4 undo, set image).
  mutating func startUpdate(_ c: inout Cluster, to hash: String) {
    let first = currentHash == nil
    currentHash = hash
    guard !first else { return }
    stepIndex = 0
    pauseStartedAt = nil
    inconclusivePause = false
    aborted = false
    abortedAt = nil
    promoteFull = false
    promoteRequested = false
    canaryScale = nil
    deadlineExceeded = false
    lastProgressAt = c.now
    for i in runs.indices { runs[i].terminate() }
    // Clear a pending abort scale-down of the RS that is current again.
    if let i = index(ofHash: hash, c) { c.replicaSets[i].scaleDownAt = nil }
  }

  /// The current RS gets the highest revision (§9.1 of the Deployment, which Argo
  /// copies).
  mutating func syncRevision(_ c: inout Cluster, _ i: Int) {
    let maxOther = c.replicaSets.enumerated().filter { !$0.element.deleted && $0.offset != i }.map(\.element.revision).max() ?? 0
    if c.replicaSets[i].revision <= maxOther {
      c.replicaSets[i].revisionHistory.append(c.replicaSets[i].revision)
      c.replicaSets[i].revision = maxOther + 1
      c.changed = true
    }
  }

  /// Delayed scale-downs whose time has come (scaleDownDelaySeconds,
  /// abortScaleDownDelaySeconds).
  mutating func scaleDownDelayed(_ c: inout Cluster) -> Bool {
    var any = false
    for i in c.replicaSets.indices where !c.replicaSets[i].deleted {
      guard let at = c.replicaSets[i].scaleDownAt, at <= c.now else { continue }
      c.replicaSets[i].scaleDownAt = nil
      scale(&c, i, to: 0, why: "scale-down delay over")
      any = true
    }
    return any
  }

  /// Marks a ReplicaSet for scale-down at `now + seconds` (nil/0 handled by callers).
  mutating func scheduleScaleDown(_ c: inout Cluster, _ i: Int, after seconds: Int) {
    let at = c.now + SimTime.seconds(seconds)
    c.replicaSets[i].scaleDownAt = at
    c.queue.push(.controllerWake, at: at, scheduledAt: c.now)
    c.changed = true
  }

  // MARK: - Analysis

  mutating func startRun(_ c: inout Cluster, _ ref: AnalysisRef, kind: AnalysisRun.Kind, target: Int, traffic: TrafficModel) {
    runSerial += 1
    let rs = c.replicaSets[target]
    let name = "\(rs.name)-\(rs.revision)-\(runSerial)"
    let ts = ref.templateNames.compactMap { templates[$0] }
    var run = AnalysisRun(name: name, kind: kind, target: target, revision: rs.revision, templates: ts, now: c.now, baseline: traffic.counts(rs: target, at: c.now))
    if run.metrics.isEmpty { run.phase = .successful }
    runs.append(run)
    rolloutEvent(&c, "AnalysisRunRunning", "Analysis Run '\(name)' Status New: 'Running' Previous: ''")
    if let t = run.nextMeasurement { c.queue.push(.controllerWake, at: t, scheduledAt: c.now) }
  }

  func run(_ kind: AnalysisRun.Kind, revision: Int) -> AnalysisRun? {
    runs.last { $0.kind == kind && $0.revision == revision }
  }

  mutating func takeMeasurements(_ c: inout Cluster, traffic: TrafficModel) -> Bool {
    var any = false
    for i in runs.indices where !runs[i].isTerminal {
      guard runs[i].nextMeasurement.map({ $0 <= c.now }) ?? false else { continue }
      let before = runs[i].phase
      if runs[i].measure(now: c.now, cluster: c, traffic: traffic, desiredReplicas: spec.replicas) {
        any = true
        c.changed = true
      }
      if runs[i].phase != before {
        let warn = runs[i].phase == .failed || runs[i].phase == .error
        rolloutEvent(
          &c, "AnalysisRun\(runs[i].phase.rawValue)",
          "Analysis Run '\(runs[i].name)' Status New: '\(runs[i].phase.rawValue)' Previous: '\(before.rawValue)'", warning: warn)
      }
      if let t = runs[i].nextMeasurement, t > c.now { c.queue.push(.controllerWake, at: t, scheduledAt: c.now) }
    }
    return any
  }

  // MARK: - Abort

  mutating func abort(_ c: inout Cluster, reason: String) {
    guard !aborted else { return }
    aborted = true
    abortedAt = c.now
    pauseStartedAt = nil
    inconclusivePause = false
    let rev = findNewReplicaSet(c).map { c.replicaSets[$0].revision } ?? 0
    rolloutEvent(&c, "RolloutAborted", "Rollout aborted update to revision \(rev)\(reason.isEmpty ? "" : ": " + reason)", warning: true)
    for i in runs.indices where !runs[i].isTerminal { runs[i].terminate() }
    onAbort(&c)
  }

  // MARK: - Status

  mutating func syncStatus(_ c: inout Cluster, traffic: TrafficModel) {
    // Progress: any change of spec/ready/available counts (paused time never counts).
    let counts = c.replicaSets.flatMap { $0.deleted ? [] : [$0.specReplicas, $0.ready, $0.available, $0.statusReplicas] }
    if counts != lastCounts || isPausedNow || isComplete(c) || aborted {
      lastCounts = counts
      lastProgressAt = c.now
      return
    }
    guard let deadline = spec.progressDeadlineSeconds, !deadlineExceeded else { return }
    let at = lastProgressAt + SimTime.seconds(deadline)
    if c.now > at {
      deadlineExceeded = true
      let name = findNewReplicaSet(c).map { c.replicaSets[$0].name } ?? spec.name
      rolloutEvent(&c, "RolloutTimedOut", "ReplicaSet \"\(name)\" has timed out progressing.", warning: true)
      if spec.progressDeadlineAbort { abort(&c, reason: "ProgressDeadlineExceeded") }
    } else {
      c.queue.push(.controllerWake, at: at + 1000, scheduledAt: c.now)
    }
  }

  var isPausedNow: Bool { spec.paused || pauseStartedAt != nil || inconclusivePause }

  func isComplete(_ c: Cluster) -> Bool {
    guard let n = findNewReplicaSet(c) else { return false }
    if runs.contains(where: { !$0.isTerminal }) { return false }
    let rs = c.replicaSets[n]
    let settled = c.replicaSets.enumerated().allSatisfy { (i, r) in
      r.deleted || i == n || (r.specReplicas == 0 && r.scaleDownAt == nil) || (aborted && i == index(ofHash: stableHash, c))
    }
    if aborted {
      // Aborted: done once the canary/preview is gone and the stable is whole.
      guard let s = index(ofHash: stableHash, c) else { return false }
      let st = c.replicaSets[s]
      return st.specReplicas == spec.replicas && st.available == spec.replicas
        && c.replicaSets.enumerated().allSatisfy { $0.offset == s || $0.element.deleted || ($0.element.specReplicas == 0 && $0.element.scaleDownAt == nil) || ($0.element.scaleDownAt == nil && abortDelayIsNever) }
    }
    return rs.podTemplateHash == stableHash && rs.specReplicas == spec.replicas && rs.available == spec.replicas && settled
  }

  var abortDelayIsNever: Bool {
    switch spec.strategy {
    case .canary(let s): return s.trafficRouting != nil && s.abortScaleDownDelaySeconds == 0
    case .blueGreen(let b): return b.abortScaleDownDelaySeconds == 0
    }
  }

  // MARK: - Actions

  mutating func perform(_ verb: ActionVerb, _ c: inout Cluster) -> ActionOutcome {
    let newRS = findNewReplicaSet(c)
    let updating = newRS.map { c.replicaSets[$0].podTemplateHash != stableHash } ?? false
    switch verb {
    case .pause:
      if spec.paused { return .rejected("pause: rollout \"\(spec.name)\" is already paused") }
      spec.paused = true
      rolloutEvent(&c, "RolloutPaused", "Rollout is paused (manually paused)")
      return .applied("rollout '\(spec.name)' paused")
    case .resume:
      if !spec.paused { return .rejected("resume: rollout \"\(spec.name)\" is not paused (use promote to end a pause step)") }
      spec.paused = false
      rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
      return .applied("rollout '\(spec.name)' resumed")
    case .promote:
      // Clears spec.paused and pause conditions; with no pause condition it skips
      // the current step (§4).
      if spec.paused || pauseStartedAt != nil || inconclusivePause {
        let wasStep = pauseStartedAt != nil || inconclusivePause
        spec.paused = false
        if wasStep { endPause(&c, promoted: true) }
        return .applied("rollout '\(spec.name)' promoted")
      }
      guard updating, !aborted else {
        return .rejected("promote: rollout \"\(spec.name)\" is \(aborted ? "aborted (use retry)" : "not updating"); nothing to promote")
      }
      if canary != nil {
        guard stepIndex < (canary?.steps.count ?? 0) else { return .rejected("promote: no step left to skip") }
        rolloutEvent(&c, "RolloutStepCompleted", "Rollout step \(stepIndex + 1)/\(canary?.steps.count ?? 0) skipped by promote")
        stepIndex += 1
        return .applied("rollout '\(spec.name)' promoted: skipped to step \(stepIndex)")
      }
      promoteRequested = true
      return .applied("rollout '\(spec.name)' promoted")
    case .promoteFull:
      guard updating, !aborted else {
        return .rejected("promote-full: rollout \"\(spec.name)\" is \(aborted ? "aborted (use retry)" : "not updating"); nothing to promote")
      }
      promoteFull = true
      promoteRequested = true
      spec.paused = false
      pauseStartedAt = nil
      inconclusivePause = false
      if let n = canary?.steps.count { stepIndex = n }
      for i in runs.indices where !runs[i].isTerminal && runs[i].kind != .postPromotion { runs[i].terminate() }
      return .applied("rollout '\(spec.name)' fully promoted")
    case .abort:
      guard updating || blueGreenCanSwitchBack(c) else { return .rejected("abort: rollout \"\(spec.name)\" has no update in progress") }
      if aborted { return .rejected("abort: rollout \"\(spec.name)\" is already aborted") }
      abort(&c, reason: "")
      return .applied("rollout '\(spec.name)' aborted")
    case .retry:
      guard aborted else { return .rejected("retry: rollout \"\(spec.name)\" is not aborted") }
      aborted = false
      abortedAt = nil
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
      if spec.template.image == image { return .rejected("set-image: rollout \"\(spec.name)\" already runs \(image)") }
      spec.template = spec.template.withImage(image)
      return .applied("rollout '\(spec.name)' image updated to \(image)")
    case .undo(let revision):
      return undo(revision, &c)
    case .killPod, .nodeDown, .nodeUp:
      return .rejected("\(verb): handled by the cluster")
    }
  }

  /// `kubectl argo rollouts undo`: the previous (or given) revision's template; a
  /// normal update unless fast-tracked (§4): back to the stable, or (blue/green) to
  /// a ReplicaSet still inside its scale-down delay.
  mutating func undo(_ revision: Int?, _ c: inout Cluster) -> ActionOutcome {
    let live = c.replicaSets.indices.filter { !c.replicaSets[$0].deleted }
    let target: Int
    if let r = revision {
      guard let t = live.first(where: { c.replicaSets[$0].revision == r }) else {
        return .rejected("undo: unable to find specified revision \(r) in history")
      }
      target = t
    } else {
      let sorted = live.sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
      guard sorted.count >= 2 else { return .rejected("undo: no rollout history found for rollout \"\(spec.name)\"") }
      target = sorted[1]
    }
    let rs = c.replicaSets[target]
    if rs.template == spec.template { return .rejected("undo: skipped rollback (current template already matches revision \(rs.revision))") }
    spec.template = rs.template
    if blueGreen != nil, rs.specReplicas > 0, rs.scaleDownAt != nil || rs.podTemplateHash == stableHash { fastTrack = true }
    rolloutEvent(&c, "RolloutUndo", "Rolled back rollout \"\(spec.name)\" to revision \(rs.revision)")
    return .applied("rollout '\(spec.name)' rolled back to revision \(rs.revision) (\(rs.template.image))")
  }

  mutating func endPause(_ c: inout Cluster, promoted: Bool) {
    if inconclusivePause {
      inconclusivePause = false
      if canary != nil { stepIndex += 1 }
      rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
      return
    }
    guard pauseStartedAt != nil else { return }
    pauseStartedAt = nil
    if canary != nil {
      rolloutEvent(&c, "RolloutStepCompleted", "Rollout step \(stepIndex + 1)/\(canary?.steps.count ?? 0) completed (\(describeStep(stepIndex)))")
      stepIndex += 1
    } else {
      promoteRequested = true
    }
    rolloutEvent(&c, "RolloutResumed", "Rollout is resumed")
  }

  // MARK: - Views

  mutating func seedInitialFleet(_ c: inout Cluster, template: PodTemplate) throws {
    let i = c.createReplicaSet(template: template, revision: 1, minReadySeconds: spec.minReadySeconds)
    _ = c.seedAvailablePods(rs: i, count: spec.replicas)
    stableHash = c.replicaSets[i].podTemplateHash
    activeHash = stableHash
    currentHash = stableHash
    lastCounts = []
  }

  func describe(_ c: Cluster, traffic: TrafficModel) -> WorkloadView {
    let newRS = findNewReplicaSet(c)
    let stable = index(ofHash: stableHash, c)
    let rev = newRS.map { c.replicaSets[$0].revision } ?? 0
    var phase = "Progressing"
    var message = ""
    if aborted {
      phase = "Degraded"
      message = "RolloutAborted: Rollout aborted update to revision \(rev)"
    } else if deadlineExceeded {
      phase = "Degraded"
      message = "ProgressDeadlineExceeded: ReplicaSet \"\(newRS.map { c.replicaSets[$0].name } ?? "")\" has timed out progressing."
    } else if spec.paused {
      phase = "Paused"
      message = "manually paused"
    } else if inconclusivePause {
      phase = "Paused"
      message = "InconclusiveAnalysis"
    } else if pauseStartedAt != nil {
      phase = "Paused"
      message = canary != nil ? "CanaryPauseStep" : "BlueGreenPause"
    } else if let n = newRS, c.replicaSets[n].podTemplateHash == stableHash, c.replicaSets[n].available >= spec.replicas {
      phase = "Healthy"
    } else if let n = newRS {
      let rs = c.replicaSets[n]
      if rs.specReplicas < spec.replicas && canary == nil { message = "more replicas need to be updated" }
      else if rs.available < rs.specReplicas { message = "updated replicas are still becoming available" }
      else if canary != nil && stepIndex < (canary?.steps.count ?? 0) { message = "waiting for all steps to complete" }
      else { message = "waiting for rollout to finish" }
    }
    var view = WorkloadView(kind: "Rollout", strategy: canary != nil ? "Canary" : "BlueGreen", strategyDetail: strategyDetail(c), phase: phase, message: message, paused: spec.paused)
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
        steps: stepDescriptions, index: aborted ? 0 : min(stepIndex, s.steps.count),
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

  func conditions(_ c: Cluster, phase: String) -> [String: String] {
    var out: [String: String] = [:]
    out["Progressing"] = aborted ? "RolloutAborted" : deadlineExceeded ? "ProgressDeadlineExceeded" : isPausedNow ? "RolloutPaused" : phase == "Healthy" ? "NewReplicaSetAvailable" : "ReplicaSetUpdated"
    let avail = c.replicaSets.reduce(0) { $0 + ($1.deleted ? 0 : $1.available) }
    out["Available"] = avail >= spec.replicas ? "AvailableReason" : "AvailableReason=False"
    if isPausedNow { out["Paused"] = pauseStartedAt != nil ? (canary != nil ? "CanaryPauseStep" : "BlueGreenPause") : "RolloutPaused" }
    return out
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

  /// `ActualWeight` as Argo's CLI defines it (§6.2).
  func actualWeight(_ c: Cluster, _ s: CanaryStrategy) -> Int {
    guard let n = findNewReplicaSet(c) else { return 0 }
    if c.replicaSets[n].podTemplateHash == stableHash { return 100 }
    if s.trafficRouting != nil { return routerWeight }
    let total = c.replicaSets.reduce(0) { $0 + ($1.deleted ? 0 : $1.available) }
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
      let newRS = findNewReplicaSet(c)
      if let tr = s.trafficRouting, let st = stable {
        // The router sends W/maxW to the canary Service and the rest to the stable one.
        guard let n = newRS, n != st, routerWeight > 0 else { return [RouteGroup(weight: 1, replicaSets: [st])] }
        let maxW = Double(tr.maxTrafficWeight)
        let w = Double(routerWeight)
        return [RouteGroup(weight: w / maxW, replicaSets: [n]), RouteGroup(weight: (maxW - w) / maxW, replicaSets: [st])].filter { $0.weight > 0 }
      }
      // Basic canary: the Service selects every pod of the Rollout.
      return [RouteGroup(weight: 1, replicaSets: c.replicaSets.indices.filter { !c.replicaSets[$0].deleted })]
    }
  }
}
