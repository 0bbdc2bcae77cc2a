import RolloutDrills
import RolloutEngine

/// The live drill screen: the operator's view (error rate, latency-bad share, burn
/// rates against the SLO and the alert state, traffic and revisions), never the
/// hidden fault. After the drill, `DebriefRenderer` draws the debrief instead.
public enum DrillRenderer {
  public static func render(_ s: DrillSession, width: Int, height: Int) -> Grid {
    if let score = s.score { return DebriefRenderer.render(s.drill, score, width: width, height: height) }
    var g = Grid(width: width, height: height)
    let d = s.drill
    let m = s.attempt.monitor
    let snap = s.attempt.run.simulation.snapshot(maxEvents: 0, includePods: false)
    var row = 0
    func line(_ text: String, _ style: Style = .normal) {
      _ = g.put(text, row: row, col: 0, limit: width, style)
      row += 1
    }
    line("rollsim drill \(d.name)  t=\(formatDuration(s.now)) of \(formatDuration(.seconds(d.durationSeconds)))  speed \(s.ui.speedLabel)\(s.ui.paused ? "  CLOCK PAUSED" : "")  seed \(s.seed)", Style(.title, bold: true))
    line("BRIEFING  \(d.briefing)")
    let slo = "SLO \(DrillReport.num(d.slo.target * 100)) % good" + (d.slo.latencyObjectiveMs.map { ", under \(DrillReport.num($0)) ms" } ?? "")
    line("\(slo)   alert windows compressed \(DrillReport.num(d.slo.compression))x: 1h = \(formatDuration(m.windowMs(3600))), 5m = \(formatDuration(m.windowMs(300)))", Style(.dim))
    row += 1
    let bad1m = m.badFraction(overMs: 60_000).map { "\(percent($0)) %" } ?? "no data"
    line("ERROR RATE (bad requests, last 1 min sampled)  \(bad1m)", Style(.label, bold: true))
    let p99 = s.attempt.run.simulation.servedLatency(percentile: 99).map { "rev \($0.revision) \(DrillReport.num($0.ms.rounded())) ms" }
    line("LATENCY p99  " + (p99.isEmpty ? "no requests served" : p99.joined(separator: "  ")))
    line("BURN RATE  1h \(x(m.burnRate(overSeconds: 3600)))  5m \(x(m.burnRate(overSeconds: 300)))  6h \(x(m.burnRate(overSeconds: 21600)))  30m \(x(m.burnRate(overSeconds: 1800)))")
    switch m.alert {
    case .page: line("ALERT  PAGE: burning the error budget at over 14.4x (1h and 5m windows)", Style(.bad, bold: true, reverse: true))
    case .ticket: line("ALERT  TICKET: burning at over 6x (6h and 30m windows)", Style(.warn, bold: true))
    case .none: line("ALERT  none", Style(.good))
    }
    line("budget burned so far  \(DrillReport.budget(m.budgetBurnedPercent))")
    line(spark(m, width: width), Style(.accent))
    row += 1
    line("ROLLOUT  \(snap.kind) \(snap.strategy)  \(snap.phase)  \(snap.message)", Style(.label))
    let shares = snap.traffic.shares.keys.sorted(by: >).map { "rev \($0) \(percent(snap.traffic.shares[$0]!)) %" }
    line("TRAFFIC  " + (shares.isEmpty ? "no endpoint" : shares.joined(separator: "  ")))
    for r in snap.revisions.prefix(4) {
      // What `kubectl describe pod` shows of a restarted container: its last state.
      let exit = r.lastTermination.map { "  last terminated \($0.rawValue) (exit \($0.exitCode))" } ?? ""
      line("  rev \(r.revision) \(r.image)  \(r.roles.map(\.rawValue).joined(separator: ","))  ready \(r.ready)/\(r.replicas)  pending \(r.pending)\(exit)")
    }
    line("NODES  " + snap.nodes.map { "\($0.name) \($0.up ? "Ready" : "NotReady") (\($0.pods) pods)" }.joined(separator: "  "))
    row += 1
    if !s.ui.status.isEmpty { line(s.ui.status, Style(.info)) }
    _ = g.put("keys: a abort  u undo  p promote  n node-up  space pause  +/- speed  q end the drill", row: height - 1, col: 0, limit: width, Style(.dim))
    return g
  }

  static func percent(_ f: Double) -> String { DrillReport.num((f * 1000).rounded() / 10) }
  static func x(_ b: Double) -> String { "\(DrillReport.num((b * 10).rounded() / 10))x" }

  /// The sampled bad fraction of the last buckets, one column each.
  static func spark(_ m: DrillMonitor, width: Int) -> String {
    let bars: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "@"]
    let n = max(0, width - 12)
    let recent = m.buckets.suffix(n)
    let allowed = max(m.slo.allowedBadFraction, 1e-9)
    let text = recent.map { b -> Character in
      guard b.served > 0 else { return " " }
      let burn = Double(b.bad) / Double(b.served) / allowed
      let level = burn <= 0 ? 0 : min(bars.count - 1, 1 + Int(burn / 5))
      return bars[level]
    }
    return "burn/5s  |" + String(text)
  }
}

/// The debrief: the score, the timeline (fault start, alert, action, recovery) and
/// the alternatives replayed from the same seed.
public enum DebriefRenderer {
  public static func render(_ d: Drill, _ s: DrillScore, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    var row = 0
    func line(_ text: String, _ style: Style = .normal) {
      _ = g.put(text, row: row, col: 0, limit: width, style)
      row += 1
    }
    line("DEBRIEF  \(d.name)  SCORE \(s.score)/100", Style(.title, bold: true))
    row += 1
    line(timeline(d, s, width: max(20, width - 2)), Style(.accent))
    line("  F fault  A first page  X your first action  R recovered", Style(.dim))
    row += 1
    for l in DrillReport.lines(d, s).dropFirst() { line(l) }
    _ = g.put("q quit", row: height - 1, col: 0, limit: width, Style(.dim))
    return g
  }

  static func timeline(_ d: Drill, _ s: DrillScore, width: Int) -> String {
    var chars = Array(repeating: Character("-"), count: width)
    let total = Double(d.durationSeconds)
    func mark(_ t: Double?, _ c: Character) {
      guard let t else { return }
      let i = min(width - 1, max(0, Int(t / total * Double(width - 1))))
      chars[i] = c
    }
    mark(s.faultStart, "F")
    mark(s.firstAlert, "A")
    mark(s.timeToMitigate.flatMap { m in s.faultStart.map { $0 + m } }, "R")
    mark(s.firstAction, "X")
    return "|" + String(chars) + "|"
  }
}
