import ArgumentParser
import Foundation
import RolloutEngine
import RolloutManifests
import RolloutRuns

/// `rollsim replay`: re-runs a recorded dashboard session headless and checks that it
/// reaches the identical final state.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Play a recorded dashboard session back to its final state.",
    discussion: """
      FILE is a recording written by `rollsim watch --record FILE`: the manifest (and \
      scenario) text as it was, the seed, every action taken from the keyboard with \
      its simulated time, the simulated time at which the session ended, and a \
      fingerprint of the final state. Replay runs headless (no terminal needed, as \
      fast as the engine goes): it performs each action at its recorded simulated \
      time, stops at the recorded end, prints the summary and checks the final state \
      against the fingerprint. The input files need not exist any more.

      Exit status: 0 when the final state is identical, 1 when it differs (a \
      different rollsim version, or an edited recording), 2 when FILE can't be read.

      Examples:
        rollsim watch Strategies/rolling-update.yaml --record session.json
        rollsim replay session.json
        rollsim replay session.json --format jsonl
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, jsonl
  }

  @Argument(help: "A recording written by `rollsim watch --record`.")
  var file: String

  @Option(help: "Output format: table (the readable summary) or jsonl (the final state and summary lines of the JSONL contract).")
  var format: Format = .table

  @Option(help: "Stop with an error when the replay passes N events (default: 1000000, or 20 per replica if more).")
  var maxEvents: Int?

  func run() throws {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw Console.fail("\(file): error: cannot read the recording")
    }
    if let e = JSONSyntax.firstError([UInt8](data)) {
      throw Console.fail("\(file):\(e.line):\(e.column): error: not a rollsim recording: invalid JSON: \(e.message)")
    }
    let recording: Recording
    do {
      recording = try JSONDecoder().decode(Recording.self, from: data)
    } catch {
      throw Console.fail(Recording.describe(error, file: file))
    }
    guard recording.format == Recording.formatName else {
      throw Console.fail("\(file): error: unsupported recording format \"\(recording.format)\" (expected \(Recording.formatName))")
    }
    let sim: Simulation
    if let m = maxEvents, m < 1 { throw Console.fail("rollsim: error: --max-events \(m): must be 1 or more") }
    do {
      sim = try recording.replay(maxEvents: maxEvents)
    } catch {
      throw Console.fail("\(file): error: \(error.message)")
    }
    let final = Recording.Final(sim)
    switch format {
    case .table:
      print("replayed \(recording.actions.count) action\(recording.actions.count == 1 ? "" : "s") to t=\(formatDuration(sim.now)) (the session's end)")
      // The rollout's duration is when it finished (`RunSummary.duration`), not the
      // session's length.
      print(TraceFormat.tableSummary(sim.summary()))
    case .jsonl:
      print(final.state)
      print(final.summary)
    }
    guard final == recording.final else {
      Console.error("\(file): the final state differs from the recording")
      for (name, want, got) in [
        ("state", recording.final.state, final.state), ("summary", recording.final.summary, final.summary),
        ("pods and events", recording.final.digest, final.digest),
      ] where want != got {
        Console.error("  \(name): recorded \(TerminalText.echo(want, limit: 200))")
        Console.error("  \(name): replayed \(TerminalText.echo(got, limit: 200))")
      }
      throw ExitCode(1)
    }
    if format == .table { print("final state identical to the recording") }
  }
}

/// A dashboard session as data: enough to rebuild the identical final state.
///
/// JSON (Foundation's coder, no extra dependency), with the input text embedded so a
/// replay doesn't depend on the files still existing or being unchanged. Times are
/// exact milliseconds written as seconds (`"12.345s"`, the `--action` TIME syntax).
///
/// ```json
/// {
///   "format": "rollsim-recording/v1",
///   "manifest": {"path": "Strategies/rolling-update.yaml", "text": "apiVersion: apps/v1\n…"},
///   "seed": 7,
///   "actions": [{"at": "12.4s", "do": "undo"}, {"at": "20s", "do": "scale=12"}],
///   "end": "31.9s",
///   "final": {"state": "{\"t\":31.9,…}", "summary": "{\"summary\":{…}}", "digest": "…"}
/// }
/// ```
struct Recording: Codable, Equatable {
  static let formatName = "rollsim-recording/v1"

  struct Source: Codable, Equatable {
    var path: String
    var text: String
  }

  struct Action: Codable, Equatable {
    var at: String
    var verb: String
    /// The workload the verb acted on, when the input has several (absent otherwise).
    var workload: String?
    enum CodingKeys: String, CodingKey {
      case at
      case verb = "do"
      case workload
    }
  }

  /// A fingerprint of a simulation's state: the JSONL state line (revisions, traffic,
  /// phase), the summary line (counters, pod-seconds, requests), and a digest of every
  /// pod (revision, state, node, restarts) and the recent events.
  struct Final: Codable, Equatable {
    var state: String
    var summary: String
    var digest: String

    init(state: String, summary: String, digest: String) {
      self.state = state
      self.summary = summary
      self.digest = digest
    }

    init(_ sim: Simulation) {
      let snap = sim.snapshot()
      state = TraceFormat.jsonLine(sim.snapshot(maxEvents: 0, includePods: false), events: [])
      summary = TraceFormat.summaryLine(sim.summary())
      var h = FNV1a()
      for p in snap.pods { h.add("\(p.revision) \(p.state) \(p.node) \(p.restarts)\n") }
      h.add("--\n")
      for e in snap.events { h.add("\(e.time) \(e.kind.rawValue) \(TraceFormat.eventLine(e))\n") }
      digest = "\(snap.podTable.count) pods, \(snap.events.count) events, fnv1a64 \(String(h.value, radix: 16))"
    }
  }

  var format = Recording.formatName
  var manifest: Source
  var scenario: Source?
  /// The `--seed` override, or nil for the file's own seed.
  var seed: UInt64?
  /// The `--workload` selectors, when the input had several workloads.
  var workloads: [String]? = nil
  /// `watch --noise` (absent: the input's own `spec.noise`); a replay samples the same.
  var noise: Bool? = nil
  var actions: [Action]
  var end: String
  var final: Final

  enum CodingKeys: String, CodingKey {
    case format, manifest, scenario, seed, workloads, noise, actions, end, final
  }

  init(
    manifest: Source, scenario: Source?, seed: UInt64?, workloads: [String]? = nil, noise: Bool? = nil, actions: [Action],
    end: String, final: Final
  ) {
    self.noise = noise
    self.manifest = manifest
    self.scenario = scenario
    self.seed = seed
    self.workloads = workloads
    self.actions = actions
    self.end = end
    self.final = final
  }

  /// The synthesized decoding, except `seed`: Foundation's decoder reports a number
  /// out of a type's range (`"seed": -1` for a UInt64) as "not valid JSON" with no
  /// field, so the seed is read as whichever number type holds it and checked here.
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    format = try c.decode(String.self, forKey: .format)
    manifest = try c.decode(Source.self, forKey: .manifest)
    scenario = try c.decodeIfPresent(Source.self, forKey: .scenario)
    if let s = try? c.decodeIfPresent(UInt64.self, forKey: .seed) {
      seed = s
    } else if !c.contains(.seed) || (try? c.decodeNil(forKey: .seed)) == true {
      seed = nil
    } else {
      let why: String
      if let i = try? c.decode(Int64.self, forKey: .seed) {
        why = "\(i) is negative: the seed is a whole number from 0 to 2^64-1"
      } else if (try? c.decode(Double.self, forKey: .seed)) != nil {
        why = "not a whole number from 0 to 2^64-1"
      } else {
        why = "expected a whole number from 0 to 2^64-1"
      }
      throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: why)
    }
    workloads = try c.decodeIfPresent([String].self, forKey: .workloads)
    noise = try c.decodeIfPresent(Bool.self, forKey: .noise)
    actions = try c.decode([Action].self, forKey: .actions)
    end = try c.decode(String.self, forKey: .end)
    final = try c.decode(Final.self, forKey: .final)
  }

  struct ReplayError: Error {
    var message: String
  }

  static func time(_ t: SimTime) -> String { formatSeconds(t) + "s" }

  /// Rebuilds the simulation and applies the actions the way the dashboard did: move
  /// the clock to the action's instant (`advance(to:)`, which fires every timer up to
  /// and including it), then `perform` the verb. Moving the clock in one step or in
  /// many wall-clock ticks fires the same timers in the same order, so the states are
  /// identical.
  func replay(maxEvents: Int? = nil) throws(ReplayError) -> Simulation {
    var input: SimulationInput
    do {
      input = try ManifestLoader.load(
        [SourceText(path: manifest.path, text: manifest.text)], scenario: scenario.map { SourceText(path: $0.path, text: $0.text) },
        seedOverride: seed, workloads: workloads ?? []
      ).input
    } catch {
      throw ReplayError(message: "the recorded input no longer loads: \(error.diagnostics.first?.description ?? "\(error)")")
    }
    if noise == true { input.noise = true }
    var run: Run
    do {
      run = try Run(input)
    } catch {
      throw ReplayError(message: "the recorded input no longer runs: \(error)")
    }
    // Instant by instant (the run layer's `advance(to:)`), counting the events: a
    // recording is input too, and `"end": "1000000000s"` on a crash loop is not a
    // reason to run for hours.
    var budget = EventBudget(limit: maxEvents ?? EventBudget.defaultLimit(replicas: input.workload.replicas))
    func charge(_ sim: Simulation) throws(ReplayError) {
      guard budget.spend(sim.instantEvents.count) else {
        throw ReplayError(message: "the replay passed --max-events \(budget.limit) at t=\(formatDuration(sim.now)); raise --max-events")
      }
    }
    func advance(to t: SimTime) throws(ReplayError) {
      do {
        try run.advance(to: t, onInstant: charge)
      } catch let e as ReplayError {
        throw e
      } catch {
        throw ReplayError(message: "\(error)")
      }
    }
    for (i, a) in actions.enumerated() {
      let t: SimTime
      switch ActionParsing.time(a.at) {
      case .success(let v): t = v
      case .failure(let why): throw ReplayError(message: "actions[\(i)].at: \(why)")
      }
      let verb: ActionVerb
      switch ActionParsing.verb(a.verb) {
      case .success(let v): verb = v
      case .failure(let why): throw ReplayError(message: "actions[\(i)].do: \(why)")
      }
      guard t >= run.now else {
        throw ReplayError(message: "actions[\(i)].at: \(TerminalText.echo(a.at)) is before the previous action")
      }
      try advance(to: t)
      run.perform(verb, workload: a.workload)
    }
    guard let endTime = parseDuration(end), endTime >= run.now else {
      throw ReplayError(message: "end \"\(TerminalText.echo(end))\": not a time at or after the last action")
    }
    while let t = run.nextEventTime(), t <= endTime { try advance(to: t) }
    try advance(to: endTime)
    return run.simulation
  }

  static func describe(_ error: any Error, file: String) -> String {
    let prefix = "\(file): error: not a rollsim recording"
    switch error {
    case DecodingError.keyNotFound(let key, let ctx):
      return "\(prefix): missing \"\(path(ctx.codingPath + [key]))\""
    case DecodingError.typeMismatch(let type, let ctx):
      return "\(prefix): \(path(ctx.codingPath)): expected \(typeName(type))"
    case DecodingError.valueNotFound(let type, let ctx):
      return "\(prefix): \(path(ctx.codingPath)): expected \(typeName(type)), found null"
    case DecodingError.dataCorrupted(let ctx):
      if !ctx.codingPath.isEmpty {
        return "\(prefix): \(path(ctx.codingPath)): \(ctx.debugDescription)"
      }
      let text = "\(ctx.debugDescription) \(ctx.underlyingError.map { "\($0)" } ?? "")"
      if let m = text.firstMatch(of: #/line (\d+), column (\d+)/#) {
        return "\(file):\(m.output.1):\(m.output.2): error: not a rollsim recording: not valid JSON"
      }
      return "\(prefix): not valid JSON"
    default:
      return "\(prefix)"
    }
  }

  /// `actions[0].do`: keys joined with dots, array indices in brackets.
  static func path(_ keys: [any CodingKey]) -> String {
    var s = ""
    for k in keys {
      if let i = k.intValue {
        s += "[\(i)]"
      } else {
        s += (s.isEmpty ? "" : ".") + k.stringValue
      }
    }
    return s.isEmpty ? "the document" : s
  }

  static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is UInt64.Type, is UInt64?.Type: return "a whole number of 0 or more"
    case is Int.Type: return "a whole number"
    case is [Any].Type: return "a list"
    default: return type is any Decodable.Type && "\(type)".hasPrefix("Array") ? "a list" : "an object"
    }
  }

  func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(self)
    data.append(10)
    guard FileManager.default.createFile(atPath: path, contents: data) else {
      throw ReplayError(message: "\(path): cannot write the recording")
    }
  }
}

/// 64-bit FNV-1a: a stable digest (Swift's `Hasher` is seeded per process).
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
  mutating func add(_ s: String) {
    for b in s.utf8 {
      value ^= UInt64(b)
      value = value &* 0x0000_0100_0000_01b3
    }
  }
}
