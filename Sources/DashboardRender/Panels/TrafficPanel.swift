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

}
