import DashboardRender
import RolloutEngine
import Testing

/// Issue 13, prompts: a default is a hint the first key replaces (`n 2 Enter` took
/// node 12); `s -1` is rejected, not read as 1; a long image scrolls in the prompt.
@Suite struct PromptTests {
  func session() throws -> DashboardSession { try Scenario.session(Scenario.all[0].input, at: .seconds(30)) }
  func type(_ s: inout DashboardSession, _ text: String) { for c in text { s.handle(.char(c)) } }
  func lastRow(_ s: DashboardSession, width: Int = 80) -> String {
    String(s.render(width: width, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)[23])
  }

  @Test func nodeDefaultIsAHintTheFirstKeyReplaces() throws {
    var s = try session()
    s.handle(.char("n"))
    #expect(lastRow(s) == "node to take down (1-3): _ [1]  Enter applies, Esc cancels")
    type(&s, "2")
    #expect(lastRow(s) == "node to take down (1-3): 2_  Enter applies, Esc cancels")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .nodeDown(2))
  }

  @Test func enterOnTheHintTakesTheDefault() throws {
    var s = try session()
    s.handle(.char("n"))
    s.handle(.enter)
    #expect(s.recording.last?.verb == .nodeDown(1))
  }

  @Test func negativeScaleIsRejected() throws {
    var s = try session()
    s.handle(.char("s"))
    type(&s, "-1")
    #expect(s.ui.prompt == "scale to replicas: -1")
    s.handle(.enter)
    #expect(s.recording.isEmpty)
    #expect(s.ui.status == "scale: \"-1\" rejected: type a number of replicas (0 or more)")
    s.handle(.char("n"))
    type(&s, "x")
    s.handle(.enter)
    #expect(s.recording.isEmpty)
    #expect(s.ui.status == "node-down: \"x\" rejected: type a node number (1 or more)")
  }

  @Test func longImageScrollsKeepingTheCursorInView() throws {
    var s = try session()
    s.handle(.char("i"))
    let image = "registry.example.com/team/a-very-long-repository-name/shop:1.2.3-rc.4-with-a-long-suffix"
    type(&s, image)
    let row = lastRow(s)
    #expect(row.count <= 80)
    #expect(row.hasPrefix("…") && row.hasSuffix("with-a-long-suffix_"), "\(row)")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .setImage(image))
  }
}

/// Issue 13: the footer dropped `<a> abort` / `<u> undo` at a BlueGreenPause at 80
/// columns; hints are chosen by what applies now.
@Suite struct FooterHintTests {
  func keysRow(_ s: DashboardSession, width: Int) -> String {
    String(s.render(width: width, height: 24).text.split(separator: "\n", omittingEmptySubsequences: false)[22])
  }

  @Test func blueGreenPauseKeepsPromoteAbortUndoAt80() throws {
    let sc = Scenario.all.first { $0.name == "bluegreen" }!
    let s = try Scenario.session(sc.input, at: sc.at)
    #expect(s.simulation.snapshot().phase == .paused)
    let row = keysRow(s, width: 80)
    for hint in ["<p> promote", "<a> abort", "<u> undo", "<space> pause", "<?> help", "<q> quit"] {
      #expect(row.contains(hint), "\(hint): \(row)")
    }
    #expect(row.count <= 80)
  }

  @Test func everyHintAtWideScreens() throws {
    let sc = Scenario.all.first { $0.name == "bluegreen" }!
    let s = try Scenario.session(sc.input, at: sc.at)
    let row = keysRow(s, width: 200)
    #expect(row == "<space> pause <+/-> speed <p> promote <P> full <a> abort <u> undo <s> scale <i> image <x> kill pod <n> node down <tab> focus <j/k> select <Enter> describe <?> help <q> quit")
  }
}

/// Issue 13: a key for every verb: `z` / `Z` pause and resume the rollout, `N` node
/// up, `U` undo to a revision picked in a prompt.
@Suite struct VerbKeyTests {
  func type(_ s: inout DashboardSession, _ text: String) { for c in text { s.handle(.char(c)) } }

  @Test func pauseAndResumeTheRollout() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(3))
    s.handle(.char("z"))
    #expect(s.recording.last?.verb == .pause)
    #expect(s.simulation.snapshot().paused)
    s.handle(.char("Z"))
    #expect(s.recording.last?.verb == .resume)
    #expect(!s.simulation.snapshot().paused)
  }

  @Test func nodeUpOffersTheNodeThatIsDown() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(30))
    s.act(.nodeDown(2))
    s.handle(.char("N"))
    #expect(s.ui.prompt == "node to bring up (2): " && s.ui.promptHint == "2")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .nodeUp(2))
    #expect(s.simulation.snapshot().nodes[1].up)
  }

  @Test func undoToAPickedRevision() throws {
    var s = try Scenario.session(Scenario.all[0].input, at: .seconds(30))
    s.act(.setImage("shop:1.2"))
    s.advance(to: .seconds(60))
    s.handle(.char("U"))
    #expect(s.ui.prompt == "undo to revision (2 shop:1.1, 1 shop:1.0): ", "\(s.ui.prompt ?? "")")
    type(&s, "1")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .undo(revision: 1))
  }
}
