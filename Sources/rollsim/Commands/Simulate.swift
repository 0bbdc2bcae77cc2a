import ArgumentParser
import RolloutEngine
import RolloutManifests

/// `rollsim simulate`: run a scenario headless and print its timeline.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a rollout headless and print its timeline.",
    discussion: """
      Loads FILE, several files, directories or - (standard input) as one input (Deployment or Rollout manifests, Services, VirtualServices, \
      AnalysisTemplates and an optional rollsim/v1 Simulation document), rolls the \
      manifest's template out over a fleet that starts on the scenario's `from` image, \
      and prints one record per simulated instant at which anything changed. The run \
      ends when the rollout is complete and nothing is pending, or at --until.

      Same input and seed give byte-identical output.

      Action verbs: \(ActionVerb.spellings).
      Examples:
        rollsim simulate Strategies/rolling-update.yaml
        rollsim simulate Strategies/examples/app/
        kubectl get deploy web -o yaml | rollsim simulate -
        rollsim simulate Strategies/crash-loop.yaml --action 40s:undo --format jsonl
        rollsim simulate Strategies/canary.yaml --action 1m:promote-full --until 10m
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, jsonl, csv
  }

  @OptionGroup var inputs: InputOptions

  /// The input as errors name it.
  var file: String { inputs.displayName }

  @Option(help: "Stop at this simulated time (e.g. 90s, 10m, 1h).")
  var until: String = "1h"

  @Option(help: "Output format: table (a readable timeline), jsonl (the stable contract) or csv.")
  var format: Format = .table

  @Option(
    name: .customLong("action"),
    help: ArgumentHelp("A scheduled action, TIME:VERB[=ARG], e.g. 45s:undo or 1m:scale=20. Repeatable.", valueName: "time:verb"))
  var actions: [String] = []

  @Flag(help: "Use the strict minReadySeconds rule of older Kubernetes releases (Ready for more than minReadySeconds).")
  var strictMinReady = false

  func validate() throws {
    if inputs.files.isEmpty { throw ValidationError("Missing expected argument '<file>'") }
  }

  func run() throws {
    guard let untilTime = parseDuration(until) else {
      throw Console.fail("rollsim: error: --until \"\(until)\": not a duration (use e.g. 90s, 10m, 1h)")
    }
    // Options first, so a bad --action is the only line on standard error (no
    // warnings about the file before it).
    var extraActions: [ScheduledAction] = []
    for a in actions {
      switch ActionParsing.parse(a) {
      case .success(let action): extraActions.append(action)
      case .failure(let message): throw Console.fail("rollsim: error: --action \"\(a)\": \(message)")
      }
    }
    var input = try inputs.load().input
    input.actions += extraActions
    if strictMinReady { input.strictMinReady = true }
    var sim: Simulation
    do {
      sim = try Simulation(input)
    } catch let e as SimulationError {
      throw Console.fail("\(file): error: \(e.message)")
    } catch {
      throw Console.fail("\(file): error: \(error)")
    }
    var out = OutputBuffer()
    func record() {
      let snap = sim.snapshot(maxEvents: 0, includePods: false)
      switch format {
      case .jsonl: out.line(TraceFormat.jsonLine(snap, events: sim.instantEvents))
      case .csv: out.line(TraceFormat.csvRow(snap, events: sim.instantEvents))
      case .table:
        out.line(TraceFormat.tableBlock(snap, events: sim.instantEvents))
        out.line("")
      }
    }
    if format == .csv { out.line(TraceFormat.csvHeader) }
    record()
    while !sim.isFinished, let t = sim.nextEventTime(), t <= untilTime {
      sim.stepToNextEvent()
      if sim.lastInstantChanged { record() }
    }
    if !sim.isFinished { sim.advance(to: untilTime) }
    let summary = sim.summary()
    switch format {
    case .jsonl: out.line(TraceFormat.summaryLine(summary))
    case .csv: break
    case .table: out.line(TraceFormat.tableSummary(summary))
    }
    out.flush()
  }
}

/// `TIME:VERB[=ARG]` → a scheduled action.
enum ActionParsing {
  enum Result {
    case success(ScheduledAction)
    case failure(String)
  }

  static func parse(_ text: String) -> Result {
    guard let colon = text.firstIndex(of: ":") else {
      return .failure("expected TIME:VERB, e.g. 45s:undo")
    }
    let timeText = String(text[..<colon])
    let verbText = String(text[text.index(after: colon)...])
    guard let t = parseDuration(timeText) else {
      return .failure("time \"\(timeText)\" doesn't parse (use e.g. 45s, 2m, 1h30m)")
    }
    guard let verb = ActionVerb.parse(verbText) else {
      return .failure("unknown verb \"\(verbText)\" (valid: \(ActionVerb.spellings))")
    }
    if case .scale(let n) = verb, n > ManifestLoader.maxReplicas {
      return .failure("rollsim simulates at most \(ManifestLoader.maxReplicas) replicas")
    }
    return .success(ScheduledAction(at: t, verb: verb))
  }
}
