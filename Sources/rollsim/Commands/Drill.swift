import ArgumentParser
import DashboardRender
import Foundation
import RolloutDrills
import RolloutEngine
import RolloutManifests

/// `rollsim drill`: practise rollbacks on releases that go wrong, scored.
struct DrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill",
    abstract: "Rollback drills: list them, play one headless with --action, see the history.",
    discussion: """
      Without NAME, lists the drills with a one-line briefing and the difficulty. \
      With NAME on a terminal, plays the drill live (keys a abort, u undo, p promote, \
      n node-up, q end) and shows the debrief. With --action, --format json or \
      --headless, plays the drill (Strategies/drills/NAME.yaml, its faults hidden) \
      with the --action list (none: doing nothing) and prints the score, the \
      timeline and the alternatives replayed from the same seed. Each attempt is \
      kept in the history ($XDG_DATA_HOME/rollsim/drill-history.json).

      Examples:
        rollsim drill
        rollsim drill rising-errors --action 4m:abort --format json
        rollsim drill --random
        rollsim drill --history
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The drill to play.")
  var name: String?

  @Option(
    name: .customLong("action"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp("An action, TIME:VERB, e.g. 4m:abort or 5m:node-up=1. Repeatable.", valueName: "time:verb"))
  var actions: [String] = []

  @Option(help: "The seed of the drill's noise (default 1; --random picks one).")
  var seed: UInt64?

  @Flag(help: "Pick a drill and a seed at random (both printed, so the drill can be replayed).")
  var random = false

  @Flag(help: "Show the best and last score of each drill played.")
  var history = false

  @Option(help: ArgumentHelp("The drills' directory (default: Strategies/drills of this checkout).", valueName: "dir"))
  var drills: String?

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Flag(help: "Play without the dashboard even on a terminal (what --action and --format json do).")
  var headless = false

  @Option(help: "Simulated seconds per wall second in the dashboard (1, 5, 10, 20, 40, 80).")
  var speed: Double = 20

  func run() throws {
    if history { return try showHistory() }
    var drillName = name
    var seed = self.seed ?? 1
    if random {
      var g = SystemRandomNumberGenerator()
      if self.seed == nil { seed = UInt64.random(in: 1...999_999, using: &g) }
      if drillName == nil { drillName = DrillCatalog.all[Int(seed % UInt64(DrillCatalog.all.count))].name }
      Console.error("rollsim: drill \(drillName!) --seed \(seed)")
    }
    guard let drillName else { return list() }
    guard let d = DrillCatalog.named(drillName) else {
      throw Console.fail("rollsim: error: no drill \"\(TerminalText.echo(drillName))\" (rollsim drill lists them)")
    }
    var scheduled: [ScheduledAction] = []
    for a in actions {
      switch ActionParsing.parse(a) {
      case .success(let action): scheduled.append(action)
      case .failure(let message): throw Console.fail("rollsim: error: --action \"\(TerminalText.echo(a))\": \(message)")
      }
    }
    let dir = try DrillFiles.directory(drills)
    let input = try InputLoading.load(file: dir + "/" + d.file, scenario: nil, seed: nil)
    let score: DrillScore
    do {
      if scheduled.isEmpty, format == .text, !headless, isatty(0) != 0, isatty(1) != 0 {
        guard let s = try DrillDashboard.run(try DrillSession(d, input: input, seed: seed, speed: max(1, min(80, speed)))) else { return }
        score = s
      } else {
        score = try DrillScoring.play(d, input: input, seed: seed, actions: scheduled).1
      }
    } catch let e as SimulationError {
      throw Console.fail("\(d.file): error: \(e.message)")
    }
    switch format {
    case .json:
      let enc = JSONEncoder()
      enc.outputFormatting = [.sortedKeys]
      print(String(decoding: try enc.encode(score), as: UTF8.self))
    case .text:
      for line in DrillReport.lines(d, score) { print(line) }
    }
    DrillHistory.record(score)
  }

  func list() {
    let width = DrillCatalog.all.map(\.name.count).max() ?? 0
    for d in DrillCatalog.all {
      print(d.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + d.difficultyText + "  " + d.briefing)
    }
  }

  func showHistory() throws {
    guard let h = DrillHistory.load() else { return }
    if h.attempts.isEmpty {
      print("no drill played yet (\(DrillHistory.path))")
      return
    }
    for name in Set(h.attempts.map(\.drill)).sorted() {
      let mine = h.attempts.filter { $0.drill == name }
      let best = mine.map(\.score).max()!
      print("\(name): best \(best), last \(mine.last!.score) (\(mine.count) attempt\(mine.count == 1 ? "" : "s"))")
    }
  }
}

/// Where the drill files are.
enum DrillFiles {
  static func directory(_ option: String?) throws -> String {
    let fm = FileManager.default
    if let o = option ?? ProcessInfo.processInfo.environment["ROLLSIM_DRILLS"] { return o }
    var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
    if let exe = Bundle.main.executableURL { starts.append(exe.resolvingSymlinksInPath().deletingLastPathComponent()) }
    for start in starts {
      var dir = start
      for _ in 0..<8 {
        let candidate = dir.appendingPathComponent("Strategies/drills")
        if fm.fileExists(atPath: candidate.appendingPathComponent("rising-errors.yaml").path) { return candidate.path }
        dir = dir.deletingLastPathComponent()
      }
    }
    throw Console.fail("rollsim: error: can't find Strategies/drills (use --drills DIR or ROLLSIM_DRILLS)")
  }
}
