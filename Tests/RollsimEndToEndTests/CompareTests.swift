import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `rollsim compare`, through the real binary.
@Suite struct CompareTests {
  static let scenario = "Strategies/compare/scenario.yaml"
  static let compareFiles = ["blue-green", "canary", "recreate", "rolling-update"].map {
    "Strategies/compare/strategies/\($0).yaml"
  }

  static func topLevelStrategies() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: CLIRunner.root.appendingPathComponent("Strategies").path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "Strategies/\($0)" }
  }

  /// The `figures` object of `simulate --format jsonl`'s summary line.
  static func simulateFigures(_ args: [String]) throws -> [String: Any] {
    let r = try CLIRunner.run(["simulate"] + args + ["--format", "jsonl"])
    #expect(r.status == 0, "\(args): \(r.stderr)")
    let last = try #require(r.stdoutLines.last)
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    return try #require(summary["figures"] as? [String: Any])
  }

  static func compareRuns(_ args: [String]) throws -> [[String: Any]] {
    let r = try CLIRunner.run(["compare"] + args + ["--format", "json"])
    #expect(r.status == 0, "\(args): \(r.stderr)")
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    return try #require(obj["runs"] as? [[String: Any]])
  }

  static func withoutLabel(_ d: [String: Any]) -> NSDictionary {
    var d = d
    d["label"] = nil
    return d as NSDictionary
  }

  @Test(arguments: try topLevelStrategies())
  func everyFigureOfACompareRowEqualsSimulate(file: String) throws {
    let simulated = try Self.simulateFigures([file])
    let rows = try Self.compareRuns([file, file])
    #expect(rows.count == 2)
    for row in rows { #expect(Self.withoutLabel(row) == Self.withoutLabel(simulated)) }
  }

  @Test func theCompareStrategiesEqualSimulateOnTheSharedScenario() throws {
    let rows = try Self.compareRuns(Self.compareFiles + ["--scenario", Self.scenario])
    for (file, row) in zip(Self.compareFiles, rows) {
      let simulated = try Self.simulateFigures([file, "--scenario", Self.scenario])
      #expect(Self.withoutLabel(row) == Self.withoutLabel(simulated), "\(file)")
    }
    #expect(rows.map { $0["label"] as? String } == ["blue-green", "canary", "recreate", "rolling-update"])
    #expect(rows.map { $0["outcome"] as? String } == ["timedOut", "aborted", "promoted", "promoted"])
  }

  @Test func reorderingTheFilesReordersTheRows() throws {
    let forward = try CLIRunner.run(["compare"] + Self.compareFiles + ["--scenario", Self.scenario, "--format", "csv"])
    let backward = try CLIRunner.run(["compare"] + Self.compareFiles.reversed() + ["--scenario", Self.scenario, "--format", "csv"])
    let f = forward.stdoutLines
    let b = backward.stdoutLines
    #expect(f.count == 5)
    #expect(f[0] == b[0])
    #expect(Array(f.dropFirst()) == Array(b.dropFirst().reversed()))
  }

  @Test func aScenarioOfAnotherFileIsReplacedWithAWarning() throws {
    let r = try CLIRunner.run(["compare", "Strategies/rolling-update.yaml", "Strategies/recreate.yaml", "--format", "csv"])
    #expect(r.status == 0)
    #expect(
      r.stderrLines == [
        "Strategies/recreate.yaml: warning: its scenario is replaced by Strategies/rolling-update.yaml's (compare runs every strategy on one scenario; --scenario FILE chooses it)"
      ])
  }

  @Test func anExplicitScenarioOverridesTheEmbeddedOneWithAWarning() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--scenario", Self.scenario, "--format", "csv"])
    #expect(r.status == 0)
    #expect(r.stderrLines.count == 1)
    #expect(r.stderrLines.first?.hasSuffix("warning: this Simulation document is overridden by --scenario \(Self.scenario)") == true)
    let twice = try CLIRunner.run(["compare"] + Self.compareFiles.prefix(2) + ["--scenario", Self.scenario, "--scenario", Self.scenario, "--format", "csv"])
    #expect(twice.status == 2)
    #expect(twice.stderrLines == ["rollsim: error: --scenario given 2 times; every strategy runs on one scenario"])
    let simulateTwice = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--scenario", Self.scenario, "--scenario", Self.scenario])
    #expect(simulateTwice.status == 2)
    #expect(simulateTwice.stderrLines == ["rollsim simulate: error: --scenario given 2 times; a run has one scenario (see 'rollsim simulate --help')"])
  }

  @Test func fileCountLimits() throws {
    let one = try CLIRunner.run(["compare", "Strategies/canary.yaml", "--format", "table"])
    #expect(one.status == 2)
    #expect(
      one.stderrLines == [
        "rollsim: error: compare takes 2 to 4 files, one strategy each (got 1); for more variants of one file use --sweep"
      ])
    let five = try CLIRunner.run(["compare"] + Array(repeating: "Strategies/canary.yaml", count: 5) + ["--format", "table"])
    #expect(five.status == 2)
    #expect(five.stderrLines.first?.contains("(got 5)") == true && five.stderrLines.count == 1)
  }

  @Test func everyFileThatFailsIsNamedBeforeAnythingRuns() throws {
    let bad1 = try CLIRunner.tempFile("bad1.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: -1}\n")
    let bad2 = try CLIRunner.tempFile("bad2.yaml", "kind: [\n")
    let r = try CLIRunner.run(["compare", bad1, "Strategies/canary.yaml", bad2, "--format", "table"])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderrLines.count == 2)
    #expect(r.stderrLines.first?.hasPrefix(bad1 + ":") == true)
    #expect(r.stderrLines.last?.hasPrefix(bad2 + ":") == true)
  }

  // MARK: - Sweep

  static let sweepArgs = [
    "--sweep", "Strategies/compare/strategies/rolling-update.yaml", "--scenario", scenario,
    "--set", "spec.strategy.rollingUpdate.maxSurge=0,1,25%,50%,100%",
    "--set", "spec.strategy.rollingUpdate.maxUnavailable=0,25%",
  ]

  @Test func aSweepRunsTheCrossProductAndMarksTheParetoFront() throws {
    let r = try CLIRunner.run(["compare"] + Self.sweepArgs + ["--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdoutLines
    // 5 × 2 combinations; maxSurge 0 with maxUnavailable 0 is invalid (Kubernetes'
    // ValidateRollingUpdateDeployment), so it is left out with a warning.
    #expect(lines.count == 10)
    #expect(r.stderrLines.count == 1)
    #expect(r.stderrLines.first?.hasPrefix("rollsim: warning: --set maxSurge=0 maxUnavailable=0: left out: ") == true)
    #expect(lines[0].hasSuffix(",pareto"))
    #expect(lines[1].hasPrefix("maxSurge=0 maxUnavailable=25%,"))
    #expect(lines[9].hasPrefix("maxSurge=100% maxUnavailable=25%,"))
    #expect(lines.dropFirst().contains { $0.hasSuffix(",true") })
    #expect(lines.dropFirst().contains { $0.hasSuffix(",false") })
  }

  @Test func shardsMergeIntoTheWholeSweepByteForByte() throws {
    let whole = try CLIRunner.run(["compare"] + Self.sweepArgs + ["--format", "table"])
    #expect(whole.status == 0, "\(whole.stderr)")
    var slices: [String] = []
    for i in 0..<3 {
      let s = try CLIRunner.run(["compare"] + Self.sweepArgs + ["--shard", "\(i)/3", "--format", "json"])
      #expect(s.status == 0, "\(s.stderr)")
      slices.append(try CLIRunner.tempFile("slice\(i).json", s.stdout))
    }
    let merged = try CLIRunner.run(["compare", "--merge"] + slices + ["--format", "table"])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == whole.stdout)
    let missing = try CLIRunner.run(["compare", "--merge"] + slices.prefix(2) + ["--format", "table"])
    #expect(missing.status == 2)
    #expect(missing.stderrLines == ["rollsim: error: --merge: 3 of 9 variants missing (slices given: 0, 1 of 0…2)"])
  }

  @Test func shardsReadTheIndexedJobCompletionIndex() throws {
    let byFlag = try CLIRunner.run(["compare"] + Self.sweepArgs + ["--shard", "1/3", "--format", "json"])
    let byEnv = try CLIRunner.run(
      ["compare"] + Self.sweepArgs + ["--shards", "3", "--format", "json"], environment: ["JOB_COMPLETION_INDEX": "1"])
    #expect(byEnv.status == 0)
    #expect(byEnv.stdout == byFlag.stdout)
    let unset = try CLIRunner.run(
      ["compare"] + Self.sweepArgs + ["--shards", "3", "--format", "json"], environment: ["JOB_COMPLETION_INDEX": "7"])
    #expect(unset.status == 2)
    #expect(unset.stderrLines == ["rollsim: error: --shards 3 reads the slice from JOB_COMPLETION_INDEX, which is \"7\" (expected 0…2)"])
  }

  @Test func badSetPathsAndValuesAreOneLine() throws {
    let base = ["compare", "--sweep", "Strategies/rolling-update.yaml", "--format", "table", "--set"]
    let missing = try CLIRunner.run(base + ["spec.strategy.rollingUpdat.maxSurge=1,2"])
    #expect(missing.status == 2)
    #expect(missing.stderrLines == ["rollsim: error: --set spec.strategy.rollingUpdat.maxSurge: spec.strategy.rollingUpdat does not exist in the manifest"])
    let wrongType = try CLIRunner.run(base + ["spec.replicas=ten"])
    #expect(wrongType.status == 2)
    #expect(wrongType.stderrLines.count == 1)
    #expect(wrongType.stderrLines.first?.hasPrefix("rollsim: error: --set replicas=ten: spec.replicas") == true)
    let mapping = try CLIRunner.run(base + ["spec.strategy=x"])
    #expect(mapping.stderrLines == ["rollsim: error: --set spec.strategy: spec.strategy is a mapping, not a single value"])
    let syntax = try CLIRunner.run(base + ["maxSurge"])
    #expect(syntax.stderrLines == ["rollsim: error: --set \"maxSurge\": expected PATH=VALUE[,VALUE…], e.g. spec.strategy.rollingUpdate.maxSurge=1,25%"])
  }

  // MARK: - Plot

  @Test func thePlotIsXMLWithOneSeriesPerStrategyAndAxisLabels() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-plot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let svg = dir.appendingPathComponent("cmp.svg").path
    let html = dir.appendingPathComponent("cmp.html").path
    let r = try CLIRunner.run(["compare"] + Self.compareFiles + ["--scenario", Self.scenario, "--format", "csv", "--plot", svg])
    #expect(r.status == 0, "\(r.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: svg))
    let counter = ElementCounter()
    let parser = XMLParser(data: data)
    parser.delegate = counter
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    // Four panels, one series per strategy in each.
    #expect(counter.series == 4 * 4)
    #expect(counter.texts.contains("simulated time"))
    #expect(counter.texts.contains("available pods"))
    #expect(counter.texts.contains("failed requests per second"))
    for name in ["blue-green", "canary", "recreate", "rolling-update"] { #expect(counter.texts.contains(name)) }
    let h = try CLIRunner.run(["simulate", "Strategies/canary.yaml", "--format", "csv", "--plot", html])
    #expect(h.status == 0)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("<svg"))
    let bad = try CLIRunner.run(["simulate", "Strategies/canary.yaml", "--plot", dir.appendingPathComponent("x.png").path])
    #expect(bad.status == 2)
    #expect(bad.stderrLines.count == 1)
  }
}

final class ElementCounter: NSObject, XMLParserDelegate {
  var series = 0
  var texts: Set<String> = []
  var current = ""
  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if name == "polyline", attributes["class"] == "series" { series += 1 }
    current = ""
  }
  func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "text" { texts.insert(current) }
  }
}
