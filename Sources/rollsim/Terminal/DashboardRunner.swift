import ArgumentParser
import DashboardRender
import RolloutEngine

/// The key loop: wall-clock ticks and keys in, frames out. All the dashboard's
/// behaviour lives in the pure `DashboardSession`; this only feeds it and paints.
///
/// No busy loop: `get_wch` (with curses' `timeout()`) waits for a key for as long
/// as the session says nothing will change on screen (`DashboardSession.nextWakeMs`:
/// the next simulated second or event at the current speed), clamped to
/// `wakeRange`. A frame is rendered only when something may have changed (a key, a
/// resize, an event instant, or the shown second); paused and idle, the process
/// sleeps in `poll` and costs nothing. Of a rendered frame only the changed runs are
/// drawn.
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

  /// The key reader's timeout bounds. A key ends the wait at once whatever the
  /// timeout; the bounds are for the clock: at least 16 ms (about 60 frames a second,
  /// at "max" speed), at most 250 ms so that a wait computed at one speed never
  /// delays the first frame after a speed change or a resize by more than a quarter
  /// of a second.
  static let wakeRange: ClosedRange<Int> = 16...250

  /// The wait before the next wake: `nextWakeMs`, clamped to `wakeRange`.
  static func waitMilliseconds(_ session: DashboardSession) -> Int32 {
    Int32(min(wakeRange.upperBound, max(wakeRange.lowerBound, session.nextWakeMs)))
  }

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
    var session = DashboardSession(simulation: simulation)
    // Through the session, so the sparklines' history covers the time before --at.
    if let t = options.startAt { session.advance(to: t) }
    session.ui.paused = options.paused
    session.setSpeed(DashboardSession.speeds[options.speedIndex])
    if let status = options.initialStatus { session.ui.status = status }

    let screen = try openScreen(waitMilliseconds: waitMilliseconds(session), command: command)
    defer { screen.stop() }
    session.ui.ascii = options.ascii || screen.asciiOnly

    let result = LiveLoop.run(consume session, on: screen) { frames in
      if options.debugCrash && frames == 2 { crashForTesting() }
    }
    return Result(session: result.session, exitCode: result.exitCode)
  }

  /// Curses on a real terminal; plain ASCII frames when it has no cursor addressing
  /// (TERM=dumb); a one-line error when standard input/output is not a terminal.
  static func openScreen(waitMilliseconds: Int32, command: String) throws -> any DashboardScreen {
    let notATerminal = "\(command): standard input and output must be a terminal; for a plain timeline use `rollsim simulate FILE`"
    do {
      return try CursesScreen(waitMilliseconds: waitMilliseconds)
    } catch .notATerminal {
      throw Console.fail(notATerminal)
    } catch .unknownTerminal(let term) {
      throw Console.fail("\(command): unknown terminal type \"\(term)\" (set TERM, e.g. xterm-256color); or use `rollsim simulate FILE`")
    } catch .noCursorAddressing {
      // TERM=dumb still works (issue 4): whole frames as plain ASCII text.
      do {
        return try PlainScreen(waitMilliseconds: waitMilliseconds)
      } catch {
        throw Console.fail(notATerminal)
      }
    }
  }

  /// A real trap (SIGILL on x86_64, SIGTRAP on arm64), as a bug would raise.
  static func crashForTesting() -> Never {
    fatalError("--debug-crash: crashing on purpose")
  }
}
