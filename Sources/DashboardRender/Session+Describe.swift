import RolloutEngine

extension DashboardSession {
  /// The snapshot a frame draws, with what only the screen needs filled in on demand:
  /// the "why not yet" timers (one pass over the timer queue) and, in a describe
  /// view, the details of the pods listed (never for every pod of a big fleet).
  public func onScreenSnapshot() -> SimulationSnapshot {
    var snap = simulation.snapshot(maxEvents: DashboardRenderer.eventWindow)
    snap.timers = simulation.timers()
    switch ui.view {
    case .describe(let hash):
      if let rev = snap.revisions.first(where: { $0.podTemplateHash == hash }) {
        snap.podDetails = simulation.podDetails(revision: rev.revision, limit: Self.describedPods)
      }
    case .pod(let ref, _):
      snap.podDetails = simulation.podDetail(ref).map { [$0] } ?? []
    case .dashboard, .events:
      break
    }
    return snap
  }
}
