import Foundation
import Testing

/// Several workloads in one input, through the real binary: the JSONL `workload`
/// field, the table's names, `--action TIME:VERB@WORKLOAD` and its errors, and
/// compare's one workload per file (Strategies/examples/shared-cluster/: api, web).
@Suite struct SharedClusterCLITests {
  static let folder = "Strategies/examples/shared-cluster/"

  static func json(_ line: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
  }

  /// Each instant has one record per workload, in input order, `workload` the key
  /// after `t`; the run ends with one summary per workload; events go to their own
  /// workload's record.
  @Test func jsonlRecordsNameTheirWorkload() throws {
    let r = try CLIRunner.run(["simulate", Self.folder, "--format", "jsonl"])
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    let lines = r.stdoutLines
    let records = lines.filter { !$0.hasPrefix("{\"summary\"") }
    let summaries = lines.filter { $0.hasPrefix("{\"summary\"") }
    #expect(records.count % 2 == 0 && records.count == 2 * 15)
    for (i, line) in records.enumerated() {
      let name = i % 2 == 0 ? "api" : "web"
      #expect(line.range(of: #"^\{"t":[0-9.]+,"workload":"\#(name)","#, options: .regularExpression) != nil, "\(line)")
      let o = try Self.json(line)
      for e in o["events"] as? [String] ?? [] {
        #expect(!e.contains(name == "api" ? "web-" : "api-"), "\(name): \(e)")
      }
    }
    #expect(summaries.count == 2)
    #expect(summaries[0].hasPrefix("{\"summary\":{\"workload\":\"api\",\"strategy\":\"RollingUpdate\",\"completed\":true"))
    #expect(summaries[1].hasPrefix("{\"summary\":{\"workload\":\"web\",\"strategy\":\"RollingUpdate\",\"completed\":true"))
    let web = try Self.json(summaries[1])["summary"] as? [String: Any]
    #expect((web?["figures"] as? [String: Any])?["peakPods"] as? Int == 5)
    // One workload: no `workload` key, as before.
    let one = try CLIRunner.run(["simulate", Self.folder, "--format", "jsonl", "--workload", "web"])
    #expect(one.status == 0 && !one.stdout.contains("\"workload\""))
  }

  /// Each workload's summary line gives its own rollout's duration (api finishes
  /// first), not the whole run's.
  @Test func eachSummaryHasItsOwnDuration() throws {
    let r = try CLIRunner.run(["simulate", Self.folder])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdoutLines.filter { $0.hasPrefix("summary (") }
    #expect(
      lines == [
        "summary (api): RollingUpdate, completed in 30s, phase Healthy",
        "summary (web): RollingUpdate, completed in 42s, phase Healthy",
      ])
  }

  @Test func tableAndCSVNameTheWorkload() throws {
    let t = try CLIRunner.run(["simulate", Self.folder, "--until", "1s"])
    #expect(t.status == 0, "\(t.stderr)")
    #expect(t.stdoutLines.first == "t=0s  api  Progressing  requests ok 0 failed 0")
    #expect(t.stdoutLines.contains("t=0s  web  Progressing  requests ok 0 failed 0"))
    #expect(t.stdoutLines.contains { $0.hasPrefix("summary (web): RollingUpdate, not completed") })
    #expect(t.stdoutLines.contains("figures (api):"))
    let c = try CLIRunner.run(["simulate", Self.folder, "--until", "1s", "--format", "csv"])
    #expect(c.stdoutLines.first?.hasPrefix("t,workload,phase,revision,") == true)
    #expect(c.stdoutLines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["0,api", "0,web"])
  }

  /// --plot draws a series per workload, named.
  @Test func plotHasASeriesPerWorkload() throws {
    let svg = NSTemporaryDirectory() + "rollsim-shared-\(getpid())-\(UUID().uuidString).svg"
    defer { try? FileManager.default.removeItem(atPath: svg) }
    let r = try CLIRunner.run(["simulate", Self.folder, "--plot", svg, "--format", "jsonl"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(text.contains("class=\"legend\">api<") && text.contains("class=\"legend\">web<"))
  }

  @Test func actionsNeedATargetWhenThereAreSeveral() throws {
    let r = try CLIRunner.run(["simulate", Self.folder, "--action", "3s:undo"])
    #expect(r.status == 2 && r.stdout.isEmpty)
    #expect(
      r.stderrLines == [
        "rollsim: error: --action \"3s:undo\": undo needs a workload: the input has 2 (Deployment api, Deployment web); name one: 3s:undo@api"
      ])
    let unknown = try CLIRunner.run(["simulate", Self.folder, "--action", "3s:pause@shop"])
    #expect(
      unknown.stderrLines == [
        "rollsim: error: --action \"3s:pause@shop\": no workload \"shop\" in the input (it has Deployment api, Deployment web)"
      ])
    // A node is the cluster's: a target on a node verb would be ignored, so it is an error.
    let node = try CLIRunner.run(["simulate", Self.folder, "--action", "2s:node-down=1@web"])
    #expect(node.status == 2)
    #expect(
      node.stderrLines == [
        "rollsim: error: --action \"2s:node-down=1@web\": node-down=1 acts on a node of the cluster, not on a workload: drop \"@web\""
      ])
    let ok = try CLIRunner.run(["simulate", Self.folder, "--action", "1s:pause@deploy/web", "--action", "2s:node-down=1", "--format", "jsonl", "--until", "5s"])
    #expect(ok.status == 0, "\(ok.stderr)")
    let at1 = ok.stdoutLines.filter { $0.hasPrefix("{\"t\":1,") }
    #expect(at1.count == 2 && at1[1].contains("UserAction action/pause: pause: deployment.apps/web paused") && !at1[0].contains("UserAction"))
    // A cluster event (the node) is on the first workload's record.
    let at2 = ok.stdoutLines.filter { $0.hasPrefix("{\"t\":2,") }
    #expect(at2.count == 2 && at2[0].contains("RemovingNode node/node-1") && !at2[1].contains("RemovingNode"))
  }

  @Test func compareTakesOneWorkloadPerFile() throws {
    let r = try CLIRunner.run(["compare", Self.folder, "Strategies/rolling-update.yaml", "--format", "csv"])
    #expect(r.status == 2)
    #expect(
      r.stderrLines == [
        "\(Self.folder): error: 2 workloads (Deployment api, Deployment web): compare takes one workload per file; choose one with --workload NAME"
      ])
    let none = try CLIRunner.run(["compare", Self.folder, "Strategies/rolling-update.yaml", "--format", "csv", "--workload", "web"])
    #expect(none.stderrLines == ["Strategies/rolling-update.yaml: error: --workload web: no such workload in this file (it has Deployment shop)"])
    let ok = try CLIRunner.run(["compare", Self.folder, "Strategies/rolling-update.yaml", "--format", "csv", "--workload", "web", "--workload", "shop"])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdoutLines.count == 3)
  }
}
