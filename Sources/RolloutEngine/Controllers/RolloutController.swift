/// The Argo Rollouts controller (argoproj/argo-rollouts rollout/): one reconcile per pass, the
/// strategies in `Strategies/Canary.swift` and `Strategies/BlueGreen.swift`, the
/// replica arithmetic in `CanaryMath`, analysis runs in `AnalysisRun` with verdicts from
/// `AnalysisVerdict`.
///
/// A Rollout owns ReplicaSets exactly as a Deployment does. Its status is kept
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
  /// Pause conditions, abort and full promotion as one value (`RolloutMode`).
  var mode = RolloutMode.normal
  /// Canary weight last written to the traffic router (traffic-routed canary).
  var routerWeight = 0
  /// The ReplicaSet hash the router's canary weight points at
  /// (`status.canary.weights.canary.podTemplateHash`); nil at weight 0.
  var routerCanaryHash: String?
  /// `setCanaryScale` in force (traffic-routed only).
  var canaryScale: CanaryScale?
  /// Blue/green: the hash the active Service selects.
  var activeHash: String?
  /// What last changed the template (for the run's outcome).
  var lastChange = TemplateChange.manifest
  var runs: [AnalysisRun] = []
  var promotedAt: SimTime?
  var lastProgressAt: SimTime = 0
  var deadlineExceeded = false
  /// The status fields progress is measured on (`RolloutProgressing`), as of the
  /// last instant.
  var lastProgress: ProgressStatus?
  var runSerial = 0
  /// `describeStep` of every canary step, built once: the snapshot lists them at every
  /// record, so per-record work stays O(1) per step list, not O(steps).
  let stepDescriptions: [String]
  /// The workload's index in input order: the ReplicaSets it owns carry it.
  var owner = 0

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
    for i in c.liveReplicaSets(of: owner) where c.replicaSets[i].template == spec.template {
      if best == nil || c.replicaSets[i].createdAt < c.replicaSets[best!].createdAt { best = i }
    }
    return best
  }

  func index(ofHash h: String?, _ c: Cluster) -> Int? {
    guard let h else { return nil }
    return c.liveReplicaSets(of: owner).first { c.replicaSets[$0].podTemplateHash == h }
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
      let maxOld = c.liveReplicaSets(of: owner).map { c.replicaSets[$0].revision }.max() ?? 0
      let i = c.createReplicaSet(template: spec.template, revision: maxOld + 1, minReadySeconds: spec.minReadySeconds, owner: owner)
      let rs = c.replicaSets[i]
      rolloutEvent(&c, "RolloutUpdated", "Rollout updated to revision \(rs.revision)")
      rolloutEvent(&c, "NewReplicaSetCreated", "Created ReplicaSet \(rs.name) (revision \(rs.revision))")
      newRS = i
    }
    guard let n = newRS else { return false }
    syncRevision(&c, n)
    let hash = c.replicaSets[n].podTemplateHash
    if stableHash == nil {
      // Initial deploy: no stable yet, so steps, pauses and analysis are skipped
      // (rollout/sync.go `shouldFullPromote`: "Initial deploy").
      stableHash = hash
      activeHash = hash
    }
    if currentHash != hash { startUpdate(&c, to: hash) }
    // rollout/controller.go `newRolloutContext`: "Removing abort condition from fully
    // promoted rollout".
    if aborted && isFullyPromoted { mode = .normal }
    var changed = takeMeasurements(&c, traffic: traffic)
    removeScaleDownDeadlines(&c, newRS: n)
    changed = scaleDownDelayed(&c, except: n) || changed
    changed = pruneHistory(&c, newRS: n) || changed
    switch spec.strategy {
    case .canary(let s): changed = reconcileCanary(&c, s, newRS: n, traffic: traffic) || changed
    case .blueGreen(let b): changed = reconcileBlueGreen(&c, b, newRS: n, traffic: traffic) || changed
    }
    return changed
  }

  /// A new `spec.template`: a new update through all steps (rollout/sync.go
  /// `resetRolloutStatus`: pause conditions, abort and promoteFull are cleared, the
  /// step index goes back to 0).
  mutating func startUpdate(_ c: inout Cluster, to hash: String) {
    let first = currentHash == nil
    currentHash = hash
    guard !first else { return }
    stepIndex = 0
    mode = .normal
    canaryScale = nil
    deadlineExceeded = false
    lastProgressAt = c.now
    for i in runs.indices { runs[i].terminate() }
    // Blue/green fast track: going back to a ReplicaSet that is still scaled up (the
    // stable, or one inside its scale-down delay) skips the pause and analysis
    // (rollout/bluegreen.go `isBlueGreenFastTracked`).
    if blueGreen != nil, let i = index(ofHash: hash, c), c.replicaSets[i].specReplicas > 0,
      c.replicaSets[i].scaleDownAt != nil || hash == stableHash
    {
      mode = .progressing(.fastTrack)
    }
  }

  /// `removeScaleDownDeadlines` (rollout/replicaset.go): the new and the stable
  /// ReplicaSet lose a scale-down deadline (we moved back to a revision inside its
  /// delay), unless the new one is held for `abortScaleDownDelaySeconds`.
  mutating func removeScaleDownDeadlines(_ c: inout Cluster, newRS n: Int) {
    if !shouldDelayScaleDownOnAbort(c), c.replicaSets[n].scaleDownAt != nil {
      c.replicaSets[n].scaleDownAt = nil
      c.changed = true
    }
    if let s = index(ofHash: stableHash, c), c.replicaSets[s].scaleDownAt != nil {
      c.replicaSets[s].scaleDownAt = nil
      c.changed = true
    }
  }

  /// `shouldDelayScaleDownOnAbort` (rollout/replicaset.go): aborted, not a basic
  /// canary, and an abort delay that is not "never" (`abortScaleDownDelaySeconds: 0`);
  /// with dynamicStableScale only when the delay is explicit.
  func shouldDelayScaleDownOnAbort(_ c: Cluster) -> Bool {
    guard aborted, index(ofHash: stableHash, c) != nil, abortScaleDownDelay != nil else { return false }
    if let s = canary, s.dynamicStableScale, s.abortScaleDownDelaySeconds == nil { return false }
    return true
  }

  /// `GetAbortScaleDownDelaySecondsOrDefault` (utils/defaults): 30 s unless set; 0
  /// means never (nil); a basic canary has none.
  var abortScaleDownDelay: Int? {
    switch spec.strategy {
    case .canary(let s):
      guard s.trafficRouting != nil else { return nil }
      let d = s.abortScaleDownDelaySeconds ?? 30
      return d == 0 ? nil : d
    case .blueGreen(let b):
      return b.abortScaleDownDelaySeconds == 0 ? nil : b.abortScaleDownDelaySeconds
    }
  }

  /// The abort branch of `reconcileNewReplicaSet` (rollout/replicaset.go): true while
  /// the new ReplicaSet must be left at its size. Its deadline is set only once the
  /// stable is fully available again (argo-rollouts issue #4898), so the canary or
  /// preview keeps its pods until then; when the deadline passes it goes to 0.
  mutating func holdNewReplicaSetOnAbort(_ c: inout Cluster, newRS n: Int) -> (held: Bool, changed: Bool) {
    guard shouldDelayScaleDownOnAbort(c), let delay = abortScaleDownDelay, let st = index(ofHash: stableHash, c) else { return (false, false) }
    if let at = c.replicaSets[n].scaleDownAt {
      if at > c.now { return (true, false) }
      c.replicaSets[n].scaleDownAt = nil
      let changed = c.replicaSets[n].specReplicas != 0
      scale(&c, n, to: 0, why: "abortScaleDownDelaySeconds over")
      return (true, changed)
    }
    if c.replicaSets[n].specReplicas > 0, c.replicaSets[st].available >= spec.replicas {
      scheduleScaleDown(&c, n, after: delay)
      return (true, true)
    }
    return (true, false)
  }

  /// The current RS gets the highest revision (rollout/sync.go `syncReplicaSetRevision`,
  /// as the Deployment's `getNewReplicaSet` does, which Argo
  /// copies).
  mutating func syncRevision(_ c: inout Cluster, _ i: Int) {
    let maxOther = c.liveReplicaSets(of: owner).filter { $0 != i }.map { c.replicaSets[$0].revision }.max() ?? 0
    if c.replicaSets[i].revision <= maxOther {
      c.replicaSets[i].revisionHistory.append(c.replicaSets[i].revision)
      c.replicaSets[i].revision = maxOther + 1
      c.changed = true
    }
  }

  /// Delayed scale-downs whose time has come (scaleDownDelaySeconds of old
  /// ReplicaSets: `scaleDownDelayHelper` finds the deadline passed and scales to 0).
  /// The new ReplicaSet's abort deadline is handled by `holdNewReplicaSetOnAbort`.
  mutating func scaleDownDelayed(_ c: inout Cluster, except n: Int) -> Bool {
    var any = false
    for i in c.liveReplicaSets(of: owner) where i != n {
      guard let at = c.replicaSets[i].scaleDownAt, at <= c.now else { continue }
      c.replicaSets[i].scaleDownAt = nil
      scale(&c, i, to: 0, why: "scale-down delay over")
      any = true
    }
    return any
  }

  /// `reconcileRevisionHistoryLimit` (rollout/sync.go): beyond
  /// `revisionHistoryLimit` (default 10), the oldest fully scaled-down ReplicaSets
  /// that nothing references are deleted.
  mutating func pruneHistory(_ c: inout Cluster, newRS n: Int) -> Bool {
    let limit = spec.revisionHistoryLimit ?? 10
    let referenced: Set<String> = Set([stableHash, currentHash, blueGreen != nil ? activeHash : nil, routerCanaryHash].compactMap { $0 })
    let old = c.liveReplicaSets(of: owner).filter { i in
      i != n && c.replicaSets[i].podTemplateHash != stableHash
    }.sorted {
      // ReplicaSetsByCreationTimestamp; the seeded fleet and the first update share
      // t = 0, so ties go by revision.
      (c.replicaSets[$0].createdAt, c.replicaSets[$0].revision) < (c.replicaSets[$1].createdAt, c.replicaSets[$1].revision)
    }
    let excess = old.count - limit
    guard excess > 0 else { return false }
    var any = false
    // Only the `diff` oldest are considered; a non-empty or referenced one is skipped,
    // not replaced by a younger one.
    for i in old.prefix(excess) {
      let rs = c.replicaSets[i]
      guard rs.specReplicas == 0, rs.statusReplicas == 0, !referenced.contains(rs.podTemplateHash) else { continue }
      c.deleteReplicaSet(i)
      any = true
    }
    return any
  }

  /// `rolloututil.IsFullyPromoted`: the current pod template is the stable one (and,
  /// blue/green, the active Service selects it).
  var isFullyPromoted: Bool {
    guard let h = currentHash, h == stableHash else { return false }
    if blueGreen != nil { return activeHash == h }
    return true
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
    // pauseContext.AddAbort: the pause conditions go with it.
    mode = .aborted(at: c.now)
    let rev = findNewReplicaSet(c).map { c.replicaSets[$0].revision } ?? 0
    rolloutEvent(&c, "RolloutAborted", "Rollout aborted update to revision \(rev)\(reason.isEmpty ? "" : ": " + reason)", warning: true)
    for i in runs.indices where !runs[i].isTerminal { runs[i].terminate() }
    onAbort(&c)
  }
}

/// What last changed a Rollout's or Deployment's template.
enum TemplateChange: Sendable, Hashable {
  case manifest, setImage, undo
}
