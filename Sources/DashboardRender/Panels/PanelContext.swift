import RolloutEngine

// MARK: - The renderer

/// What every panel reads: the snapshot, the user's settings, the history, the glyphs
/// and the rectangle of the grid the dashboard owns. Each panel (one file per panel in
/// `Panels/`) is an extension drawing inside the `Rect` it is given and returning the
/// row after what it drew; `Layout.swift` decides the rectangles.
struct Renderer {
  let s: SimulationSnapshot
  var ui: DashboardUI
  /// The sparklines' samples (the caller's, not necessarily `ui.history`).
  let history: SparkHistory
  let gl: Glyphs
  /// The part of the grid this dashboard owns (the whole screen for `watch`).
  let rect: Rect
  let width: Int
  let height: Int
  /// 120×40 and up: tree revisions, wide columns, event objects.
  let detail: Bool
  /// The describe view's events: the filter also matches messages (`Scaled up
  /// ReplicaSet shop-7d4b9`), not only reasons and objects.
  var filterMessages = false
  /// Revision number → colour role, by ReplicaSet identity (`RevisionColours`).
  let revRoles: [Int: Role]

  init(s: SimulationSnapshot, ui: DashboardUI, history: SparkHistory, gl: Glyphs, rect: Rect, detail: Bool? = nil) {
    self.s = s
    self.ui = ui
    self.history = history
    self.gl = gl
    self.rect = rect
    width = rect.width
    height = rect.height
    self.detail = detail ?? (rect.width >= 120 && rect.height >= 40)
    // By ReplicaSet identity (the session remembers the colours; a ReplicaSet it
    // has not seen yet gets the one it will be given).
    let colours = RevisionColours.assign(ui.revisionColours, s.revisions)
    var roles: [Int: Role] = [:]
    for r in s.revisions { roles[r.revision] = RevisionColours.roles[colours[r.podTemplateHash] ?? 0] }
    revRoles = roles
  }

  func revRole(_ revision: Int) -> Role { revRoles[revision] ?? .dim }

  var focusName: String { DashboardRenderer.panels[((ui.focus % DashboardRenderer.panels.count) + DashboardRenderer.panels.count) % DashboardRenderer.panels.count] }

  /// Per-state and per-node pod counts (the snapshot's `PodTable` counted them).
  struct PodStats {
    var states = [Int](repeating: 0, count: 8)
    /// Index `nodes.count` counts the unscheduled.
    var perNode: [Int]
    init(perNode: [Int]) { self.perNode = perNode }
    init(_ s: SimulationSnapshot) {
      states = s.podTable.stateCounts
      perNode = s.podTable.countsByNode(nodeCount: s.nodes.count)
    }
  }

  var stats = PodStats(perNode: [])

  /// Rows the left column wants (revisions, traffic, trend).
  func leftRowsWanted() -> Int {
    let revs = s.revisions.count * (detail ? 2 : 1) + 1
    let shares = max(1, DashboardRenderer.trafficPercents(s.traffic.shares).count)
    let services = s.strategy == .blueGreen ? 3 : 0
    let traffic = 2 + shares + services + (s.traffic.setWeight != nil || s.traffic.actualWeight != nil ? 1 : 0)
    let nodes = detail ? min(s.nodes.count, 12) + 1 : 0
    return revs + traffic + 4 + nodes
  }

  /// Rows the right column wants (pods grouped by node or a flat grid, steps, analysis).
  func rightRowsWanted(w: Int) -> Int {
    let nodes = stats.perNode.indices.filter { i in
      stats.perNode[i] > 0 || (i < s.nodes.count && !s.nodes[i].up)
    }.count
    let n = s.podTable.count
    let flat = max(1, (n + w - 1) / max(1, w))
    let podRows = 1 + (detail ? 1 : 2) + 2 + min(nodes, flat)
    var rows = podRows
    if let st = s.steps, !st.steps.isEmpty { rows += st.steps.count + 1 }
    if !s.analysisRuns.isEmpty { rows += s.analysisRuns.reduce(0) { $0 + 1 + $1.metrics.count } + 1 }
    return rows
  }

  // MARK: Panels

  /// `TITLE ──── right`; returns the next row.
  func title(_ g: inout Grid, _ name: String, row: Int, col: Int, w: Int, right: String = "", display: String? = nil) -> Int {
    let focused = focusName == name
    let c = g.put(display ?? name, row: row, col: col, limit: col + w, Style(focused ? .selected : .label, bold: true, reverse: focused))
    let end = col + w
    let rStart = right.isEmpty ? end : end - right.count - 1
    g.fill(gl.h, row: row, col: c + 1, end: max(c + 1, rStart - 1), Style(.dim))
    if !right.isEmpty, rStart > c + 1 { g.put(right, row: row, col: rStart, limit: end, Style(.dim)) }
    return row + 1
  }

  /// A horizontal bar with eighth-cell resolution; returns the column after it.
  /// Never draws at or past column `limit`.
  func bar(_ g: inout Grid, row: Int, col: Int, width: Int, limit: Int, fraction: Double, _ style: Style) -> Int {
    let f = max(0, min(1, fraction.isFinite ? fraction : 0))
    let eighthsTotal = Int((f * Double(width * 8)).rounded())
    var full = eighthsTotal / 8
    var part = eighthsTotal % 8
    if gl.eighths.isEmpty {
      full = Int((f * Double(width)).rounded())
      part = 0
    }
    g.noteRun(row: row, col: col, end: Swift.min(col + width, limit))
    for i in 0..<width {
      let c = col + i
      guard c < limit, c < g.width else { break }
      if i < full {
        g[row, c] = Cell(gl.full, style)
      } else if i == full && part > 0 {
        g[row, c] = Cell(gl.eighths[part - 1], style)
      } else {
        g[row, c] = Cell(gl.empty, Style(.dim))
      }
    }
    return col + width
  }
}

extension Renderer {
  /// Labelled call-site helper (keeps the panel code readable).
  func title(g: inout Grid, _ name: String, row: Int, col: Int, w: Int, right: String = "", display: String? = nil) -> Int {
    title(&g, name, row: row, col: col, w: w, right: right, display: display)
  }
}
