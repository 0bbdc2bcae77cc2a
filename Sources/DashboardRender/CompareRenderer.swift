import RolloutEngine
import RolloutRuns

/// The live compare screen: one compact dashboard per strategy, side by side on the
/// shared clock, the live figures under each column (the best value of each row in
/// every column marked), the key hints and the status line. Pure.
public enum CompareRenderer {
  public static let minimumHeight = 30

  public static let keyHints =
    "space pause  +/- speed  . step  p promote  P full  a abort  r retry  u undo  x kill pod  n node down  s scale  tab focus  ? help  q quit"

  public static func render(_ session: CompareSession, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    let n = session.runs.runs.count
    let gl = session.ui.ascii ? Glyphs.ascii : Glyphs.unicode
    guard width >= session.requiredWidth, height >= minimumHeight else {
      let need = "compare needs \(max(width, session.requiredWidth))\(gl.times)\(max(height, minimumHeight)) for \(n) strategies"
      let now = "(terminal \(width)\(gl.times)\(height); \(CompareSession.columnWidth) columns each — or use --format table)"
      let r = max(0, height / 2 - 1)
      g.put(need, row: r, col: max(0, (width - need.count) / 2), limit: width, Style(.warn, bold: true))
      if r + 1 < height { g.put(now, row: r + 1, col: max(0, (width - now.count) / 2), limit: width, Style(.dim)) }
      DashboardRenderer.sanitize(&g, in: Rect(g), ascii: session.ui.ascii)
      return g
    }
    let ui = session.ui
    // Row 0: the shared clock.
    let dot = " \(gl.dot) "
    var head = "rollsim compare\(dot)\(n) strategies\(dot)t=\(formatDuration(session.now - session.now % 1000))\(dot)speed \(ui.speedLabel)"
    if ui.paused { head += dot + "CLOCK PAUSED" }
    head += dot + "keys act on " + (session.focus.map { session.runs.runs[$0].label } ?? "every column")
    g.put(head, row: 0, col: 0, limit: width, Style(.title, bold: true))

    let tableHeight = CompareSession.tableRows.count + 1
    let columnTop = 1
    let columnHeight = height - columnTop - tableHeight - 2
    let columnWidth = (width - (n - 1)) / n
    let figures = session.figures
    let best = RunFigures.best(figures)
    let columnIndex = Dictionary(uniqueKeysWithValues: RunFigures.columns.enumerated().map { ($0.element.name, $0.offset) })
    for (i, run) in session.runs.runs.enumerated() {
      let x = i * (columnWidth + 1)
      let focused = session.focus == i
      g.put(
        (focused ? "\(gl.pointer) " : "") + run.label, row: columnTop, col: x, limit: x + columnWidth,
        Style(focused ? .selected : .accent, bold: true))
      var colUI = DashboardUI()
      colUI.ascii = ui.ascii
      colUI.speedLabel = ui.speedLabel
      colUI.paused = ui.paused
      Dashboard.render(
        run.simulation.snapshot(maxEvents: 0), history: session.histories[i], ui: colUI,
        into: Rect(x: x, y: columnTop + 1, width: columnWidth, height: columnHeight - 1), on: &g, style: .compact)
      if i + 1 < n {
        for row in columnTop..<(columnTop + columnHeight + tableHeight) { g.put(String(gl.v), row: row, col: x + columnWidth, Style(.dim)) }
      }
      // The figures of this column.
      let top = columnTop + columnHeight
      g.put("FIGURES", row: top, col: x, limit: x + columnWidth, Style(.title, bold: true))
      for (r, row) in CompareSession.tableRows.enumerated() {
        let c = columnIndex[row.column] ?? 0
        let cell = figures[i].cells[c]
        let isBest = best[i][c]
        var value = cell.text.isEmpty ? "-" : cell.text
        if row.column == "duration" || row.column == "pausedSeconds" {
          value = cell.number.map { formatDuration(SimTime.seconds($0.rounded(.down))) } ?? "-"
        }
        if row.column == "outcome", !run.isFinished { value = "running" }
        g.put(row.name, row: top + 1 + r, col: x, limit: x + columnWidth, Style(.label))
        g.putRight(value + (isBest ? (ui.ascii ? " *" : " ★") : "  "), row: top + 1 + r, end: x + columnWidth, Style(isBest ? .good : .normal, bold: isBest))
      }
    }
    g.put(keyHints, row: height - 2, col: 0, limit: width, Style(.dim))
    if let p = session.prompt {
      g.put((p.kind == .scale ? "scale to replicas: " : "node to take down: ") + p.text, row: height - 1, col: 0, limit: width, Style(.accent, bold: true))
    } else {
      g.put(ui.status, row: height - 1, col: 0, limit: width, Style(.info))
    }
    if ui.showHelp { drawHelp(&g) }
    DashboardRenderer.sanitize(&g, in: Rect(g), ascii: ui.ascii)
    return g
  }

  static let help: [(String, String)] = [
    ("space", "pause / resume the shared clock"), ("+ -", "speed"), (".", "next event (while paused)"),
    ("p P", "promote / promote fully"), ("a r", "abort / retry"), ("u", "undo"), ("x", "kill a random running pod"),
    ("n", "take a node down"), ("s", "scale"), ("tab", "keys act on one column, then the next; last tab: all"),
    ("★", "the best value of that figure"), ("q", "quit"),
  ]

  static func drawHelp(_ g: inout Grid) {
    let w = min(g.width - 4, 70)
    let h = help.count + 2
    let x = (g.width - w) / 2
    let y = max(1, (g.height - h) / 2)
    for row in y..<(y + h) { g.fill(" ", row: row, col: x, end: x + w, Style(.normal, reverse: true)) }
    g.put(" compare keys ", row: y, col: x + 2, limit: x + w, Style(.title, bold: true, reverse: true))
    for (i, (k, m)) in help.enumerated() {
      g.put(" \(k)", row: y + 1 + i, col: x, limit: x + 10, Style(.accent, bold: true, reverse: true))
      g.put(m, row: y + 1 + i, col: x + 10, limit: x + w, Style(.normal, reverse: true))
    }
  }
}
