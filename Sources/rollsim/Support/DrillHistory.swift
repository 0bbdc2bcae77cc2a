import Foundation
import RolloutDrills

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Drill attempts kept under `$XDG_DATA_HOME/rollsim/` (default
/// `~/.local/share/rollsim/`) in `drill-history.json`.
///
/// Written atomically: the new history goes to a temporary file in the same
/// directory, is fsynced, then renamed over the old one (and the directory is
/// fsynced), so a crash at any point leaves the old or the new file, never half of
/// one. A history that can't be read or parsed is reported on standard error and
/// set aside (renamed `drill-history.json.corrupt-N`), never overwritten.
///
/// Test hook: `ROLLSIM_TEST_HISTORY_PAUSE=SECONDS` sleeps after the temporary file
/// is written and synced, before the rename (the SIGKILL test).
enum DrillHistory {
  struct Attempt: Codable, Hashable {
    var drill: String
    var seed: UInt64
    var actions: [String]
    var score: Int
  }
  struct File: Codable {
    var version = 1
    var attempts: [Attempt] = []
  }

  static var directory: String {
    let env = ProcessInfo.processInfo.environment
    if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/rollsim" }
    return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/rollsim"
  }
  static var path: String { directory + "/drill-history.json" }

  /// The history; an empty one when there is none yet. A corrupt or unreadable file
  /// is reported and set aside, and nil returned when even that fails.
  static func load() -> File? {
    let fm = FileManager.default
    guard fm.fileExists(atPath: path) else { return File() }
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      return try JSONDecoder().decode(File.self, from: data)
    } catch {
      var n = 1
      while fm.fileExists(atPath: "\(path).corrupt-\(n)") { n += 1 }
      let aside = "\(path).corrupt-\(n)"
      if (try? fm.moveItem(atPath: path, toPath: aside)) != nil {
        Console.error("rollsim: warning: \(path) is not a readable drill history; set aside as \(aside), starting a new one")
        return File()
      }
      Console.error("rollsim: warning: \(path) is not a readable drill history and can't be set aside; not recording")
      return nil
    }
  }

  /// Appends an attempt; a failure to write is reported, never fatal.
  static func record(_ s: DrillScore) {
    guard var h = load() else { return }
    h.attempts.append(Attempt(drill: s.drill, seed: s.seed, actions: s.actions, score: s.score))
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let enc = JSONEncoder()
      enc.outputFormatting = [.sortedKeys, .prettyPrinted]
      try writeAtomically(try enc.encode(h), to: path)
    } catch {
      Console.error("rollsim: warning: can't write \(path): \(error)")
    }
  }

  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  static func writeAtomically(_ data: Data, to path: String) throws {
    let tmp = "\(path).tmp-\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw WriteError(description: "open \(tmp): errno \(errno)") }
    var ok = data.withUnsafeBytes { buf -> Bool in
      var off = 0
      while off < buf.count {
        let n = write(fd, buf.baseAddress! + off, buf.count - off)
        if n <= 0 { return false }
        off += n
      }
      return true
    }
    ok = ok && fsync(fd) == 0
    close(fd)
    guard ok else {
      unlink(tmp)
      throw WriteError(description: "write \(tmp): errno \(errno)")
    }
    if let pause = ProcessInfo.processInfo.environment["ROLLSIM_TEST_HISTORY_PAUSE"], let s = Double(pause), s > 0 {
      Thread.sleep(forTimeInterval: s)
    }
    guard rename(tmp, path) == 0 else {
      unlink(tmp)
      throw WriteError(description: "rename \(tmp): errno \(errno)")
    }
    let dir = open((path as NSString).deletingLastPathComponent, O_RDONLY)
    if dir >= 0 {
      fsync(dir)
      close(dir)
    }
  }
}
