import ArgumentParser
import Foundation
import RolloutEngine
import RolloutManifests
import RolloutReports
import RolloutRuns

/// `rollsim compare`: several strategies on one scenario, one clock.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Run 2–4 strategies on one scenario and compare what each costs.",
    discussion: """
      Every file's workload runs on the same cluster, traffic, image behaviour, \
      scheduled actions and seed: the scenario of --scenario FILE, or else the first \
      file's Simulation document (another file's own one is replaced, with a warning).

      Without --format, the files run live side by side in the dashboard; with \
      --format they run headless to the end and print one row per strategy. \
      --plot draws them on one time axis.

      --sweep FILE --set PATH=V1,V2 … runs the cross product of the settings as \
      variants of one file (headless) and marks the Pareto-optimal rows: no other \
      row is at least as fast, as cheap in extra pod-seconds and as harmless in \
      failed requests, and better in one. --shard I/N runs one slice of a sweep \
      (I from 0; --shards N reads I from JOB_COMPLETION_INDEX, for a Kubernetes \
      Indexed Job); --merge joins the slices' JSON into the same table.

      Figures: \(RunFigures.columns.map(\.name).joined(separator: ", ")).
      Examples:
        rollsim compare Strategies/compare/*.yaml --format table
        rollsim compare Strategies/compare/rolling-update.yaml Strategies/compare/blue-green.yaml --plot cmp.svg --format table
        rollsim compare --sweep Strategies/compare/rolling-update.yaml \\
          --set spec.strategy.rollingUpdate.maxSurge=0,1,25%,50%,100% --set spec.strategy.rollingUpdate.maxUnavailable=0,25%
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  @Argument(help: "2–4 manifest files, one strategy each (with --merge: the slices' JSON files).")
  var files: [String] = []

  @Option(help: "The rollsim/v1 Simulation document every strategy runs on.")
  var scenario: [String] = []

  @Option(help: "Seed for every random choice, 0 or more (overrides spec.seed).")
  var seed: UInt64?

  @Option(help: "Stop each run at this simulated time (e.g. 90s, 10m, 1h).")
  var until: String = "1h"

  @Option(help: "Run headless to the end and print: table, json or csv.")
  var format: Format?

  @Option(help: ArgumentHelp("Also draw the runs on one time axis: FILE.svg or FILE.html.", valueName: "file"))
  var plot: String?

  @Option(
    name: .customLong("action"),
    help: ArgumentHelp("A scheduled action for every strategy, TIME:VERB[=ARG]. Repeatable.", valueName: "time:verb"))
  var actions: [String] = []

  @Option(
    name: .customLong("workload"),
    help: ArgumentHelp(
      "The workload each file contributes when a file has several: NAME or KIND/NAME. Repeatable; each file must hold exactly one of those named.",
      valueName: "name"))
  var workloads: [String] = []

  @Option(help: ArgumentHelp("Sweep the settings of this one manifest file (with --set).", valueName: "file"))
  var sweep: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("PATH=V1,V2,…: a setting of the --sweep file and its values. Repeatable.", valueName: "path=values"))
  var settings: [String] = []

  @Option(help: ArgumentHelp("Run one slice of a sweep: I/N, I from 0 to N−1.", valueName: "i/n"))
  var shard: String?

  @Option(help: ArgumentHelp("Run slice JOB_COMPLETION_INDEX of N (a Kubernetes Indexed Job).", valueName: "n"))
  var shards: Int?

  @Flag(help: "Sample request outcomes from the seed (Poisson counts, binomial failures) instead of the exact expectation.")
  var noise = false

  @Flag(help: "Join the JSON of a sweep's slices (the FILE arguments) into one table.")
  var merge = false

  static let minFiles = 2
  static let maxFiles = 4

  func run() throws {
    if merge { return try runMerge() }
    guard let untilTime = parseDuration(until) else {
      throw Console.fail("rollsim: error: --until \"\(until)\": not a duration (use e.g. 90s, 10m, 1h)")
    }
    guard scenario.count <= 1 else {
      throw Console.fail("rollsim: error: --scenario given \(scenario.count) times; every strategy runs on one scenario")
    }
    if let plot { try ChartOutput.check(plot) }
    let extraActions = try actions.map { a -> ScheduledAction in
      switch ActionParsing.parse(a) {
      case .success(let action): return action
      case .failure(let message): throw Console.fail("rollsim: error: --action \"\(a)\": \(message)")
      }
    }
    var variants: [(label: String, input: SimulationInput)]
    var sweepShard: (index: Int, count: Int, total: Int, indices: [Int])?
    if let sweep {
      guard files.isEmpty else {
        throw Console.fail("rollsim: error: --sweep takes one file; the other arguments (\(files.joined(separator: " "))) would be ignored")
      }
      let slice = try shardSlice()
      let all = try sweepVariants(sweep)
      // Slice I of N: every N-th variant from I (their indices go into the slice's JSON).
      let indices = all.indices.filter { i in slice.map { i % $0.count == $0.index } ?? true }
      if let slice { sweepShard = (slice.index, slice.count, all.count, indices) }
      variants = indices.map { all[$0] }
    } else {
      guard settings.isEmpty, shard == nil, shards == nil else {
        throw Console.fail("rollsim: error: --set, --shard and --shards go with --sweep FILE")
      }
      guard (Compare.minFiles...Compare.maxFiles).contains(files.count) else {
        throw Console.fail(
          "rollsim: error: compare takes \(Compare.minFiles) to \(Compare.maxFiles) files, one strategy each (got \(files.count)); for more variants of one file use --sweep")
      }
      variants = try loadFiles()
    }
    for i in variants.indices {
      variants[i].input.actions += extraActions
      if noise { variants[i].input.noise = true }
    }
    var runs: [Run] = []
    for v in variants {
      do {
        runs.append(try Run(v.input, label: v.label, timeline: plot != nil))
      } catch {
        throw Console.fail("\(v.label): error: \(error)")
      }
    }
    guard let format else {
      guard sweep == nil else { throw Console.fail("rollsim: error: --sweep runs headless: add --format table, json or csv") }
      return try CompareDashboard.run(RunSet(runs), until: untilTime)
    }
    var set = RunSet(runs)
    set.runToEnd(until: untilTime)
    let figures = set.figures
    var out = OutputBuffer()
    let pareto = sweep != nil
    switch format {
    case .table: out.line(Reports.comparisonTable(figures, pareto: pareto))
    case .csv: out.line(Reports.comparisonCSV(figures, pareto: pareto))
    case .json:
      if let s = sweepShard {
        out.line(SweepSlice.json(figures, shard: (s.index, s.count, s.total), indices: s.indices))
      } else {
        out.line(Reports.comparisonJSON(figures, pareto: pareto))
      }
    }
    out.flush()
    if let plot {
      try ChartOutput.write(RunChart(title: "rollsim compare", runs: set.runs), to: plot)
    }
  }

  // MARK: - Inputs

  /// Every file loaded on one scenario; every file that fails is named before any runs.
  func loadFiles() throws -> [(label: String, input: SimulationInput)] {
    var loaded: [(String, SimulationInput)] = []
    var failed = false
    let labels = Compare.labels(files)
    for (f, label) in zip(files, labels) {
      do {
        // A directory is one input (an app folder), as `simulate` reads it.
        let input = try InputLoading.load(
          InputLoading.gather([f]), scenario: scenario.first.map { try InputLoading.read($0) }, seed: seed
        ).input
        loaded.append((label, try Compare.oneWorkload(input, file: f, selectors: workloads)))
      } catch {
        failed = true
      }
    }
    if failed { throw ExitCode(2) }
    // One scenario: the first file's, unless --scenario gave it to all.
    let shared = loaded[0].1.scenario
    for i in loaded.indices.dropFirst() where loaded[i].1.scenario != shared {
      if scenario.isEmpty {
        Console.error(
          "\(files[i]): warning: its scenario is replaced by \(files[0])'s (compare runs every strategy on one scenario; --scenario FILE chooses it)")
      }
      loaded[i].1.scenario = shared
    }
    return loaded
  }

  /// The one workload of a compared file: its only one, or the one `--workload`
  /// names; several (or none named) is an error naming the choices.
  static func oneWorkload(_ input: SimulationInput, file: String, selectors: [String]) throws -> SimulationInput {
    let all = input.workloads
    var picked = Array(all.indices)
    if !selectors.isEmpty {
      picked = picked.filter { i in selectors.contains { WorkloadSelector.matches($0, all[i]) } }
    }
    let labels = all.map(WorkloadSelector.label).joined(separator: ", ")
    if picked.isEmpty {
      throw Console.fail(
        "\(file): error: --workload \(selectors.map { TerminalText.echo($0) }.joined(separator: ", ")): no such workload in this file (it has \(labels))")
    }
    if picked.count > 1 {
      let named = picked.map { WorkloadSelector.label(all[$0]) }.joined(separator: ", ")
      throw Console.fail(
        "\(file): error: \(picked.count) workloads (\(named)): compare takes one workload per file; choose one with --workload NAME")
    }
    var one = input.workloadInput(picked[0])
    if picked[0] > 0 { one.name = input.name == input.workload.name ? one.workload.name : input.name }
    return one
  }

  /// Row labels: the file names without folder and extension, or the paths when
  /// two names would be the same.
  static func labels(_ files: [String]) -> [String] {
    let names = files.map { f -> String in
      let base = f.split(separator: "/").last.map(String.init) ?? f
      for ext in [".yaml", ".yml", ".json"] where base.hasSuffix(ext) { return String(base.dropLast(ext.count)) }
      return base
    }
    return Set(names).count == names.count ? names : files
  }

  func sweepVariants(_ file: String) throws -> [(label: String, input: SimulationInput)] {
    guard !settings.isEmpty else { throw Console.fail("rollsim: error: --sweep needs at least one --set PATH=V1,V2,…") }
    var parsed: [ManifestSweep.Setting] = []
    for s in settings {
      switch ManifestSweep.Setting.parse(s) {
      case .success(let setting): parsed.append(setting)
      case .failure(let e): throw Console.fail("rollsim: error: \(e.message)")
      }
    }
    let source = try InputLoading.read(file)
    // The file itself first: a broken file is its own error, not every variant's.
    _ = try InputLoading.load(manifest: source, scenario: scenario.first.map { try InputLoading.read($0) }, seed: seed)
    let scenarioSource = try scenario.first.map { try InputLoading.read($0) }
    func variants(_ settings: [ManifestSweep.Setting]) throws -> [ManifestSweep.Variant] {
      do {
        return try ManifestSweep.variants(of: source, settings: settings)
      } catch {
        throw Console.fail("rollsim: error: \(error.message)")
      }
    }
    /// The variant's input, or the loader's message.
    func load(_ v: ManifestSweep.Variant) -> (input: SimulationInput?, message: String) {
      do throws(ManifestError) {
        return (try ManifestLoader.load(manifest: v.source, scenario: scenarioSource, seedOverride: seed).input, "")
      } catch {
        return (nil, error.diagnostics.first?.message ?? "does not load")
      }
    }
    // Each value on its own first: a value the manifest can't take (a wrong type, out
    // of range) is an error, whatever it is combined with.
    for setting in parsed {
      for value in setting.values {
        for v in try variants([ManifestSweep.Setting(path: setting.path, values: [value])]) {
          let l = load(v)
          if l.input == nil { throw Console.fail("rollsim: error: --set \(v.label): \(l.message)") }
        }
      }
    }
    // A combination Kubernetes' or Argo's validation rejects (maxSurge 0 with
    // maxUnavailable 0) is no strategy: it is left out, with a warning naming it.
    var out: [(label: String, input: SimulationInput)] = []
    for v in try variants(parsed) {
      let l = load(v)
      if let input = l.input {
        out.append((v.label, try Compare.oneWorkload(input, file: file, selectors: workloads)))
      } else {
        Console.error("rollsim: warning: --set \(v.label): left out: \(l.message)")
      }
    }
    guard !out.isEmpty else { throw Console.fail("rollsim: error: --set: no combination of the settings is a valid manifest") }
    return out
  }

  /// `--shard I/N`, or `--shards N` with `JOB_COMPLETION_INDEX`; nil for the whole sweep.
  func shardSlice() throws -> (index: Int, count: Int)? {
    if let shard {
      let parts = shard.split(separator: "/").map { Int($0) }
      guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
        throw Console.fail("rollsim: error: --shard \"\(shard)\": expected I/N with 0 ≤ I < N, e.g. 0/4")
      }
      return (i, n)
    }
    if let shards {
      guard shards >= 1 else { throw Console.fail("rollsim: error: --shards \(shards): at least 1") }
      let env = ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"]
      guard let text = env, let i = Int(text), (0..<shards).contains(i) else {
        throw Console.fail(
          "rollsim: error: --shards \(shards) reads the slice from JOB_COMPLETION_INDEX, which is \(env.map { "\"\($0)\"" } ?? "not set") (expected 0…\(shards - 1))")
      }
      return (i, shards)
    }
    return nil
  }

  // MARK: - Merge

  func runMerge() throws {
    guard !files.isEmpty else { throw Console.fail("rollsim: error: --merge needs the slices' JSON files") }
    var slices: [SweepSlice.Decoded] = []
    for f in files {
      guard let data = FileManager.default.contents(atPath: f) else { throw Console.fail("\(f): error: cannot read the file") }
      do {
        slices.append(try SweepSlice.decode(data))
      } catch {
        throw Console.fail("\(f): error: not a slice of a sweep (write one with compare --sweep … --shard I/N --format json)")
      }
    }
    let merged: [RunFigures]
    do {
      merged = try SweepSlice.merge(slices)
    } catch {
      throw Console.fail("rollsim: error: --merge: \(error.message)")
    }
    var out = OutputBuffer()
    switch format ?? .table {
    case .table: out.line(Reports.comparisonTable(merged, pareto: true))
    case .csv: out.line(Reports.comparisonCSV(merged, pareto: true))
    case .json: out.line(Reports.comparisonJSON(merged, pareto: true))
    }
    out.flush()
  }
}
