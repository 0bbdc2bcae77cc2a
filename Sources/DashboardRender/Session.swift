import RolloutEngine

/// A key, as the curses key reader reports it (terminal-independent).
public enum DashboardKey: Sendable, Hashable {
  case char(Character)
  case tab, backTab, enter, escape, backspace, up, down, left, right
  /// The terminal was resized (the painter redraws everything).
  case resize
}

/// The dashboard as a pure state machine: the simulation, the user's settings and
/// what keys do. The executable feeds it wall-clock ticks and keys and paints
/// `render(width:height:)`; tests feed it the same and compare grids.
///
/// Every key that acts on the rollout maps to an `ActionVerb`, the same verbs as
/// `simulate --action`, and is recorded with its simulated time (`--record`).
public struct DashboardSession: Sendable {
  public private(set) var simulation: Simulation
  public var ui = DashboardUI()
  /// Actions performed from keys, with their simulated times: a replayable recording.
  public private(set) var recording: [ScheduledAction] = []
  /// Set by `q`.
  public private(set) var wantsQuit = false

  /// Speeds `+`/`-` step through; `nil` is "as fast as possible".
  public static let speeds: [Double?] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, nil]
  public private(set) var speedIndex = 2

  public init(simulation: Simulation) {
    self.simulation = simulation
  }

  /// Moves simulated time forward by `wallSeconds` × speed (nothing while paused).
  public mutating func tick(wallSeconds: Double) {
    guard !ui.paused else { return }
    let speed = DashboardSession.speeds[speedIndex] ?? 1000
    let target = simulation.now + SimTime.seconds(wallSeconds * speed)
    simulation.advance(to: target)
  }

  /// Applies one key.
  public mutating func handle(_ key: DashboardKey) {
    switch key {
    case .char("q"): wantsQuit = true
    case .char(" "): ui.paused.toggle()
    case .char("u"): act(.undo(revision: nil))
    case .char("?"): ui.showHelp.toggle()
    default: break
    }
  }

  /// Performs `verb` now, records it and shows its outcome in the status line.
  public mutating func act(_ verb: ActionVerb) {
    let outcome = simulation.perform(verb)
    recording.append(ScheduledAction(at: simulation.now, verb: verb))
    ui.status = "\(verb): \(outcome.message)"
  }

  public func render(width: Int, height: Int) -> Grid {
    DashboardRenderer.render(simulation.snapshot(), ui: ui, width: width, height: height)
  }
}
