import ArgumentParser
import Foundation
import RolloutEngine
import RolloutManifests

/// The input options every command that reads manifests takes (`simulate`, `watch`,
/// `validate`'s files, and `compare`): files, directories and `-`, merged as one
/// input, an optional separate scenario, the seed and the workload to simulate.
struct InputOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "Manifest files (YAML or JSON, several documents allowed), directories (every *.yaml, *.yml and *.json inside, sorted) or - for standard input; all are read as one input.",
      valueName: "file"))
  var files: [String] = []

  @Option(
    name: .customLong("scenario"),
    help: "A separate rollsim/v1 Simulation document (replaces one in the files, with a warning).")
  var scenarios: [String] = []

  /// The one `--scenario`, if given.
  var scenario: String? { scenarios.first }

  func validate() throws {
    guard scenarios.count <= 1 else {
      throw ValidationError("--scenario given \(scenarios.count) times; a run has one scenario")
    }
  }

  @Option(help: "Seed for every random choice, 0 or more (overrides spec.seed).")
  var seed: UInt64?

  @Option(
    name: .customLong("workload"),
    help: ArgumentHelp(
      "Narrow the run to this workload when the input has several (they run together otherwise): NAME or KIND/NAME (e.g. rollout/shop). Repeatable.",
      valueName: "name"))
  var workloads: [String] = []

  /// How errors about the input as a whole name it: the one argument, or the first.
  var displayName: String { files.first ?? "-" }

  /// Every file named, directories expanded, in order.
  func sources() throws -> [SourceText] { try InputLoading.gather(files) }

  /// The `--scenario` file, read.
  func scenarioSource() throws -> SourceText? { try scenario.map { try InputLoading.read($0) } }

  /// Reads and loads the input; see `InputLoading.load(_:scenario:seed:workloads:)`.
  func load() throws -> LoadedManifests {
    try InputLoading.load(sources(), scenario: scenarioSource(), seed: seed, workloads: workloads)
  }
}

/// Reads input files and turns them into a `SimulationInput` through
/// `RolloutManifests`. Every problem becomes one `FILE:LINE:COL: error: …` line on
/// standard error and exit status 2; warnings are printed and the run goes on.
enum InputLoading {
  /// Loads a manifest file and an optional separate scenario file.
  static func load(file: String, scenario: String?, seed: UInt64?) throws -> SimulationInput {
    try load(manifest: read(file), scenario: scenario.map { try read($0) }, seed: seed).input
  }

  /// Warnings shown before a run; the rest are counted in one line, so a file with a
  /// thousand unknown fields doesn't bury the output (`validate` shows them all).
  static let maxWarnings = 3

  /// Loads texts already read (a file, or the built-in demo); warnings go to standard
  /// error, the first error is the one line of an exit with status 2.
  static func load(manifest: SourceText, scenario: SourceText?, seed: UInt64?) throws -> LoadedManifests {
    try load([manifest], scenario: scenario, seed: seed)
  }

  /// Loads texts already read as one input; warnings go to standard error, the first
  /// error is the one line of an exit with status 2.
  static func load(_ sources: [SourceText], scenario: SourceText? = nil, seed: UInt64?, workloads: [String] = []) throws -> LoadedManifests {
    do {
      let loaded = try ManifestLoader.load(sources, scenario: scenario, seedOverride: seed, workloads: workloads)
      for w in loaded.warnings.prefix(maxWarnings) { Console.error(w.description) }
      if loaded.warnings.count > maxWarnings {
        // Several files: the folder they share, else the first.
        let folders = Set(sources.map { ($0.path as NSString).deletingLastPathComponent })
        let name = sources.count > 1 && folders.count == 1 ? folders.first! : (sources.first?.path ?? "-")
        Console.error("\(name): warning: \(loaded.warnings.count - maxWarnings) more warnings (`rollsim validate` lists them all)")
      }
      return loaded
    } catch {
      throw Console.fail(error.diagnostics.first?.description ?? "\(sources.first?.path ?? "-"): error: could not load")
    }
  }

  /// Checks the arguments as the one input `simulate` would run (every file and
  /// directory merged; errors name the file they come from); prints what was
  /// understood on standard output and problems on standard error. True when the
  /// input has no error.
  static func validate(files: [String]) -> Bool {
    var sources: [SourceText] = []
    var ok = true
    for f in files {
      do { sources += try gather([f]) } catch { ok = false }
    }
    guard ok else { return false }
    let name = files.map { $0 == "-" ? stdinPath : $0 }.joined(separator: " ")
    let (diagnostics, summary) = ManifestLoader.validate(inputs: [(name: name, sources: sources)])
    for line in summary { Console.print(line) }
    for d in diagnostics {
      Console.error(d.description)
      if d.severity == .error { ok = false }
    }
    return ok
  }

  /// How standard input is named in diagnostics.
  static let stdinPath = "<stdin>"

  /// The texts of FILE arguments: a file as itself, a directory as every `*.yaml`,
  /// `*.yml` and `*.json` file directly inside it (sorted by name, hidden files
  /// skipped; not recursive, as `kubectl apply -f DIR` without `-R`), `-` as standard
  /// input (read once).
  static func gather(_ arguments: [String]) throws -> [SourceText] {
    var out: [SourceText] = []
    var stdinRead = false
    for arg in arguments {
      if arg == "-" {
        guard !stdinRead else { throw Console.fail("rollsim: error: - (standard input) given more than once") }
        stdinRead = true
        out.append(try readStandardInput())
        continue
      }
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: arg, isDirectory: &isDir), isDir.boolValue {
        out += try directory(arg)
      } else {
        out.append(try read(arg))
      }
    }
    return out
  }

  /// Several files as one text (`---` between them), for a recording: loading it
  /// gives the same documents in the same order. One file is itself.
  static func joined(_ sources: [SourceText]) -> SourceText {
    guard sources.count > 1 else { return sources.first ?? SourceText(path: "-", text: "") }
    let text = sources.filter { ManifestLoader.isMeaningfulText($0.text) }
      .map { src in "# \(src.path)\n" + src.text + (src.text.hasSuffix("\n") ? "" : "\n") }.joined(separator: "---\n")
    return SourceText(path: sources.map(\.path).joined(separator: "+"), text: text)
  }

  static let manifestExtensions = [".yaml", ".yml", ".json"]

  /// The manifest files directly inside a directory, sorted by name.
  static func directory(_ path: String) throws -> [SourceText] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
      throw Console.fail("\(path): error: cannot read the directory (permission denied?)")
    }
    let base = path.hasSuffix("/") ? path : path + "/"
    let files = names.filter { n in !n.hasPrefix(".") && manifestExtensions.contains { n.lowercased().hasSuffix($0) } }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      .filter { n in
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: base + n, isDirectory: &isDir) && !isDir.boolValue
      }
    guard !files.isEmpty else {
      throw Console.fail("\(path): error: no manifest files in the directory (*.yaml, *.yml, *.json)")
    }
    return try files.map { try read(base + $0) }
  }

  /// Standard input, bounded like a file.
  static func readStandardInput() throws -> SourceText {
    var data = Data()
    while true {
      let chunk = FileHandle.standardInput.readData(ofLength: 1 << 16)
      if chunk.isEmpty { break }
      data.append(chunk)
      if Int64(data.count) > maxFileBytes {
        throw Console.fail("\(stdinPath): error: input too large (manifests are read up to \(maxFileBytes >> 20) MiB)")
      }
    }
    do {
      return try SourceText(path: stdinPath, bytes: [UInt8](data))
    } catch {
      throw Console.fail(error.diagnostics.first?.description ?? "\(stdinPath): error: not a text file")
    }
  }

  /// The largest input file read: far beyond any manifest, far below trouble.
  static let maxFileBytes: Int64 = 16 << 20

  /// The file's text; a missing, unreadable, binary or non-UTF-8 file is an input error.
  static func read(_ path: String) throws -> SourceText {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw Console.fail("\(path): error: no such file")
    }
    guard !isDir.boolValue else { throw Console.fail("\(path): error: is a directory, not a file") }
    // A device or FIFO (/dev/zero, a pipe) would be read forever or block; a huge file
    // is not a manifest. Both are input errors, not an out-of-memory kill.
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
      throw Console.fail("\(path): error: not a regular file")
    }
    if let size = (attributes?[.size] as? NSNumber)?.int64Value, size > maxFileBytes {
      throw Console.fail("\(path): error: file too large (\(size) bytes; manifests are read up to \(maxFileBytes >> 20) MiB)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Console.fail("\(path): error: cannot read the file (permission denied?)")
    }
    do {
      return try SourceText(path: path, bytes: [UInt8](data))
    } catch {
      throw Console.fail(error.diagnostics.first?.description ?? "\(path): error: not a text file")
    }
  }
}
