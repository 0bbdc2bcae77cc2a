import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Drives the real `rollsim` binary in a private tmux server: `send-keys` in,
/// `capture-pane -p` out. The rules, each learnt from a hang:
///
/// 1. Every process is started with `posix_spawn`, all fds ≥ 3 closed and stdio on
///    files: the daemonised tmux server would otherwise inherit a pipe or
///    Foundation.Process's exit-watch socket and nothing would ever see EOF.
/// 2. The spawned processes get an empty signal mask and default dispositions: the
///    test runner's thread blocks SIGHUP, SIGTERM, SIGCHLD…, which tmux and the app
///    would inherit (`kill-server` then can't stop them).
/// 3. The app's exit status comes from a wrapper script writing it to a file (tmux
///    3.3a's `pane_dead_status` is unreliable).
/// 4. Wait on content with deadlines, never blind sleeps; every wait ends.
///
/// Each session has its own `-L` socket and its own scratch directory; `close()`
/// (call it in a `defer`) kills the server and removes them.
final class TmuxSession {
  let socket: String
  let directory: String
  let width: Int
  let height: Int
  private var closed = false

  /// Where the wrapper writes the app's exit status, and `stty -a` just after.
  var statusFile: String { directory + "/status" }
  var sttyFile: String { directory + "/stty" }

  static let tmuxPath: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
      let p = "\(dir)/tmux"
      if access(p, X_OK) == 0 { return p }
    }
    return nil
  }()

  /// Tests skip (rather than fail) without tmux; CI installs it (`.ci/run`).
  static var isAvailable: Bool { tmuxPath != nil && rollsimBinary != nil }

  /// The package root (this file is Tests/RollsimEndToEndTests/TmuxSession.swift).
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// The binary `swift build --build-tests` made: beside the test bundle (the same
  /// build directory, whatever the triple or configuration), else `.build/debug`.
  static let rollsimBinary: String? = {
    var candidates: [String] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      var url = URL(fileURLWithPath: exe)
      // …/debug/rollsimPackageTests.xctest (a file on Linux, a bundle on macOS).
      for _ in 0..<4 {
        url.deleteLastPathComponent()
        candidates.append(url.appendingPathComponent("rollsim").path)
      }
    }
    for b in Bundle.allBundles {
      candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("rollsim").path)
    }
    candidates.append(packageRoot + "/.build/debug/rollsim")
    return candidates.first { p in
      var isDir: ObjCBool = false
      return FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && !isDir.boolValue && access(p, X_OK) == 0
    }
  }()

  nonisolated(unsafe) private static var counter = 0
  private static let counterLock = NSLock()

  /// Starts `rollsim ARGS` in a new detached session of `width`×`height`. After the
  /// app exits, the wrapper records its status and `stty -a`, then execs a shell in
  /// the same pane (to check the terminal is usable).
  init(_ args: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
    TmuxSession.counterLock.lock()
    TmuxSession.counter += 1
    let n = TmuxSession.counter
    TmuxSession.counterLock.unlock()
    socket = "rollsim-e2e-\(getpid())-\(n)"
    directory = NSTemporaryDirectory() + socket
    self.width = width
    self.height = height
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let binary = TmuxSession.rollsimBinary ?? "rollsim"
    // Environment in the script: tmux sets TERM for the pane itself, overriding -e.
    let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(TmuxSession.shellQuote($0.value))" }
    let script = """
      \(exports.joined(separator: "\n"))
      # Ctrl-C goes to the whole foreground group; like an interactive shell, the
      # wrapper survives it (a caught signal is reset to default in the child).
      trap : INT
      cd \(TmuxSession.shellQuote(TmuxSession.packageRoot))
      \(([binary] + args).map(TmuxSession.shellQuote).joined(separator: " "))
      echo $? > \(TmuxSession.shellQuote(statusFile)).tmp
      stty -a > \(TmuxSession.shellQuote(sttyFile)) 2>&1
      mv \(TmuxSession.shellQuote(statusFile)).tmp \(TmuxSession.shellQuote(statusFile))
      PS1='$ ' exec sh

      """
    let scriptPath = directory + "/run.sh"
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let env = ["LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]
    var tmuxArgs = ["new-session", "-d", "-s", "app", "-x", "\(width)", "-y", "\(height)"]
    for (k, v) in env.sorted(by: { $0.key < $1.key }) { tmuxArgs += ["-e", "\(k)=\(v)"] }
    tmuxArgs += ["sh " + TmuxSession.shellQuote(scriptPath)]
    let r = try tmux(tmuxArgs)
    guard r.status == 0 else {
      throw HarnessError("tmux new-session failed (\(r.status)): \(r.output)")
    }
  }

  deinit { close() }

  /// Kills the server and removes the scratch directory. Idempotent.
  func close() {
    guard !closed else { return }
    closed = true
    _ = try? tmux(["kill-server"])
    try? FileManager.default.removeItem(atPath: directory)
  }

  // MARK: - Driving

  /// The visible pane as text (`capture-pane -p`), trailing empty lines dropped.
  func capture(scrollback: Bool = false, escapes: Bool = false) throws -> String {
    let r = try tmux(["capture-pane", "-p", "-t", "app"] + (scrollback ? ["-S", "-"] : []) + (escapes ? ["-e"] : []))
    var lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  /// Polls the pane every 50 ms until `predicate` holds; the last capture either way.
  @discardableResult
  func waitFor(seconds: Double = 10, scrollback: Bool = false, _ predicate: (String) -> Bool) throws -> (ok: Bool, screen: String) {
    let deadline = Date().addingTimeInterval(seconds)
    var screen = ""
    while true {
      screen = try capture(scrollback: scrollback)
      if predicate(screen) { return (true, screen) }
      if Date() > deadline { return (false, screen) }
      usleep(50_000)
    }
  }

  /// `send-keys`: tmux key names (`Space`, `C-c`, `Enter`) or literal text with `literal`.
  func send(_ keys: String..., literal: Bool = false) throws {
    _ = try tmux(["send-keys", "-t", "app"] + (literal ? ["-l"] : []) + keys)
  }

  func resize(width: Int, height: Int) throws {
    _ = try tmux(["resize-window", "-t", "app", "-x", "\(width)", "-y", "\(height)"])
  }

  /// The app's exit status, once the wrapper wrote it; nil at the deadline.
  func exitStatus(seconds: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() <= deadline {
      if let s = try? String(contentsOfFile: statusFile, encoding: .utf8),
        let v = Int32(s.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return v
      }
      usleep(50_000)
    }
    return nil
  }

  /// `stty -a` as the wrapper saw it right after the app exited.
  func sttyAfterExit() -> String {
    (try? String(contentsOfFile: sttyFile, encoding: .utf8)) ?? ""
  }

  /// The pid of the app: the child of the pane's shell (the wrapper script).
  func appPid(seconds: Double = 5) throws -> pid_t? {
    let r = try tmux(["list-panes", "-t", "app", "-F", "#{pane_pid}"])
    guard let shell = Int32(r.output.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
    let deadline = Date().addingTimeInterval(seconds)
    while Date() <= deadline {
      if let c = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8),
        let pid = c.split(separator: " ").first.flatMap({ Int32($0) })
      {
        return pid
      }
      usleep(50_000)
    }
    return nil
  }

  // MARK: - Processes

  struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
  }

  private var spawnCount = 0

  @discardableResult
  func tmux(_ args: [String]) throws -> (status: Int32, output: String) {
    guard let t = TmuxSession.tmuxPath else { throw HarnessError("tmux not found") }
    spawnCount += 1
    let out = directory + "/out.\(spawnCount)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let status = try TmuxSession.spawn([t, "-f", "/dev/null", "-L", socket] + args, stdout: out, seconds: 10)
    let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return (status, output)
  }

  /// Runs `argv` with stdin on /dev/null, stdout (and stderr) to `stdout`, every
  /// other fd closed, an empty signal mask and default signal dispositions; waits
  /// for it with a deadline (then kills it).
  static func spawn(_ argv: [String], stdout: String, stderr: String? = nil, seconds: Double) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let stderr {
      posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    // addclosefrom_np isn't visible through Swift's Glibc: close each open fd.
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for name in fds {
      if let fd = Int32(name), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
    }
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU] {
      sigaddset(&defaults, s)
    }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    var envStrings = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    // Not inherited: an enclosing tmux, a fixed size, and NO_COLOR (which `swift test`
    // sets; tests that want it pass it explicitly).
    envStrings.removeAll { e in ["TMUX=", "TMUX_PANE=", "COLUMNS=", "LINES=", "NO_COLOR="].contains { e.hasPrefix($0) } }
    let cEnv: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
    defer { for p in cEnv { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, cEnv)
    guard rc == 0 else { throw HarnessError("posix_spawn \(argv[0]): \(String(cString: strerror(rc)))") }
    let deadline = Date().addingTimeInterval(seconds)
    var status: Int32 = 0
    while true {
      let w = waitpid(pid, &status, WNOHANG)
      if w == pid { break }
      if w < 0 && errno != EINTR { throw HarnessError("waitpid: \(String(cString: strerror(errno)))") }
      if Date() > deadline {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw HarnessError("\(argv.joined(separator: " ")): still running after \(seconds) s")
      }
      usleep(10_000)
    }
    // WIFEXITED/WEXITSTATUS are macros: decode by hand.
    if status & 0x7f == 0 { return (status >> 8) & 0xff }
    return 128 + (status & 0x7f)
  }

  /// Runs rollsim directly (no terminal): stdout and stderr captured separately.
  static func runRollsim(_ args: [String], seconds: Double = 30) throws -> (status: Int32, stdout: String, stderr: String) {
    guard let bin = rollsimBinary else { throw HarnessError("rollsim binary not found") }
    let dir = NSTemporaryDirectory() + "rollsim-run-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let status = try spawn([bin] + args, stdout: dir + "/out", stderr: dir + "/err", seconds: seconds)
    let out = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
    return (status, out, err)
  }

  static func shellQuote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
