/// The Kubernetes Deployment controller (`pkg/controller/deployment`), as
/// docs/semantics.md describes it: one `syncDeployment` per pass, the strategies in
/// `Strategies/RollingUpdate.swift` and `Strategies/Recreate.swift`, the replica
/// arithmetic in `DeploymentUtil`.
struct DeploymentController: WorkloadController {
  var spec: DeploymentSpec
  /// Deployment status as last computed (`sync.go` `calculateStatus`).
  var status = DeploymentStatus()
  var progressing: Condition?
  var available: Condition?
  /// The revision kubectl would show (`deployment.kubernetes.io/revision`).
  var revisionAnnotation = 0
  /// The first instant the rollout was complete (for the summary).
  var completedAt: SimTime?
  /// What last changed the template (for the run's outcome).
  var lastChange = TemplateChange.manifest
  /// The deadline wake-up already queued.
  var lastWake: SimTime?
  /// The workload's index in input order: the ReplicaSets it owns carry it.
  var owner = 0

  struct DeploymentStatus: Sendable, Hashable {
    var replicas = 0
    var updatedReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var unavailableReplicas = 0

    var counts: DeploymentStatusCounts {
      DeploymentStatusCounts(
        replicas: replicas, updatedReplicas: updatedReplicas, readyReplicas: readyReplicas, availableReplicas: availableReplicas)
    }
  }

  struct Condition: Sendable, Hashable {
    var status: ConditionStatus
    var reason: ConditionReason
    var message: String
    var lastUpdateTime: SimTime
    var lastTransitionTime: SimTime
  }

  /// The labels the Deployment's Service selects (its own selector when no Service
  /// in the input matches the template).
  let serviceSelector: [String: String]

  init(spec: DeploymentSpec, serviceSelector: [String: String]? = nil) {
    self.spec = spec
    self.serviceSelector = serviceSelector ?? spec.selector
  }

  var desiredReplicas: Int { spec.replicas }

  // MARK: - ReplicaSet lookup

  /// The ReplicaSet whose template equals the Deployment's; the oldest wins if
  /// several match (`FindNewReplicaSet`, `EqualIgnoreHash`).
  func findNewReplicaSet(_ c: Cluster) -> Int? {
    var best: Int?
    for i in c.liveReplicaSets(of: owner) where c.replicaSets[i].template == spec.template {
      let rs = c.replicaSets[i]
      if let b = best {
        let o = c.replicaSets[b]
        if rs.createdAt < o.createdAt || (rs.createdAt == o.createdAt && rs.name < o.name) { best = i }
      } else {
        best = i
      }
    }
    return best
  }

  func oldReplicaSets(_ c: Cluster, newRS: Int?) -> [Int] {
    c.liveReplicaSets(of: owner).filter { $0 != newRS }
  }

  /// The controller-math view of a ReplicaSet.
  func counts(_ c: Cluster, _ i: Int) -> ReplicaSetCounts {
    let rs = c.replicaSets[i]
    return ReplicaSetCounts(
      name: rs.name, createdAt: rs.createdAt, revision: rs.revision, specReplicas: rs.specReplicas,
      statusReplicas: rs.statusReplicas, availableReplicas: rs.available,
      desiredReplicasAnnotation: rs.desiredAnnotation, maxReplicasAnnotation: rs.maxAnnotation,
      terminatingReplicas: rs.terminating, observedGeneration: 1)
  }

  func index(named name: String, _ c: Cluster) -> Int? {
    c.liveReplicaSets(of: owner).first { c.replicaSets[$0].name == name }
  }

  var maxSurge: Int { DeploymentUtil.maxSurge(spec.strategy, replicas: spec.replicas) }
  var maxUnavailable: Int { DeploymentUtil.maxUnavailable(spec.strategy, replicas: spec.replicas) }

  // MARK: - Scaling with events

  /// Sets a ReplicaSet's size the way `scaleReplicaSetAndRecordEvent` does: also
  /// rewrites the desired/max annotations (`SetReplicasAnnotations`) and records
  /// `Scaled up replica set web-7d4b9 to 3` with the reason.
  mutating func scaleReplicaSet(_ c: inout Cluster, _ i: Int, to n: Int, why: String?) {
    let from = c.replicaSets[i].specReplicas
    c.replicaSets[i].desiredAnnotation = spec.replicas
    c.replicaSets[i].maxAnnotation = spec.replicas + maxSurge
    guard from != n else { return }
    c.setReplicas(i, n)
    let dir = n > from ? "up" : "down"
    c.emit(
      reason: "ScalingReplicaSet", object: "deployment/\(spec.name)",
      message: "Scaled \(dir) replica set \(c.replicaSets[i].name) to \(n)", why: why)
  }

  mutating func apply(_ decisions: [ScaleDecision], _ c: inout Cluster) -> Bool {
    var any = false
    for d in decisions {
      guard let i = index(named: d.name, c) else { continue }
      if c.replicaSets[i].specReplicas != d.to { any = true }
      scaleReplicaSet(&c, i, to: d.to, why: d.why)
    }
    return any
  }

  /// Creates the new ReplicaSet at `size` with revision max+1 (`getNewReplicaSet`).
  mutating func createNewReplicaSet(_ c: inout Cluster, size: Int, why: String) -> Int {
    let maxOld = c.liveReplicaSets(of: owner).map { c.replicaSets[$0].revision }.max() ?? 0
    let i = c.createReplicaSet(template: spec.template, revision: maxOld + 1, minReadySeconds: spec.minReadySeconds, owner: owner)
    revisionAnnotation = maxOld + 1
    c.replicaSets[i].desiredAnnotation = spec.replicas
    c.replicaSets[i].maxAnnotation = spec.replicas + maxSurge
    setProgressing(&c, status: .true, reason: .newReplicaSetCreated, message: "Created new replica set \"\(c.replicaSets[i].name)\"")
    if size > 0 {
      c.setReplicas(i, size)
      c.emit(
        reason: "ScalingReplicaSet", object: "deployment/\(spec.name)",
        message: "Scaled up replica set \(c.replicaSets[i].name) to \(size)", why: why)
    }
    return i
  }

  /// When an existing ReplicaSet becomes new again (rollback, template reverted),
  /// its revision is raised to max+1 and the old number goes to its history
  /// (`SetNewReplicaSetAnnotations`).
  mutating func syncRevision(_ c: inout Cluster, newRS i: Int) {
    let maxOther = c.liveReplicaSets(of: owner).filter { $0 != i }.map { c.replicaSets[$0].revision }.max() ?? 0
    if c.replicaSets[i].revision <= maxOther {
      c.replicaSets[i].revisionHistory.append(c.replicaSets[i].revision)
      c.replicaSets[i].revision = maxOther + 1
      c.changed = true
    }
    c.replicaSets[i].minReadySeconds = spec.minReadySeconds  // on every "new" ReplicaSet
    revisionAnnotation = c.replicaSets[i].revision
  }

  // MARK: - syncDeployment

  mutating func reconcile(_ c: inout Cluster, traffic: TrafficModel) -> Bool {
    let newRS = findNewReplicaSet(c)
    // syncDeployment: paused → only proportional scaling and clean-up.
    if spec.paused { return sync(&c, newRS: newRS) }
    // syncDeployment: a scaling event is handled by `sync` alone.
    if isScalingEvent(c, newRS: newRS) { return sync(&c, newRS: newRS) }
    switch spec.strategy {
    case .rollingUpdate: return rolloutRolling(&c)
    case .recreate: return rolloutRecreate(&c)
    }
  }

  /// `isScalingEvent`: any active ReplicaSet whose desired-replicas annotation differs from R.
  /// A missing annotation is skipped, as in the source.
  func isScalingEvent(_ c: Cluster, newRS: Int?) -> Bool {
    let live = c.liveReplicaSets(of: owner)
    return DeploymentUtil.isScalingEvent(replicas: spec.replicas, allRSs: live.map { counts(c, $0) })
  }

  /// `sync`: proportional scaling and, when paused, clean-up.
  mutating func sync(_ c: inout Cluster, newRS: Int?) -> Bool {
    let olds = oldReplicaSets(c, newRS: newRS)
    let decisions = DeploymentUtil.scale(
      strategy: spec.strategy, replicas: spec.replicas, newRS: newRS.map { counts(c, $0) },
      oldRSs: olds.map { counts(c, $0) }, deploymentStatusReplicas: status.replicas)
    let changed = apply(decisions, &c)
    // Refresh annotations on every active ReplicaSet so the event counts as handled.
    // The proportional path writes them all (`scaleReplicaSet` updates annotations
    // even at an unchanged size); when `FindActiveOrLatest` finds the only active
    // ReplicaSet already at R, the Go code returns without a write and a stale
    // annotation would keep `isScalingEvent` true, blocking the rollout; the simulator
    // refreshes it instead (a deliberate deviation for that corner).
    for i in c.liveReplicaSets(of: owner) where c.replicaSets[i].specReplicas > 0 {
      c.replicaSets[i].desiredAnnotation = spec.replicas
      c.replicaSets[i].maxAnnotation = spec.replicas + maxSurge
    }
    if spec.paused { cleanup(&c, newRS: newRS) }
    return changed
  }

  /// `cleanupDeployment`: beyond `revisionHistoryLimit`, delete the oldest old
  /// ReplicaSets that are fully scaled down; non-empty ones are skipped, not replaced.
  mutating func cleanup(_ c: inout Cluster, newRS: Int?) {
    let olds = oldReplicaSets(c, newRS: newRS)
    let names = DeploymentUtil.historyCleanup(oldRSs: olds.map { counts(c, $0) }, revisionHistoryLimit: spec.revisionHistoryLimit)
    for name in names {
      if let i = index(named: name, c) { c.deleteReplicaSet(i) }
    }
  }

  // MARK: - Actions

  mutating func perform(_ verb: ActionVerb, _ c: inout Cluster) -> ActionOutcome {
    switch verb {
    case .pause:
      if spec.paused { return .rejected(.alreadyDone, "pause: deployment \"\(spec.name)\" is already paused") }
      spec.paused = true
      // checkPausedConditions, never over ProgressDeadlineExceeded.
      if spec.progressDeadlineSeconds != nil, progressing?.reason != .progressDeadlineExceeded {
        setProgressing(&c, status: .unknown, reason: .deploymentPaused, message: "Deployment is paused")
      }
      return .applied("deployment.apps/\(spec.name) paused")
    case .resume:
      if !spec.paused { return .rejected(.alreadyDone, "resume: deployment \"\(spec.name)\" is not paused") }
      spec.paused = false
      if spec.progressDeadlineSeconds != nil, progressing?.reason != .progressDeadlineExceeded {
        setProgressing(&c, status: .unknown, reason: .deploymentResumed, message: "Deployment is resumed")
      }
      return .applied("deployment.apps/\(spec.name) resumed")
    case .scale(let n):
      let old = spec.replicas
      spec.replicas = n
      return .applied("deployment.apps/\(spec.name) scaled from \(old) to \(n)")
    case .setImage(let image):
      if spec.template.image == image { return .rejected(.alreadyDone, "set-image: deployment \"\(spec.name)\" already runs \(image)") }
      spec.template = spec.template.withImage(image)
      lastChange = .setImage
      return .applied("deployment.apps/\(spec.name) image updated to \(image)")
    case .undo(let revision):
      return undo(to: revision, &c)
    case .promote, .promoteFull, .abort, .retry:
      return .rejected(.notThisKind, "\(verb): a Deployment has no steps, pauses or analysis; this is an Argo Rollouts verb (try pause, resume or undo)")
    case .killPod, .nodeDown, .nodeUp:
      return .rejected(.handledByCluster, "\(verb): handled by the cluster")
    }
  }

  /// `kubectl rollout undo [--to-revision=N]` (`DeploymentRollbacker`): copies that ReplicaSet's
  /// template into the Deployment; the controller then treats it as a new rollout in
  /// which that ReplicaSet is "new" again.
  mutating func undo(to revision: Int?, _ c: inout Cluster) -> ActionOutcome {
    if spec.paused {
      return .rejected(.notInThisState, "undo: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/\(spec.name)' and try again")
    }
    let live = c.liveReplicaSets(of: owner)
    let target: Int?
    if let r = revision {
      target = live.first { c.replicaSets[$0].revision == r }
      if target == nil { return .rejected(.notFound, "undo: unable to find specified revision \(r) in history") }
    } else {
      // Revision 0: the previous revision, i.e. the second highest.
      let sorted = live.sorted { c.replicaSets[$0].revision > c.replicaSets[$1].revision }
      guard sorted.count >= 2 else { return .rejected(.notFound, "undo: no rollout history found for deployment \"\(spec.name)\"") }
      target = sorted[1]
    }
    guard let t = target else { return .rejected(.notFound, "undo: no target revision") }
    let rs = c.replicaSets[t]
    if rs.template == spec.template {
      return .rejected(.alreadyDone, "undo: skipped rollback (current template already matches revision \(rs.revision))")
    }
    spec.template = rs.template
    lastChange = .undo
    c.emit(
      reason: "DeploymentRollback", object: "deployment/\(spec.name)",
      message: "Rolled back deployment \"\(spec.name)\" to revision \(rs.revision)")
    return .applied("deployment.apps/\(spec.name) rolled back to revision \(rs.revision) (\(rs.template.image))")
  }

  // MARK: - Views

  func routing(_ c: Cluster) -> [RouteGroup] {
    // The Service selects pods by label; every ReplicaSet whose template carries the
    // selector's labels contributes its Ready pods as endpoints.
    let selector = serviceSelector
    let members = c.liveReplicaSets(of: owner).filter { i in
      let rs = c.replicaSets[i]
      return selector.allSatisfy { rs.template.labels[$0.key] == $0.value }
    }
    return [RouteGroup(weight: 1, replicaSets: members)]
  }

  func describe(_ c: Cluster, traffic: TrafficModel) -> WorkloadView {
    let newRS = findNewReplicaSet(c)
    var conditions: [ConditionType: ConditionState] = [:]
    if let a = available { conditions[.available] = ConditionState(a.status, a.reason) }
    if let p = progressing { conditions[.progressing] = ConditionState(p.status, p.reason) }
    let phase: WorkloadPhase
    var message = ""
    if progressing?.reason == .progressDeadlineExceeded {
      phase = .progressDeadlineExceeded
      message = progressing?.message ?? ""
    } else if spec.paused {
      phase = .paused
      message = "Deployment is paused"
    } else if isComplete(c) {
      phase = .healthy
    } else {
      phase = .progressing
      message = progressing?.message ?? ""
    }
    var view = WorkloadView(
      kind: .deployment, strategy: strategyName, strategyDetail: strategyDetail, phase: phase, message: message,
      paused: spec.paused)
    view.newRS = newRS
    view.conditions = conditions
    if case .rollingUpdate = spec.strategy {
      view.maxPods = spec.replicas + maxSurge
      view.minAvailable = spec.replicas - maxUnavailable
    }
    return view
  }

  var strategyName: StrategyKind {
    switch spec.strategy {
    case .rollingUpdate: return .rollingUpdate
    case .recreate: return .recreate
    }
  }

  /// `maxSurge 3 (25%) maxUnavailable 2 (25%)`.
  var strategyDetail: String {
    switch spec.strategy {
    case .recreate: return "old pods stop before new pods start"
    case .rollingUpdate(let s, let u):
      func show(_ v: Int, _ raw: IntOrPercent) -> String {
        if case .percent = raw { return "\(v) (\(raw))" }
        return "\(v)"
      }
      return "maxSurge \(show(maxSurge, s)) maxUnavailable \(show(maxUnavailable, u))"
    }
  }

  mutating func seedInitialFleet(_ c: inout Cluster, template: PodTemplate) throws {
    let i = c.createReplicaSet(template: template, revision: 1, minReadySeconds: spec.minReadySeconds, owner: owner)
    c.replicaSets[i].desiredAnnotation = spec.replicas
    c.replicaSets[i].maxAnnotation = spec.replicas + maxSurge
    _ = c.seedAvailablePods(rs: i, count: spec.replicas)
    revisionAnnotation = 1
    status = DeploymentStatus(
      replicas: c.replicaSets[i].statusReplicas, updatedReplicas: 0, readyReplicas: c.replicaSets[i].ready,
      availableReplicas: c.replicaSets[i].available, unavailableReplicas: 0)
    progressing = Condition(
      status: .true, reason: .newReplicaSetAvailable, message: "ReplicaSet \"\(c.replicaSets[i].name)\" has successfully progressed.",
      lastUpdateTime: 0, lastTransitionTime: 0)
    available = Condition(
      status: .true, reason: .minimumReplicasAvailable, message: "Deployment has minimum availability.", lastUpdateTime: 0,
      lastTransitionTime: 0)
  }
}
