import RolloutEngine

/// One part of a header row: a word group that is kept whole, cut with `…` down to
/// `minWidth` columns, or dropped, lowest `priority` first.
struct HeaderPart: Sendable, Hashable {
  var text: String
  var style: Style
  /// Higher is kept longer.
  var priority: Int
  /// Columns it may be cut to (with `…`); 0: never cut, only dropped.
  var minWidth: Int = 0
  /// Right-aligned group (the clock) rather than the left one.
  var right = false
}

/// Lays header parts on one row of `width` columns: two spaces between parts (one
/// when that is what makes them fit), at least one between the left and the right
/// group, never overlapping, never past the end. Returns each kept part with its
/// column (relative to the row's start) and its possibly cut text. Pure: the
/// property and header tests check it at every width.
enum HeaderLayout {
  static func fit(_ parts: [HeaderPart], width: Int, ellipsis: Character) -> [(col: Int, text: String, style: Style)] {
    var texts = parts.map(\.text)
    var kept = [Bool](repeating: true, count: parts.count)
    func total(gap: Int) -> Int {
      var sum = 0
      var n = 0
      for i in parts.indices where kept[i] {
        sum += texts[i].count
        n += 1
      }
      return sum + max(0, n - 1) * gap
    }
    // Lowest priority first; among equals the later part first.
    let order = parts.indices.sorted { parts[$0].priority != parts[$1].priority ? parts[$0].priority < parts[$1].priority : $0 > $1 }
    var gap = 2
    func settleGap() { gap = total(gap: 2) <= width ? 2 : 1 }
    settleGap()
    // Cut the lowest-priority cuttable part down to its minimum, or drop it; then the next.
    for i in order where total(gap: gap) > width {
      let over = total(gap: gap) - width
      let p = parts[i]
      if p.minWidth > 0, texts[i].count > p.minWidth {
        texts[i] = clip(p.text, max(p.minWidth, texts[i].count - over), ellipsis)
      } else {
        kept[i] = false
      }
      settleGap()
    }
    // Still too wide (cut parts at their minimum): drop them too, the lowest first;
    // the last one left is cut to the width.
    for i in order where total(gap: gap) > width && kept.filter({ $0 }).count > 1 {
      kept[i] = false
      settleGap()
    }
    if let i = parts.indices.first(where: { kept[$0] }), texts[i].count > width { texts[i] = clip(texts[i], width, ellipsis) }
    var out: [(col: Int, text: String, style: Style)] = []
    var c = 0
    for i in parts.indices where kept[i] && !parts[i].right {
      out.append((c, texts[i], parts[i].style))
      c += texts[i].count + gap
    }
    var rc = width
    for i in parts.indices.reversed() where kept[i] && parts[i].right {
      rc -= texts[i].count
      out.append((rc, texts[i], parts[i].style))
      rc -= gap
    }
    return out.sorted { $0.col < $1.col }
  }
}

extension Renderer {
  // MARK: Header

  func phaseRole(_ p: WorkloadPhase) -> Role {
    switch p {
    case .healthy: return .good
    case .degraded, .progressDeadlineExceeded: return .bad
    case .paused: return .warn
    case .progressing: return .info
    }
  }

  /// What the rollout has come to once nothing is pending: `complete` only when the
  /// newest revision is fully rolled out and healthy; otherwise it has `settled`
  /// (after an abort, a failed analysis, a stalled update) and the phase says how.
  var settledWord: (String, Role)? {
    // `finished` is complete (not aborted); `outcome` is set once the run has
    // settled either way.
    if s.finished, s.phase == .healthy { return ("complete", .good) }
    return s.outcome == nil ? nil : ("settled", .warn)
  }

  /// The header's parts, in reading order, with their priorities.
  func headerParts(row: Int) -> [HeaderPart] {
    if row == 0 {
      var parts: [HeaderPart] = [
        HeaderPart(text: s.name, style: Style(.title, bold: true), priority: 8, minWidth: 4),
        HeaderPart(text: s.kind.rawValue, style: Style(.dim), priority: 2),
        HeaderPart(text: s.phase.rawValue, style: Style(phaseRole(s.phase), bold: true), priority: 10, minWidth: 6),
      ]
      if let st = s.steps, !st.steps.isEmpty {
        // Argo's CLI prints `Step: currentStepIndex/len(steps)` (the steps done so far).
        parts.append(HeaderPart(text: "step \(min(st.index, st.steps.count))/\(st.steps.count)", style: Style(.label), priority: 6))
      }
      if let (word, role) = settledWord { parts.append(HeaderPart(text: word, style: Style(role), priority: 5)) }
      parts.append(HeaderPart(text: "t=\(formatDuration(s.time - s.time % 1000))", style: Style(.label), priority: 9, right: true))
      parts.append(HeaderPart(text: "speed \(ui.speedLabel)", style: Style(.label), priority: 3, right: true))
      // The user stopped the simulated clock: not the rollout phase `Paused` (a pause
      // step or `spec.paused`), which the header shows on its own.
      if ui.paused {
        parts.append(HeaderPart(text: "CLOCK PAUSED", style: Style(.warn, bold: true, reverse: true), priority: 7, right: true))
      }
      return parts
    }
    // Row 1: the strategy and its parameters, replicas, the controller's message (the
    // word that says what to do now, `BlueGreenPause`, is the last to go).
    var parts: [HeaderPart] = [
      HeaderPart(
        text: s.strategy.rawValue + (s.strategyDetail.isEmpty ? "" : " " + s.strategyDetail), style: Style(.accent), priority: 4,
        minWidth: min(s.strategy.rawValue.count + 2, 12)),
      HeaderPart(text: "replicas \(s.desiredReplicas)", style: Style(.accent), priority: 5),
    ]
    if !s.message.isEmpty { parts.append(HeaderPart(text: s.message, style: Style(.dim), priority: 10, minWidth: 8)) }
    return parts
  }

  func drawHeader(_ g: inout Grid, in box: Rect) {
    for row in 0..<min(2, box.height) {
      for part in HeaderLayout.fit(headerParts(row: row), width: box.width, ellipsis: gl.ellipsis) {
        g.put(part.text, row: box.y + row, col: box.x + part.col, limit: box.maxX, part.style)
      }
    }
  }
}
