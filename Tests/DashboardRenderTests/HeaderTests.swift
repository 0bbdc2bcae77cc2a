@testable import DashboardRender
import RolloutEngine
import Testing

/// Issue 13: header parts ran into each other at 80×24
/// (`ProgressDeadlineExceedet=11m00s`). Every header, at every width, keeps a space
/// between parts, cuts with `…`, and keeps the phase message longest.
@Suite struct HeaderTests {
  func rows(_ g: Grid) -> [String] { g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  /// The reproduced cases at 80 columns.
  @Test func reproducedCollisionsHaveAGap() throws {
    var crash = try StrategyFiles.session("crash-loop.yaml", at: .seconds(660))
    crash.ui.paused = true
    let top = rows(crash.render(width: 80, height: 24))[0]
    #expect(top.contains("ProgressDeadlineExceeded "))
    #expect(top.hasSuffix(" t=11m00s speed 1× CLOCK PAUSED"), "\(top)")
    for (file, t) in [("never-ready.yaml", SimTime.seconds(700)), ("canary-analysis-fails.yaml", .seconds(3)), ("canary-istio.yaml", .seconds(120))] {
      var s = try StrategyFiles.session(file, at: t)
      s.ui.paused = true
      let r = rows(s.render(width: 80, height: 24))
      #expect(!r[0].contains("Exceedet"), "\(file): \(r[0])")
      #expect(r[0].contains("t=\(formatDuration(t))"), "\(file): \(r[0])")
    }
  }

  /// Blue/green waiting for a promote at 80 columns: `BlueGreenPause` shows whole.
  @Test func phaseMessageIsTheLastToGo() throws {
    let s = try StrategyFiles.session("blue-green-manual.yaml", at: .seconds(30))
    let snap = s.simulation.snapshot()
    #expect(snap.message == "BlueGreenPause")
    for w in [60, 80, 100] {
      let line = rows(render(snap, ui: s.ui, width: w))[1]
      #expect(line.hasSuffix("  BlueGreenPause") || line.hasSuffix(" BlueGreenPause"), "\(w): \(line)")
    }
  }

  func render(_ snap: SimulationSnapshot, ui: DashboardUI, width: Int) -> Grid {
    var g = Grid(width: width, height: 30)
    Dashboard.render(snap, history: ui.history, ui: ui, into: Rect(g), on: &g, style: width < 80 ? .compact : .full)
    return g
  }

  /// Every Strategies file at three instants, clock running and paused, at every width
  /// from 60 to 250: laid-out parts never overlap, keep at least one space between
  /// them, end inside the row, and a cut part ends with `…`.
  @Test func everyHeaderAtEveryWidthKeepsAGap() throws {
    for file in try StrategyFiles.names() {
      for t in [SimTime.seconds(1), .seconds(45), .seconds(700)] {
        var s = try StrategyFiles.session(file, at: t)
        for paused in [false, true] {
          s.ui.paused = paused
          let snap = s.simulation.snapshot(maxEvents: 0)
          let r = Renderer(s: snap, ui: s.ui, history: s.ui.history, gl: .unicode, rect: Rect(x: 0, y: 0, width: 200, height: 50))
          for row in 0..<2 {
            let parts = r.headerParts(row: row)
            for w in 60...250 {
              let laid = HeaderLayout.fit(parts, width: w, ellipsis: "…")
              var end = -1
              for p in laid {
                #expect(p.col > end, "\(file) \(t) w\(w) row\(row): \(laid.map(\.text))")
                end = p.col + p.text.count
                #expect(end <= w)
                let whole = parts.contains { $0.text == p.text }
                #expect(whole || p.text.hasSuffix("…"), "\(file) w\(w): \(p.text)")
              }
              // The phase (row 0) and the message (row 1) are never dropped at 60+.
              let key = row == 0 ? snap.phase.rawValue : snap.message
              if !key.isEmpty { #expect(laid.contains { $0.text.hasPrefix(String(key.prefix(5))) }, "\(file) w\(w) row\(row)") }
            }
          }
        }
      }
    }
  }

  /// `complete` only for a healthy finish; a degraded rollout that stopped has `settled`.
  @Test func settledIsNotComplete() throws {
    let s = try StrategyFiles.session("canary-analysis-fails.yaml", at: .seconds(600))
    let snap = s.simulation.snapshot()
    #expect(snap.phase == .degraded && !snap.finished && snap.outcome == .aborted)
    let top = rows(s.render(width: 120, height: 36))[0]
    #expect(top.contains("Degraded") && top.contains("settled") && !top.contains("complete"), "\(top)")
  }
}
