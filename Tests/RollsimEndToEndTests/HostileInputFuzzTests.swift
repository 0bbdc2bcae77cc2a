import Foundation
import RolloutEngine
import RolloutManifests
import Testing

/// The hostile-input contract, fuzzed (issue 14): whatever the input, rollsim exits 0
/// or 2 (replay also 1: "the final state differs"), writes at most one `error:` line,
/// which starts `FILE:LINE:COL:` (or `FILE:` when there is no position, or
/// `rollsim…:` for the command line), never a raw control character on standard
/// error, and less than 1 KB there.
///
/// Seeded and bounded: `FUZZ_CASES` manifests (default 2,000) go through the loader,
/// the engine and the three trace formats in-process, and one case in ten also runs
/// the real binary (a mutated manifest with a random `--action` list, `validate`, or a
/// mutated recording through `replay`). `FUZZ_CASES=100000` is the long run
/// (`FUZZ_BINARY_CASES` sets the number of binary runs); `FUZZ_SEED` picks another
/// sequence. A failure names its seed and case index.
@Suite struct HostileInputFuzzTests {
  static let environment = ProcessInfo.processInfo.environment
  static let cases = environment["FUZZ_CASES"].flatMap { Int($0) } ?? 2_000
  static let seed = environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 14
  /// Runs of the binary: one case in ten unless `FUZZ_BINARY_CASES` says otherwise
  /// (each is a process, a hundred times the cost of an in-process case).
  static let binaryCases = environment["FUZZ_BINARY_CASES"].flatMap { Int($0) } ?? max(1, cases / 10)

  /// `FILE:LINE:COL: error: `, `FILE: error: ` or `rollsim[ SUB]: error: `.
  static func isErrorLine(_ line: String, file: String) -> Bool {
    if line.hasPrefix("rollsim: error: ") || line.hasPrefix("rollsim simulate: error: ") || line.hasPrefix("rollsim validate: error: ")
      || line.hasPrefix("rollsim replay: error: ")
    {
      return true
    }
    guard line.hasPrefix(file) else { return false }
    let rest = line.dropFirst(file.count)
    if rest.hasPrefix(": error: ") { return true }
    return rest.wholeMatch(of: #/:\d+:\d+: error: .*/#) != nil
  }

  static func hasRawControl(_ s: String, allowNewline: Bool) -> Bool {
    s.unicodeScalars.contains { TerminalText.isControl($0) && !(allowNewline && $0 == "\n") }
  }

  /// The in-process half: loader, diagnostics, engine and trace formats.
  @Test func manifestsThroughLoaderEngineAndFormats() {
    var gen = HostileInputs(seed: Self.seed)
    var loaded = 0
    var rejected = 0
    for n in 0..<Self.cases {
      let (name, bytes) = gen.manifest()
      let where_ = "seed \(Self.seed) case \(n) (\(name))"
      let input: SimulationInput
      do {
        let loadedManifests = try ManifestLoader.load(manifest: SourceText(path: "fuzz.yaml", bytes: bytes))
        for w in loadedManifests.warnings { Self.check(diagnostic: w, where_) }
        input = loadedManifests.input
        loaded += 1
      } catch {
        rejected += 1
        guard let d = error.diagnostics.first else {
          Issue.record("\(where_): a load error without a diagnostic")
          continue
        }
        Self.check(diagnostic: d, where_)
        continue
      }
      // Large fleets are the benchmarks' business; the fuzz wants many small runs.
      guard input.workload.replicas <= 200, input.cluster.nodes.count <= 200 else { continue }
      guard var sim = try? Simulation(input) else { continue }
      var steps = 0
      while steps < 400, let t = sim.nextEventTime(), t <= 300_000 {
        sim.stepToNextEvent()
        steps += 1
        guard sim.lastInstantChanged else { continue }
        let snap = sim.snapshot(maxEvents: 0, includePods: false)
        let json = TraceFormat.jsonLine(snap, events: sim.instantEvents)
        let csv = TraceFormat.csvRow(snap, events: sim.instantEvents)
        let table = TraceFormat.tableBlock(snap, events: sim.instantEvents)
        #expect(!Self.hasRawControl(json, allowNewline: false), "\(where_): raw control character in JSONL")
        #expect(!Self.hasRawControl(csv, allowNewline: false), "\(where_): raw control character in CSV")
        #expect(!Self.hasRawControl(table, allowNewline: true), "\(where_): raw control character in the table")
      }
      let summary = sim.summary()
      #expect(!Self.hasRawControl(TraceFormat.tableSummary(summary), allowNewline: true), "\(where_)")
      #expect(!Self.hasRawControl(TraceFormat.summaryLine(summary), allowNewline: false), "\(where_)")
    }
    // The mutations must exercise both sides.
    #expect(loaded > Self.cases / 20 && rejected > Self.cases / 20, "loaded \(loaded), rejected \(rejected)")
  }

  static func check(diagnostic d: Diagnostic, _ where_: String) {
    let line = d.description
    #expect(!line.contains("\n") && !hasRawControl(line, allowNewline: false), "\(where_): \(line.debugDescription)")
    #expect(line.utf8.count < 1024, "\(where_): \(line.utf8.count) bytes")
    if d.severity == .error {
      #expect(isErrorLine(line, file: "fuzz.yaml"), "\(where_): \(line.debugDescription)")
    }
  }

  /// The binary half: exit status and standard error of real runs.
  @Test func commandLinesAndRecordingsThroughTheBinary() throws {
    var gen = HostileInputs(seed: Self.seed &+ 1)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var statuses: [Int32: Int] = [:]
    for n in 0..<Self.binaryCases {
      let path: String
      let args: [String]
      let isReplay = gen.chance(25)
      if isReplay {
        path = dir.appendingPathComponent("rec\(n % 8).json").path
        try Data(gen.recording()).write(to: URL(fileURLWithPath: path))
        args = ["replay", path, "--max-events", "20000"] + (gen.chance(30) ? ["--format", "jsonl"] : [])
      } else {
        path = dir.appendingPathComponent("case\(n % 8).yaml").path
        try Data(gen.manifest().bytes).write(to: URL(fileURLWithPath: path))
        args = gen.commandLine(path: path)
      }
      let r = try CLIRunner.run(args, deadline: 60)
      let where_ = "seed \(Self.seed &+ 1) case \(n): rollsim \(args.map(\.debugDescription).joined(separator: " "))"
      statuses[r.status, default: 0] += 1
      #expect(!r.timedOut, "\(where_): timed out")
      let allowed: Set<Int32> = isReplay ? [0, 1, 2] : [0, 2]
      #expect(allowed.contains(r.status), "\(where_): exit status \(r.status)\n\(r.stderr.prefix(2000))")
      #expect(r.stderr.utf8.count < 1024, "\(where_): \(r.stderr.utf8.count) bytes on stderr")
      #expect(!Self.hasRawControl(r.stderr, allowNewline: true), "\(where_): raw control character on stderr")
      let errors = r.stderrLines.filter { $0.contains("error: ") }
      #expect(errors.count <= 1, "\(where_): \(errors)")
      if !isReplay || r.status == 2, let e = errors.first {
        #expect(Self.isErrorLine(e, file: path), "\(where_): \(e.debugDescription)")
      }
      if r.status == 2 { #expect(errors.count == 1, "\(where_): exit 2 without an error line: \(r.stderr)") }
      #expect(!Self.hasRawControl(r.stdout, allowNewline: true), "\(where_): raw control character on stdout")
    }
    #expect(statuses[0, default: 0] > 0 && statuses[2, default: 0] > 0, "\(statuses)")
  }
}
