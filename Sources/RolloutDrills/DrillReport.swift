import RolloutEngine

/// The text debrief of a headless drill.
public enum DrillReport {
  public static func num(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
  /// The error budget burned as people read it, one text for the debrief, the live
  /// panel and the JSON (`budgetBurned`): "42.5 %" up to 999.9 %; beyond, the percentage
  /// says nothing more (every such score has 0 budget points), so it is capped and the
  /// budget multiple given: "> 999 % (23.4x the budget)".
  public static func budget(_ percent: Double) -> String {
    guard percent.isFinite else { return "> 999 %" }
    let p = (percent * 10).rounded() / 10
    if p < 1000 { return "\(num(p)) %" }
    return "> 999 % (\(num((percent / 10).rounded() / 10))x the budget)"
  }

  public static func t(_ s: Double?) -> String { s.map { formatDuration(.seconds($0)) } ?? "-" }

  public static func lines(_ d: Drill, _ s: DrillScore) -> [String] {
    var out = ["\(d.name): score \(s.score)/100 (seed \(s.seed))"]
    out.append("  the fault: \(d.debrief)")
    let c = d.slo.compression
    out.append("  timeline: fault \(t(s.faultStart)), first page \(t(s.firstAlert)), first action \(t(s.firstAction)), recovered \(t(s.timeToMitigate.flatMap { m in s.faultStart.map { $0 + m } }))")
    out.append("  alerts: page at 14.4x over 1h and 5m, ticket at 6x over 6h and 30m, windows compressed \(num(c))x (1h = \(formatDuration(.seconds(3600 / c))))")
    out.append("  your response: \(s.actions.isEmpty ? "nothing" : s.actions.joined(separator: ", ")) — \(s.rightAction ? "right" : "wrong") for this fault")
    out.append("  why: \(s.why)")
    out.append("  time to detect \(t(s.timeToDetect)), time to mitigate \(t(s.timeToMitigate)); error budget burned \(budget(s.budgetBurnedPercent))")
    out.append("  final state: \(s.finalState)\(s.finalHealthy ? " (healthy)" : " (not healthy)")")
    let p = s.points
    out.append("  points: action \(num(p.action)) + budget \(num(p.budget)) + detect \(num(p.detect)) + mitigate \(num(p.mitigate))")
    for a in s.alternatives {
      let verb = a.label == "your response" ? "burned" : "would have burned"
      out.append("  \(a.label) \(verb) \(budget(a.budgetBurnedPercent)) (score \(a.score))")
    }
    return out
  }
}
