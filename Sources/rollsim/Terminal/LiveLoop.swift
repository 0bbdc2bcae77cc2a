import ArgumentParser
import DashboardRender
import Dispatch
import RolloutEngine

/// What the key loop drives: a pure session that takes wall-clock ticks and keys
/// and renders frames (`DashboardSession` for `watch`, `CompareSession`, the drill).
/// Sendable: a key or a tick runs on the loop's worker thread (`SessionJob`).
protocol LiveSession: Sendable {
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
  /// What handling `key` (nil: a tick) does, for the busy line when it takes longer
  /// than a frame ("scaling to 1,000,000 replicas").
  func busyText(forKey key: DashboardKey?) -> String
  /// A prompt will be open after `key` (nil: a tick): a `q` typed then is text, not quit.
  func promptOpen(after key: DashboardKey?) -> Bool
  var asciiGlyphs: Bool { get }
}

extension LiveSession {
  func busyText(forKey key: DashboardKey?) -> String { key == nil ? "running the clock" : "handling the key" }
  func promptOpen(after key: DashboardKey?) -> Bool { false }
}

/// The one key loop: wall-clock ticks and keys in, frames out. No busy loop: the key
/// reader waits as long as the session says nothing will change on screen, clamped
/// to `DashboardRunner.wakeRange`; a frame is rendered only when something may have
/// changed (a key, a resize, an event instant, the shown second, the status line);
/// paused and idle the process sleeps in `poll`. The terminal is restored on every
/// way out (the screen's `stop`).
///
/// Every key and tick runs on a worker thread (`SessionJob`); the loop waits for it
/// up to `frameBudgetMs`. Almost always it is done by then and nothing differs from
/// a synchronous call. When it is not (`s` 1000000 Enter is one engine step of tens
/// of milliseconds), the loop keeps the terminal alive (`LiveLoop.Runner.perform`):
/// it paints the last frame with a busy line, repaints it on a resize, and queues
/// the keys typed meanwhile, which are applied in order, each the same way, once the
/// step is done. A recorded action keeps the simulated time it is applied at, so a
/// recording replays identically however long the steps took.
enum LiveLoop {
  struct Result<S: LiveSession> {
    var session: S
    /// 0 after `q`; 128 + the signal after SIGINT, SIGTERM or SIGHUP.
    var exitCode: Int32
  }

  /// How long the loop waits for a key or a tick before it paints the busy frame:
  /// under a 60 Hz frame, leaving time to paint.
  static let frameBudgetMs = 12

  static func wait<S: LiveSession>(_ s: S) -> Int32 {
    Int32(min(DashboardRunner.wakeRange.upperBound, max(DashboardRunner.wakeRange.lowerBound, s.nextWakeMs)))
  }

  /// Opens the terminal for `command` and runs the loop on it.
  static func run<S: LiveSession>(_ start: consuming S, command: String) throws -> Result<S> {
    var session = start
    let screen = try DashboardRunner.openScreen(waitMilliseconds: wait(session), command: command)
    defer { screen.stop() }
    session.setASCII(screen.asciiOnly)
    return run(consume session, on: screen)
  }

  /// Runs the loop on an open screen until `q` or a signal; `onFrame` sees the count
  /// of frames painted (a test hook crashes on the second).
  static func run<S: LiveSession>(
    _ start: consuming S, on screen: any DashboardScreen, frameBudgetMs: Int = LiveLoop.frameBudgetMs,
    onFrame: (Int) -> Void = { _ in }
  ) -> Result<S> {
    let runner = Runner(start, screen: screen, frameBudgetMs: frameBudgetMs)
    let clock = ContinuousClock()
    var last = clock.now
    var dirty = true
    var frames = 0
    while true {
      if let sig = runner.interrupted ?? screen.pendingInterrupt { return runner.result(exitCode: 128 + sig) }
      // Keys queued during a long step are applied first, without painting between
      // them (the busy frame is on screen until the queue is empty).
      if dirty, runner.queued.isEmpty {
        let (w, h) = screen.size
        let grid = runner.session!.render(width: w, height: h)
        screen.paint(grid)
        runner.lastGrid = grid
        dirty = false
        frames += 1
        onFrame(frames)
      }
      let key: DashboardKey?
      if runner.queued.isEmpty {
        screen.setWait(milliseconds: wait(runner.session!))
        key = screen.readKey()
      } else {
        key = runner.queued.removeFirst()
      }
      let now = clock.now
      let elapsed = now - last
      last = now
      if let key {
        if key == .resize { screen.invalidate() }
        runner.perform(.key(key))
        if runner.interrupted != nil { continue }
        dirty = true
        if runner.session!.wantsQuit { return runner.result(exitCode: 0) }
      }
      let before = runner.session!.clock
      let pending = runner.session!.pendingTime
      let status = runner.session!.statusText
      // At most half a second a frame: after a suspend (Ctrl-Z) or a stall (a long
      // step) the simulation resumes where it was rather than jumping ahead. Ticks
      // while paused move no simulated time; they may age the status message.
      let seconds = min(0.5, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      if runner.perform(.tick(wallSeconds: seconds)) { dirty = true }
      if runner.interrupted != nil { continue }
      let after = runner.session!.clock
      // The screen shows whole seconds; it changes when one passes or an event fires.
      if after / 1000 != before / 1000 || (after != before && pending.map({ $0 <= after }) == true) { dirty = true }
      if runner.session!.statusText != status { dirty = true }
    }
  }
}

extension DashboardSession: LiveSession {
  var clockPaused: Bool { ui.paused }
  var clock: SimTime { simulation.now }
  var pendingTime: SimTime? { simulation.nextEventTime() }
  var statusText: String { ui.status }
  var asciiGlyphs: Bool { ui.ascii }
  mutating func setASCII(_ ascii: Bool) { ui.ascii = ui.ascii || ascii }
}
