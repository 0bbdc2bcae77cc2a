import Foundation
import Testing

/// `simulate --every D`: one record at each multiple of D, with the events since the
/// previous record.
@Suite struct SimulateEveryTests {
  @Test func recordsAtFixedIntervalsWithTheIntervalsEvents() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--every", "5s", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = r.stdoutLines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    // 0, 5, 10 and 15 s: the rollout is settled (nothing terminating) after 10 s.
    #expect(rows.map { $0[0] } == ["0", "5", "10", "15"])
    #expect(rows.map { $0[7] } == ["2", "5", "3", "0"])  // terminating
    // Every event of the run is in exactly one record.
    let all = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--format", "jsonl"])
    let perInstant = all.stdoutLines.dropLast().compactMap { line -> Int? in
      ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["events"].flatMap { ($0 as? [Any])?.count }
    }.reduce(0, +)
    let every = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--every", "5s", "--format", "jsonl"])
    let perInterval = every.stdoutLines.dropLast().compactMap { line -> Int? in
      ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["events"].flatMap { ($0 as? [Any])?.count }
    }.reduce(0, +)
    #expect(perInterval == perInstant)
    // The figures stop at completion (11 s), wherever the last record falls.
    func figures(_ line: String?) -> Substring? { line.flatMap { $0.range(of: "\"figures\":").map { $0.upperBound } }.map { line![$0...] } }
    #expect(figures(every.stdoutLines.last) == figures(all.stdoutLines.last))
    #expect(figures(every.stdoutLines.last)?.contains("\"timeToComplete\":11") == true)
  }

  @Test func aNonPositiveIntervalIsOneLine() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--every", "0s"])
    #expect(r.status == 2)
    #expect(r.stderrLines == ["rollsim: error: --every \"0s\": not a positive duration (use e.g. 1s, 10s, 1m)"])
  }
}
