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
  public var status: String = ""
  /// A prompt being typed (`scale to: 12_`), or nil.
  public var prompt: String?
  /// Which panel has focus (tab cycles); an index into `DashboardRenderer.panels`.
  public var focus: Int = 0
  /// ASCII glyphs only (no UTF-8 locale, TERM=dumb).
  public var ascii = false
  /// Per-simulated-second samples for the sparklines (kept by `DashboardSession`).
  public var history = SparkHistory()
  public init() {}
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
    ("p", "promote: end the current pause or step (Rollouts)"),
    ("P", "promote fully: skip every remaining step (Rollouts)"),
    ("a", "abort the update, back to stable (Rollouts)"),
    ("r", "retry an aborted update (Rollouts)"),
    ("u", "undo: roll back to the previous revision"),
    ("s", "scale: type the replicas, Enter applies"),
    ("i", "set image: type an image, start another rollout"),
    ("k", "kill a random running pod"),
    ("n", "take a node down (type its number)"),
    ("tab", "move focus between panels (shift-tab back)"),
    ("?", "this help (Esc or ? closes)"),
    ("q", "quit"),
  ]

  /// Panel names in focus order (`tab`).
  public static let panels = ["REVISIONS", "TRAFFIC", "TREND", "NODES", "PODS", "STEPS", "ANALYSIS", "EVENTS"]

  public static func render(_ snapshot: SimulationSnapshot, ui: DashboardUI, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    let gl = ui.ascii ? Glyphs.ascii : Glyphs.unicode
    if width < minimumWidth || height < minimumHeight {
      let x = gl.times
      let line1 = "enlarge to \(minimumWidth)\(x)\(minimumHeight)"
      let line2 = "(terminal currently \(width)\(x)\(height))"
      let r = max(0, height / 2 - 1)
      g.put(line1, row: r, col: max(0, (width - line1.count) / 2), Style(.warn, bold: true))
      g.put(line2, row: r + 1, col: max(0, (width - line2.count) / 2), Style(.dim))
      return g
    }
    var r = Renderer(s: snapshot, ui: ui, gl: gl, width: width, height: height)
    r.draw(&g)
    sanitize(&g, ascii: ui.ascii)
    return g
  }

  /// Keeps every cell one column wide (and ASCII in ASCII mode) whatever the engine's
  /// strings hold (names, images, `why` texts with `→`): wide, zero-width and control
  /// characters become `?`; in ASCII mode known symbols get ASCII stand-ins.
  static func sanitize(_ g: inout Grid, ascii: Bool) {
    for i in g.cells.indices {
      let ch = g.cells[i].char
      // Fast path (most cells): one UTF-8 byte. `utf8.count` is O(1) for the small
      // strings Characters are; `isASCII` walks the scalars and topped the profile.
      let u = ch.utf8
      if u.count == 1 {
        let b = u.first!
        if b < 0x20 || b == 0x7F { g.cells[i].char = "?" }
        continue
      }
      if ascii {
        g.cells[i].char = asciiStandIn(ch)
      } else if !isSingleColumn(ch) {
        g.cells[i].char = "?"
      }
    }
  }

  static func asciiStandIn(_ ch: Character) -> Character {
    switch ch {
    case "→": return ">"
    case "←": return "<"
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

// MARK: - Glyphs

/// Every glyph is one terminal column (no emoji, no East-Asian wide characters).
struct Glyphs: Sendable {
  var h: Character
  var v: Character
  var tee: String
  var last: String
  var pipe: String
  var full: Character
  var empty: Character
  /// Partial bar eighths (index 1…7), empty for ASCII.
  var eighths: [Character]
  var spark: [Character]
  /// By `PodDisplayState.rawValue`: pending, creating, running, ready, available, crash, terminating.
  var pod: [Character]
  var times: String
  var minus: String
  var le: String
  var ge: String
  var check: Character
  var cross: Character
  var pointer: Character
  var dot: String
  var ellipsis: Character

  static let unicode = Glyphs(
    h: "─", v: "│", tee: "├─", last: "└─", pipe: "│ ", full: "█", empty: "░",
    eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"].map { Character($0) },
    spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], pod: ["○", "░", "▒", "▓", "█", "!", "×"],
    times: "×", minus: "−", le: "≤", ge: "≥", check: "✓", cross: "✗", pointer: "▶", dot: "·", ellipsis: "…")

  static let ascii = Glyphs(
    h: "-", v: "|", tee: "|-", last: "`-", pipe: "| ", full: "#", empty: ".", eighths: [],
    spark: ["_", ".", ",", "-", "=", "+", "*", "#"], pod: ["o", ":", "-", "+", "#", "!", "x"],
    times: "x", minus: "-", le: "<=", ge: ">=", check: "+", cross: "x", pointer: ">", dot: "-", ellipsis: "~")
}

// MARK: - Formatting (no Foundation: the renderer stays pure and cheap)

/// `v` with `decimals` decimals, trailing zeros kept (`12.50`).
func fixed(_ v: Double, _ decimals: Int) -> String {
  guard v.isFinite else { return "-" }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let neg = v < 0
  let n = Int64((abs(v) * scale).rounded())
  let s = Int64(scale)
  var out = String(n / s)
  if decimals > 0 {
    var frac = String(n % s)
    while frac.count < decimals { frac = "0" + frac }
    out += "." + frac
  }
  return (neg && n != 0 ? "-" : "") + out
}

/// A compact human number: `0.012`, `3.5`, `42`, `1.2k`, `3.4M`.
func compact(_ v: Double) -> String {
  let a = abs(v)
  if a >= 1_000_000 { return fixed(v / 1_000_000, 1) + "M" }
  if a >= 10_000 { return fixed(v / 1000, 0) + "k" }
  if a >= 1000 { return fixed(v / 1000, 1) + "k" }
  if a >= 100 { return fixed(v, 0) }
  if a >= 10 { return fixed(v, 1) }
  if a == 0 { return "0" }
  if a >= 1 { return fixed(v, 2) }
  return fixed(v, 3)
}

/// A count: exact below 1000 (`4`, not `4.00`), then `compact` (`5.6k`).
func countText<T: BinaryInteger>(_ n: T) -> String {
  n < 1000 && n > -1000 ? String(n) : compact(Double(n))
}

/// A time left, in the whole seconds the clock shows, rounded up (a pause that ends
/// at 34.5 s shows `1s left` at t=33.6 s, never `0.9s` or `0s`).
func wholeSecondsLeft(_ t: SimTime) -> SimTime {
  t <= 0 ? 0 : (t + 999) / 1000 * 1000
}

func padLeft(_ s: String, _ n: Int) -> String {
  s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
}

func padRight(_ s: String, _ n: Int) -> String {
  s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
}

/// `s` cut to `n` columns, with an ellipsis when cut.
func clip(_ s: String, _ n: Int, _ e: Character) -> String {
  guard n > 0 else { return "" }
  guard s.count > n else { return s }
  return String(s.prefix(n - 1)) + String(e)
}

// MARK: - The renderer

struct Renderer {
  let s: SimulationSnapshot
  let ui: DashboardUI
  let gl: Glyphs
  let width: Int
  let height: Int
  /// 160×48 and up: tree revisions, wide columns, event objects.
  let detail: Bool
  /// Revision number → colour role (oldest shown = rev0, cycling).
  let revRoles: [Int: Role]

  init(s: SimulationSnapshot, ui: DashboardUI, gl: Glyphs, width: Int, height: Int) {
    self.s = s
    self.ui = ui
    self.gl = gl
    self.width = width
    self.height = height
    detail = width >= 120 && height >= 40
    var roles: [Int: Role] = [:]
    let revRoleCycle: [Role] = [.rev0, .rev1, .rev2, .rev3]
    let n = s.revisions.count
    for (i, r) in s.revisions.enumerated() { roles[r.revision] = revRoleCycle[(n - 1 - i) % 4] }
    revRoles = roles
  }

  func revRole(_ revision: Int) -> Role { revRoles[revision] ?? .dim }

  var focusName: String { DashboardRenderer.panels[((ui.focus % DashboardRenderer.panels.count) + DashboardRenderer.panels.count) % DashboardRenderer.panels.count] }

  /// Per-state and per-node pod counts: one tight pass over `snapshot.pods` per frame.
  struct PodStats {
    var states = [Int](repeating: 0, count: 8)
    /// Index `nodes.count` counts the unscheduled.
    var perNode: [Int]
    init(perNode: [Int]) { self.perNode = perNode }
    init(_ s: SimulationSnapshot) {
      let nodeCount = s.nodes.count
      var states = [Int](repeating: 0, count: 8)
      var perNode = [Int](repeating: 0, count: nodeCount + 1)
      s.pods.withUnsafeBufferPointer { buf in
        for p in buf {
          states[Int(p.state.rawValue)] += 1
          let ni = Int(p.node)
          perNode[ni < 0 || ni >= nodeCount ? nodeCount : ni] += 1
        }
      }
      self.states = states
      self.perNode = perNode
    }
  }

  var stats = PodStats(perNode: [])

  /// Rows the left column wants (revisions, traffic, trend).
  func leftRowsWanted() -> Int {
    let revs = s.revisions.count * (detail ? 2 : 1) + 1
    let shares = max(1, DashboardRenderer.trafficPercents(s.traffic.shares).count)
    let traffic = 2 + shares + (s.traffic.setWeight != nil || s.traffic.actualWeight != nil ? 1 : 0)
    let nodes = detail ? min(s.nodes.count, 12) + 1 : 0
    return revs + traffic + 4 + nodes
  }

  /// Rows the right column wants (pods grouped by node or a flat grid, steps, analysis).
  func rightRowsWanted(w: Int) -> Int {
    let nodes = stats.perNode.indices.filter { i in
      stats.perNode[i] > 0 || (i < s.nodes.count && !s.nodes[i].up)
    }.count
    let n = s.pods.count
    let flat = max(1, (n + w - 1) / max(1, w))
    let podRows = 1 + (detail ? 1 : 2) + 2 + min(nodes, flat)
    var rows = podRows
    if let st = s.steps, !st.steps.isEmpty { rows += st.steps.count + 1 }
    if !s.analysisRuns.isEmpty { rows += s.analysisRuns.reduce(0) { $0 + 1 + $1.metrics.count } + 1 }
    return rows
  }

  mutating func draw(_ g: inout Grid) {
    stats = PodStats(s)
    drawHeader(&g)
    // Bands: header rows 0–1, footer rows H−2 (keys) and H−1 (status). The columns
    // take what they need (up to all but the events' minimum); events get the rest.
    let top = 2
    let leftW = detail ? width * 45 / 100 : max(44, width * 55 / 100)
    let minEvents = detail ? 8 : 5
    let wanted = max(leftRowsWanted(), rightRowsWanted(w: width - leftW - 2))
    let bottom = min(height - 2 - minEvents, top + max(wanted, detail ? 16 : 12))  // exclusive
    // Left column.
    var row = top
    // One blank column before the separator.
    row = drawRevisions(&g, row: row, col: 0, w: leftW - 1, maxRow: bottom)
    row = drawTraffic(&g, row: row, col: 0, w: leftW - 1, maxRow: bottom)
    row = drawTrend(&g, row: row, col: 0, w: leftW - 1, maxRow: bottom)
    if detail { _ = drawNodes(&g, row: row, col: 0, w: leftW - 1, maxRow: bottom) }
    // Separator.
    for r in top..<max(top, bottom) where leftW < width { g[r, leftW] = Cell(gl.v, Style(.dim)) }
    // Right column: steps and analysis get what they need (bounded), pods the rest.
    let rc = leftW + 2
    let rw = width - rc
    let avail = bottom - top
    var stepsRows = 0
    if let st = s.steps, !st.steps.isEmpty { stepsRows = min(st.steps.count + 1, detail ? 14 : max(4, avail / 3)) }
    var analysisRows = 0
    if !s.analysisRuns.isEmpty {
      let want = s.analysisRuns.reduce(0) { $0 + 1 + $1.metrics.count } + 1
      analysisRows = min(want, detail ? 10 : 4)
    }
    let podsRows = max(5, avail - stepsRows - analysisRows)
    var rr = drawPods(&g, row: top, col: rc, w: rw, maxRow: min(bottom, top + podsRows))
    if stepsRows > 0 { rr = drawSteps(&g, row: rr, col: rc, w: rw, maxRow: min(bottom, rr + stepsRows)) }
    if analysisRows > 0 { _ = drawAnalysis(&g, row: rr, col: rc, w: rw, maxRow: bottom) }
    drawEvents(&g, row: bottom, maxRow: height - 2)
    drawFooter(&g)
    if ui.showHelp { drawHelp(&g) }
  }

  // MARK: Header

  func phaseRole(_ p: String) -> Role {
    switch p {
    case "Healthy": return .good
    case "Degraded", "ProgressDeadlineExceeded": return .bad
    case "Paused": return .warn
    default: return .info
    }
  }

  func drawHeader(_ g: inout Grid) {
    // Right part first so the left part can be clipped before it.
    var right = "t=\(formatDuration(s.time - s.time % 1000))  speed \(ui.speedLabel)"
    if ui.paused { right += "  " }
    // The user stopped the simulated clock: not the rollout phase `Paused` (a pause step
    // or `spec.paused`), which the header shows on its own.
    let pausedText = ui.paused ? "CLOCK PAUSED" : ""
    let rightStart = width - right.count - pausedText.count - 1
    var c = g.put(s.name, row: 0, col: 0, limit: max(8, rightStart - 30), Style(.title, bold: true))
    c = g.put("  \(s.kind)  ", row: 0, col: c, limit: rightStart, Style(.dim))
    c = g.put(s.phase, row: 0, col: c, limit: rightStart, Style(phaseRole(s.phase), bold: true))
    if let st = s.steps, !st.steps.isEmpty {
      // Argo's CLI prints `Step: currentStepIndex/len(steps)` (the steps done so far).
      c = g.put("  step \(min(st.index, st.steps.count))/\(st.steps.count)", row: 0, col: c, limit: rightStart, Style(.label))
    }
    if s.finished { g.put("  complete", row: 0, col: c, limit: rightStart, Style(.good)) }
    let rc = g.put(right, row: 0, col: rightStart, Style(.label))
    if ui.paused { g.put(pausedText, row: 0, col: rc, Style(.warn, bold: true, reverse: true)) }
    // Row 1: the strategy and its parameters, replicas, the controller's message.
    var line = s.strategy + (s.strategyDetail.isEmpty ? "" : " " + s.strategyDetail)
    line += "  replicas \(s.desiredReplicas)"
    c = g.put(line, row: 1, col: 0, Style(.accent))
    if !s.message.isEmpty { g.put("  " + clip(s.message, width - c - 2, gl.ellipsis), row: 1, col: c, Style(.dim)) }
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

  func rolesText(_ r: RevisionStatus) -> (String, Role) {
    if r.roles.isEmpty { return r.isNew ? ("new", .info) : ("", .dim) }
    let role: Role = r.roles.contains(.canary) || r.roles.contains(.preview) ? .warn : .good
    return (r.roles.map(\.rawValue).joined(separator: ","), role)
  }

  mutating func drawRevisions(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row < maxRow else { return row }
    let end = col + w
    let widest = s.revisions.reduce(0) { max($0, String($1.replicas).count, String($1.pods).count) }
    let countW = max(detail ? 7 : 3, widest)
    let heads = detail ? ["DESIRED", "CURRENT", "READY", "AVAIL"] : ["DES", "CUR", "RDY", "AVL"]
    let cols = heads.map { padLeft($0, countW) }.joined(separator: " ")
    var r = title(g: &g, "REVISIONS", row: row, col: col, w: w, right: cols)
    let countsWidth = 4 * (countW + 1)
    let revs = s.revisions
    let perRev = detail ? 2 : 1
    let room = maxRow - r
    let shown = min(revs.count, max(1, room / perRev - (revs.count * perRev > room ? 1 : 0)))
    for (i, rev) in revs.prefix(shown).enumerated() {
      guard r < maxRow else { break }
      let isLast = i == revs.count - 1
      let role = revRole(rev.revision)
      var c = g.put(isLast ? gl.last : gl.tee, row: r, col: col, Style(.dim))
      c = g.put(" rev \(rev.revision)", row: r, col: c, limit: end, Style(role, bold: true))
      let (rt, rrole) = rolesText(rev)
      if !rt.isEmpty { c = g.put(" " + rt, row: r, col: c, limit: end, Style(rrole, bold: true)) }
      if let at = rev.scaleDownAt {
        c = g.put(" delay:" + formatDuration(wholeSecondsLeft(at - s.time)), row: r, col: c, limit: end, Style(.warn))
      }
      let countsCol = end - countsWidth
      let healthy = rev.available == rev.replicas && rev.pods == rev.replicas
      // Green when every pod is available; yellow while some are not (or are pending).
      let cstyle = Style(healthy ? .good : (rev.pending > 0 || rev.available < rev.replicas ? .warn : .normal))
      func counts(_ row: Int) {
        var cc = countsCol
        for v in [rev.replicas, rev.pods, rev.ready, rev.available] {
          cc = g.put(" " + padLeft(String(v), countW), row: row, col: cc, limit: end, cstyle)
        }
      }
      if detail {
        c = g.put("  age \(formatDuration(max(0, s.time - rev.createdAt) / 1000 * 1000))", row: r, col: c, limit: end, Style(.dim))
        if rev.terminating > 0 { c = g.put("  terminating \(rev.terminating)", row: r, col: c, limit: end, Style(.dim)) }
        if rev.pending > 0 { g.put("  pending \(rev.pending)", row: r, col: c, limit: end, Style(.warn)) }
        r += 1
        guard r < maxRow else { break }
        c = g.put((isLast ? "  " : gl.pipe) + " " + gl.last + " ", row: r, col: col, Style(.dim))
        c = g.put(clip(rev.name, 26, gl.ellipsis), row: r, col: c, limit: countsCol, Style(.normal))
        g.put("  " + rev.image, row: r, col: c, limit: countsCol - 1, Style(.accent))
        counts(r)
      } else {
        let room = countsCol - c - 1
        if room > 4 {
          let text = rev.name + " " + rev.image
          let t = text.count <= room ? text : clip(rev.image, room - 1, gl.ellipsis)
          let start = c + 1
          if t == text {
            let nc = g.put(rev.name, row: r, col: start, limit: countsCol, Style(.dim))
            g.put(" " + rev.image, row: r, col: nc, limit: countsCol, Style(.accent))
          } else {
            g.put(t, row: r, col: start, limit: countsCol, Style(.accent))
          }
        }
        counts(r)
      }
      r += 1
    }
    if shown < revs.count, r < maxRow {
      g.put("\(gl.last) +\(revs.count - shown) older revisions", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }

  mutating func drawTraffic(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row + 1 < maxRow else { return row }
    let end = col + w
    let t = s.traffic
    let rps = t.requestsPerSecond
    var r = title(g: &g, "TRAFFIC", row: row, col: col, w: w, right: "\(compact(rps)) rps")
    let pcts = DashboardRenderer.trafficPercents(t.shares)
    if pcts.isEmpty, r < maxRow {
      g.put("no ready endpoint: every request fails", row: r, col: col + 1, limit: end, Style(.bad, bold: true))
      r += 1
    }
    // `rev N ████▌    NN%  NN rps`: the share is the row's first `NN%`.
    let label = 8
    let rpsW = detail ? 8 : 6
    let tail = 5 + rpsW + 4 + 1
    let barW = max(4, w - label - tail)
    for (rev, pct) in pcts {
      guard r < maxRow else { break }
      let share = t.shares[rev] ?? 0
      let role = revRole(rev)
      var c = g.put(padRight("rev \(rev)", label), row: r, col: col, limit: end, Style(role, bold: true))
      c = bar(&g, row: r, col: c, width: barW, fraction: Double(pct) / 100, Style(role))
      c = g.put(padLeft("\(pct)%", 5), row: r, col: c, limit: end, Style(.normal, bold: true))
      g.put(padLeft(compact(share * rps), rpsW) + " rps", row: r, col: c, limit: end, Style(.dim))
      r += 1
    }
    if r < maxRow {
      let failRate = rps > 0 ? t.failedPerSecond / rps : 0
      let bad = t.failedPerSecond > 0
      var c = g.put("failing ", row: r, col: col, limit: end, Style(.dim))
      c = g.put("\(compact(t.failedPerSecond))/s (\(fixed(failRate * 100, 1))%)", row: r, col: c, limit: end, Style(bad ? .bad : .good, bold: bad))
      // Cumulative counts when they fit (the failures first).
      let ok = "  ok \(countText(t.requestsOk))"
      let failed = "  failed \(countText(t.requestsFailed))"
      if c + ok.count + failed.count <= end { c = g.put(ok, row: r, col: c, limit: end, Style(.dim)) }
      if c + failed.count <= end { g.put(failed, row: r, col: c, limit: end, Style(t.requestsFailed > 0 ? .warn : .dim)) }
      r += 1
    }
    if t.setWeight != nil || t.actualWeight != nil, r < maxRow {
      // Set weight (the step), actual weight (what Argo's CLI reports, from the router
      // or from the replica share) and pod share side by side: users of the real
      // tools confuse them (argo-rollouts.md, weights).
      let newest = s.revisions.first { $0.roles.contains(.canary) } ?? s.revisions.first
      let totalPods = s.revisions.reduce(0) { $0 + $1.pods }
      let podShare = totalPods > 0 ? Int((Double(newest?.pods ?? 0) / Double(totalPods) * 100).rounded()) : 0
      var c = g.put(detail ? "setWeight " : "set ", row: r, col: col, limit: end, Style(.dim))
      c = g.put(t.setWeight.map { "\($0)%" } ?? "-", row: r, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(detail ? "  actualWeight " : "  actual ", row: r, col: c, limit: end, Style(.dim))
      let mismatch = t.setWeight != nil && t.actualWeight != nil && t.setWeight != t.actualWeight
      c = g.put(t.actualWeight.map { "\($0)%" } ?? "-", row: r, col: c, limit: end, Style(mismatch ? .warn : .accent, bold: true))
      if let src = t.weightSource {
        let text = src == "router" ? (detail ? "set on the router" : "router") : (detail ? "traffic follows pods" : "by pods")
        c = g.put(" (\(text))", row: r, col: c, limit: end, Style(.dim))
      }
      c = g.put(detail ? "  pod share " : "  pods ", row: r, col: c, limit: end, Style(.dim))
      g.put("\(podShare)%", row: r, col: c, limit: end, Style(.accent, bold: true))
      r += 1
    }
    return r
  }

  /// A horizontal bar with eighth-cell resolution; returns the column after it.
  func bar(_ g: inout Grid, row: Int, col: Int, width: Int, fraction: Double, _ style: Style) -> Int {
    let f = max(0, min(1, fraction.isFinite ? fraction : 0))
    let eighthsTotal = Int((f * Double(width * 8)).rounded())
    var full = eighthsTotal / 8
    var part = eighthsTotal % 8
    if gl.eighths.isEmpty {
      full = Int((f * Double(width)).rounded())
      part = 0
    }
    for i in 0..<width {
      let c = col + i
      guard c < self.width else { break }
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

  mutating func drawTrend(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row + 1 < maxRow else { return row }
    let end = col + w
    let samples = ui.history.samples
    let valueW = 12
    let labelW = 8
    let sparkW = max(4, w - labelW - valueW - 1)
    let perCol = max(1, (samples.count + sparkW - 1) / sparkW)
    let span = formatDuration(SimTime(min(samples.count, perCol * sparkW)) * 1000)
    var r = title(g: &g, "TREND", row: row, col: col, w: w, right: samples.isEmpty ? "" : "last \(span)")
    guard !samples.isEmpty else {
      if r < maxRow {
        g.put("(history builds as simulated time passes)", row: r, col: col, limit: end, Style(.dim))
        r += 1
      }
      return r
    }
    // Columns: newest at the right; each column aggregates `perCol` seconds.
    let ncols = min(sparkW, (samples.count + perCol - 1) / perCol)
    func columns(_ agg: (ArraySlice<SparkHistory.Sample>) -> Double) -> [Double] {
      var out: [Double] = []
      var hi = samples.count
      for _ in 0..<ncols {
        let lo = max(0, hi - perCol)
        out.append(agg(samples[lo..<hi]))
        hi = lo
      }
      return out.reversed()
    }
    // The values at the right are now (the snapshot), as in the panels above; the
    // sparklines are the per-second history, whose last sample can be up to a second
    // old (and older while paused: a key pressed at t=14.2 s changes the panels at
    // once, the history only when t=15 s is reached).
    let last = SparkHistory.Sample(s)
    // Dips matter for availability (min), spikes for failures (max).
    let avail = columns { sl in Double(sl.map(\.available).min() ?? 0) }
    let maxDesired = Double(samples.map(\.desired).max() ?? 1)
    let share = columns { sl in Double(sl.last?.newShare ?? 0) / 10 }
    let failed = columns { sl in Double(sl.map(\.failedPerSecond).max() ?? 0) }
    let maxFailed = failed.max() ?? 0
    let newest = s.revisions.first?.revision ?? 0
    let rows: [(String, [Double], Double, String, Role)] = [
      ("avail", avail, max(1, maxDesired, avail.max() ?? 0), "\(last.available)/\(last.desired)", last.available < last.desired ? .warn : .good),
      // Not `rev N` here: only the TRAFFIC rows start with `rev N` (the tmux test reads them).
      // The TRAFFIC panel's percent when the newest revision serves (the same rounding,
      // so the two panels never say 38% and 39%); 0% when it serves nothing.
      ("newest", share, 100, "\(DashboardRenderer.trafficPercents(s.traffic.shares).first { $0.revision == newest }?.percent ?? 0)% traffic", revRole(newest)),
      ("failed", failed, maxFailed, "\(compact(Double(last.failedPerSecond)))/s", maxFailed > 0 ? .bad : .good),
    ]
    for (label, values, top, value, role) in rows {
      guard r < maxRow else { break }
      g.put(padRight(label, labelW), row: r, col: col, limit: end, Style(.label))
      let start = col + labelW + (sparkW - values.count)
      for (i, v) in values.enumerated() {
        let level = top > 0 ? Int((v / top * Double(gl.spark.count - 1)).rounded()) : 0
        let lv = max(0, min(gl.spark.count - 1, level))
        let zero = v <= 0
        g[r, start + i] = Cell(gl.spark[lv], Style(zero ? .dim : role))
      }
      g.putRight(value, row: r, end: end, Style(role, bold: true))
      r += 1
    }
    return r
  }

  // MARK: Nodes

  /// Detail mode: each node's pods and requested CPU / memory against allocatable.
  func drawNodes(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row + 1 < maxRow, !s.nodes.isEmpty else { return row }
    let end = col + w
    let up = s.nodes.filter(\.up).count
    var r = title(g: &g, "NODES", row: row, col: col, w: w, right: "\(up)/\(s.nodes.count) up")
    let room = maxRow - r
    let shown = s.nodes.count <= room ? s.nodes.count : max(0, room - 1)
    // Fixed columns: name 12, `NNNN pods  cpu ` 15, ` NNN%  mem ` 11, ` NNN%` 5.
    let barW = max(4, (w - 43) / 2)
    for node in s.nodes.prefix(shown) {
      var c = g.put(padRight(clip(node.name, 11, gl.ellipsis), 12), row: r, col: col, limit: end, Style(node.up ? .label : .bad))
      if !node.up {
        g.put("down (lost; takes no pods)", row: r, col: c, limit: end, Style(.bad, bold: true))
        r += 1
        continue
      }
      c = g.put(padLeft("\(node.pods)", 4) + " pods  cpu ", row: r, col: c, limit: end, Style(.dim))
      let cpu = node.cpuMillis > 0 ? Double(node.requestedCpuMillis) / Double(node.cpuMillis) : 0
      let mem = node.memoryBytes > 0 ? Double(node.requestedMemoryBytes) / Double(node.memoryBytes) : 0
      c = bar(&g, row: r, col: c, width: barW, fraction: cpu, Style(cpu > 0.9 ? .warn : .info))
      c = g.put(padLeft("\(Int((cpu * 100).rounded()))%", 5) + "  mem ", row: r, col: c, limit: end, Style(.dim))
      c = bar(&g, row: r, col: c, width: barW, fraction: mem, Style(mem > 0.9 ? .warn : .info))
      g.put(padLeft("\(Int((mem * 100).rounded()))%", 5), row: r, col: c, limit: end, Style(.dim))
      r += 1
    }
    if shown < s.nodes.count, r < maxRow {
      g.put("+\(s.nodes.count - shown) more nodes", row: r, col: col, limit: end, Style(.dim))
      r += 1
    }
    return r
  }

  // MARK: Pods

  mutating func drawPods(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row + 2 < maxRow else { return row }
    let end = col + w
    let pods = s.pods
    let n = pods.count
    let nodeCount = s.nodes.count
    let stateCounts = stats.states
    let perNode = stats.perNode
    let active = s.revisions.reduce(0) { $0 + $1.pods }
    let available = s.revisions.reduce(0) { $0 + $1.available }
    // Rows: title, capacity (1 or 2), legend (1 or 2), grid.
    var r = row
    let capRows = detail ? 1 : 2
    var legend: [(Character, Int, String, Style)] = []
    let names = ["pending", "creating", "running", "ready", "available", "crashloop", "terminating"]
    for st in PodDisplayState.allCases where stateCounts[Int(st.rawValue)] > 0 {
      let style = st == .crashLoopBackOff ? Style(.bad, bold: true) : (st == .pending ? Style(.warn) : Style(.normal))
      legend.append((gl.pod[Int(st.rawValue)], stateCounts[Int(st.rawValue)], names[Int(st.rawValue)], style))
    }
    // Legend rows needed at this width: items `G N name`, two spaces apart (the same
    // rule as the drawing below, so no item is dropped for lack of a row).
    var legendRows = 1
    var lw = 0
    for item in legend {
      let len = 3 + String(item.1).count + item.2.count
      if lw > 0, lw + 2 + len > w { legendRows += 1; lw = len } else { lw += (lw > 0 ? 2 : 0) + len }
    }
    legendRows = min(legendRows, 2)
    let gridTop = row + 1 + capRows + legendRows
    let gridRows = max(1, maxRow - gridTop)
    // Grouped by node when every node with pods (and the unscheduled) gets a row of
    // one cell per pod; otherwise a flat grid where a cell stands for k pods.
    let labelW = detail ? 10 : 7
    var usedNodes: [Int] = []
    for i in 0...nodeCount where perNode[i] > 0 || (i < nodeCount && !s.nodes[i].up) { usedNodes.append(i) }
    let maxPerNode = perNode.max() ?? 0
    let grouped = n > 0 && usedNodes.count <= gridRows && maxPerNode <= w - labelW && nodeCount > 0
    let k = grouped ? 1 : max(1, (n + gridRows * w - 1) / max(1, gridRows * w))
    let info = grouped ? "by node, 1 cell = 1 pod" : (k == 1 ? "1 cell = 1 pod" : "1 cell = \(k) pods")
    r = title(g: &g, "PODS", row: r, col: col, w: w, right: info, display: "PODS \(n)")
    // Capacity: replicas + maxSurge and replicas − maxUnavailable (the rolling-update bounds).
    let capLines: [(String, Bool)]
    let mp = s.maxPods
    let ma = s.minAvailable
    func fit(_ texts: [String]) -> String { texts.first { $0.count <= w } ?? texts[texts.count - 1] }
    // The relation shown is the real one: a bound that is broken (pods lost to a
    // node, a surge past the cap) reads `>` / `<`, in the warning colour.
    let capA =
      mp.map { m in
        let rel = active <= m ? gl.le : ">"
        return (
          fit([
            "pods \(active) \(rel) \(m) replicas+maxSurge", "pods \(active) \(rel) \(m) replicas+surge",
            "pods \(active) \(rel) max \(m)",
          ]), active <= m
        )
      }
      ?? ("pods \(active) of \(s.desiredReplicas) desired", true)
    let capB =
      ma.map { m in
        let rel = available >= m ? gl.ge : "<"
        return (
          fit([
            "avail \(available) \(rel) \(m) replicas\(gl.minus)maxUnavailable",
            "avail \(available) \(rel) \(m) replicas\(gl.minus)unavailable", "avail \(available) \(rel) min \(m)",
          ]), available >= m
        )
      }
      ?? ("avail \(available) of \(s.desiredReplicas) desired", available >= s.desiredReplicas)
    if detail {
      capLines = [(capA.0 + "   " + capB.0, capA.1 && capB.1)]
    } else {
      capLines = [capA, capB]
    }
    for (text, ok) in capLines {
      guard r < maxRow else { break }
      g.put(text, row: r, col: col, limit: end, Style(ok ? .dim : .bad, bold: !ok))
      r += 1
    }
    // Legend: glyph, count, state.
    var lc = col
    var lrow = r
    for item in legend {
      let len = 3 + String(item.1).count + item.2.count
      if lc > col, lc + 2 + len > end {
        lrow += 1
        lc = col
      } else if lc > col {
        lc += 2
      }
      if lrow >= r + legendRows || lrow >= maxRow { break }
      g[lrow, lc] = Cell(item.0, item.3)
      lc = g.put(" \(item.1) \(item.2)", row: lrow, col: lc + 1, limit: end, Style(.dim))
    }
    r += legendRows
    guard r < maxRow else { return r }
    if n == 0 {
      g.put("no pods", row: r, col: col, limit: end, Style(.dim))
      return r + 1
    }
    // Revision → role lookup by array (revision numbers are small): no hashing per pod.
    let maxRev = s.revisions.map(\.revision).max() ?? 0
    var roleOf = [Role](repeating: .dim, count: maxRev + 1)
    for (rev, role) in revRoles where rev >= 0 && rev <= maxRev { roleOf[rev] = role }
    let glyph = gl.pod
    if grouped {
      var pi = 0
      var nodeStart = [Int](repeating: 0, count: nodeCount + 2)
      for i in 0...nodeCount { nodeStart[i + 1] = nodeStart[i] + perNode[i] }
      for ni in usedNodes {
        guard r < maxRow else { break }
        let isUnscheduled = ni == nodeCount
        // `<none>`: the NODE column of `kubectl get pods -o wide` for unscheduled pods.
        let name = isUnscheduled ? "<none>" : s.nodes[ni].name
        let up = isUnscheduled || s.nodes[ni].up
        g.put(clip(name, labelW - 1, gl.ellipsis), row: r, col: col, limit: col + labelW, Style(up ? (isUnscheduled ? .warn : .label) : .bad))
        var c = col + labelW
        if !up { g.put("down", row: r, col: c, limit: end, Style(.bad, bold: true)) }
        pi = nodeStart[ni]
        let stop = nodeStart[ni + 1]
        while pi < stop, c < end {
          let p = pods[pi]
          let st = Int(p.state.rawValue)
          let role = p.state == .crashLoopBackOff ? Role.bad : (p.revision <= maxRev && p.revision >= 0 ? roleOf[p.revision] : .dim)
          g[r, c] = Cell(glyph[st], Style(role, bold: p.state == .available))
          c += 1
          pi += 1
        }
        r += 1
      }
      return r
    }
    // Flat: cell i covers pods [i·k, (i+1)·k); it shows the majority state and revision.
    let cells = (n + k - 1) / k
    var counts = [Int](repeating: 0, count: 8)
    var cellIndex = 0
    var inCell = 0
    var revOfCell = 0
    var crashIn = false
    let rows = min(gridRows, maxRow - r)
    pods.withUnsafeBufferPointer { buf in
      for p in buf {
        counts[Int(p.state.rawValue)] += 1
        if p.revision > revOfCell { revOfCell = p.revision }
        if p.state == .crashLoopBackOff { crashIn = true }
        inCell += 1
        if inCell == k || cellIndex * k + inCell == n {
          var best = 0
          for st in 1..<7 where counts[st] > counts[best] { best = st }
          let rr = cellIndex / w
          if rr < rows {
            let c = col + cellIndex % w
            // A crash loop anywhere in the cell shows: it is the state to notice.
            let st = crashIn ? 5 : best
            let role = crashIn ? Role.bad : (revOfCell <= maxRev ? roleOf[revOfCell] : .dim)
            g[r + rr, c] = Cell(glyph[st], Style(role, bold: st == 4))
          }
          cellIndex += 1
          inCell = 0
          revOfCell = 0
          crashIn = false
          for j in 0..<7 { counts[j] = 0 }
        }
      }
    }
    return r + min(rows, (cells + w - 1) / w)
  }

  // MARK: Steps

  mutating func drawSteps(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard let st = s.steps, row + 1 < maxRow else { return row }
    let end = col + w
    // Time left: the current timed pause's countdown plus later timed pauses; an
    // indefinite pause waits for a promote (pod start-up and analysis come on top).
    var left: SimTime = wholeSecondsLeft(st.pauseRemaining ?? 0)
    var waits = false
    if st.index < st.steps.count {
      for (i, text) in st.steps.enumerated() where i >= st.index {
        if text == "pause" {
          waits = true
        } else if text.hasPrefix("pause: "), i > st.index || st.pauseRemaining == nil {
          if i > st.index { left += parseDuration(String(text.dropFirst(7))) ?? 0 }
        }
      }
    }
    let est: String
    if st.index >= st.steps.count {
      est = "all steps done"
    } else if waits {
      est = left > 0 ? "\(gl.ge)\(formatDuration(left)) + promote" : "waits for promote"
    } else {
      est = "\(gl.ge)\(formatDuration(left)) left"
    }
    var r = title(g: &g, "STEPS", row: row, col: col, w: w, right: est, display: "STEPS \(min(st.index, st.steps.count))/\(st.steps.count)")
    let room = maxRow - r
    let first = st.steps.count <= room ? 0 : max(0, min(st.index - 1, st.steps.count - room))
    for i in first..<st.steps.count {
      guard r < maxRow else { break }
      let text = st.steps[i]
      let current = i == st.index
      let done = i < st.index
      let mark: Character = done ? gl.check : (current ? gl.pointer : " ")
      var line = "\(mark) \(i + 1). \(text)"
      if current, let rem = st.pauseRemaining { line += "  \(formatDuration(wholeSecondsLeft(rem))) left" }
      if current, text == "pause" { line += "  (p promotes)" }
      let style = current ? Style(.selected, bold: true, reverse: true) : Style(done ? .dim : .normal)
      let c = g.put(line, row: r, col: col, limit: end, style)
      if current { g.fill(" ", row: r, col: c, end: end, style) }
      r += 1
    }
    return r
  }

  // MARK: Analysis

  func analysisRole(_ phase: String) -> Role {
    switch phase {
    case "Successful": return .good
    case "Failed", "Error": return .bad
    case "Inconclusive": return .warn
    default: return .info
    }
  }

  mutating func drawAnalysis(_ g: inout Grid, row: Int, col: Int, w: Int, maxRow: Int) -> Int {
    guard row + 1 < maxRow else { return row }
    let end = col + w
    var r = title(g: &g, "ANALYSIS", row: row, col: col, w: w)
    for run in s.analysisRuns.reversed() {
      guard r < maxRow else { break }
      var c = g.put(run.phase, row: r, col: col, limit: end, Style(analysisRole(run.phase), bold: true))
      g.put("  \(run.kind)  \(run.name)", row: r, col: c, limit: end, Style(.dim))
      r += 1
      for m in run.metrics {
        guard r < maxRow else { break }
        c = g.put(" " + m.name, row: r, col: col, limit: end, Style(.label))
        func bare(_ t: String) -> String { t.hasPrefix("result ") ? String(t.dropFirst(7)) : t }
        let cond = m.successCondition.map { " ok if \(bare($0))" } ?? m.failureCondition.map { " fail if \(bare($0))" } ?? ""
        c = g.put(cond, row: r, col: c, limit: end, Style(.dim))
        c += 1
        // Newest measurements that fit, oldest first, each value with its verdict.
        var items: [(String, Role)] = []
        var used = 0
        for ms in m.measurements.reversed() {
          let v = ms.value.map { compact($0) } ?? "?"
          let mark = ms.phase == "Successful" ? gl.check : (ms.phase == "Failed" ? gl.cross : "?")
          let text = " \(v)\(mark)"
          if c + used + text.count > end { break }
          used += text.count
          items.append((text, analysisRole(ms.phase)))
        }
        for (text, role) in items.reversed() { c = g.put(text, row: r, col: c, limit: end, Style(role)) }
        r += 1
      }
    }
    return r
  }

  // MARK: Events

  func drawEvents(_ g: inout Grid, row: Int, maxRow: Int) {
    guard row + 1 < maxRow else { return }
    var r = title(g: &g, "EVENTS", row: row, col: 0, w: width, right: "newest last")
    if detail, r < maxRow {
      g.put(
        padRight("TIME", 9) + padRight("TYPE", 9) + padRight("REASON", 20) + padRight("OBJECT", 30) + "MESSAGE", row: r, col: 0,
        Style(.dim))
      r += 1
    }
    let rows = maxRow - r
    guard rows > 0 else { return }
    // Like `kubectl get events`' COUNT column: consecutive events of one instant with
    // the same reason (a ReplicaSet's pods being created, scheduled, started) share a
    // row, shown by their newest one with `×N`, so decisions are not scrolled away.
    var groups: [(e: SimEvent, count: Int, rows: Int)] = []
    let messageCol = detail ? 9 + 9 + 20 + 30 : 9 + 18
    var used = 0
    var i = s.events.count - 1
    while i >= 0, used < rows {
      let e = s.events[i]
      var j = i - 1
      while j >= 0, s.events[j].time == e.time, s.events[j].reason == e.reason, s.events[j].kind == e.kind, e.why == nil,
        s.events[j].why == nil
      {
        j -= 1
      }
      let count = i - j
      // In detail mode, or when EVENTS has the focus (tab), a `why` that does not fit
      // after the message gets its own row.
      let wrapWhy = detail || focusName == "EVENTS"
      let lineLen = messageCol + (count > 1 ? String(count).count + 2 : 0) + e.message.count + (e.why.map { $0.count + 3 } ?? 0)
      let need = wrapWhy && e.why != nil && lineLen > width && used + 2 <= rows ? 2 : 1
      groups.append((e, count, need))
      used += need
      i = j
    }
    for (e, count, need) in groups.reversed() {
      let warn = e.kind == .warning
      var c = g.put(padLeft(formatDuration(e.time), 7) + "  ", row: r, col: 0, Style(.dim))
      if detail {
        c = g.put(padRight(e.kind.rawValue, 9), row: r, col: c, Style(warn ? .warn : .dim))
        c = g.put(padRight(clip(e.reason, 19, gl.ellipsis), 20), row: r, col: c, Style(warn ? .warn : .info))
        c = g.put(padRight(clip(e.object, 29, gl.ellipsis), 30), row: r, col: c, Style(.dim))
      } else {
        c = g.put(padRight(clip(e.reason, 17, gl.ellipsis), 18), row: r, col: c, Style(warn ? .warn : .info))
      }
      if count > 1 { c = g.put("\(gl.times)\(count) ", row: r, col: c, Style(.label, bold: true)) }
      c = g.put(e.message, row: r, col: c, Style(warn ? .warn : .normal))
      if let why = e.why {
        if need == 2 {
          r += 1
          g.put("\(gl.last) \(why)", row: r, col: messageCol, Style(.dim))
        } else {
          g.put(" (\(why))", row: r, col: c, Style(.dim))
        }
      }
      r += 1
    }
  }

  // MARK: Footer and help

  func drawFooter(_ g: inout Grid) {
    let keysRow = height - 2
    let statusRow = height - 1
    // k9s-style: the keys that apply now, then `?` for all.
    var hints: [(String, String)] = []
    if ui.paused {
      hints.append(("space", "resume"))
      hints.append((".", "step"))
    } else {
      hints.append(("space", "pause"))
    }
    hints.append(("+/-", "speed"))
    if s.kind == "Rollout" {
      if s.phase == "Degraded" {
        hints.append(("r", "retry"))
      } else if !s.finished {
        hints.append(("p", "promote"))
        hints.append(("P", "full"))
        hints.append(("a", "abort"))
      }
    }
    hints.append(("u", "undo"))
    hints.append(("s", "scale"))
    hints.append(("i", "image"))
    hints.append(("k", "kill pod"))
    hints.append(("n", "node down"))
    hints.append(("tab", "focus"))
    let tailHints: [(String, String)] = [("?", "help"), ("q", "quit")]
    let tailLen = tailHints.reduce(0) { $0 + $1.0.count + $1.1.count + 4 }
    var c = 0
    for (k, what) in hints {
      let len = k.count + what.count + 4
      if c + len > width - tailLen { break }
      c = g.put("<\(k)>", row: keysRow, col: c, Style(.accent, bold: true))
      c = g.put(" \(what) ", row: keysRow, col: c, Style(.dim))
    }
    for (k, what) in tailHints {
      c = g.put("<\(k)>", row: keysRow, col: c, Style(.accent, bold: true))
      c = g.put(" \(what) ", row: keysRow, col: c, Style(.dim))
    }
    if let p = ui.prompt {
      let c = g.put(p + "_", row: statusRow, col: 0, Style(.selected, bold: true, reverse: true))
      g.put("  Enter applies, Esc cancels", row: statusRow, col: c, Style(.dim))
    } else if !ui.status.isEmpty {
      let rejected = ui.status.contains("rejected") || ui.status.hasSuffix(" applies here")
      g.put(ui.status, row: statusRow, col: 0, Style(rejected ? .warn : .info))
    }
  }

  static var helpLines: [(key: String, meaning: String)] { DashboardRenderer.keyHelp }

  func drawHelp(_ g: inout Grid) {
    let lines = Renderer.helpLines
    let boxW = min(width - 4, 64)
    let boxH = min(height - 2, lines.count + 5)
    let top = max(1, (height - boxH) / 2)
    let left = max(0, (width - boxW) / 2)
    let border = Style(.title, bold: true)
    for r in top..<(top + boxH) {
      g.fill(" ", row: r, col: left, end: left + boxW, Style(.normal))
      g[r, left] = Cell(gl.v, border)
      g[r, left + boxW - 1] = Cell(gl.v, border)
    }
    g.fill(gl.h, row: top, col: left, end: left + boxW, border)
    g.fill(gl.h, row: top + boxH - 1, col: left, end: left + boxW, border)
    g.put(" rollsim keys ", row: top, col: left + 2, Style(.title, bold: true, reverse: true))
    var r = top + 1
    for (k, what) in lines {
      guard r < top + boxH - 2 else { break }
      let c = g.put(padRight(k, 7), row: r, col: left + 2, limit: left + boxW - 1, Style(.accent, bold: true))
      g.put(what, row: r, col: c, limit: left + boxW - 1, Style(.normal))
      r += 1
    }
    if r < top + boxH - 1 {
      g.put("keys act at the current simulated time; --record saves them", row: r + (r < top + boxH - 2 ? 1 : 0), col: left + 2, limit: left + boxW - 1, Style(.dim))
    }
  }
}

extension Renderer {
  /// Labelled call-site helper (keeps the panel code readable).
  func title(g: inout Grid, _ name: String, row: Int, col: Int, w: Int, right: String = "", display: String? = nil) -> Int {
    title(&g, name, row: row, col: col, w: w, right: right, display: display)
  }
}
