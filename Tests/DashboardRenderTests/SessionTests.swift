import DashboardRender
import RolloutEngine
import Testing

@Suite struct SessionTests {
  func session(_ name: String, at t: SimTime = 0) throws -> DashboardSession {
    try Scenario.session(Scenario.all.first { $0.name == name }!.input, at: t)
  }

  func type(_ s: inout DashboardSession, _ text: String) {
    for ch in text { s.handle(.char(ch)) }
  }

  func lines(_ g: Grid) -> [String] { g.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  // MARK: Keys → verbs

  @Test func keysMapToVerbsAndAreRecorded() throws {
    var s = try session("canary", at: .seconds(10))
    for (key, verb) in [("p", ActionVerb.promote), ("P", .promoteFull), ("a", .abort), ("r", .retry), ("u", .undo(revision: nil)), ("x", .killPod)] {
      let before = s.recording.count
      s.handle(.char(Character(key)))
      #expect(s.recording.count == before + 1)
      #expect(s.recording.last?.verb == verb, "key \(key)")
    }
    s.handle(.char("s"))
    type(&s, "12")
    #expect(s.ui.prompt == "scale to replicas: 12")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .scale(12))
    #expect(s.ui.prompt == nil)
    s.handle(.char("i"))
    type(&s, "shop:2.0")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .setImage("shop:2.0"))
    s.handle(.char("n"))
    #expect(s.ui.prompt == "node to take down (1-3): " && s.ui.promptHint == "1")
    type(&s, "2")
    s.handle(.enter)
    #expect(s.recording.last?.verb == .nodeDown(2))
    #expect(s.ui.status == "node-down=2: node-2 is down; 4 pods lost" || s.ui.status.hasPrefix("node-down=2: node-2 is down;"))
    // Every recorded action has a distinct, increasing simulated time.
    let times = s.recording.map(\.at)
    #expect(times == times.sorted() && Set(times).count == times.count)
  }

  @Test func rejectedVerbSaysSoInTheStatusLine() throws {
    var s = try session("rolling", at: .seconds(3))
    s.handle(.char("p"))
    #expect(s.ui.status == "promote: a Deployment has no steps, pauses or analysis; this is an Argo Rollouts verb (try pause, resume or undo)")
    let g = s.render(width: 160, height: 48)
    #expect(lines(g)[47].hasPrefix("promote: a Deployment has no steps"))
  }

  @Test func undoDuringRolloutShowsOutcomeInFooter() throws {
    var s = try session("rolling", at: .seconds(7))
    s.handle(.char("u"))
    #expect(s.ui.status == "undo: deployment.apps/web rolled back to revision 1 (shop:1.0)")
    #expect(lines(s.render(width: 80, height: 24))[23] == "undo: deployment.apps/web rolled back to revision 1 (shop:1.0)")
  }

  @Test func escapeCancelsPromptAndNothingIsRecorded() throws {
    var s = try session("rolling")
    s.handle(.char("s"))
    type(&s, "1x2")
    // What is typed is kept (and checked on Enter), not filtered.
    #expect(s.ui.prompt == "scale to replicas: 1x2")
    s.handle(.backspace)
    s.handle(.backspace)
    type(&s, "5")
    #expect(s.ui.prompt == "scale to replicas: 15")
    // While a prompt is open, letters are not keys: `q` does not quit.
    s.handle(.char("q"))
    #expect(!s.wantsQuit)
    s.handle(.escape)
    #expect(s.ui.prompt == nil)
    #expect(s.ui.status == "scale: cancelled")
    #expect(s.recording.isEmpty)
    s.handle(.char("q"))
    #expect(s.wantsQuit)
  }

  @Test func promptShowsOnLastRow() throws {
    var s = try session("rolling")
    s.handle(.char("i"))
    type(&s, "shop:9")
    #expect(lines(s.render(width: 80, height: 24))[23] == "set image: shop:9_  Enter applies, Esc cancels")
  }

  // MARK: Speed and clock

  @Test func speedsStepThroughTheListThenMax() throws {
    var s = try session("rolling")
    #expect(s.ui.speedLabel == "1×")
    var labels: [String] = []
    for _ in 0..<8 {
      s.handle(.char("+"))
      labels.append(s.ui.speedLabel)
    }
    #expect(labels == ["2×", "4×", "8×", "16×", "32×", "64×", "max", "max"])
    #expect(s.ui.status == "speed: already as fast as possible")
    for _ in 0..<10 { s.handle(.char("-")) }
    #expect(s.ui.speedLabel == "0.25×")
    s.handle(.char("+"))
    #expect(s.ui.speedLabel == "0.5×")
    #expect(s.speed == 0.5)
  }

  @Test func speedScalesSimulatedTime() throws {
    var s = try session("rolling")
    s.handle(.char("+"))  // 2×
    s.handle(.char("+"))  // 4×
    s.tick(wallSeconds: 1.5)
    #expect(s.simulation.now == .seconds(6))
    s.setSpeed(0.25)
    s.tick(wallSeconds: 2)
    #expect(s.simulation.now == .seconds(6.5))
    s.setSpeed(10)  // nearest listed: 8×
    #expect(s.ui.speedLabel == "8×")
    s.setSpeed(0)
    #expect(s.ui.speedLabel == "0.25×")
    s.setSpeed(.infinity)
    #expect(s.ui.speedLabel == "max")
    s.setSpeed(3)  // between 2× and 4×: 4× is nearer by ratio (4/3 < 3/2)
    #expect(s.ui.speedLabel == "4×")
  }

  @Test func spacePausesTheClockAndTheScreenStaysStill() throws {
    var s = try session("rolling", at: .seconds(2))
    s.handle(.char(" "))
    #expect(s.ui.paused)
    let frozen = s.render(width: 100, height: 30)
    #expect(lines(frozen)[0].contains("PAUSED"))
    #expect(lines(frozen)[0].contains("t=2s"))
    for _ in 0..<5 { s.tick(wallSeconds: 1) }
    #expect(s.simulation.now == .seconds(2))
    #expect(s.render(width: 100, height: 30) == frozen)
    #expect(s.nextWakeMs == 1000)
    s.handle(.char(" "))
    #expect(!lines(s.render(width: 100, height: 30))[0].contains("PAUSED"))
    s.tick(wallSeconds: 1)
    #expect(s.simulation.now == .seconds(3))
  }

  @Test func dotStepsOneEventOnlyWhilePaused() throws {
    var s = try session("rolling", at: .seconds(1))
    s.handle(.char("."))
    #expect(s.ui.status == ".: pause the clock first (space), then . steps one event")
    #expect(s.simulation.now == .seconds(1))
    s.handle(.char(" "))
    let next = try #require(s.simulation.nextEventTime())
    s.handle(.char("."))
    #expect(s.simulation.now == next)
    #expect(s.ui.status.hasPrefix("advanced to t=\(formatDuration(next))"))
  }

  @Test func maxSpeedIsBoundedPerTick() throws {
    var s = try session("rolling")
    s.setSpeed(nil)
    s.maxInstantsPerTick = 3
    let before = s.simulation.now
    s.tick(wallSeconds: 1)
    // Three instants at most: the clock stops at the third event, far short of an hour.
    #expect(s.simulation.now > before)
    #expect(s.simulation.now < .seconds(60))
    #expect(s.nextWakeMs == 16)
  }

  @Test func nextWakeFollowsSpeed() throws {
    var s = try session("canary", at: .seconds(20))  // in a 30 s pause: nothing pending before 35 s
    #expect(s.nextWakeMs == 1000)
    s.setSpeed(64)
    #expect(s.nextWakeMs == 16)
    s.tick(wallSeconds: 0.25)  // 16 s later
    #expect(s.simulation.now == .seconds(36))
  }

  /// Settled (the rolling update is done at 30 s): the clock stays, at any speed.
  @Test func aSettledRolloutStopsTheClock() throws {
    var s = try session("rolling", at: .seconds(30))
    #expect(s.isSettled)
    s.setSpeed(64)
    s.tick(wallSeconds: 0.25)
    #expect(s.simulation.now == .seconds(30))
  }

  /// The sparkline history depends on simulated time only, not on how wall time was sliced.
  @Test func historyIsIndependentOfTickSlicing() throws {
    var a = try session("crashloop")
    var b = try session("crashloop")
    var c = try session("crashloop")
    for _ in 0..<40 { a.tick(wallSeconds: 1) }
    for _ in 0..<160 { b.tick(wallSeconds: 0.25) }
    c.tick(wallSeconds: 40)
    #expect(a.simulation.now == .seconds(40) && b.simulation.now == .seconds(40) && c.simulation.now == .seconds(40))
    #expect(a.ui.history == b.ui.history)
    #expect(a.ui.history == c.ui.history)
    #expect(a.ui.history.count == 41)
    #expect(a.render(width: 160, height: 48) == c.render(width: 160, height: 48))
  }

  // MARK: Replay

  /// A recording replayed headlessly (a Simulation with those actions) reaches the
  /// identical state, including actions taken right at an event's instant (`.`).
  @Test func recordingReplaysToTheIdenticalState() throws {
    for name in ["rolling", "canary", "bluegreen", "pending"] {
      var s = try session(name)
      s.tick(wallSeconds: 3)
      s.handle(.char("x"))
      s.tick(wallSeconds: 0.5)
      s.handle(.char(" "))
      s.handle(.char("."))
      s.handle(.char("."))
      s.handle(.char("p"))  // at an event instant
      s.handle(.char("s"))
      type(&s, "7")
      s.handle(.enter)
      s.handle(.char(" "))
      s.tick(wallSeconds: 4)
      s.handle(.char("u"))
      s.handle(.char("u"))  // twice at once: each gets its own instant
      s.handle(.char("n"))
      s.handle(.enter)
      s.setSpeed(8)
      for _ in 0..<10 { s.tick(wallSeconds: 0.3) }
      s.handle(.char("i"))
      type(&s, "shop:1.2")
      s.handle(.enter)
      s.tick(wallSeconds: 20)
      // A rejected key is not recorded (promote on a Deployment has no steps).
      #expect(s.recording.count == (name == "rolling" || name == "pending" ? 6 : 7), "\(name)")
      var replay = try Simulation(s.replayInput())
      replay.advance(to: s.simulation.now)
      let sameSnapshot = replay.snapshot() == s.simulation.snapshot()
      #expect(sameSnapshot, "\(name)")
      #expect(replay.summary() == s.simulation.summary(), "\(name)")
      // The screen too (history aside, which a headless replay does not keep).
      var again = DashboardSession(simulation: replay)
      again.ui = s.ui
      #expect(again.render(width: 160, height: 48) == s.render(width: 160, height: 48), "\(name)")
    }
  }

  // MARK: Screen contracts

  /// Rows after `TRAFFIC`: one per serving revision, `rev N` then its share as the
  /// row's first `NN%`; the shares sum to exactly 100.
  func trafficPercents(_ g: Grid) -> [Int: Int] {
    let rows = lines(g)
    guard let t = rows.firstIndex(where: { $0.hasPrefix("TRAFFIC") }) else { return [:] }
    var out: [Int: Int] = [:]
    for row in rows[(t + 1)...] {
      guard row.hasPrefix("rev ") else { break }
      let rev = Int(row.dropFirst(4).prefix { $0.isNumber })!
      let words = row.split(separator: " ")
      let pct = words.first { $0.hasSuffix("%") && Int($0.dropLast()) != nil }!
      out[rev] = Int(pct.dropLast())!
    }
    return out
  }

  @Test func trafficPercentagesSumTo100() throws {
    for name in ["rolling", "canary", "bluegreen", "crashloop"] {
      var s = try session(name)
      for _ in 0..<60 {
        s.tick(wallSeconds: 2)
        for (w, h) in [(80, 24), (160, 48)] {
          let p = trafficPercents(s.render(width: w, height: h))
          let serving = s.simulation.snapshot(includePods: false).traffic.shares.values.contains { $0 > 0 }
          if serving { #expect(p.values.reduce(0, +) == 100, "\(name) t=\(s.simulation.now) \(p)") }
        }
      }
    }
  }

  @Test func largestRemainderRounding() {
    let p = DashboardRenderer.trafficPercents([1: 1.0 / 3, 2: 1.0 / 3, 3: 1.0 / 3])
    #expect(p.map(\.revision) == [3, 2, 1])
    #expect(p.map(\.percent) == [34, 33, 33])
    let q = DashboardRenderer.trafficPercents([1: 0.625, 2: 0.375])
    #expect(q.map(\.percent) == [38, 62])
    #expect(DashboardRenderer.trafficPercents([1: 0, 2: 0]).isEmpty)
    let r = DashboardRenderer.trafficPercents([1: 0.996, 2: 0.004])
    #expect(r.map(\.percent) == [0, 100])
  }

  @Test func smallTerminalShowsEnlargeMessage() throws {
    let s = try session("rolling", at: .seconds(5))
    for (w, h) in [(79, 24), (80, 23), (60, 20), (20, 5)] {
      let rows = lines(s.render(width: w, height: h))
      let r = max(0, h / 2 - 1)
      if w >= 16 { #expect(rows[r].trimmingPrefixSpaces == "enlarge to 80×24") }
      if w >= 40 { #expect(rows[r + 1].trimmingPrefixSpaces == "(terminal currently \(w)×\(h))") }
      // Centred.
      let lead = rows[r].prefix { $0 == " " }.count
      #expect(lead == max(0, (w - 16) / 2))
    }
    // Degenerate sizes do not crash.
    _ = s.render(width: 0, height: 0)
    _ = s.render(width: 1, height: 1)
    _ = s.render(width: 500, height: 200)
  }

  @Test func helpOverlayListsEveryKey() throws {
    var s = try session("rolling")
    s.handle(.char("?"))
    let text = s.render(width: 80, height: 24).text
    #expect(text.contains("rollsim keys"))
    for (key, meaning) in [
      ("space", "pause / resume"), ("+ -", "speed"), (".", "next event"), ("p P", "promote"), ("a r", "abort"),
      ("z Z", "pause / resume the rollout"), ("u U", "undo"), ("s i", "scale"), ("x", "kill"), ("n N", "node down"),
      ("R", "restart"), ("< >", "decision"), ("g", "go to a time"), ("b", "breakpoints"), ("tab", "focus"),
      ("Enter", "describe"), ("/", "filter"), ("? q", "this help"), ("? q", "quit"),
    ] {
      #expect(lines(s.render(width: 80, height: 24)).contains { $0.contains("│ \(key) ") && $0.contains(meaning) }, "\(key)")
    }
    s.handle(.char("?"))
    #expect(!s.render(width: 80, height: 24).text.contains("rollsim keys"))
    s.handle(.char("?"))
    s.handle(.escape)
    #expect(!s.ui.showHelp)
  }

  @Test func tabMovesFocus() throws {
    var s = try session("rolling")
    #expect(s.ui.focus == 0)
    s.handle(.tab)
    s.handle(.tab)
    #expect(s.ui.focus == 2)
    s.handle(.backTab)
    #expect(s.ui.focus == 1)
    // The focused panel's title is drawn reversed.
    let g = s.render(width: 80, height: 24)
    let row = lines(g).firstIndex { $0.hasPrefix("TRAFFIC") }!
    #expect(g[row, 0].style.reverse)
  }

  @Test func unknownKeySaysSo() throws {
    var s = try session("rolling")
    s.handle(.char("X"))
    #expect(s.ui.status == "X: no such key; ? lists the keys")
    #expect(s.recording.isEmpty)
  }
}

extension String {
  var trimmingPrefixSpaces: String { String(drop { $0 == " " }) }
}

/// Random keys, ticks and screen sizes (seeded, so reproducible) never crash the
/// session or the renderer, and the screen contracts hold throughout.
@Suite struct SessionFuzzTests {
  struct LCG {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
  }

  @Test(arguments: ["rolling", "recreate", "crashloop", "pending", "canary", "bluegreen"])
  func randomKeysNeverCrash(name: String) throws {
    var rng = LCG(state: 42)
    var s = try Scenario.session(Scenario.all.first { $0.name == name }!.input, at: 0)
    let keys: [DashboardKey] = [
      .char(" "), .char("+"), .char("-"), .char("."), .char("p"), .char("P"), .char("a"), .char("r"), .char("u"),
      .char("s"), .char("i"), .char("k"), .char("n"), .char("?"), .char("3"), .char("x"), .char(":"), .tab, .backTab,
      .enter, .escape, .backspace, .resize, .up,
    ]
    for step in 0..<300 {
      s.handle(keys[rng.next(keys.count)])
      s.tick(wallSeconds: Double(rng.next(2000)) / 1000)
      if step % 10 == 0 {
        let (w, h) = (rng.next(200), rng.next(70))
        let g = s.render(width: w, height: h)
        #expect(g.width == w && g.height == h && g.cells.count == w * h)
        if w >= 80, h >= 24 {
          #expect(g.text.split(separator: "\n", omittingEmptySubsequences: false).first!.contains("t="))
        }
      }
      if s.wantsQuit { break }
    }
    // Whatever happened, the recording replays to the same state.
    var replay = try Simulation(s.replayInput())
    replay.advance(to: s.simulation.now)
    let same = replay.snapshot() == s.simulation.snapshot()
    #expect(same)
  }
}
