import ArgumentParser
import RolloutEngine
import RolloutManifests
import RolloutReports
import RolloutRuns

/// `rollsim simulate`: run a scenario headless and print its timeline.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Run a rollout headless and print its timeline.",
    discussion: """
      Loads FILE, several files, directories or - (standard input) as one input (Deployment or Rollout manifests, Services, VirtualServices, \
      AnalysisTemplates and an optional rollsim/v1 Simulation document), rolls the \
      manifest's template out over a fleet that starts on the scenario's `from` image, \
      and prints one record per simulated instant at which anything changed. The run \
      ends when the rollout is complete and nothing is pending, or at --until.

      Same input and seed give byte-identical output.

      Action verbs: \(ActionVerb.spellings).

      Several workloads in the input (a whole app folder) run together on the shared \
      cluster, each with its own controller, so their surges compete for the same nodes. \
      Every record then names its workload (JSONL "workload", a CSV column, the table's \
      header) and each workload has its own summary. --workload NAME (repeatable) \
      narrows the run. With several, a workload verb needs its target: TIME:VERB@NAME \
      (e.g. 30s:undo@web); node-down and node-up take none (a node is the cluster's), \
      kill-pod needs none (kill-pod@NAME picks among that workload's pods). In the \
      Simulation document, traffic.workloads and from (as a mapping) give a workload \
      its own request rate and starting image.

      Examples:
        rollsim simulate Strategies/rolling-update.yaml
        rollsim simulate Strategies/examples/app/
        kubectl get deploy web -o yaml | rollsim simulate -
        rollsim simulate Strategies/crash-loop.yaml --action 40s:undo --format jsonl
        rollsim simulate Strategies/canary.yaml --action 1m:promote-full --until 10m
        rollsim simulate Strategies/examples/shared-cluster/ --action 8s:pause@web
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

  // `.unconditionalSingleValue`: `--action -1s:pause` is a (negative) time for
  // ActionParsing to explain, not an unknown option.
  @Option(
    name: .customLong("action"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "A scheduled action, TIME:VERB[=ARG][@WORKLOAD], e.g. 45s:undo, 1m:scale=20 or 30s:undo@web (several workloads). Repeatable.",
      valueName: "time:verb"))
  var actions: [String] = []

  @Option(
    help: ArgumentHelp(
      "One record at every multiple of DURATION (0, D, 2D, …) instead of one per changed instant; each carries the events since the previous one.",
      valueName: "duration"))
  var every: String?

  @Option(help: ArgumentHelp("Also draw the run as a self-contained chart: FILE.svg or FILE.html.", valueName: "file"))
  var plot: String?

  @Option(help: "Stop with an error when the run passes N events (default: 1000000, or 20 per replica if more).")
  var maxEvents: Int?

  @Flag(help: "Use the strict minReadySeconds rule of older Kubernetes releases (Ready for more than minReadySeconds).")
  var strictMinReady = false

  @Flag(help: "Sample request outcomes from the seed (Poisson counts, binomial failures) instead of the exact expectation.")
  var noise = false

  func validate() throws {
    if inputs.files.isEmpty { throw ValidationError("Missing expected argument '<file>'") }
  }

  func run() throws {
    guard let untilTime = parseDuration(until) else {
      throw Console.fail("rollsim: error: --until \"\(until)\": not a duration (use e.g. 90s, 10m, 1h)")
    }
    if let plot { try ChartOutput.check(plot) }
    var interval: SimTime?
    if let every {
      guard let d = parseDuration(every), d > 0 else {
        throw Console.fail("rollsim: error: --every \"\(TerminalText.echo(every))\": not a positive duration (use e.g. 1s, 10s, 1m)")
      }
      interval = d
    }
    if let m = maxEvents, m < 1 { throw Console.fail("rollsim: error: --max-events \(m): must be 1 or more") }
    // Options first, so a bad --action is the only line on standard error (no
    // warnings about the file before it).
    var extraActions: [ScheduledAction] = []
    for a in actions {
      switch ActionParsing.parse(a) {
      case .success(let action): extraActions.append(action)
      case .failure(let message): throw Console.fail("rollsim: error: --action \"\(TerminalText.echo(a))\": \(message)")
      }
    }
    var input = try inputs.load().input
    for (text, a) in zip(actions, extraActions) {
      if let problem = ManifestLoader.targetProblem(a, workloads: input.workloads) {
        let hint = a.workload == nil ? "; name one: \(TerminalText.echo(text))@\(input.workload.name)" : ""
        throw Console.fail("rollsim: error: --action \"\(TerminalText.echo(text))\": \(problem)\(hint)")
      }
    }
    input.actions += extraActions
    if strictMinReady { input.strictMinReady = true }
    if noise { input.noise = true }
    var run: Run
    do {
      run = try Run(input, label: Compare.labels([file])[0], timeline: plot != nil)
    } catch let e as SimulationError {
      throw Console.fail("\(file): error: \(e.message)")
    } catch {
      throw Console.fail("\(file): error: \(error)")
    }
    var out = OutputBuffer()
    // Several workloads: a record per workload at each instant, named; events go to
    // their workload's record, cluster events (nodes) to the first's.
    let names = input.additionalWorkloads.isEmpty ? nil : run.simulation.workloadNames
    func record(_ sim: Simulation, events: [SimEvent]) {
      guard let names else { return recordOne(sim.snapshot(maxEvents: 0, includePods: false), events: events, workload: nil) }
      for w in names.indices {
        let mine = events.filter { ($0.workload ?? 0) == w }
        recordOne(sim.snapshot(maxEvents: 0, includePods: false, workload: w), events: mine, workload: names[w])
      }
    }
    func recordOne(_ snap: SimulationSnapshot, events: [SimEvent], workload: String?) {
      switch format {
      case .jsonl: out.line(TraceFormat.jsonLine(snap, events: events, workload: workload))
      case .csv: out.line(TraceFormat.csvRow(snap, events: events, workload: workload))
      case .table:
        out.line(TraceFormat.tableBlock(snap, events: events, workload: workload))
        out.line("")
      }
    }
    if format == .csv { out.line(names == nil ? TraceFormat.csvHeader : TraceFormat.csvHeaderWithWorkload) }
    let replicas = input.workloads.reduce(0) { $0 + $1.replicas }
    var budget = EventBudget(limit: maxEvents ?? EventBudget.defaultLimit(replicas: replicas))
    do {
      if let interval {
        // Fixed-interval records: the state at 0, D, 2D, … and the events of each
        // interval (a plot's rows), until the run is finished or --until.
        var events = run.simulation.instantEvents
        try budget.charge(events.count, at: 0)
        record(run.simulation, events: events)
        var t: SimTime = 0
        while !run.isFinished, t < untilTime {
          t = min(untilTime, t + interval)
          events = []
          try run.advance(to: t) { sim in
            try budget.charge(sim.instantEvents.count, at: sim.now)
            events += sim.instantEvents
          }
          record(run.simulation, events: events)
        }
      } else {
        try run.recordChanges(until: untilTime) { sim in
          try budget.charge(sim.instantEvents.count, at: sim.now)
          record(sim, events: sim.instantEvents)
        }
      }
    } catch {
      out.flush()
      throw error
    }
    for w in 0..<run.simulation.workloadCount {
      let summary = run.simulation.summary(workload: w)
      let figures = run.figures(workload: w)
      let name = names?[w]
      switch format {
      case .jsonl: out.line(Reports.summaryLine(summary, figures: figures, workload: name))
      case .csv: break
      case .table:
        out.line(TraceFormat.tableSummary(summary, workload: name))
        out.line(Reports.figuresBlock(figures, workload: name))
      }
    }
    if let plot {
      let chart = names == nil ? RunChart(title: "rollsim: \(input.name)", runs: [run]) : RunChart(title: "rollsim: \(input.name)", workloadsOf: run)
      try ChartOutput.write(chart, to: plot)
    }
    out.flush()
  }
}
