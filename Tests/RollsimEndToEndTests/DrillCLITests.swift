import Foundation
import Testing

/// `rollsim drill` through the real binary: the list, the JSON score, the history
/// (atomic, set aside when corrupt, intact after a SIGKILL mid-write).
@Suite struct DrillCLITests {
  static func dataHome() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-drill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }
  static func historyPath(_ home: URL) -> String { home.appendingPathComponent("rollsim/drill-history.json").path }

  @Test func listsTheDrills() throws {
    let r = try CLIRunner.run(["drill"])
    #expect(r.status == 0)
    #expect(r.stdoutLines.count >= 10)
    for name in ["rising-errors", "oom-crash-loop", "never-ready", "latency-regression", "load-cliff", "node-lost", "broken-green", "cluster-too-small", "noisy-decoy", "analysis-no-data"] {
      #expect(r.stdoutLines.contains { $0.hasPrefix(name + " ") }, "\(name)")
    }
  }

  @Test func jsonScoreIsDeterministicAndHistoryKeepsBestAndLast() throws {
    let home = try Self.dataHome()
    defer { try? FileManager.default.removeItem(at: home) }
    let env = ["XDG_DATA_HOME": home.path]
    let args = ["drill", "rising-errors", "--action", "3m45s:abort", "--format", "json", "--seed", "3"]
    let a = try CLIRunner.run(args, environment: env)
    let b = try CLIRunner.run(args, environment: env)
    #expect(a.status == 0, "\(a.stderr)")
    #expect(a.stdout == b.stdout)
    let json = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as! [String: Any]
    #expect(json["rightAction"] as? Bool == true)
    #expect((json["score"] as? Int ?? 0) > 50)
    #expect((json["alternatives"] as? [Any])?.count == 4)
    _ = try CLIRunner.run(["drill", "rising-errors", "--seed", "3"], environment: env)
    let h = try CLIRunner.run(["drill", "--history"], environment: env)
    let score = json["score"] as! Int
    #expect(h.stdoutLines == ["rising-errors: best \(score), last 0 (3 attempts)"])
  }

  @Test func randomPrintsTheSeedToReplay() throws {
    let home = try Self.dataHome()
    defer { try? FileManager.default.removeItem(at: home) }
    let r = try CLIRunner.run(["drill", "--random", "--seed", "12"], environment: ["XDG_DATA_HOME": home.path])
    #expect(r.status == 0)
    #expect(r.stderrLines.first?.hasPrefix("rollsim: drill ") == true)
    #expect(r.stderrLines.first?.hasSuffix(" --seed 12") == true)
  }

  @Test func corruptHistoryIsSetAsideNotOverwritten() throws {
    let home = try Self.dataHome()
    defer { try? FileManager.default.removeItem(at: home) }
    try FileManager.default.createDirectory(at: home.appendingPathComponent("rollsim"), withIntermediateDirectories: true)
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: Self.historyPath(home)))
    let r = try CLIRunner.run(["drill", "noisy-decoy"], environment: ["XDG_DATA_HOME": home.path])
    #expect(r.status == 0)
    #expect(r.stderr.contains("set aside as"))
    #expect(try String(contentsOfFile: Self.historyPath(home) + ".corrupt-1", encoding: .utf8) == "{not json")
    let h = try CLIRunner.run(["drill", "--history"], environment: ["XDG_DATA_HOME": home.path])
    #expect(h.stdoutLines.count == 1 && h.stdoutLines[0].hasPrefix("noisy-decoy: best "))
  }

  @Test func sigkillDuringTheWriteLeavesThePreviousHistory() throws {
    let home = try Self.dataHome()
    defer { try? FileManager.default.removeItem(at: home) }
    _ = try CLIRunner.run(["drill", "noisy-decoy"], environment: ["XDG_DATA_HOME": home.path])
    let before = try Data(contentsOf: URL(fileURLWithPath: Self.historyPath(home)))
    guard let bin = CLIRunner.binary else { throw CLIRunner.NoBinary() }
    let p = Process()
    p.executableURL = bin
    p.arguments = ["drill", "rising-errors"]
    p.currentDirectoryURL = CLIRunner.root
    var env = ProcessInfo.processInfo.environment
    env["XDG_DATA_HOME"] = home.path
    env["ROLLSIM_TEST_HISTORY_PAUSE"] = "60"
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let dir = home.appendingPathComponent("rollsim").path
    let deadline = Date().addingTimeInterval(60)
    var sawTemp = false
    while Date() < deadline, !sawTemp {
      sawTemp = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.contains(".tmp-") }
      if !sawTemp { usleep(20_000) }
    }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(sawTemp)
    #expect(p.terminationReason == .uncaughtSignal)
    #expect(try Data(contentsOf: URL(fileURLWithPath: Self.historyPath(home))) == before)
  }
}
