import Foundation

/// Runs the real `rollsim` binary (built by `swift build --build-tests`) with pipes
/// and a deadline, for end-to-end tests of the headless CLI.
enum CLIRunner {
  /// The repository root, from this file's path (Tests/RollsimEndToEndTests/).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `$ROLLSIM_BIN`, else the `rollsim` next to the running test bundle, else
  /// `.build/debug/rollsim` under the repository root.
  static let binary: URL? = {
    let fm = FileManager.default
    var candidates: [URL] = []
    if let env = ProcessInfo.processInfo.environment["ROLLSIM_BIN"] { candidates.append(URL(fileURLWithPath: env)) }
    // The binary built with these tests first (any --build-path), then the default.
    if let exe = CommandLine.arguments.first {
      var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
      // …/debug/rollsimPackageTests.xctest (a file on Linux, a bundle on macOS).
      for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent("rollsim"))
        dir = dir.deletingLastPathComponent()
      }
    }
    candidates.append(root.appendingPathComponent(".build/debug/rollsim"))
    return candidates.first { fm.isExecutableFile(atPath: $0.path) && !isDirectory($0) }
  }()

  static func isDirectory(_ url: URL) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && d.boolValue
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty() }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastEmpty() }
  }

  struct NoBinary: Error, CustomStringConvertible {
    var description: String { "rollsim binary not found; run `swift build --build-tests` first" }
  }

  /// Runs `rollsim ARGS` in the repository root. Output goes to temporary files (no
  /// pipe can fill up and block the child); the child is killed after `deadline`
  /// seconds, a safety net against a hang, not a timing assertion.
  static func run(_ args: [String], stdin: String? = nil, deadline: TimeInterval = 120, environment: [String: String] = [:]) throws -> Result {
    guard let bin = binary else { throw NoBinary() }
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let outURL = tmp.appendingPathComponent("stdout")
    let errURL = tmp.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let p = Process()
    p.executableURL = bin
    p.arguments = args
    p.currentDirectoryURL = root
    p.standardOutput = out
    p.standardError = err
    if let stdin {
      let inURL = tmp.appendingPathComponent("stdin")
      try Data(stdin.utf8).write(to: inURL)
      p.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
      p.standardInput = FileHandle.nullDevice
    }
    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "dumb"
    env.merge(environment) { $1 }
    p.environment = env
    try p.run()
    let end = Date().addingTimeInterval(deadline)
    var timedOut = false
    while p.isRunning {
      if Date() > end {
        timedOut = true
        p.terminate()
        break
      }
      usleep(2000)
    }
    p.waitUntilExit()
    try out.close()
    try err.close()
    let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    return Result(status: p.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
  }

  /// Writes `contents` to a fresh temporary file named `name` and returns its path.
  static func tempFile(_ name: String, _ contents: String) throws -> String {
    try tempFile(name, Data(contents.utf8))
  }

  static func tempFile(_ name: String, _ data: Data) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-in-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
  }
}

extension Array where Element == String {
  /// A trailing newline leaves one empty element after split; drop it.
  func dropLastEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}

/// Top-level keys of a JSON object line, in the order they appear (JSONSerialization
/// doesn't keep order, and the order is part of the contract).
func topLevelKeys(_ json: String) -> [String] {
  var keys: [String] = []
  var depth = 0
  var inString = false
  var escaped = false
  var current = ""
  var lastString: String?
  for ch in json {
    if inString {
      if escaped {
        escaped = false
        current.append(ch)
      } else if ch == "\\" {
        escaped = true
      } else if ch == "\"" {
        inString = false
        lastString = current
      } else {
        current.append(ch)
      }
      continue
    }
    switch ch {
    case "\"":
      inString = true
      current = ""
    case "{", "[": depth += 1
    case "}", "]": depth -= 1
    case ":":
      if depth == 1, let k = lastString { keys.append(k) }
      lastString = nil
    case ",": lastString = nil
    default: break
    }
  }
  return keys
}
