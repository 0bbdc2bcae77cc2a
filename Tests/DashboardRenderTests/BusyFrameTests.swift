import DashboardRender
import RolloutEngine
import Testing

/// What the key loop paints while a step takes longer than a frame: the last frame
/// with the busy line on the status row, and what the session says it is doing.
@Suite struct BusyFrameTests {
  @Test func theLineSaysWhatHowLongAndThatKeysWait() {
    #expect(
      BusyFrame.line(doing: "scaling to 1,000,000 replicas", elapsedMs: 1234, queued: 0, quitting: false, ascii: false)
        == "working: scaling to 1,000,000 replicas… 1.2 s; keys typed now are queued")
    #expect(
      BusyFrame.line(doing: "x", elapsedMs: 50, queued: 1, quitting: false, ascii: true) == "working: x... 0.0 s; 1 key queued")
    #expect(BusyFrame.line(doing: "x", elapsedMs: 999, queued: 3, quitting: false, ascii: true) == "working: x... 0.9 s; 3 keys queued")
    #expect(
      BusyFrame.line(doing: "scaling to 5 replicas", elapsedMs: 2000, queued: 0, quitting: true, ascii: false)
        == "quitting after the current step… (scaling to 5 replicas, 2.0 s)")
  }

  @Test func grouping() {
    #expect(BusyFrame.grouped(0) == "0")
    #expect(BusyFrame.grouped(999) == "999")
    #expect(BusyFrame.grouped(1000) == "1,000")
    #expect(BusyFrame.grouped(1_000_000) == "1,000,000")
    #expect(BusyFrame.grouped(10_000_000) == "10,000,000")
    #expect(BusyFrame.grouped(-12345) == "-12,345")
  }

  func grid(_ rows: [String]) -> Grid {
    var g = Grid(width: rows.map(\.count).max() ?? 0, height: rows.count)
    for (r, row) in rows.enumerated() { g.put(row, row: r, col: 0) }
    return g
  }

  @Test func theLastFrameIsKeptAndItsStatusRowReplaced() {
    let last = grid(["header", "body", "status"])
    let g = BusyFrame.frame(last: last, width: 6, height: 3, line: "busy")
    #expect(g.text == "header\nbody\nbusy")
    #expect(g[2, 0].style == Style(.warn, bold: true, reverse: true))
    #expect(g[2, 5].style == Style(.warn, bold: true, reverse: true), "the whole row is the busy line")
  }

  @Test func aResizeCutsOrPadsTheLastFrame() {
    let last = grid(["header", "body", "status"])
    #expect(BusyFrame.frame(last: last, width: 3, height: 2, line: "busy!").text == "hea\nbus")
    #expect(BusyFrame.frame(last: last, width: 8, height: 5, line: "b").text == "header\nbody\nstatus\n\nb")
    #expect(BusyFrame.frame(last: nil, width: 4, height: 2, line: "b").text == "\nb")
    #expect(BusyFrame.frame(last: last, width: 4, height: 0, line: "b").text == "")
  }

  func rolling() throws -> DashboardSession {
    try Scenario.session(Scenario.all.first { $0.name == "rolling" }!.input, at: .seconds(7))
  }

  @Test func theSessionSaysWhatAKeyWillDo() throws {
    var s = try rolling()
    #expect(s.busyText(forKey: nil) == "running the clock at 1×")
    #expect(s.busyText(forKey: .char("p")) == "promoting")
    #expect(s.busyText(forKey: .char("R")) == "restarting the run")
    #expect(!s.promptOpen)
    #expect(s.promptOpen(after: .char("s")))
    #expect(!s.promptOpen(after: .char("p")))
    #expect(!s.promptOpen(after: nil))
    s.handle(.char("s"))
    #expect(s.promptOpen)
    #expect(s.promptOpen(after: .char("q")), "q is text in a prompt")
    #expect(s.promptOpen(after: nil))
    #expect(!s.promptOpen(after: .enter))
    #expect(!s.promptOpen(after: .escape))
    #expect(s.busyText(forKey: .char("1")) == "reading the prompt")
    for ch in "1000000" { s.handle(.char(ch)) }
    #expect(s.busyText(forKey: .enter) == "scaling to 1,000,000 replicas")
    s.handle(.escape)
    s.handle(.char("g"))
    for ch in "1m30s" { s.handle(.char(ch)) }
    #expect(s.busyText(forKey: .enter) == "going to t=1m30s (re-running from the start)")
  }
}
