/// Where a Rollout's update stands: one value for what Argo keeps in
/// `status.pauseConditions`, `status.controllerPause`, `status.abort` and
/// `status.promoteFull` (rollout/pause.go `pauseContext`, rollout/sync.go
/// `calculateBaseStatus`). The user's `spec.paused` is separate (it is spec, and it
/// coexists with every mode).
///
/// A pause condition, an abort and a full promotion exclude one another in Argo too:
/// `AddAbort` clears the pause conditions, `promote --full` (and `RemoveAbort` in
/// `syncRolloutStatusCanary`) clears both, and a new pod template resets all of them
/// (`resetRolloutStatus`).
enum RolloutMode: Sendable, Hashable {
  /// Working through steps (canary) or towards the switch (blue/green).
  case progressing(Promotion)
  /// A pause condition (`CanaryPauseStep`, `BlueGreenPause`, `InconclusiveAnalysis`)
  /// since the given instant.
  case paused(PauseReason, since: SimTime)
  /// `status.abort`, set at the given instant.
  case aborted(at: SimTime)

  static let normal = RolloutMode.progressing(.none)
}

/// How far a promotion has been granted while progressing.
enum Promotion: Sendable, Hashable {
  /// Nothing granted: steps, pauses and analysis run as written.
  case none
  /// Blue/green: the `BlueGreenPause` was ended (promote, or autoPromotionSeconds);
  /// Argo records this as `status.controllerPause` with no pause condition left.
  case pauseCompleted
  /// Blue/green with `previewReplicaCount`: `status.blueGreen.scaleUpPreviewCheckPoint`
  /// (the pause is done and the preview was available at its count): scale to
  /// spec.replicas, then switch.
  case previewScaledUp
  /// `status.promoteFull`: skip the remaining steps, pauses and analysis.
  case full
  /// Blue/green: the new template is a ReplicaSet still scaled up (the stable, or one
  /// inside its scale-down delay): the switch needs no pause or analysis
  /// (rollout/sync.go `isFastRollback`-like; rollsim's blue/green fast track).
  case fastTrack
}

/// `v1alpha1.PauseReason`, with Argo's strings.
enum PauseReason: String, Sendable, Hashable {
  case canaryPauseStep = "CanaryPauseStep"
  case blueGreenPause = "BlueGreenPause"
  case inconclusiveAnalysis = "InconclusiveAnalysis"
}

extension RolloutController {
  var aborted: Bool {
    if case .aborted = mode { return true }
    return false
  }
  var abortedAt: SimTime? {
    if case .aborted(let t) = mode { return t }
    return nil
  }
  var promoteFull: Bool { mode == .progressing(.full) }
  var fastTrack: Bool { mode == .progressing(.fastTrack) }
  /// Blue/green: the pause before the switch is over (or skipped by promote-full /
  /// the fast track).
  var promoteRequested: Bool {
    switch mode {
    case .progressing(.pauseCompleted), .progressing(.previewScaledUp), .progressing(.full), .progressing(.fastTrack): return true
    default: return false
    }
  }
  /// When a step or blue/green pause condition started (not an inconclusive pause).
  var pauseStartedAt: SimTime? {
    if case .paused(let r, let t) = mode, r != .inconclusiveAnalysis { return t }
    return nil
  }
  var pauseReason: PauseReason? {
    if case .paused(let r, _) = mode { return r }
    return nil
  }
  var inconclusivePause: Bool { pauseReason == .inconclusiveAnalysis }
}
