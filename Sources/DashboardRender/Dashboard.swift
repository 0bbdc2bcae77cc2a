import RolloutEngine

/// The dashboard's own state besides the simulation: what the user set (speed,
/// pause, focus, overlays) and what the screen remembers (history for sparklines,
/// the status line). Plain values; the renderer reads it, never the clock.
public struct DashboardUI: Sendable, Hashable {
  /// `1×`, `0.25×`, `max`.
  public var speedLabel: String = "1×"
  /// The user paused the simulated clock (space); distinct from the `pause` verb,
  /// which pauses the rollout inside the simulation.
  public var paused = false
  public var showHelp = false
  /// A one-line message: the outcome of the last key (`promote: a Deployment has no steps`).
  /// Setting it makes it an ordinary message; `warn(_:)` makes it a warning.
  public var status: String = "" {
    didSet { statusIsWarning = false }
  }
  /// The status line says a key or a typed value was rejected (drawn as a warning).
  public private(set) var statusIsWarning = false

  /// Shows `text` as a warning: a rejected action or a value that can't be used.
  public mutating func warn(_ text: String) {
    status = text
    statusIsWarning = true
  }
  /// A prompt being typed (`scale to: 12_`), or nil.
  public var prompt: String?
  /// What Enter takes if nothing is typed, shown dim after the cursor (`[1]`).
  public var promptHint: String?
  /// Which panel has focus (tab cycles); an index into `DashboardRenderer.panels`.
  public var focus: Int = 0
  /// Several workloads share the cluster: the WORKLOADS list (empty with one) and
  /// the one whose panels show (`w` / `W`), an index in input order.
  public var workloads: [WorkloadRow] = []
  public var focusedWorkload = 0
  /// The rollout has settled and nothing is pending: the clock stopped (see
  /// `DashboardSession.tick`).
  public var settled = false
  /// What fills the screen: the dashboard, a ReplicaSet described (Enter on
  /// REVISIONS), or every event (Enter on EVENTS, `e`). Esc goes back.
  public enum View: Sendable, Hashable {
    case dashboard
    /// The ReplicaSet with this pod-template hash.
    case describe(String)
    /// One pod (Enter on a pod of a described ReplicaSet, or on the PODS grid); Esc
    /// goes back to `from` (the ReplicaSet's hash) or the dashboard.
    case pod(PodRef, from: String?)
    case events
  }
  public var view: View = .dashboard
  /// The selected row of the focused panel (`j` / `k`): a revision in REVISIONS.
  public var selection = 0
  /// The selected pod: a row of a described ReplicaSet, or a cell of a focused PODS
  /// grid (an index into `snapshot.pods`).
  public var podSelection = 0
  /// Events scrolled back from the newest (`j` / `k` in EVENTS and the events view).
  public var eventScroll = 0
  /// `/`: EVENTS shows only events whose reason or object contains this (any case).
  public var eventFilter: String?
  /// While paused: what happens next and when (`DashboardSession.nextUp`), shown in
  /// the status line when nothing else is.
  public var nextUp: String?
  /// The end-of-run report once the rollout settles (`DashboardSession.endOfRunReport`),
  /// drawn as a banner over EVENTS; nil while it runs.
  public var banner: EndOfRun?
  /// `b`: pause the clock at notable events (`NotableEvent`).
  public var breakpoints = false
  /// ASCII glyphs only (no UTF-8 locale, TERM=dumb).
  public var ascii = false
  /// Pod-template hash → revision colour index, kept by the session as ReplicaSets
  /// appear (`RevisionColours.assign`), so a ReplicaSet keeps its colour for life.
  public var revisionColours: [String: Int] = [:]
  /// Per-simulated-second samples for the sparklines (kept by `DashboardSession`).
  public var history = SparkHistory()
  public init() {}
}

/// The end-of-run report: its lines and whether the rollout completed healthy.
public struct EndOfRun: Sendable, Hashable {
  public var lines: [String]
  public var complete: Bool
  public init(lines: [String], complete: Bool) {
    self.lines = lines
    self.complete = complete
  }
}

/// Renders a simulation snapshot to a grid of styled cells. Pure: same inputs, same grid.
///
/// Layout (80×24 and up; more space gives more detail): two header rows; a left
/// column with REVISIONS, TRAFFIC and TREND; a right column with PODS, STEPS and
/// ANALYSIS; an EVENTS band across the bottom; the key hints and the status line.
public enum DashboardRenderer {
  /// The smallest screen the full layout needs.
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  /// Every key with its meaning: what `?` shows under `rollsim keys` (and what a
  /// README key list can print).
  public static let keyHelp: [(key: String, meaning: String)] = [
    ("space", "pause / resume the simulated clock (not the rollout)"),
    ("+ -", "speed: 0.25x ... 64x, then max (as fast as possible)"),
    (".", "advance to the next event (while paused)"),
    ("p P", "promote: end this pause or step / skip every step"),
    ("a r", "abort the update, back to stable / retry it"),
    ("z Z", "pause / resume the rollout (spec.paused)"),
    ("u U", "undo to the previous revision / to one you pick"),
    ("s i", "scale (type the replicas) / set image (type one)"),
    ("x", "kill a random running pod"),
    ("n N", "take a node down / bring one up (type its number)"),
    ("R", "restart the scenario from t=0"),
    ("< >", "jump to the previous / next decision"),
    ("g", "go to a time, e.g. 1m30s (re-run from t=0, keys kept)"),
    ("b", "breakpoints: pause the clock at notable events"),
    ("tab", "focus the next panel (shift-tab back)"),
    ("j k", "down / up in the focused panel or view (also the arrows)"),
    ("Enter", "describe the selected ReplicaSet or pod; e: all events"),
    ("/", "filter EVENTS by reason or object (Esc clears)"),
    ("? q", "this help (Esc or ? closes) / quit"),
  ]

  /// How many of the newest events a frame asks the simulation for (EVENTS shows a
  /// group that reaches the start of this window as `×N+`).
  public static let eventWindow = 400

  /// Panel names in focus order (`tab`).
  public static let panels = ["REVISIONS", "TRAFFIC", "TREND", "NODES", "PODS", "STEPS", "ANALYSIS", "EVENTS"]

  /// The whole screen for `watch`: `Dashboard.render` in the full style over a grid
  /// of `width`×`height`, with `ui.history` for the sparklines.
  public static func render(_ snapshot: SimulationSnapshot, ui: DashboardUI, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    Dashboard.render(snapshot, history: ui.history, ui: ui, into: Rect(g), on: &g, style: .full)
    return g
  }

  /// Keeps every cell one column wide (and ASCII in ASCII mode) whatever the engine's
  /// strings hold (names, images, `why` texts with `→`): wide, zero-width and control
  /// characters become `?`; in ASCII mode known symbols get ASCII stand-ins.
  static func sanitize(_ g: inout Grid, in rect: Rect, ascii: Bool) {
    for row in rect.y..<max(rect.y, rect.maxY) {
      for col in rect.x..<max(rect.x, rect.maxX) {
        sanitizeCell(&g, row * g.width + col, ascii: ascii)
      }
    }
  }

  static func sanitizeCell(_ g: inout Grid, _ i: Int, ascii: Bool) {
    let ch = g.cells[i].char
    // Fast path (most cells): one UTF-8 byte. `utf8.count` is O(1) for the small
    // strings Characters are; `isASCII` walks the scalars and topped the profile.
    let u = ch.utf8
    if u.count == 1 {
      let b = u.first!
      if b < 0x20 || b == 0x7F { g.cells[i].char = "?" }
      return
    }
    if ascii {
      g.cells[i].char = asciiStandIn(ch)
    } else if !isSingleColumn(ch) {
      g.cells[i].char = "?"
    }
  }

  static func asciiStandIn(_ ch: Character) -> Character {
    switch ch {
    case "→": return ">"
    case "←": return "<"
    case "↑": return "^"
    case "↓": return "v"
    case "×": return "x"
    case "−", "–", "—", "─": return "-"
    case "≤": return "<"
    case "≥": return ">"
    case "…": return "~"
    case "·", "•": return "."
    case "│": return "|"
    default: return "?"
    }
  }

  /// False for East-Asian wide / fullwidth ranges, emoji, zero-width and control
  /// scalars, and characters made of several scalars that are not a base + marks.
  static func isSingleColumn(_ ch: Character) -> Bool {
    let scalars = ch.unicodeScalars
    guard let first = scalars.first else { return false }
    for (i, sc) in scalars.enumerated() where i > 0 {
      // Combining marks keep the base's single column; anything else (ZWJ sequences,
      // variation selectors asking for emoji) does not.
      if !(0x0300...0x036F).contains(sc.value) { return false }
    }
    let v = first.value
    if v < 0xA0 { return v >= 0x20 && v != 0x7F }
    if (0x200B...0x200F).contains(v) || (0x2028...0x202E).contains(v) || (0x2060...0x206F).contains(v) { return false }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F000...0x1FAFF).contains(v)
      || (0x20000...0x3FFFD).contains(v) || (0x2600...0x27BF).contains(v) && first.properties.isEmojiPresentation
      || (0x0300...0x036F).contains(v) || (0xFE00...0xFE0F).contains(v)
    {
      return false
    }
    return true
  }

  /// Integer percentages of `shares` (revision → 0…1) that sum to exactly 100 when
  /// anything serves (largest-remainder rounding; ties go to the newer revision),
  /// ordered newest revision first. Revisions with a zero share are left out.
  public static func trafficPercents(_ shares: [Int: Double]) -> [(revision: Int, percent: Int)] {
    let items = shares.filter { $0.value > 0 && $0.value.isFinite }.sorted { $0.key > $1.key }
    let total = items.reduce(0) { $0 + $1.value }
    guard total > 0 else { return [] }
    var floors: [Int] = []
    var rema: [(i: Int, rem: Double)] = []
    for (i, it) in items.enumerated() {
      let exact = it.value / total * 100
      let f = Int(exact.rounded(.down))
      floors.append(f)
      rema.append((i, exact - Double(f)))
    }
    var left = 100 - floors.reduce(0, +)
    rema.sort { $0.rem != $1.rem ? $0.rem > $1.rem : $0.i < $1.i }
    var k = 0
    while left > 0, !rema.isEmpty {
      floors[rema[k % rema.count].i] += 1
      left -= 1
      k += 1
    }
    return items.enumerated().map { ($0.element.key, floors[$0.offset]) }
  }
}
