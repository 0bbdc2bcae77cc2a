import ArgumentParser
import DashboardRender
import Foundation
import RolloutEngine
import RolloutManifests

/// `rollsim watch`: the live dashboard on a manifest, or on the built-in demo.
struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Watch a rollout live in the terminal dashboard, and steer it.",
    discussion: """
      Opens the ncurses dashboard on FILE (the same files `rollsim simulate` reads) \
      or, without FILE, on the built-in demo. Simulated time runs at --speed times \
      the wall clock; keys act on the rollout with the same verbs as \
      `simulate --action`, at the simulated instant they are pressed.

      Keys: \(Watch.keyList)

      --record FILE writes the session (input text, seed, every action with its \
      simulated time, the end time and a fingerprint of the final state) when the \
      dashboard closes; `rollsim replay FILE` reproduces the identical final state.

      Needs a terminal on standard input and output (else exit 2: use \
      `rollsim simulate`), at least 80×24. On a terminal that can't move the \
      cursor (TERM=dumb) whole frames are printed as plain ASCII one after \
      another, and keys are typed followed by Enter. Without colours or with NO_COLOR set \
      the screen is monochrome (bold, reverse, dim); outside a UTF-8 locale, or \
      with --ascii, glyphs are plain ASCII.

      Examples:
        rollsim watch
        rollsim watch Strategies/rolling-update.yaml --speed 2
        rollsim watch Strategies/rolling-update.yaml --at 12s --paused
        rollsim watch Strategies/rolling-update.yaml --seed 7 --record session.json
        rollsim watch Strategies/drills/noisy-decoy.yaml --noise --seed 3
      """)

  /// The keys, as `--help` and the README list them.
  static let keyList =
    "space pause/resume the clock, + / - speed (0.25× … 64×, then as fast as possible), "
    + ". next event while paused, p promote, P promote fully, a abort, r retry, "
    + "u undo (roll back to the previous revision), s scale (prompts for replicas), "
    + "i set a new image (prompts), k kill a random pod, n take a node down, "
    + "z / Z pause / resume the rollout, N bring a node up, U undo to a chosen revision, "
    + "R restart from t=0, < / > previous / next decision, g go to a time (prompts), "
    + "b breakpoints (pause the clock at notable events), "
    + "tab focus, w / W next / previous workload (several workloads), ? help, q quit."

  /// Without a FILE: the built-in demo.
  @OptionGroup var inputs: InputOptions
  var file: String? { inputs.files.isEmpty ? nil : inputs.displayName }
  var scenario: String? { inputs.scenario }
  var seed: UInt64? { inputs.seed }

  @Option(help: "Simulated seconds per wall-clock second: 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, or max.")
  var speed: String = "1"

  @Option(help: "Write the session to this file when the dashboard closes (see `rollsim replay`).")
  var record: String?

  @Option(help: "Start at this simulated time (e.g. 12s, 1m30s): the simulation runs there before the screen opens.")
  var at: String?

  @Flag(help: "Start with the clock paused (space resumes).")
  var paused = false

  @Flag(help: "Plain ASCII glyphs even in a UTF-8 locale.")
  var ascii = false

  @Flag(help: "Sample request outcomes from the seed (Poisson counts, binomial failures) instead of the exact expectation; recorded, so a replay samples the same.")
  var noise = false

  /// Crashes after the first frame: the end-to-end tests check that a crash restores
  /// the terminal.
  @Flag(name: .customLong("debug-crash"), help: .hidden)
  var debugCrash = false

  func validate() throws {
    guard DashboardRunner.speedIndex(speed) != nil else {
      throw ValidationError("--speed \"\(speed)\": use one of 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, max")
    }
    if let at, parseDuration(at) == nil {
      throw ValidationError("--at \"\(at)\": not a duration (use e.g. 12s, 2m, 1m30s)")
    }
    if inputs.files.contains("-") {
      throw ValidationError("- (standard input) can't be a FILE for watch: the dashboard reads its keys there")
    }
    if file == nil && scenario != nil {
      throw ValidationError("--scenario needs a FILE")
    }
  }

  func run() throws {
    let manifests = file != nil ? try InputLoading.gather(inputs.files) : [SourceText(path: Demo.path, text: Demo.manifest)]
    let scenarioText = try scenario.map { try InputLoading.read($0) }
    // Several files are recorded as one text, their documents in input order.
    let manifest = InputLoading.joined(manifests)
    // Warnings go to standard error (seen again after the dashboard closes) and the
    // first one to the status line.
    let loaded = try InputLoading.load(manifests + (scenarioText.map { [$0] } ?? []), seed: seed, workloads: inputs.workloads)
    var input = loaded.input
    if noise { input.noise = true }
    var warningStatus: String?
    if let first = loaded.warnings.first {
      let more = loaded.warnings.count > 1 ? " (+\(loaded.warnings.count - 1) more on stderr)" : ""
      warningStatus = first.description + more
    }
    let sim: Simulation
    do {
      sim = try Simulation(input)
    } catch {
      throw Console.fail("\(manifest.path): error: \(error)")
    }
    let options = DashboardRunner.Options(
      speedIndex: DashboardRunner.speedIndex(speed) ?? 2, startAt: at.flatMap(parseDuration), paused: paused,
      ascii: ascii, debugCrash: debugCrash, initialStatus: warningStatus)
    let command = file == nil ? "rollsim" : "rollsim watch"
    let result = try DashboardRunner.run(sim, options: options, command: command)
    // The end-of-run report again, on the terminal the dashboard gave back.
    if result.exitCode == 0 { for line in result.session.endOfRunReport().lines { print(line) } }
    if let record {
      let recording = Recording(
        manifest: Recording.Source(path: manifest.path, text: manifest.text),
        scenario: scenarioText.map { Recording.Source(path: $0.path, text: $0.text) }, seed: seed,
        workloads: inputs.workloads.isEmpty ? nil : inputs.workloads, noise: noise ? true : nil,
        actions: result.session.recording.map { Recording.Action(at: Recording.time($0.at), verb: "\($0.verb)", workload: $0.workload) },
        end: Recording.time(result.session.simulation.now), final: Recording.Final(result.session.simulation))
      do {
        try recording.write(to: record)
      } catch {
        throw Console.fail("rollsim: error: \(record): cannot write the recording")
      }
    }
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
  }
}
