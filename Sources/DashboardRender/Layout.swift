import RolloutEngine

/// How much of the dashboard to draw in a rectangle.
public enum DashboardStyle: Sendable, Hashable {
  /// Everything `watch` shows: header, REVISIONS, TRAFFIC, TREND, PODS, STEPS,
  /// ANALYSIS, EVENTS, key hints and the status line (needs 80×24).
  case full
  /// One simulation in a column of a bigger screen (a compare view): the header
  /// (name, phase, step), REVISIONS, TRAFFIC bars, the PODS grid and the TREND
  /// sparklines; no events, keys or status line.
  case compact
}

/// The public entry: draws one simulation's dashboard inside `rect` of a grid the
/// caller owns, from the snapshot and the sparkline history (no session needed, so
/// a compare view can draw several simulations side by side). Pure.
public enum Dashboard {
  /// The smallest rectangle the compact style draws in.
  public static let compactMinimumWidth = 36
  public static let compactMinimumHeight = 10

  /// Draws `snapshot` into `rect` of `grid` in `style`; cells outside `rect` are
  /// never written. A rectangle too small for the style gets an "enlarge" note.
  ///
  /// - Parameters:
  ///   - snapshot: the simulation's state now (`Simulation.snapshot()`).
  ///   - history: the per-second samples the TREND sparklines draw.
  ///   - ui: speed label, pause, focus, prompt, status (`DashboardUI()` for none).
  public static func render(
    _ snapshot: SimulationSnapshot, history: SparkHistory, ui: DashboardUI = DashboardUI(), into rect: Rect,
    on grid: inout Grid, style: DashboardStyle = .full
  ) {
    let rect = Rect(
      x: max(0, rect.x), y: max(0, rect.y), width: min(rect.width, grid.width - max(0, rect.x)),
      height: min(rect.height, grid.height - max(0, rect.y)))
    let gl = ui.ascii ? Glyphs.ascii : Glyphs.unicode
    let (minW, minH) =
      style == .full
      ? (DashboardRenderer.minimumWidth, DashboardRenderer.minimumHeight) : (compactMinimumWidth, compactMinimumHeight)
    if rect.width < minW || rect.height < minH {
      let x = gl.times
      let line1 = "enlarge to \(minW)\(x)\(minH)"
      let line2 = style == .full ? "(terminal currently \(rect.width)\(x)\(rect.height))" : "(now \(rect.width)\(x)\(rect.height))"
      let r = rect.y + max(0, rect.height / 2 - 1)
      grid.put(line1, row: r, col: rect.x + max(0, (rect.width - line1.count) / 2), limit: rect.maxX, Style(.warn, bold: true))
      if r + 1 < rect.maxY {
        grid.put(line2, row: r + 1, col: rect.x + max(0, (rect.width - line2.count) / 2), limit: rect.maxX, Style(.dim))
      }
      DashboardRenderer.sanitize(&grid, in: rect, ascii: ui.ascii)
      return
    }
    var r = Renderer(s: snapshot, ui: ui, history: history, gl: gl, rect: rect, detail: style == .compact ? false : nil)
    switch style {
    case .full: r.drawFull(&grid)
    case .compact: r.drawCompact(&grid)
    }
    DashboardRenderer.sanitize(&grid, in: rect, ascii: ui.ascii)
  }
}

extension Renderer {
  /// The full screen: two header rows; a left column with REVISIONS, TRAFFIC, TREND
  /// (and NODES in detail); a right column with PODS, STEPS and ANALYSIS; an EVENTS
  /// band; the key hints and the status line.
  mutating func drawFull(_ g: inout Grid) {
    stats = PodStats(s)
    let (x0, y0) = (rect.x, rect.y)
    drawHeader(&g, in: rect.rows(y0, y0 + 2))
    // A full-screen view (Enter, `e`): under the header, above the key hints.
    switch ui.view {
    case .dashboard:
      break
    case .describe(let hash):
      drawDescribe(&g, hash: hash, in: rect.rows(y0 + 2, rect.maxY - 2))
      drawFooter(&g, in: rect.rows(rect.maxY - 2, rect.maxY))
      if ui.showHelp { drawHelp(&g, in: rect) }
      return
    case .pod(let ref, _):
      drawDescribePod(&g, ref, in: rect.rows(y0 + 2, rect.maxY - 2))
      drawFooter(&g, in: rect.rows(rect.maxY - 2, rect.maxY))
      if ui.showHelp { drawHelp(&g, in: rect) }
      return
    case .events:
      drawEvents(&g, in: rect.rows(y0 + 2, rect.maxY - 2))
      drawFooter(&g, in: rect.rows(rect.maxY - 2, rect.maxY))
      if ui.showHelp { drawHelp(&g, in: rect) }
      return
    }
    // Bands: header rows 0–1, footer rows H−2 (keys) and H−1 (status). The columns
    // take what they need (up to all but the events' minimum); events get the rest.
    let top = y0 + 2
    let leftW = detail ? width * 45 / 100 : max(44, width * 55 / 100)
    let minEvents = detail ? 8 : 5
    let wanted = max(leftRowsWanted() + workloadsRowsWanted, rightRowsWanted(w: width - leftW - 2))
    var bottom = y0 + min(height - 2 - minEvents, 2 + max(wanted, detail ? 16 : 12))  // exclusive
    // Rows EVENTS would leave blank (few events yet) go to the columns: bigger pod cells.
    bottom += spareEventRows(from: bottom)
    // Left column, one blank column before the separator.
    let left = Rect(x: x0, y: top, width: leftW - 1, height: bottom - top)
    var row = top
    row = drawWorkloads(&g, in: left.rows(row, bottom))
    row = drawRevisions(&g, in: left.rows(row, bottom))
    row = drawTraffic(&g, in: left.rows(row, bottom))
    row = drawTrend(&g, in: left.rows(row, bottom))
    if detail { _ = drawNodes(&g, in: left.rows(row, bottom)) }
    // Separator.
    for r in top..<max(top, bottom) where leftW < width { g[r, x0 + leftW] = Cell(gl.v, Style(.dim)) }
    // Right column: steps and analysis get what they need (bounded), pods the rest.
    let right = Rect(x: x0 + leftW + 2, y: top, width: width - leftW - 2, height: bottom - top)
    let avail = bottom - top
    var stepsRows = 0
    if let st = s.steps, !st.steps.isEmpty { stepsRows = min(st.steps.count + 1, detail ? 14 : max(4, avail / 3)) }
    var analysisRows = 0
    if !s.analysisRuns.isEmpty {
      let want = s.analysisRuns.reduce(0) { $0 + 1 + $1.metrics.count } + 1
      analysisRows = min(want, detail ? 10 : 4)
    }
    let podsRows = max(5, avail - stepsRows - analysisRows)
    var rr = drawPods(&g, in: right.rows(top, min(bottom, top + podsRows)))
    if stepsRows > 0 { rr = drawSteps(&g, in: right.rows(rr, min(bottom, rr + stepsRows))) }
    if analysisRows > 0 { _ = drawAnalysis(&g, in: right.rows(rr, bottom)) }
    drawEvents(&g, in: rect.rows(bottom, rect.maxY - 2))
    if let banner = ui.banner { drawBanner(&g, banner.lines, complete: banner.complete, in: rect.rows(bottom, rect.maxY - 2)) }
    drawFooter(&g, in: rect.rows(rect.maxY - 2, rect.maxY))
    if ui.showHelp { drawHelp(&g, in: rect) }
  }

  /// One column: the header, REVISIONS, TRAFFIC, PODS and TREND stacked, each given
  /// the rows it wants while they last (TREND and PODS shrink first).
  mutating func drawCompact(_ g: inout Grid) {
    stats = PodStats(s)
    let bottom = rect.maxY
    drawHeader(&g, in: rect.rows(rect.y, rect.y + 2))
    var row = rect.y + 2
    let revRows = 1 + s.revisions.count
    row = drawRevisions(&g, in: rect.rows(row, min(bottom, row + revRows)))
    let shares = max(1, DashboardRenderer.trafficPercents(s.traffic.shares).count)
    let trafficRows = 2 + shares + (s.traffic.setWeight != nil || s.traffic.actualWeight != nil ? 1 : 0)
    row = drawTraffic(&g, in: rect.rows(row, min(bottom, row + trafficRows)))
    // TREND keeps its four rows when there is room for pods too.
    let trendRows = 4
    let podsEnd = bottom - row >= 5 + trendRows ? bottom - trendRows : bottom
    row = drawPods(&g, in: rect.rows(row, podsEnd))
    _ = drawTrend(&g, in: rect.rows(row, bottom))
  }

  /// The end-of-run banner: a framed box at the top of the EVENTS band.
  func drawBanner(_ g: inout Grid, _ lines: [String], complete ok: Bool, in box: Rect) {
    guard box.height >= lines.count + 2, box.width >= 20 else { return }
    let border = Style(ok ? .good : .warn, bold: true)
    let w = min(box.width, (lines.map(\.count).max() ?? 0) + 4)
    for r in box.y..<(box.y + lines.count + 2) { g.fill(" ", row: r, col: box.x, end: box.x + w, Style(.normal)) }
    g.fill(gl.h, row: box.y, col: box.x, end: box.x + w, border)
    g.fill(gl.h, row: box.y + lines.count + 1, col: box.x, end: box.x + w, border)
    for r in (box.y + 1)...(box.y + lines.count) {
      g[r, box.x] = Cell(gl.v, border)
      g[r, box.x + w - 1] = Cell(gl.v, border)
    }
    g[box.y, box.x] = Cell(gl.corners[0], border)
    g[box.y, box.x + w - 1] = Cell(gl.corners[1], border)
    g[box.y + lines.count + 1, box.x] = Cell(gl.corners[2], border)
    g[box.y + lines.count + 1, box.x + w - 1] = Cell(gl.corners[3], border)
    g.put(" END OF RUN ", row: box.y, col: box.x + 2, limit: box.x + w - 1, Style(ok ? .good : .warn, bold: true, reverse: true))
    for (i, line) in lines.enumerated() {
      g.put(line, row: box.y + 1 + i, col: box.x + 2, limit: box.x + w - 2, Style(i == 0 ? .title : .normal, bold: i == 0))
    }
  }
}
