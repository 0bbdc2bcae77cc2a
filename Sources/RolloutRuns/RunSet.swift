import Dispatch
import RolloutEngine
import Synchronization

/// Several runs of one scenario on one clock: the strategies of a comparison.
///
/// `step()` moves every run to the earliest next instant among them, so at any
/// moment all runs show the same simulated time; an action (`perform`) happens at
/// the same instant in every run. A finished run is not moved, so its figures are
/// those it finished with — exactly what `simulate` reports for it alone.
public struct RunSet: Sendable {
  public private(set) var runs: [Run]
  /// The shared clock.
  public private(set) var now: SimTime = 0

  public init(_ runs: [Run]) {
    self.runs = runs
    now = runs.map(\.now).max() ?? 0
  }

  /// Every run has finished.
  public var isFinished: Bool { runs.allSatisfy(\.isFinished) }

  /// The earliest next instant of an unfinished run.
  public func nextEventTime() -> SimTime? {
    runs.filter { !$0.isFinished }.compactMap { $0.nextEventTime() }.min()
  }

  /// Moves every unfinished run to the earliest next instant; false when none is pending.
  @discardableResult public mutating func step() -> Bool {
    guard let t = nextEventTime() else { return false }
    advance(to: t)
    return true
  }

  /// Moves every unfinished run, and the shared clock, to `time`.
  public mutating func advance(to time: SimTime) {
    for i in runs.indices where !runs[i].isFinished { runs[i].advance(to: time) }
    now = max(now, time)
  }

  /// Applies `verb` now to every run (`only`: to that run alone). A finished run is
  /// first brought to the shared clock, so the action happens at the same instant.
  public mutating func perform(_ verb: ActionVerb, only: Int? = nil) -> [ActionOutcome] {
    var outcomes: [ActionOutcome] = []
    for i in runs.indices where only == nil || only == i {
      runs[i].advance(to: now)
      outcomes.append(runs[i].perform(verb))
    }
    return outcomes
  }

  /// Runs each run to its end (finished, or `until`). Runs do not interact, so they
  /// run side by side on the machine's cores (`parallel`); the result is identical
  /// to running them one after another, or in lock step.
  public mutating func runToEnd(until: SimTime, parallel: Bool = true) {
    if !parallel || runs.count < 2 {
      for i in runs.indices { runs[i].runToEnd(until: until) }
    } else {
      let input = runs
      let done = Mutex<[Run?]>(Array(repeating: nil, count: input.count))
      DispatchQueue.concurrentPerform(iterations: input.count) { i in
        var r = input[i]
        r.runToEnd(until: until)
        done.withLock { $0[i] = r }
      }
      runs = done.withLock { $0.map { $0! } }
    }
    now = max(now, runs.map(\.now).max() ?? now)
  }

  /// The figures of every run, in run order.
  public var figures: [RunFigures] { runs.map(\.figures) }
}
