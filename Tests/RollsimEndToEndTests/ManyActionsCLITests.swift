import Foundation
import Testing

/// Issue 14, "N set-image actions cost O(N²)": many `--action` arguments are parsed
/// in one pass (ActionArguments) and replayed at a cost the live revisions bound;
/// the output is the one rollsim always wrote.
@Suite struct ManyActionsCLITests {
  /// FNV-1a (64 bit) of the bytes: a pinned digest of a whole trace.
  static func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return h
  }

  /// 300 set-image actions 30 s apart, in both spellings (`--action V`, `--action=V`).
  static func spacedActions(_ n: Int, spelling: (Int, String) -> [String]) -> [String] {
    (0..<n).flatMap { i in spelling(i, "\((i + 1) * 30)s:set-image=shop:v\(i)") }
  }

  /// The trace of 300 roll-overs is byte for byte the one written before the live
  /// ReplicaSet index and the `--action` pre-pass (digest taken from the previous
  /// binary: 4,384,813 bytes, 1,807 lines).
  @Test func manySetImageActionsTraceIsUnchanged() throws {
    let actions = Self.spacedActions(300) { i, a in i % 2 == 1 ? ["--action=\(a)"] : ["--action", a] }
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--until", "3h", "--format", "jsonl"] + actions)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.utf8.count == 4_384_813)
    #expect(r.stdoutLines.count == 1_807)
    #expect(Self.fnv1a(r.stdout) == 0xe0ff_80d8_b966_bbed)
  }

  /// Both spellings, and ArgumentParser's own path (taken when one value starts with
  /// `-`, here a later action that is an error), keep the actions in order.
  @Test func actionSpellingsAgree() throws {
    let base = ["simulate", "Strategies/rolling-update.yaml", "--format", "jsonl"]
    let actions = ["3s:pause", "3s:resume", "4s:scale=12", "9s:undo"]
    let separate = try CLIRunner.run(base + actions.flatMap { ["--action", $0] })
    let joined = try CLIRunner.run(base + actions.map { "--action=\($0)" })
    #expect(separate.status == 0)
    #expect(separate.stdout == joined.stdout)
    let none = try CLIRunner.run(base)
    #expect(separate.stdout != none.stdout)
    // A value starting with "-" leaves the line to ArgumentParser: same messages as ever.
    let negative = try CLIRunner.run(base + ["--action", "3s:pause", "--action", "-1s:pause"])
    #expect(negative.status == 2)
    #expect(negative.stderrLines == [#"rollsim: error: --action "-1s:pause": time "-1s" is negative: actions happen at or after the start of the run (0s)"#])
    let missing = try CLIRunner.run(base + ["--action", "3s:pause", "--action"])
    #expect(missing.stderrLines == ["rollsim simulate: error: Missing value for '--action <time:verb>' (see 'rollsim simulate --help')"])
    // After `--`, `--action` is a file name, not an option.
    let terminated = try CLIRunner.run(["simulate", "--action", "3s:pause", "--", "--action"])
    #expect(terminated.stderrLines.first?.hasPrefix("--action: error:") == true)
  }

  /// 20,000 actions: the command line is read in one pass (ArgumentParser's repeated
  /// option path took 8 s for 10,000) and the run reaches its first instant.
  @Test func twentyThousandActionsAreRead() throws {
    let actions = Self.spacedActions(20_000) { _, a in ["--action", a] }
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--until", "20s", "--format", "jsonl"] + actions, deadline: 60)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.timedOut)
    #expect(r.stdoutLines.last?.contains(#""summary""#) == true)
  }
}
