import Foundation
import RolloutEngine
import RolloutManifests

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
    do {
      let loaded = try ManifestLoader.load(manifest: manifest, scenario: scenario, seedOverride: seed)
      for w in loaded.warnings.prefix(maxWarnings) { Console.error(w.description) }
      if loaded.warnings.count > maxWarnings {
        Console.error("\(manifest.path): warning: \(loaded.warnings.count - maxWarnings) more warnings (`rollsim validate` lists them all)")
      }
      return loaded
    } catch {
      throw Console.fail(error.diagnostics.first?.description ?? "\(manifest.path): error: could not load")
    }
  }

  /// Checks each file; prints what was understood on standard output and problems on
  /// standard error. True when no file had an error.
  static func validate(files: [String]) -> Bool {
    var sources: [SourceText] = []
    var ok = true
    for f in files {
      do { sources.append(try read(f)) } catch { ok = false }
    }
    let (diagnostics, summary) = ManifestLoader.validate(sources)
    for line in summary { Console.print(line) }
    for d in diagnostics {
      Console.error(d.description)
      if d.severity == .error { ok = false }
    }
    return ok
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
