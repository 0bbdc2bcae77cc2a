import ArgumentParser
import DashboardRender
import RolloutEngine

/// What the key loop drives: a pure session that takes wall-clock ticks and keys
/// and renders frames (`CompareSession`; `watch`'s `DashboardSession` has its own
/// runner with recording and `--at`).
protocol LiveSession {
  mutating func handle(_ key: DashboardKey)
  mutating func tick(wallSeconds: Double)
  func render(width: Int, height: Int) -> Grid
  /// Wall milliseconds until the screen would next change.
  var nextWakeMs: Int { get }
  var wantsQuit: Bool { get }
  var clockPaused: Bool { get }
  /// The simulated time shown, and the next pending instant.
  var clock: SimTime { get }
  var pendingTime: SimTime? { get }
  mutating func setASCII(_ ascii: Bool)
}

/// The key loop for a `LiveSession`: no busy loop, a frame only when something may
/// have changed, the terminal restored on every way out (see `DashboardRunner`).
enum LiveLoop {
  struct Result<S: LiveSession> {
    var session: S
    /// 0 after `q`; 128 + the signal after SIGINT, SIGTERM or SIGHUP.
    var exitCode: Int32
  }

  static func wait<S: LiveSession>(_ s: S) -> Int32 {
    Int32(min(DashboardRunner.wakeRange.upperBound, max(DashboardRunner.wakeRange.lowerBound, s.nextWakeMs)))
  }

  static func run<S: LiveSession>(_ start: S, command: String) throws -> Result<S> {
    var session = start
    let screen = try DashboardRunner.openScreen(waitMilliseconds: wait(session), command: command)
    defer { screen.stop() }
    session.setASCII(screen.asciiOnly)
    let clock = ContinuousClock()
    var last = clock.now
    var dirty = true
    while true {
      if let sig = screen.pendingInterrupt { return Result(session: session, exitCode: 128 + sig) }
      if dirty {
        let (w, h) = screen.size
        screen.paint(session.render(width: w, height: h))
        dirty = false
      }
      screen.setWait(milliseconds: wait(session))
      let key = screen.readKey()
      let now = clock.now
      let elapsed = now - last
      last = now
      if let key {
        if key == .resize { screen.invalidate() }
        session.handle(key)
        dirty = true
        if session.wantsQuit { return Result(session: session, exitCode: 0) }
      }
      if !session.clockPaused {
        let before = session.clock
        let pending = session.pendingTime
        let seconds = min(0.5, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        session.tick(wallSeconds: seconds)
        let after = session.clock
        if after / 1000 != before / 1000 || pending.map({ $0 <= after }) == true { dirty = true }
      }
    }
  }
}

