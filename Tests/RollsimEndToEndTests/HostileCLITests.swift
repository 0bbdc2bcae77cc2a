import Foundation
import Testing

/// Hostile input through the real binary (issue 14): terminal escape injection on
/// every output path, the command line's messages, replay's JSON errors, the event
/// bound.
@Suite struct HostileCLITests {
  /// An image, a container name (events name it) and an unknown field (a warning
  /// echoes it) that would retitle the terminal (OSC 0), ring the bell and recolour
  /// what follows if written raw: kubectl's CVE-2021-25743.
  static let injected = #"""
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: shop}
    spec:
      replicas: 2
      "x\e[2J": 1
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers:
            - name: "c\e[31mRED"
              image: "shop:1.1\e]0;PWNED\a\e[31mRED"
    """#

  static let escapedImage = #"shop:1.1\e]0;PWNED\x07\e[31mRED"#

  static func raw(_ s: String) -> Bool { s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0) } }

  static func file(_ text: String, _ name: String = "injected.yaml") throws -> String { try CLIRunner.tempFile(name, text) }

  @Test func tableTimelineEventsAndWarningsAreEscaped() throws {
    let path = try Self.file(Self.injected)
    let r = try CLIRunner.run(["simulate", path, "--until", "30s"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!Self.raw(r.stdout) && !Self.raw(r.stderr))
    #expect(r.stdout.contains("  rev  2  \(Self.escapedImage)  replicas"))
    #expect(r.stdout.contains(#"Started container c\e[31mRED"#))
    #expect(r.stderrLines == [#"\#(path):6:3: warning: unknown field "x\e[2J" in spec"#])
  }

  @Test func jsonlAndCSVEscapeByTheirOwnRules() throws {
    let path = try Self.file(Self.injected)
    let jsonl = try CLIRunner.run(["simulate", path, "--until", "30s", "--format", "jsonl"])
    #expect(jsonl.status == 0 && !Self.raw(jsonl.stdout))
    #expect(jsonl.stdout.contains(#""image":"shop:1.1\u001b]0;PWNED\u0007\u001b[31mRED""#))
    let first = try #require(jsonl.stdoutLines.first)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    let images = (object["revisions"] as? [[String: Any]])?.compactMap { $0["image"] as? String }
    #expect(images?.contains("shop:1.1\u{1B}]0;PWNED\u{07}\u{1B}[31mRED") == true, "JSON round-trips the exact value")
    let csv = try CLIRunner.run(["simulate", path, "--until", "30s", "--format", "csv"])
    #expect(csv.status == 0 && !Self.raw(csv.stdout))
    #expect(csv.stdout.contains(#"Started container c\e[31mRED"#))
  }

  @Test func validateAndErrorsAreEscaped() throws {
    let path = try Self.file(Self.injected)
    let v = try CLIRunner.run(["validate", path])
    #expect(v.status == 0 && !Self.raw(v.stdout) && !Self.raw(v.stderr))
    #expect(v.stdout.contains("  Deployment shop: 2 replicas, image \(Self.escapedImage), RollingUpdate"))
    let badLabel = try Self.file(Self.injected.replacingOccurrences(of: "labels: {app: shop}", with: #"labels: {app: "\e]0;PWNED\a"}"#))
    let e = try CLIRunner.run(["simulate", badLabel])
    #expect(e.status == 2)
    #expect(e.stderrLines.last?.hasPrefix(#"\#(badLabel):8:30: error: spec.template.metadata.labels.app: Invalid value: "\e]0;PWNED\x07": a valid label"#) == true, "\(e.stderr)")
    #expect(!Self.raw(e.stderr))
  }

  @Test func replayEscapesWhatTheRecordingHolds() throws {
    let recording: [String: Any] = [
      "format": "rollsim-recording/v1", "manifest": ["path": "m\u{1B}[2J.yaml", "text": Self.injected], "actions": [["at": "5s", "do": "kill-pod"]],
      "end": "10s", "final": ["state": "{\"t\":1}\u{1B}]0;PWNED\u{07}", "summary": "x", "digest": "y"],
    ]
    let path = try CLIRunner.tempFile("rec.json", try JSONSerialization.data(withJSONObject: recording))
    let r = try CLIRunner.run(["replay", path])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(!Self.raw(r.stdout) && !Self.raw(r.stderr))
    #expect(r.stderr.contains(#"  state: recorded {"t":1}\e]0;PWNED\x07"#), "\(r.stderr)")
  }

  // MARK: - Command line

  @Test(arguments: [
    ("-1s:pause", #"rollsim: error: --action "-1s:pause": time "-1s" is negative: actions happen at or after the start of the run (0s)"#),
    ("10s:undo=0", #"rollsim: error: --action "10s:undo=0": undo=0: undo takes a revision number of 1 or more (or none, for the previous revision)"#),
    ("10s:scale=-1", #"rollsim: error: --action "10s:scale=-1": scale=-1: scale takes a replica count, a whole number of 0 or more"#),
    ("10s:pause=3", #"rollsim: error: --action "10s:pause=3": pause takes no argument (found "pause=3")"#),
    ("10s:node-up=0", #"rollsim: error: --action "10s:node-up=0": node-up=0: node-up takes a node number of 1 or more"#),
    ("10s:set-image=", #"rollsim: error: --action "10s:set-image=": set-image needs an image: set-image=IMAGE"#),
    ("10s:\u{1B}[31m", #"rollsim: error: --action "10s:\e[31m": unknown verb "\e[31m" (valid: pause, resume, undo, undo=REVISION, scale=N, set-image=IMAGE, kill-pod, node-down=N, node-up=N, promote, promote-full, abort, retry)"#),
  ])
  func actionMessagesSayWhatIsWrong(action: String, expected: String) throws {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--action", action])
    CLITests.expectOneErrorLine(r, expected)
  }

  @Test func maxEventsStopsTheRunWithOneLine() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/crash-loop.yaml", "--until", "1000000000", "--max-events", "50", "--format", "jsonl"])
    #expect(r.status == 2)
    #expect(
      r.stderrLines == [
        // The events of t=0's record count too (15 of them): every event printed counts.
        "rollsim: error: the run passed --max-events 50 at t=1m24s (55 events); the output so far is complete up to the previous instant; raise --max-events or lower --until"
      ])
    // Everything before the instant that passed the bound was written, and no summary.
    #expect(r.stdoutLines.count > 3 && r.stdoutLines.allSatisfy { $0.hasPrefix("{\"t\":") })
    // A recording is input too: replaying a crash loop to 10⁹ s is bounded the same way.
    let recording: [String: Any] = [
      "format": "rollsim-recording/v1", "manifest": ["path": "c.yaml", "text": try String(contentsOfFile: CLIRunner.root.path + "/Strategies/crash-loop.yaml", encoding: .utf8)],
      "actions": [], "end": "1000000000", "final": ["state": "", "summary": "", "digest": ""],
    ]
    let rec = try CLIRunner.tempFile("long.json", try JSONSerialization.data(withJSONObject: recording))
    CLITests.expectOneErrorLine(
      try CLIRunner.run(["replay", rec, "--max-events", "1000"]), "\(rec): error: the replay passed --max-events 1000 at t=8h00m12s; raise --max-events")
    let zero = try CLIRunner.run(["simulate", "Strategies/crash-loop.yaml", "--max-events=0"])
    CLITests.expectOneErrorLine(zero, "rollsim: error: --max-events 0: must be 1 or more")
  }

  // MARK: - Replay's JSON

  @Test func replayJSONErrorsNameTheFieldOrThePosition() throws {
    func replay(_ json: String) throws -> (String, CLIRunner.Result) {
      let path = try CLIRunner.tempFile("r.json", json)
      return (path, try CLIRunner.run(["replay", path]))
    }
    let m = #""manifest": {"path": "x.yaml", "text": "kind: X"}, "end": "1s", "final": {"state": "", "summary": "", "digest": ""}"#
    var (p, r) = try replay(#"{"format": "rollsim-recording/v1", "seed": -1, "actions": [], "#+m+"}")
    CLITests.expectOneErrorLine(r, "\(p): error: not a rollsim recording: seed: -1 is negative: the seed is a whole number from 0 to 2^64-1")
    (p, r) = try replay(#"{"format": "rollsim-recording/v1", "actions": [{"at": "1s"}], "#+m+"}")
    CLITests.expectOneErrorLine(r, "\(p): error: not a rollsim recording: missing \"actions[0].do\"")
    (p, r) = try replay(#"{"format": "rollsim-recording/v1", "actions": [{"at": 1, "do": "undo"}], "#+m+"}")
    CLITests.expectOneErrorLine(r, "\(p): error: not a rollsim recording: actions[0].at: expected a string")
    (p, r) = try replay("{\n  \"format\": \"rollsim-recording/v1\",\n  \"seed\": 7,,\n}")
    CLITests.expectOneErrorLine(r, "\(p):3:13: error: not a rollsim recording: invalid JSON: unexpected ',', expected a key in quotes")
    (p, r) = try replay("{\"format\": \"a\u{1B}b\"}")
    CLITests.expectOneErrorLine(r, "\(p):1:14: error: not a rollsim recording: invalid JSON: control character in a string (write it as \\u001b)")
  }
}
