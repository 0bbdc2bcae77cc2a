import DashboardRender
import RolloutEngine
import Testing

/// Issue 13, "panels disagree after abort/undo" and hidden STEPS / ANALYSIS rows.
@Suite struct PanelAgreementTests {
  func rows(_ s: DashboardSession, _ w: Int = 80, _ h: Int = 24) -> [String] {
    s.render(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// After the analysis aborts the canary: no countdown, the step it stopped at is
  /// marked ✗, the header says settled (not complete).
  @Test func abortedStepsStopCounting() throws {
    let s = try StrategyFiles.session("canary-analysis-fails.yaml", at: .seconds(60))
    let r = rows(s)
    #expect(r[0].contains("Degraded") && r[0].contains("settled") && !r[0].contains("complete"))
    #expect(r.contains { $0.hasSuffix("STEPS 0/4 ───── aborted at step 1") })
    #expect(r.contains { $0.hasSuffix("│ ✗ 1. setWeight: 20") })
    #expect(!r.contains { $0.contains(" left") })
  }

  /// The measurement that failed the run, the failures so far against failureLimit
  /// and the plan (count × interval) show at 80×24.
  @Test func analysisShowsTheFailingMeasurement() throws {
    let s = try StrategyFiles.session("canary-analysis-fails.yaml", at: .seconds(60))
    let r = rows(s)
    #expect(r.contains { $0.hasSuffix("│  error-rate ✗2/2≤1 3×10s  0.100✗") }, "\(r)")
    let wide = rows(s, 200, 50)
    #expect(wide.contains { $0.contains("error-rate ok if < 0.05 failed 2/2 (limit 1) count 3 every 10s  0.100✗ 0.100✗") })
  }

  /// STEPS says how many steps it does not show, above and below.
  @Test func hiddenStepsAreCounted() throws {
    let s = try StrategyFiles.session("canary.yaml", at: .seconds(80))
    let snap = s.simulation.snapshot()
    let steps = try #require(snap.steps)
    let r = rows(s)
    let shown = r.filter { row in (1...steps.steps.count).contains { row.contains("│ \($0 > steps.index ? " " : "✓") \($0). ") || row.contains("▶ \($0). ") } }
    let more = r.first { $0.contains("more") && $0.contains("+") }
    let above = r.first { $0.contains("done above") }
    #expect(shown.count < steps.steps.count)
    let hiddenBelow = Int(more?.split(separator: "+").last?.split(separator: " ").first ?? "0") ?? 0
    let hiddenAbove = Int(above?.split(separator: "✓").last?.split(separator: " ").first ?? "0") ?? 0
    #expect(shown.count + hiddenBelow + hiddenAbove == steps.steps.count, "\(r)")
  }

  /// After an undo mid-canary the weights line agrees with the TRAFFIC rows, and the
  /// engine's actualWeight is that share too (no "(status …)" beside it).
  @Test func actualWeightIsTheServedShare() throws {
    var s = try StrategyFiles.session("canary.yaml", at: .seconds(40))
    s.handle(.char("u"))
    let r = rows(s)
    let newest = try #require(s.simulation.snapshot().revisions.first)
    let pct = try #require(DashboardRenderer.trafficPercents(s.simulation.snapshot().traffic.shares).first { $0.revision == newest.revision }?.percent)
    #expect(r.contains { $0.hasPrefix("rev \(newest.revision) ") && $0.contains(" \(pct)% ") })
    #expect(s.simulation.snapshot().traffic.actualWeight == pct)
    #expect(r.contains { $0.hasPrefix("set 100%  actual \(pct)%") && !$0.contains("(status") }, "\(r)")
  }
}
