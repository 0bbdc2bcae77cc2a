import RolloutEngine

/// k9s-style navigation: `j` / `k` / arrows move in the focused list (REVISIONS,
/// PODS, EVENTS, a described ReplicaSet's pods), Enter opens (a ReplicaSet or a pod
/// described, or every event), `e` the events view, `/` filters EVENTS, Esc goes
/// back one step. (`x` kills a pod, so `k` never has two meanings.)
extension DashboardSession {
  /// The focused panel's name.
  var focusName: String {
    let n = DashboardRenderer.panels.count
    return DashboardRenderer.panels[((ui.focus % n) + n) % n]
  }

  /// Rows a describe view lists pods for (the session asks the engine for at most
  /// this many, on demand).
  static let describedPods = 200

  /// `j` / `k` / arrows: move the selection (REVISIONS, PODS, a described
  /// ReplicaSet's pods) or scroll (EVENTS, the events view).
  mutating func move(_ delta: Int) {
    let snap = focusedSnapshot(maxEvents: DashboardRenderer.eventWindow, includePods: false)
    switch ui.view {
    case .events:
      ui.eventScroll = max(0, min(max(0, filteredEventCount(snap) - 1), ui.eventScroll - delta))
    case .describe(let hash):
      let rev = snap.revisions.first { $0.podTemplateHash == hash }
      let count = rev.map { simulation.podDetails(revision: $0.revision, limit: Self.describedPods, workload: ui.focusedWorkload).count } ?? 0
      ui.podSelection = max(0, min(max(0, count - 1), ui.podSelection + delta))
    case .pod:
      break
    case .dashboard:
      switch focusName {
      case "EVENTS":
        ui.eventScroll = max(0, min(max(0, filteredEventCount(snap) - 1), ui.eventScroll - delta))
      case "PODS":
        let n = snap.revisions.reduce(0) { $0 + $1.pods + $1.terminating }
        ui.podSelection = max(0, min(max(0, n - 1), ui.podSelection + delta))
      default:
        ui.selection = max(0, min(max(0, snap.revisions.count - 1), ui.selection + delta))
      }
    }
  }

  func filteredEventCount(_ snap: SimulationSnapshot) -> Int {
    guard let f = ui.eventFilter else { return snap.events.count }
    return snap.events.filter { eventMatches($0, f) }.count
  }

  /// Enter: describe the selected ReplicaSet (REVISIONS) or pod (PODS, a described
  /// ReplicaSet's pod rows), or every event (EVENTS).
  mutating func open() {
    switch ui.view {
    case .dashboard:
      if focusName == "EVENTS" {
        ui.view = .events
        return
      }
      if focusName == "PODS" {
        guard let ref = simulation.podRef(viewIndex: ui.podSelection, workload: ui.focusedWorkload) else {
          ui.status = "Enter: no pod to describe"
          return
        }
        ui.view = .pod(ref, from: nil)
        return
      }
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      guard !snap.revisions.isEmpty else {
        ui.status = "Enter: no ReplicaSet to describe yet"
        return
      }
      let rev = snap.revisions[max(0, min(snap.revisions.count - 1, ui.selection))]
      ui.view = .describe(rev.podTemplateHash)
      ui.podSelection = 0
    case .describe(let hash):
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      guard let rev = snap.revisions.first(where: { $0.podTemplateHash == hash }) else { return }
      let pods = simulation.podDetails(revision: rev.revision, limit: Self.describedPods, workload: ui.focusedWorkload)
      guard !pods.isEmpty else {
        ui.status = "Enter: the ReplicaSet has no pods"
        return
      }
      ui.view = .pod(pods[max(0, min(pods.count - 1, ui.podSelection))].ref, from: hash)
    case .pod, .events:
      break
    }
  }

  /// Esc: closes the help, then a view, then the filter, then the status message.
  mutating func back() {
    if ui.showHelp {
      ui.showHelp = false
    } else if case .pod(_, let from?) = ui.view {
      ui.view = .describe(from)
    } else if ui.view != .dashboard {
      ui.view = .dashboard
    } else if ui.eventFilter != nil {
      ui.eventFilter = nil
      ui.eventScroll = 0
      ui.status = "filter cleared"
    } else {
      ui.status = ""
    }
  }

  /// `/` applied: an empty filter clears it.
  mutating func applyFilter(_ text: String) {
    ui.eventFilter = text.isEmpty ? nil : text
    ui.eventScroll = 0
    let snap = focusedSnapshot(maxEvents: DashboardRenderer.eventWindow, includePods: false)
    ui.status = text.isEmpty ? "filter cleared" : "EVENTS filtered by \"\(text)\": \(filteredEventCount(snap)) events (Esc clears)"
  }
}

/// Whether `e`'s reason or object contains `filter`, ignoring case (a user's search).
func eventMatches(_ e: SimEvent, _ filter: String) -> Bool {
  let f = filter.lowercased()
  return e.reason.lowercased().contains(f) || e.object.lowercased().contains(f)
}
