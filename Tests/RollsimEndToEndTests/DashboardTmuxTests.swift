import DashboardRender
import Foundation
import RolloutEngine
import RolloutManifests
import Testing

/// The live dashboard end to end: the real binary in a real terminal (tmux), keys in,
/// screen text out. Serialized: the machine is small and each test measures
/// wall-clock behaviour (a paused clock stays still); every wait has a deadline.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux and a built rollsim (swift build --build-tests)"))
struct DashboardTmuxTests {
  static let rolling = TmuxSession.packageRoot + "/Strategies/rolling-update.yaml"

  /// The rows under the `TRAFFIC` title: (revision, first `NN%` token).
  static func trafficRows(_ screen: String) -> [(revision: Int, percent: Int)] {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let title = lines.firstIndex(where: { $0.contains("TRAFFIC") }),
      let titleRange = lines[title].range(of: "TRAFFIC")
    else { return [] }
    // The panel's column: other panels may sit to its left.
    let column = lines[title].distance(from: lines[title].startIndex, to: titleRange.lowerBound)
    var rows: [(Int, Int)] = []
    for fullLine in lines[(title + 1)...] {
      let line = String(fullLine.dropFirst(column))
      guard let rev = firstMatch(line, #/rev (\d+)/#), let pct = firstMatch(line, #/(\d+)%/#) else { break }
      rows.append((rev, pct))
    }
    return rows
  }

  static func firstMatch(_ line: String, _ regex: Regex<(Substring, Substring)>) -> Int? {
    (try? regex.firstMatch(in: line)).flatMap { Int($0.output.1) }
  }

  /// The header: the first row showing the clock (`t=…`).
  static func header(_ screen: String) -> String {
    String(screen.split(separator: "\n").first { $0.contains("t=") } ?? "")
  }

  static func clock(_ screen: String) -> String? {
    (try? #/t=(\S+)/#.firstMatch(in: header(screen))).map { String($0.output.1) }
  }

  /// The terminal is back in cooked mode with echo: `stty -a` lists `icanon` and
  /// `echo` (not `-icanon`, `-echo`).
  static func isSane(_ stty: String) -> Bool {
    let words = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    return words.contains("icanon") && words.contains("echo") && !words.contains("-icanon") && !words.contains("-echo")
  }

  /// After the app exited, the pane's shell runs a command and prints its output.
  static func expectShellUsable(_ tmux: TmuxSession) throws {
    // Type only once the shell shows its prompt: typed ahead (while the app's last
    // lines are still printing under load), the tty echoes the command before the
    // prompt and the output lands after it on one line ("$ ok").
    let prompt = try tmux.waitFor(seconds: 5) { s in
      s.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })?.hasSuffix("$") == true
    }
    #expect(prompt.ok, "no shell prompt after rollsim exited:\n\(prompt.screen)")
    try tmux.send("echo o\"\"k", literal: true)
    try tmux.send("Enter")
    let done = try tmux.waitFor(seconds: 5) { s in
      s.split(separator: "\n").contains { $0 == "ok" } && s.contains("echo o\"\"k")
    }
    #expect(done.ok, "the shell after rollsim didn't echo and run a command:\n\(done.screen)")
  }

  @Test(.timeLimit(.minutes(1)))
  func demoStartsAndTrafficSharesSumTo100() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    let r = try tmux.waitFor { !Self.trafficRows($0).isEmpty }
    #expect(r.ok, "no TRAFFIC rows:\n\(r.screen)")
    #expect(Self.header(r.screen).contains("Progressing"))
    let rows = Self.trafficRows(r.screen)
    #expect(rows.map(\.percent).reduce(0, +) == 100, "\(rows)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func trafficSplitBetweenRevisionsSumsTo100() throws {
    // The demo at 14 s: the first wave of shop:1.1 is ready and takes traffic.
    let tmux = try TmuxSession(["watch", "--at", "14s", "--paused"])
    defer { tmux.close() }
    let r = try tmux.waitFor { Self.trafficRows($0).count >= 2 }
    #expect(r.ok, "expected two serving revisions:\n\(r.screen)")
    let rows = Self.trafficRows(r.screen)
    #expect(Set(rows.map(\.revision)) == [1, 2])
    #expect(rows.allSatisfy { $0.percent > 0 && $0.percent < 100 }, "\(rows)")
    #expect(rows.map(\.percent).reduce(0, +) == 100, "\(rows)")
    #expect(Self.clock(r.screen) == "14s")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func questionMarkTogglesHelp() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    #expect(try !tmux.capture().contains("rollsim keys"))
    try tmux.send("?")
    let shown = try tmux.waitFor { $0.contains("rollsim keys") }
    #expect(shown.ok, "no help overlay:\n\(shown.screen)")
    try tmux.send("?")
    let hidden = try tmux.waitFor { !$0.contains("rollsim keys") }
    #expect(hidden.ok, "help overlay didn't close:\n\(hidden.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func spacePausesTheClockAndTheScreenStaysStill() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("Space")
    let paused = try tmux.waitFor { Self.header($0).contains("PAUSED") }
    #expect(paused.ok, "header doesn't say PAUSED:\n\(paused.screen)")
    let first = try tmux.capture()
    usleep(1_200_000)
    let second = try tmux.capture()
    #expect(first == second, "the paused screen changed:\n\(first)\n---\n\(second)")
    let pausedAt = Self.clock(second)
    #expect(pausedAt != nil)
    try tmux.send("Space")
    let resumed = try tmux.waitFor { !Self.header($0).contains("PAUSED") && Self.clock($0) != pausedAt }
    #expect(resumed.ok, "the clock didn't resume:\n\(resumed.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func undoDuringTheRolloutRollsBack() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    let r = try tmux.waitFor { Self.header($0).contains("Progressing") }
    #expect(r.ok, "the demo isn't rolling out:\n\(r.screen)")
    try tmux.send("u")
    let expected = "undo: deployment.apps/shop rolled back to revision 1 (shop:1.0)"
    let undone = try tmux.waitFor { s in
      s.split(separator: "\n", omittingEmptySubsequences: false).count == tmux.height
        && s.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init)?.contains(expected) == true
    }
    #expect(undone.ok, "status line doesn't say \(expected):\n\(undone.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func resizeBelowMinimumAndBack() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.resize(width: 60, height: 20)
    let small = try tmux.waitFor { $0.contains("enlarge to 80×24") }
    #expect(small.ok, "no enlarge message at 60×20:\n\(small.screen)")
    #expect(!small.screen.contains("TRAFFIC"))
    try tmux.resize(width: 100, height: 30)
    let big = try tmux.waitFor { $0.contains("TRAFFIC") && !$0.contains("enlarge") }
    #expect(big.ok, "no redraw at 100×30:\n\(big.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  @Test(.timeLimit(.minutes(1)))
  func quitExitsZeroAndLeavesTheShellUsable() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
    #expect(Self.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    try Self.expectShellUsable(tmux)
  }

  @Test(.timeLimit(.minutes(1)))
  func ctrlCExitsCleanly() throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    try tmux.send("C-c")
    #expect(tmux.exitStatus() == 130)
    #expect(Self.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    try Self.expectShellUsable(tmux)
  }

  @Test(.timeLimit(.minutes(1)), arguments: [(SIGTERM, "TERM"), (SIGHUP, "HUP")])
  func signalRestoresTheTerminal(_ signal: (Int32, String)) throws {
    let tmux = try TmuxSession([])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("TRAFFIC") }.ok)
    let pid = try #require(try tmux.appPid())
    kill(pid, signal.0)
    #expect(tmux.exitStatus() == 128 + signal.0, "SIG\(signal.1)")
    #expect(Self.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    try Self.expectShellUsable(tmux)
  }

  @Test(.timeLimit(.minutes(1)))
  func crashRestoresTheTerminal() throws {
    let tmux = try TmuxSession(["watch", "--debug-crash"])
    defer { tmux.close() }
    // At once: not Swift's interactive backtracer, which waits 30 s for a key.
    let start = Date()
    let status = tmux.exitStatus(seconds: 20)
    #expect(Date().timeIntervalSince(start) < 8, "the crash did not end the process at once")
    // SIGILL on x86_64 (132), SIGTRAP on arm64 (133).
    #expect(status == 128 + SIGILL || status == 128 + SIGTRAP, "exit status \(String(describing: status))")
    #expect(Self.isSane(tmux.sttyAfterExit()), "\(tmux.sttyAfterExit())")
    let line = "rollsim: internal error (fatal signal): a bug in rollsim, not in your input; please report it on the rollsim issue tracker with the command and input files"
    let screen = try tmux.waitFor(scrollback: true) { $0.replacingOccurrences(of: "\n", with: "").contains(line) }
    #expect(screen.ok, "no report line on the restored screen:\n\(screen.screen)")
    #expect(!screen.screen.contains("Press space") && !screen.screen.contains("Program crashed"), "\(screen.screen)")
    try Self.expectShellUsable(tmux)
  }

  /// TERM=dumb has no cursor addressing: the dashboard still works, as whole ASCII
  /// frames printed one after another, steered by keys typed with Enter.
  @Test(.timeLimit(.minutes(1)))
  func termDumbPrintsPlainFrames() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "14s", "--paused"], environment: ["TERM": "dumb"])
    defer { tmux.close() }
    let first = try tmux.waitFor(scrollback: true) { $0.contains("can't move the cursor") && $0.contains("TRAFFIC") }
    #expect(first.ok, "\(first.screen)")
    #expect(first.screen.contains("PAUSED"))
    let nonASCII = first.screen.unicodeScalars.filter { !$0.isASCII }
    #expect(nonASCII.isEmpty, "non-ASCII on a dumb terminal: \(nonASCII)")
    // `?` then Enter: the next frame is the help overlay.
    try tmux.send("?", literal: true)
    try tmux.send("Enter")
    let help = try tmux.waitFor(scrollback: true) { $0.contains("rollsim keys") }
    #expect(help.ok, "\(help.screen)")
    try tmux.send("q", literal: true)
    try tmux.send("Enter")
    #expect(tmux.exitStatus() == 0)
  }

  /// SGR parameters of a `capture-pane -e` screen, e.g. `["1", "36"]`.
  static func sgrParameters(_ screen: String) -> Set<String> {
    var out: Set<String> = []
    for m in screen.matches(of: #/\x1b\[([0-9;]*)m/#) {
      for p in m.output.1.split(separator: ";") { out.insert(String(p)) }
    }
    return out
  }

  static let colourParameters: Set<String> = Set((30...37).map(String.init) + (90...97).map(String.init) + ["38"])

  @Test(.timeLimit(.minutes(1)))
  func coloursByDefaultMonochromeWithNO_COLOR() throws {
    let coloured = try TmuxSession(["watch", "--at", "14s", "--paused"])
    defer { coloured.close() }
    #expect(try coloured.waitFor { Self.trafficRows($0).count >= 2 }.ok)
    let c = Self.sgrParameters(try coloured.capture(escapes: true))
    #expect(!c.isDisjoint(with: Self.colourParameters), "no colours: \(c.sorted())")

    let mono = try TmuxSession(["watch", "--at", "14s", "--paused"], environment: ["NO_COLOR": "1"])
    defer { mono.close() }
    #expect(try mono.waitFor { Self.trafficRows($0).count >= 2 }.ok)
    let m = Self.sgrParameters(try mono.capture(escapes: true))
    #expect(m.isDisjoint(with: Self.colourParameters), "colours despite NO_COLOR: \(m.sorted())")
    #expect(m.contains("1"), "monochrome still marks titles bold: \(m.sorted())")
    // The same words either way.
    let monoText = try mono.capture()
    let colouredText = try coloured.capture()
    #expect(monoText == colouredText)
  }

  @Test(.timeLimit(.minutes(1)))
  func asciiOutsideAUTF8Locale() throws {
    let tmux = try TmuxSession(["watch", "--at", "14s", "--paused"], environment: ["LANG": "C", "LC_ALL": "C"])
    defer { tmux.close() }
    let r = try tmux.waitFor { Self.trafficRows($0).count >= 2 }
    #expect(r.ok, "\(r.screen)")
    let nonASCII = r.screen.unicodeScalars.filter { !$0.isASCII }
    #expect(nonASCII.isEmpty, "non-ASCII on a C-locale screen:\n\(r.screen)")
    try tmux.resize(width: 60, height: 20)
    let small = try tmux.waitFor { $0.contains("enlarge to 80x24") }
    #expect(small.ok, "\(small.screen)")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  /// Ties the painter to the snapshot-tested renderer: the pane is exactly
  /// `DashboardSession.render(...).text` for the same deterministic state (a file,
  /// `--at`, `--paused`: no wall clock involved). Then the same after the painter's
  /// harder cases: a resize (full redraw at a new size), an overlay drawn as a diff,
  /// and the overlay removed again (no stale cells left behind).
  @Test(.timeLimit(.minutes(1)))
  func paneEqualsTheRendererOutput() throws {
    let tmux = try TmuxSession(["watch", Self.rolling, "--at", "7s", "--paused"])
    defer { tmux.close() }
    let text = try String(contentsOfFile: Self.rolling, encoding: .utf8)
    let input = try ManifestLoader.load(manifest: SourceText(path: Self.rolling, text: text)).input
    // As `watch --at` builds it: the session first, then advanced, so the
    // sparklines' history covers the seconds before 7 s.
    var session = DashboardSession(simulation: try Simulation(input))
    session.advance(to: .seconds(7))
    session.ui.paused = true

    func expectPane(_ width: Int, _ height: Int, _ what: String) throws {
      var expected = session.render(width: width, height: height).text
      while expected.hasSuffix("\n") { expected.removeLast() }
      let r = try tmux.waitFor { $0 == expected }
      #expect(r.ok, "\(what): pane differs from the renderer at \(width)×\(height):\n\(r.screen)\n--- expected ---\n\(expected)")
    }
    try expectPane(100, 30, "start")
    try tmux.resize(width: 120, height: 40)
    session.handle(.resize)
    try expectPane(120, 40, "after a resize")
    try tmux.send("?")
    session.handle(.char("?"))
    try expectPane(120, 40, "help overlay")
    try tmux.send("?")
    session.handle(.char("?"))
    try expectPane(120, 40, "overlay closed")
    try tmux.resize(width: 80, height: 24)
    session.handle(.resize)
    try expectPane(80, 24, "at the minimum size")
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)
  }

  /// Record a session with keys (undo, pause, resume), quit, replay: identical final
  /// state; and a tampered recording is caught.
  @Test(.timeLimit(.minutes(1)))
  func recordThenReplayReachesTheIdenticalFinalState() throws {
    let dir = NSTemporaryDirectory() + "rollsim-rec-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let rec = dir + "/session.json"
    let tmux = try TmuxSession(["watch", Self.rolling, "--speed", "4", "--record", rec])
    defer { tmux.close() }
    #expect(try tmux.waitFor { Self.trafficRows($0).count >= 2 }.ok)
    try tmux.send("u")
    #expect(try tmux.waitFor { $0.contains("undo: ") }.ok)
    try tmux.send("Space")
    #expect(try tmux.waitFor { Self.header($0).contains("PAUSED") }.ok)
    try tmux.send("u")
    #expect(try tmux.waitFor { $0.contains("undo: deployment.apps/shop rolled back to revision 2 (shop:1.1)") }.ok)
    try tmux.send("Space")
    usleep(300_000)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)

    let data = try #require(FileManager.default.contents(atPath: rec))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["format"] as? String == "rollsim-recording/v1")
    let actions = try #require(json["actions"] as? [[String: String]])
    #expect(actions.map { $0["do"] } == ["undo", "undo"])
    let final = try #require(json["final"] as? [String: String])

    let replay = try TmuxSession.runRollsim(["replay", rec, "--format", "jsonl"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout == final["state"]! + "\n" + final["summary"]! + "\n")
    let table = try TmuxSession.runRollsim(["replay", rec])
    #expect(table.status == 0)
    #expect(table.stdout.hasPrefix("replayed 2 actions to t="), "\(table.stdout)")
    #expect(table.stdout.hasSuffix("final state identical to the recording\n"), "\(table.stdout)")

    // The check can fail: end the recording a second later.
    var tampered = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let endText = try #require(tampered["end"] as? String)
    let end = try #require(parseDuration(endText))
    tampered["end"] = formatSeconds(end + 1000) + "s"
    let bad = dir + "/tampered.json"
    try JSONSerialization.data(withJSONObject: tampered).write(to: URL(fileURLWithPath: bad))
    let mismatch = try TmuxSession.runRollsim(["replay", bad])
    #expect(mismatch.status == 1)
    #expect(mismatch.stderr.contains("the final state differs from the recording"), "\(mismatch.stderr)")

    // Issue 13: the table gave the session's length as the rollout's duration. Half
    // an hour later the rollout has long settled: its duration is when it did.
    tampered["end"] = formatSeconds(end + 1_800_000) + "s"
    let late = dir + "/late.json"
    try JSONSerialization.data(withJSONObject: tampered).write(to: URL(fileURLWithPath: late))
    let lateRun = try TmuxSession.runRollsim(["replay", late])
    #expect(lateRun.stdout.contains("to t=\(formatDuration(end + 1_800_000)) (the session's end)"), "\(lateRun.stdout)")
    let took = (try? #/completed in (\S+),/#.firstMatch(in: lateRun.stdout)).flatMap { parseDuration(String($0.output.1)) }
    #expect(took != nil && took! < end + 600_000, "\(lateRun.stdout)")
  }
}

/// The dashboard commands without a terminal: refusals, replay's error paths, help.
@Suite(.enabled(if: TmuxSession.rollsimBinary != nil, "needs a built rollsim (swift build --build-tests)"))
struct DashboardCommandTests {
  @Test(.timeLimit(.minutes(1)))
  func watchWithoutATerminalExits2WithAHint() throws {
    let r = try TmuxSession.runRollsim(["watch", DashboardTmuxTests.rolling])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(r.stderr)")
    #expect(r.stderr.contains("rollsim simulate"), "\(r.stderr)")
  }

  @Test(.timeLimit(.minutes(1)))
  func demoWithoutATerminalExits2() throws {
    let r = try TmuxSession.runRollsim([])
    #expect(r.status == 2)
    #expect(r.stderr.contains("rollsim simulate"), "\(r.stderr)")
  }

  @Test(.timeLimit(.minutes(1)))
  func replayRejectsWhatIsNotARecording() throws {
    let dir = NSTemporaryDirectory() + "rollsim-rec-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }

    let missing = try TmuxSession.runRollsim(["replay", dir + "/nope.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "\(dir)/nope.json: error: cannot read the recording\n")

    let yaml = dir + "/not.json"
    try "apiVersion: apps/v1\n".write(toFile: yaml, atomically: true, encoding: .utf8)
    let notJSON = try TmuxSession.runRollsim(["replay", yaml])
    #expect(notJSON.status == 2)
    #expect(notJSON.stderr == "\(yaml):1:1: error: not a rollsim recording: invalid JSON: unexpected 'a'\n")

    let partial = dir + "/partial.json"
    try #"{"format": "rollsim-recording/v1", "manifest": {"path": "x.yaml", "text": ""}}"#
      .write(toFile: partial, atomically: true, encoding: .utf8)
    let incomplete = try TmuxSession.runRollsim(["replay", partial])
    #expect(incomplete.status == 2)
    #expect(incomplete.stderr == "\(partial): error: not a rollsim recording: missing \"actions\"\n")

    // A recording whose embedded manifest no longer loads names the problem.
    let broken = dir + "/broken.json"
    try #"""
      {"format": "rollsim-recording/v1", "manifest": {"path": "gone.yaml", "text": "kind: Nope\n"},
       "actions": [], "end": "1s", "final": {"state": "", "summary": "", "digest": ""}}
      """#.write(toFile: broken, atomically: true, encoding: .utf8)
    let bad = try TmuxSession.runRollsim(["replay", broken])
    #expect(bad.status == 2)
    #expect(bad.stderr.hasPrefix("\(broken): error: the recorded input no longer loads: gone.yaml:1:"), "\(bad.stderr)")

    // A time too large for the clock is an error line, not a trap.
    let huge = dir + "/huge.json"
    try #"""
      {"format": "rollsim-recording/v1", "manifest": {"path": "x.yaml", "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers: [{image: x:1}]\n"},
       "actions": [{"at": "99999999999999999999h", "do": "undo"}], "end": "1s", "final": {"state": "", "summary": "", "digest": ""}}
      """#.write(toFile: huge, atomically: true, encoding: .utf8)
    let tooBig = try TmuxSession.runRollsim(["replay", huge])
    #expect(tooBig.status == 2)
    #expect(tooBig.stderr == "\(huge): error: actions[0].at: time \"99999999999999999999h\" is beyond the longest run (1000000000s)\n", "\(tooBig.stderr)")
  }

  @Test(.timeLimit(.minutes(1)))
  func watchHelpListsTheKeysAndExamples() throws {
    let r = try TmuxSession.runRollsim(["watch", "--help"])
    #expect(r.status == 0)
    // Words as the help wraps them onto lines: compare with single spaces.
    let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for text in [
      "space pause/resume", "u undo", "R restart", "< / > previous / next decision", "g go to a time", "b breakpoints",
      "? help", "q quit", "rollsim watch Strategies/rolling-update.yaml", "--record", "--at", "--paused",
    ] {
      #expect(flat.contains(text), "watch --help lacks \(text)")
    }
    #expect(!r.stdout.contains("debug-crash"))
    let root = try TmuxSession.runRollsim(["--help"])
    #expect(root.stdout.contains("built-in demo"))
    #expect(root.stdout.contains("replay"))
  }

  @Test(.timeLimit(.minutes(1)))
  func badSpeedIsAUsageError() throws {
    let r = try TmuxSession.runRollsim(["watch", "--speed", "3"])
    #expect(r.status == 2)
    #expect(
      r.stderr
        == "rollsim watch: error: --speed \"3\": use one of 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, max (see 'rollsim watch --help')\n")
  }
}
