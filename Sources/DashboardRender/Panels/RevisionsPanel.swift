import RolloutEngine

extension Renderer {
  func rolesText(_ r: RevisionStatus) -> (String, Role) {
    if r.roles.isEmpty { return r.isNew ? ("new", .info) : ("", .dim) }
    let role: Role = r.roles.contains(.canary) || r.roles.contains(.preview) ? .warn : .good
    return (r.roles.map(\.rawValue).joined(separator: ","), role)
  }

  mutating func drawRevisions(_ g: inout Grid, in box: Rect) -> Int {
    let (row, col, w, maxRow) = (box.y, box.x, box.width, box.maxY)
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
}
