import ArgumentParser
import DashboardRender
import RolloutEngine

/// What the key loop drives: a pure session that takes wall-clock ticks and keys
/// and renders frames (`DashboardSession` for `watch`, `CompareSession`, the drill).
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
  /// The status line (a tick may age it away: then the screen changes).
  var statusText: String { get }
  mutating func setASCII(_ ascii: Bool)
}

/// The one key loop: wall-clock ticks and keys in, frames out. No busy loop: the key
/// reader waits as long as the session says nothing will change on screen, clamped
/// to `DashboardRunner.wakeRange`; a frame is rendered only when something may have
/// changed (a key, a resize, an event instant, the shown second, the status line);
/// paused and idle the process sleeps in `poll`. The terminal is restored on every
/// way out (the screen's `stop`).
enum LiveLoop {
  struct Result<S: LiveSession> {
    var session: S
    /// 0 after `q`; 128 + the signal after SIGINT, SIGTERM or SIGHUP.
    var exitCode: Int32
  }

  static func wait<S: LiveSession>(_ s: S) -> Int32 {
    Int32(min(DashboardRunner.wakeRange.upperBound, max(DashboardRunner.wakeRange.lowerBound, s.nextWakeMs)))
  }

  /// Opens the terminal for `command` and runs the loop on it.
  static func run<S: LiveSession>(_ start: S, command: String) throws -> Result<S> {
    var session = start
    let screen = try DashboardRunner.openScreen(waitMilliseconds: wait(session), command: command)
    defer { screen.stop() }
    session.setASCII(screen.asciiOnly)
    return run(session, on: screen)
  }

  /// Runs the loop on an open screen until `q` or a signal; `onFrame` sees the count
  /// of frames painted (a test hook crashes on the second).
  static func run<S: LiveSession>(_ start: S, on screen: any DashboardScreen, onFrame: (Int) -> Void = { _ in }) -> Result<S> {
    var session = start
    let clock = ContinuousClock()
    var last = clock.now
    var dirty = true
    var frames = 0
    while true {
      if let sig = screen.pendingInterrupt { return Result(session: session, exitCode: 128 + sig) }
      if dirty {
        let (w, h) = screen.size
        screen.paint(session.render(width: w, height: h))
        dirty = false
        frames += 1
        onFrame(frames)
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
      let before = session.clock
      let pending = session.pendingTime
      let status = session.statusText
      // At most half a second a frame: after a suspend (Ctrl-Z) or a stall the
      // simulation resumes where it was rather than jumping ahead. Ticks while
      // paused move no simulated time; they may age the status message.
      let seconds = min(0.5, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      session.tick(wallSeconds: seconds)
      let after = session.clock
      // The screen shows whole seconds; it changes when one passes or an event fires.
      if after / 1000 != before / 1000 || (after != before && pending.map({ $0 <= after }) == true) { dirty = true }
      if session.statusText != status { dirty = true }
    }
  }
}

extension DashboardSession: LiveSession {
  var clockPaused: Bool { ui.paused }
  var clock: SimTime { simulation.now }
  var pendingTime: SimTime? { simulation.nextEventTime() }
  var statusText: String { ui.status }
  mutating func setASCII(_ ascii: Bool) { ui.ascii = ui.ascii || ascii }
}
