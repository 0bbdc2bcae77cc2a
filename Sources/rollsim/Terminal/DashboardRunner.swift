import ArgumentParser
import DashboardRender
import RolloutEngine

/// The key loop: wall-clock ticks and keys in, frames out. All the dashboard's
/// behaviour lives in the pure `DashboardSession`; this only feeds it and paints.
///
/// No busy loop (swift-terminal.md §2.2, §3.4): `get_wch` waits up to
/// `frameMilliseconds` for a key, which is also the frame tick. A frame is rendered
/// only when something may have changed (a key, a resize, or simulated time moved);
/// paused and idle, the process sleeps in `poll` and costs nothing. Of a rendered
/// frame only the changed runs are drawn.
enum DashboardRunner {
  struct Options {
    var speedIndex: Int
    var startAt: SimTime?
    var paused: Bool
    var ascii: Bool
    var debugCrash: Bool
    /// Shown in the status line at start (e.g. the loader's first warning, which
    /// the screen would otherwise hide).
    var initialStatus: String? = nil
  }

  struct Result {
    var session: DashboardSession
    /// 0 after `q`; 128 + the signal after SIGINT, SIGTERM or SIGHUP.
    var exitCode: Int32
  }

  /// 100 ms: 10 frames a second is smooth for numbers that change a few times a
  /// second, and keys still answer at once (`get_wch` returns as soon as one arrives).
  static let frameMilliseconds: Int32 = 100

  /// `--speed` text → an index into `DashboardSession.speeds`.
  static func speedIndex(_ text: String) -> Int? {
    if text == "max" { return DashboardSession.speeds.firstIndex { $0 == nil } }
    var t = text
    if t.hasSuffix("x") || t.hasSuffix("×") { t.removeLast() }
    guard let v = Double(t) else { return nil }
    return DashboardSession.speeds.firstIndex { $0 == v }
  }

  /// Runs the dashboard until `q` or a signal; the terminal is restored on every way
  /// out (a thrown error, a signal, a crash: see `CursesScreen`).
  static func run(_ simulation: Simulation, options: Options, command: String) throws -> Result {
    var sim = simulation
    if let t = options.startAt { sim.advance(to: t) }
    var session = DashboardSession(simulation: sim)
    session.ui.paused = options.paused
    let speedFactor = setSpeed(&session, index: options.speedIndex)
    if let status = options.initialStatus { session.ui.status = status }

    let notATerminal = "\(command): standard input and output must be a terminal; for a plain timeline use `rollsim simulate FILE`"
    let screen: any DashboardScreen
    do {
      screen = try CursesScreen(waitMilliseconds: frameMilliseconds)
    } catch .notATerminal {
      throw Console.fail(notATerminal)
    } catch .unknownTerminal(let term) {
      throw Console.fail("\(command): unknown terminal type \"\(term)\" (set TERM, e.g. xterm-256color); or use `rollsim simulate FILE`")
    } catch .noCursorAddressing {
      // TERM=dumb still works (issue 4): whole frames as plain ASCII text.
      do {
        screen = try PlainScreen(waitMilliseconds: frameMilliseconds)
      } catch {
        throw Console.fail(notATerminal)
      }
    }
    defer { screen.stop() }
    session.ui.ascii = options.ascii || screen.asciiOnly

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
        if options.debugCrash && frames == 2 { crashForTesting() }
      }
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
      if !session.ui.paused {
        let before = session.simulation.now
        // At most half a second a frame: after a suspend (Ctrl-Z) or a stall the
        // simulation resumes where it was rather than jumping ahead.
        let seconds = min(0.5, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        session.tick(wallSeconds: seconds * speedFactor)
        if session.simulation.now != before { dirty = true }
      }
    }
  }

  /// Sets the starting speed the way a user would, with `+`/`-`, so the session's
  /// own speed state and label stay the truth. Returns the factor still to apply to
  /// wall time when the session doesn't step speeds (1 when it does).
  static func setSpeed(_ session: inout DashboardSession, index: Int) -> Double {
    let status = session.ui.status
    var guardCount = 0
    while session.speedIndex != index && guardCount < DashboardSession.speeds.count * 2 {
      let before = session.speedIndex
      session.handle(.char(session.speedIndex < index ? "+" : "-"))
      guardCount += 1
      if session.speedIndex == before { break }
    }
    session.ui.status = status
    if session.speedIndex == index { return 1 }
    let want = DashboardSession.speeds[index] ?? 1000
    let have = DashboardSession.speeds[session.speedIndex] ?? 1000
    session.ui.speedLabel = DashboardSession.speeds[index].map { speedLabel($0) } ?? "max"
    return want / have
  }

  static func speedLabel(_ v: Double) -> String {
    v == v.rounded() ? "\(Int(v))×" : "\(v)×"
  }

  /// A real trap (SIGILL on x86_64, SIGTRAP on arm64), as a bug would raise.
  static func crashForTesting() -> Never {
    fatalError("--debug-crash: crashing on purpose")
  }
}
