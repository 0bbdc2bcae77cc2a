import RolloutEngine

extension Renderer {
  /// Enter on a ReplicaSet: a `kubectl describe`-like page. Its status and
  /// annotations, then its pods (state, restarts, age, node, why not ready; `j` / `k`
  /// select one, Enter describes it) and its events (the ReplicaSet's and its pods').
  func drawDescribe(_ g: inout Grid, hash: String, in box: Rect) {
    let end = box.maxX
    guard let rev = s.revisions.first(where: { $0.podTemplateHash == hash }) else {
      g.put("the ReplicaSet \(hash) is gone (deleted by the controller); Esc goes back", row: box.y, col: box.x, limit: end, Style(.warn))
      return
    }
    var r = title(g: &g, "REPLICASET", row: box.y, col: box.x, w: box.width, right: "Esc back", display: "ReplicaSet \(rev.name)")
    func line(_ label: String, _ value: String, _ style: Style = Style(.normal)) {
      describeLine(&g, &r, label, value, style, in: box)
    }
    line("Revision:", "\(rev.revision)", Style(revRole(rev.revision), bold: true))
    line("Image:", rev.image, Style(.accent))
    line("Template hash:", rev.podTemplateHash)
    let roles = rev.roles.map(\.rawValue).joined(separator: ", ")
    line("Role:", roles.isEmpty ? (rev.isNew ? "new (the Deployment's current ReplicaSet)" : "old") : roles)
    line("Replicas:", "\(rev.replicas) desired | \(rev.pods) current | \(rev.ready) ready | \(rev.available) available")
    if rev.terminating > 0 || rev.pending > 0 { line("", "\(rev.terminating) terminating | \(rev.pending) pending (not placed)") }
    line("Age:", age(rev.createdAt))
    if let at = rev.scaleDownAt { line("Scale down:", "in \(formatDuration(wholeSecondsLeft(at - s.time))) (delay)", Style(.warn)) }
    // Annotations the controller writes on its ReplicaSets (deployment/util
    // `SetNewReplicaSetAnnotations`; Argo's `annotations.SetReplicasAnnotations`).
    let prefix = s.kind == .rollout ? "rollout.argoproj.io" : "deployment.kubernetes.io"
    var notes = ["\(prefix)/revision: \(rev.revision)", "\(prefix)/desired-replicas: \(s.desiredReplicas)"]
    if s.kind == .deployment, let m = s.maxPods { notes.append("\(prefix)/max-replicas: \(m)") }
    line("Annotations:", notes[0], Style(.dim))
    for n in notes.dropFirst() { line("", n, Style(.dim)) }
    r += 1
    r = drawPodRows(&g, rev: rev, from: r, in: box)
    r += 1
    // Its events: the ReplicaSet's own and its pods' (objects named after it).
    var sub = self
    sub.ui.eventFilter = rev.name
    sub.ui.eventScroll = 0
    sub.filterMessages = true
    sub.drawEvents(&g, in: Rect(x: box.x, y: r, width: box.width, height: box.maxY - r))
  }
}

extension Renderer {
  /// `kubectl get pods`' age: whole seconds since `t`.
  func age(_ t: SimTime) -> String { formatDuration(max(0, s.time - t) / 1000 * 1000) }

  /// The described ReplicaSet's pods (`snapshot.podDetails`), a window around the
  /// selected one; returns the row after them.
  func drawPodRows(_ g: inout Grid, rev: RevisionStatus, from row: Int, in box: Rect) -> Int {
    var r = row
    let end = box.maxX
    let pods = s.podDetails.filter { $0.revision == rev.revision }
    guard r < box.maxY else { return r }
    if pods.isEmpty {
      g.put("no pods", row: r, col: box.x, limit: end, Style(.dim))
      return r + 2
    }
    let nameW = min(max(pods.map(\.name.count).max() ?? 0, 4) + 2, max(12, box.width / 4))
    let nodeW = 10
    g.put(
      padRight("NAME", nameW) + padRight("STATUS", 19) + padRight("READY", 7) + padRight("RESTARTS", 10) + padRight("AGE", 7)
        + padRight("NODE", nodeW) + "WHY NOT READY / NEXT", row: r, col: box.x, limit: end, Style(.dim))
    r += 1
    // Half the rows left for pods, the rest for events; a window around the selection.
    let room = max(1, (box.maxY - r) / 2 - 1)
    let sel = max(0, min(pods.count - 1, ui.podSelection))
    let first = max(0, min(sel - room / 2, pods.count - room))
    let shown = pods[first..<min(pods.count, first + room)]
    for (i, p) in zip(shown.indices, shown) {
      guard r < box.maxY else { break }
      let ready = p.state == .ready || p.state == .available
      let bad = p.state == .crashLoopBackOff || p.state == .pending
      let selected = i == sel
      var c = g.put(padRight(clip(p.name, nameW - 1, gl.ellipsis), nameW), row: r, col: box.x, limit: end, Style(selected ? .selected : .normal, reverse: selected))
      c = g.put(padRight(p.state.kubectlWord, 19), row: r, col: c, limit: end, Style(bad ? .bad : (ready ? .good : .warn)))
      c = g.put(padRight(ready ? "1/1" : "0/1", 7), row: r, col: c, limit: end, Style(.normal))
      c = g.put(padRight("\(p.restarts)", 10), row: r, col: c, limit: end, Style(p.restarts > 0 ? .warn : .normal))
      c = g.put(padRight(age(p.createdAt), 7), row: r, col: c, limit: end, Style(.normal))
      c = g.put(padRight(clip(p.node ?? "<none>", nodeW - 1, gl.ellipsis), nodeW), row: r, col: c, limit: end, Style(.normal))
      g.put(podWhy(p), row: r, col: c, limit: end, Style(p.notReady == nil ? .dim : .warn))
      r += 1
    }
    if pods.count > shown.count, r < box.maxY {
      let more = pods.count < rev.pods + rev.terminating ? "+" : ""
      g.put("pods \(shown.startIndex + 1)-\(shown.endIndex) of \(pods.count)\(more)  (j/k select, Enter describes)", row: r, col: box.x, limit: end, Style(.dim))
      r += 1
    }
    return r
  }

  /// A pod's why-not-ready and its next change, for one row.
  func podWhy(_ p: PodDetail) -> String {
    let next = p.next.map { n in p.nextAt.map { "\(n) in \(formatDuration(wholeSecondsLeft($0 - s.time)))" } ?? n }
    return [p.notReady, next].compactMap { $0 }.joined(separator: "; ")
  }

  /// Enter on a pod: `kubectl describe pod`-like.
  func drawDescribePod(_ g: inout Grid, _ ref: PodRef, in box: Rect) {
    let end = box.maxX
    guard let p = s.podDetails.first(where: { $0.ref == ref }) else {
      g.put("the pod is gone (deleted, its shutdown over); Esc goes back", row: box.y, col: box.x, limit: end, Style(.warn))
      return
    }
    var r = title(g: &g, "POD", row: box.y, col: box.x, w: box.width, right: "Esc back", display: "Pod \(p.name)")
    func line(_ label: String, _ value: String, _ style: Style = Style(.normal)) {
      describeLine(&g, &r, label, value, style, in: box)
    }
    let rsName = s.revisions.first { $0.revision == p.revision }?.name
    let ready = p.state == .ready || p.state == .available
    line("Name:", p.name, Style(.title, bold: true))
    line("Controlled By:", rsName.map { "ReplicaSet/\($0)" } ?? "ReplicaSet (deleted)")
    line("Revision:", "\(p.revision)", Style(revRole(p.revision), bold: true))
    line("Node:", p.node ?? "<none>", Style(p.node == nil ? .warn : .normal))
    line("Status:", p.state.kubectlWord + (p.state == .available ? " (available)" : ""), Style(ready ? .good : .warn, bold: true))
    line("Ready:", ready ? "True" : "False", Style(ready ? .good : .warn))
    line("Restarts:", "\(p.restarts)", Style(p.restarts > 0 ? .warn : .normal))
    if let last = p.lastTermination {
      line("Last State:", "Terminated, Reason: \(last.rawValue), Exit Code: \(last.exitCode)", Style(.warn))
    }
    line("Age:", age(p.createdAt))
    line("In state for:", age(p.stateSince))
    if let why = p.notReady { line("Why not ready:", why, Style(.warn)) }
    if let n = p.next, let at = p.nextAt {
      line("Next:", "\(n) in \(formatDuration(wholeSecondsLeft(at - s.time))) (t=\(formatDuration(at - at % 1000)))", Style(.info))
    } else {
      line("Next:", "nothing scheduled for this pod", Style(.dim))
    }
    r += 1
    var sub = self
    sub.ui.eventFilter = p.name
    sub.ui.eventScroll = 0
    sub.filterMessages = true
    sub.drawEvents(&g, in: Rect(x: box.x, y: r, width: box.width, height: box.maxY - r))
  }

  /// One `Label:  value` row of a describe page. A value longer than the row wraps
  /// under itself at a space (at most three rows, the last cut), so a why is read whole.
  func describeLine(_ g: inout Grid, _ r: inout Int, _ label: String, _ value: String, _ style: Style, in box: Rect) {
    guard r < box.maxY else { return }
    let end = box.maxX
    let c = g.put(padRight(label, 15), row: r, col: box.x, limit: end, Style(.label))
    let width = max(1, end - c)
    var rest = Substring(value)
    var rows = 0
    while !rest.isEmpty, r < box.maxY {
      rows += 1
      if rest.count <= width || rows == 3 {
        g.put(String(rest), row: r, col: c, limit: end, style)
        rest = ""
      } else {
        let head = rest.prefix(width + 1)
        let space = head.lastIndex(of: " ").map { rest.distance(from: rest.startIndex, to: $0) } ?? 0
        let take = space > width / 2 ? space : width
        g.put(String(rest.prefix(take)), row: r, col: c, limit: end, style)
        rest = rest.dropFirst(take).drop { $0 == " " }
      }
      r += 1
    }
    if value.isEmpty { r += 1 }
  }
}
