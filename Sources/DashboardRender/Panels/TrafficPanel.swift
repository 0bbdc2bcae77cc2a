import RolloutEngine

extension Renderer {
  mutating func drawTraffic(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
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
      c = bar(&g, row: r, col: c, width: barW, limit: end, fraction: Double(pct) / 100, Style(role))
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
    if s.strategy == .blueGreen { r = drawServices(&g, row: r, col: col, end: end, maxRow: maxRow, rps: rps) }
    if t.setWeight != nil || t.actualWeight != nil, r < maxRow {
      // Set weight (the step), actual weight (what Argo's CLI reports, from the router
      // or from the replica share) and pod share side by side: users of the real
      // tools confuse them (`kubectl argo rollouts get`: SetWeight vs ActualWeight).
      let newest = s.revisions.first { $0.roles.contains(.canary) } ?? s.revisions.first
      let totalPods = s.revisions.reduce(0) { $0 + $1.pods }
      let podShare = totalPods > 0 ? Int((Double(newest?.pods ?? 0) / Double(totalPods) * 100).rounded()) : 0
      var c = g.put(detail ? "setWeight " : "set ", row: r, col: col, limit: end, Style(.dim))
      c = g.put(t.setWeight.map { "\($0)%" } ?? "-", row: r, col: c, limit: end, Style(.accent, bold: true))
      c = g.put(detail ? "  actualWeight " : "  actual ", row: r, col: c, limit: end, Style(.dim))
      // One source of truth: the actual weight is the share the rows above show for
      // the same revision (after an undo mid-canary the status said 100% beside a
      // 75/25 split). A status value that disagrees is shown beside it, not instead.
      let served = newest.map { n in pcts.first { $0.revision == n.revision }?.percent ?? 0 }
      let actual = served ?? t.actualWeight
      let mismatch = t.setWeight != nil && actual != nil && t.setWeight != actual
      c = g.put(actual.map { "\($0)%" } ?? "-", row: r, col: c, limit: end, Style(mismatch ? .warn : .accent, bold: true))
      if let reported = t.actualWeight, let actual, reported != actual {
        c = g.put(" (status \(reported)%)", row: r, col: c, limit: end, Style(.warn))
      }
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

  /// Blue/green: which revision each Service selects, what it serves, and while the
  /// rollout waits for a promote, for how long and what to press.
  func drawServices(_ g: inout Grid, row: Int, col: Int, end: Int, maxRow: Int, rps: Double) -> Int {
    var r = row
    let active = s.revisions.first { $0.roles.contains(.active) }
    let preview = s.revisions.first { $0.roles.contains(.preview) }
    if let a = active, r < maxRow {
      let share = s.traffic.shares[a.revision] ?? 0
      var c = g.put("active  → ", row: r, col: col, limit: end, Style(.dim))
      c = g.put("rev \(a.revision)", row: r, col: c, limit: end, Style(revRole(a.revision), bold: true))
      g.put(" (\(compact(share * rps)) rps, \(a.available)/\(a.replicas) available)", row: r, col: c, limit: end, Style(.dim))
      r += 1
    }
    if let p = preview, p.revision != active?.revision, r < maxRow {
      var c = g.put("preview → ", row: r, col: col, limit: end, Style(.dim))
      c = g.put("rev \(p.revision)", row: r, col: c, limit: end, Style(revRole(p.revision), bold: true))
      g.put(" (\(p.ready)/\(p.replicas) ready, no user traffic)", row: r, col: c, limit: end, Style(.dim))
      r += 1
    }
    if s.phase == .paused, preview != nil, r < maxRow {
      // How long: since the newest RolloutPaused event in the window.
      let since = s.events.last { $0.reason == "RolloutPaused" }.map { s.time - $0.time }
      let how = since.map { "paused \(formatDuration($0 - $0 % 1000))" } ?? "paused"
      let c = g.put(how + ": ", row: r, col: col, limit: end, Style(.warn))
      g.put("press p to promote", row: r, col: c, limit: end, Style(.accent, bold: true))
      r += 1
    }
    return r
  }
}
