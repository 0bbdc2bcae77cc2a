import RolloutEngine

/// The dashboard's own state besides the simulation: what the user set (speed,
/// pause, focus, overlays) and what the screen remembers (history for sparklines,
/// the status line). Plain values; the renderer reads it, never the clock.
public struct DashboardUI: Sendable, Hashable {
  /// `1×`, `0.25×`, `max`.
  public var speedLabel: String = "1×"
  public var paused = false
  public var showHelp = false
  /// A one-line message: the outcome of the last key (`promote: a Deployment has no steps`).
  public var status: String = ""
  /// A prompt being typed (`scale to: 12_`), or nil.
  public var prompt: String?
  /// Which panel has focus (tab cycles).
  public var focus: Int = 0
  /// ASCII glyphs only (no UTF-8 locale, TERM=dumb).
  public var ascii = false
  public init() {}
}

/// Renders a simulation snapshot to a grid of styled cells. Pure: same inputs, same grid.
public enum DashboardRenderer {
  /// The smallest screen the full layout needs.
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  public static func render(_ snapshot: SimulationSnapshot, ui: DashboardUI, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    if width < minimumWidth || height < minimumHeight {
      g.put("enlarge to \(minimumWidth)×\(minimumHeight)", row: height / 2, col: 0, Style(.warn, bold: true))
      return g
    }
    let header = "\(snapshot.name)  \(snapshot.strategy)  \(snapshot.phase)  t=\(formatDuration(snapshot.time))  \(ui.speedLabel)"
    g.put(header + (ui.paused ? "  PAUSED" : ""), row: 0, col: 0, Style(.title, bold: true))
    var row = 2
    g.put("TRAFFIC", row: row, col: 0, Style(.label, bold: true))
    row += 1
    for r in snapshot.revisions where snapshot.traffic.shares[r.revision] != nil {
      let pct = Int((snapshot.traffic.shares[r.revision]! * 100).rounded())
      g.put(" rev \(r.revision)  \(r.image)  \(pct)%", row: row, col: 0)
      row += 1
    }
    if ui.showHelp {
      g.put("rollsim keys", row: 5, col: 10, Style(.title, bold: true))
      g.put("space pause/resume   u undo   q quit   ? close", row: 6, col: 10)
    }
    g.put(ui.status, row: height - 1, col: 0)
    return g
  }
}
