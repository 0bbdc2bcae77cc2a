import RolloutEngine

extension Renderer {
  /// Enter on a ReplicaSet: a `kubectl describe`-like page. Its status, then its
  /// pods (state, restarts, node) and its events (the ReplicaSet's and its pods').
  func drawDescribe(_ g: inout Grid, hash: String, in box: Rect) {
    let end = box.maxX
    guard let rev = s.revisions.first(where: { $0.podTemplateHash == hash }) else {
      g.put("the ReplicaSet \(hash) is gone (deleted by the controller); Esc goes back", row: box.y, col: box.x, limit: end, Style(.warn))
      return
    }
    var r = title(g: &g, "REPLICASET", row: box.y, col: box.x, w: box.width, right: "Esc back", display: "ReplicaSet \(rev.name)")
    func line(_ label: String, _ value: String, _ style: Style = Style(.normal)) {
      guard r < box.maxY else { return }
      let c = g.put(padRight(label, 15), row: r, col: box.x, limit: end, Style(.label))
      g.put(value, row: r, col: c, limit: end, style)
      r += 1
    }
    line("Revision:", "\(rev.revision)", Style(revRole(rev.revision), bold: true))
    line("Image:", rev.image, Style(.accent))
    line("Template hash:", rev.podTemplateHash)
    let roles = rev.roles.map(\.rawValue).joined(separator: ", ")
    line("Role:", roles.isEmpty ? (rev.isNew ? "new (the Deployment's current ReplicaSet)" : "old") : roles)
    line("Replicas:", "\(rev.replicas) desired | \(rev.pods) current | \(rev.ready) ready | \(rev.available) available")
    if rev.terminating > 0 || rev.pending > 0 { line("", "\(rev.terminating) terminating | \(rev.pending) pending (not placed)") }
    line("Age:", formatDuration(max(0, s.time - rev.createdAt) / 1000 * 1000))
    if let at = rev.scaleDownAt { line("Scale down:", "in \(formatDuration(wholeSecondsLeft(at - s.time))) (delay)", Style(.warn)) }
    r += 1
    // Pods: one row each while they fit (the snapshot has no pod names or ages).
    let pods = s.pods.filter { $0.revision == rev.revision }
    let podRows = min(pods.count, max(1, (box.maxY - r) / 2 - 1))
    guard r < box.maxY else { return }
    g.put(padRight("POD", 6) + padRight("STATUS", 19) + padRight("READY", 7) + padRight("RESTARTS", 10) + "NODE", row: r, col: box.x, limit: end, Style(.dim))
    r += 1
    for (i, p) in pods.prefix(podRows).enumerated() {
      guard r < box.maxY else { break }
      let ready = p.state == .ready || p.state == .available
      let node = p.node >= 0 && Int(p.node) < s.nodes.count ? s.nodes[Int(p.node)].name : "<none>"
      let bad = p.state == .crashLoopBackOff || p.state == .pending
      var c = g.put(padRight("\(i + 1)", 6), row: r, col: box.x, limit: end, Style(.dim))
      c = g.put(padRight(p.state.kubectlWord, 19), row: r, col: c, limit: end, Style(bad ? .bad : (ready ? .good : .warn)))
      c = g.put(padRight(ready ? "1/1" : "0/1", 7), row: r, col: c, limit: end, Style(.normal))
      c = g.put(padRight("\(p.restarts)", 10), row: r, col: c, limit: end, Style(p.restarts > 0 ? .warn : .normal))
      g.put(node, row: r, col: c, limit: end, Style(.normal))
      r += 1
    }
    if pods.count > podRows, r < box.maxY {
      g.put("+\(pods.count - podRows) more pods", row: r, col: box.x, limit: end, Style(.dim))
      r += 1
    }
    if pods.isEmpty, r < box.maxY {
      g.put("no pods", row: r, col: box.x, limit: end, Style(.dim))
      r += 1
    }
    r += 1
    // Its events: the ReplicaSet's own and its pods' (objects named after it).
    var sub = self
    sub.ui.eventFilter = rev.name
    sub.ui.eventScroll = 0
    sub.filterMessages = true
    sub.drawEvents(&g, in: Rect(x: box.x, y: r, width: box.width, height: box.maxY - r))
  }
}
