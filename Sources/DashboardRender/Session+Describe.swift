import RolloutEngine

extension DashboardSession {
  /// The snapshot a frame draws, with what only the screen needs filled in on demand:
  /// the "why not yet" timers (one pass over the timer queue) and, in a describe
  /// view, the details of the pods listed (never for every pod of a big fleet).
  public func onScreenSnapshot() -> SimulationSnapshot {
    var snap = focusedSnapshot(maxEvents: DashboardRenderer.eventWindow)
    snap.timers = simulation.timers(workload: ui.focusedWorkload)
    switch ui.view {
    case .describe(let hash):
      if let rev = snap.revisions.first(where: { $0.podTemplateHash == hash }) {
        snap.podDetails = simulation.podDetails(revision: rev.revision, limit: Self.describedPods, workload: ui.focusedWorkload)
      }
    case .pod(let ref, _):
      snap.podDetails = simulation.podDetail(ref).map { [$0] } ?? []
    case .dashboard, .events:
      break
    }
    return snap
  }
}
