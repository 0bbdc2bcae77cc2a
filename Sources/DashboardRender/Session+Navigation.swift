import RolloutEngine

/// k9s-style navigation: `j` / `k` / arrows move in the focused list, Enter opens
/// (a ReplicaSet described, or every event), `e` the events view, `/` filters
/// EVENTS, Esc goes back one step.
extension DashboardSession {
  /// The focused panel's name.
  var focusName: String {
    let n = DashboardRenderer.panels.count
    return DashboardRenderer.panels[((ui.focus % n) + n) % n]
  }

  /// `j` / `k` scroll (and `k` does not kill a pod) in a full-screen view or a
  /// focused EVENTS panel; in REVISIONS (focused at start) the arrows select, so
  /// `k` keeps killing a pod there as it always did.
  var navigating: Bool { ui.view != .dashboard || focusName == "EVENTS" }

  /// Moves the selection (REVISIONS) or scrolls the events (EVENTS, events view).
  mutating func move(_ delta: Int) {
    let snap = focusedSnapshot(maxEvents: DashboardRenderer.eventWindow, includePods: false)
    switch ui.view {
    case .events:
      ui.eventScroll = max(0, min(max(0, filteredEventCount(snap) - 1), ui.eventScroll - delta))
    case .describe:
      break
    case .dashboard:
      if focusName == "EVENTS" {
        ui.eventScroll = max(0, min(max(0, filteredEventCount(snap) - 1), ui.eventScroll - delta))
      } else {
        ui.selection = max(0, min(max(0, snap.revisions.count - 1), ui.selection + delta))
      }
    }
  }

  func filteredEventCount(_ snap: SimulationSnapshot) -> Int {
    guard let f = ui.eventFilter else { return snap.events.count }
    return snap.events.filter { eventMatches($0, f) }.count
  }

  /// Enter: describe the selected ReplicaSet (REVISIONS), or every event (EVENTS).
  mutating func open() {
    switch ui.view {
    case .dashboard:
      if focusName == "EVENTS" {
        ui.view = .events
        return
      }
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      guard !snap.revisions.isEmpty else {
        ui.status = "Enter: no ReplicaSet to describe yet"
        return
      }
      let rev = snap.revisions[max(0, min(snap.revisions.count - 1, ui.selection))]
      ui.view = .describe(rev.podTemplateHash)
    case .describe, .events:
      break
    }
  }

  /// Esc: closes the help, then a view, then the filter, then the status message.
  mutating func back() {
    if ui.showHelp {
      ui.showHelp = false
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
