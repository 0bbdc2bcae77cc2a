import RolloutEngine

extension Renderer {
  // MARK: Pods

  mutating func drawPods(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
    guard row + 2 < maxRow else { return row }
    let end = col + w
    let table = s.podTable
    let n = table.count
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
    // Why not yet: a crash loop says how many restarts the worst pod has had.
    let maxRestarts = stateCounts[Int(PodDisplayState.crashLoopBackOff.rawValue)] > 0 ? table.maxRestarts : 0
    for st in PodDisplayState.allCases where stateCounts[Int(st.rawValue)] > 0 {
      let style = st == .crashLoopBackOff ? Style(.bad, bold: true) : (st == .pending ? Style(.warn) : Style(.normal))
      var name = names[Int(st.rawValue)]
      if st == .crashLoopBackOff, maxRestarts > 0 { name += " (\(maxRestarts) restarts)" }
      legend.append((gl.pod[Int(st.rawValue)], stateCounts[Int(st.rawValue)], name, style))
    }
    // The colour legend: which ReplicaSet a colour is (by identity, `RevisionColours`),
    // when pods of more than one are on the grid.
    let withPods = s.revisions.filter { $0.pods + $0.terminating > 0 }
    if withPods.count > 1 {
      for rev in withPods {
        legend.append((gl.full, rev.pods + rev.terminating, "rev \(rev.revision)", Style(revRole(rev.revision), bold: true)))
      }
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
    // A small fleet on a wide screen: each pod two cells and a gap, easier to read.
    let wide = grouped && detail && maxPerNode * 3 <= w - labelW
    // With rows to spare (a small fleet), each node's pods are two rows tall.
    let tall = wide && usedNodes.count * 2 <= gridRows
    let info = grouped ? (wide ? "by node, 1 pod = \(tall ? "2×2" : "2") cells" : "by node, 1 cell = 1 pod") : (k == 1 ? "1 cell = 1 pod" : "1 cell = \(k) pods")
    // `j` / `k` on a focused PODS grid: the selected pod's cell is reversed (Enter
    // describes it).
    let cursor = focusName == "PODS" && n > 0 ? max(0, min(n - 1, ui.podSelection)) : -1
    r = title(g: &g, "PODS", row: r, col: col, w: w, right: info, display: "PODS \(n)")
    // Capacity: replicas + maxSurge and replicas − maxUnavailable (the rolling-update bounds).
    let capLines: [(String, Bool)]
    // The bounds count active (non-terminating) pods, as the controller does; the
    // terminating ones are shown beside them (PODS N above counts every pod).
    let terminating = s.revisions.reduce(0) { $0 + $1.terminating }
    let term = terminating > 0 ? " (+\(terminating) terminating)" : ""
    let termShort = terminating > 0 ? " +\(terminating)" : ""
    // Blue/green: availability per service, not summed over both stacks (`avail 20
    // of 10 desired` read as a surplus).
    var blueGreenLine: (String, Bool)?
    if s.strategy == .blueGreen {
      func part(_ name: String, _ role: RevisionRole) -> String? {
        s.revisions.first { $0.roles.contains(role) }.map { "\(name) \($0.available)/\($0.replicas)" }
      }
      let parts = [part("active", .active), part("preview", .preview)].compactMap { $0 }
      let ok = s.revisions.filter { $0.roles.contains(.active) }.allSatisfy { $0.available >= $0.replicas }
      if !parts.isEmpty { blueGreenLine = (parts.joined(separator: " \(gl.dot) "), ok) }
    }
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
            "pods \(active)\(term) \(rel) \(m) replicas+maxSurge", "pods \(active)\(term) \(rel) \(m) replicas+surge",
            "pods \(active)\(term) \(rel) max \(m)", "pods \(active)\(termShort) \(rel) max \(m)",
          ]), active <= m
        )
      }
      ?? ("pods \(active)\(term) of \(s.desiredReplicas) desired", true)
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
      ?? blueGreenLine
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
      // Every pod is drawn (the grid fits them all), so a small fleet: its views.
      let pods = table.views
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
          let style = Style(role, bold: p.state == .available, reverse: pi == cursor)
          g[r, c] = Cell(glyph[st], style)
          if wide, c + 1 < end {
            g[r, c + 1] = Cell(glyph[st], style)
            c += 2
          }
          c += 1
          pi += 1
        }
        if tall, r + 1 < maxRow {
          for cc in (col + labelW)..<end { g[r + 1, cc] = g[r, cc] }
          r += 1
        }
        r += 1
      }
      return r
    }
    // Flat: cell i covers pods [i·k, (i+1)·k); it shows the majority state and revision.
    let runs = table.runs(of: k)
    let cells = runs.count
    let rows = min(gridRows, maxRow - r)
    let states = PodDisplayState.allCases
    for cellIndex in 0..<max(0, min(cells, rows * w)) {
      var best = 0
      for st in 1..<7 where runs.count(cellIndex, states[st]) > runs.count(cellIndex, states[best]) { best = st }
      let revOfCell = runs.maxRevision(cellIndex)
      // A crash loop anywhere in the cell shows: it is the state to notice.
      let crashIn = runs.count(cellIndex, .crashLoopBackOff) > 0
      let c = col + cellIndex % w
      let st = crashIn ? 5 : best
      let role = crashIn ? Role.bad : (revOfCell <= maxRev ? roleOf[revOfCell] : .dim)
      g[r + cellIndex / w, c] = Cell(glyph[st], Style(role, bold: st == 4, reverse: cursor >= 0 && cellIndex == cursor / k))
    }
    return r + min(rows, (cells + w - 1) / w)
  }
}
