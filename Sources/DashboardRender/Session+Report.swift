import RolloutEngine
import RolloutRuns

/// What the session tells the learner beyond the panels: the end-of-run report and,
/// while paused, what happens next.
extension DashboardSession {
  /// The end-of-run report: when and how the rollout settled (or that it has not),
  /// then peak pods, fewest available, failed requests and pod-seconds. Shown as a
  /// banner when the rollout settles and printed again when `watch` quits.
  public func endOfRunReport() -> EndOfRun {
    // Several workloads: the focused one's (the head names it).
    let s = simulation.summary(workload: ui.focusedWorkload)
    let t = formatDuration(simulation.now - simulation.now % 1000)
    let outcome: String
    if s.aborted {
      outcome = "aborted (\(s.phase)): revision \(s.revision) never took over"
    } else if s.completed && s.phase == .healthy {
      outcome = "complete: revision \(s.revision) serves, \(s.phase)"
    } else {
      outcome = "\(s.phase), not complete"
    }
    let name = focusedName.map { "\($0): " } ?? ""
    let head = name + (isSettled ? "settled at t=\(t): \(outcome)" : "not settled at t=\(t): \(outcome)")
    let pods = "peak pods \(s.peakPods) (\(s.peakPodsIncludingTerminating) with terminating), fewest available \(s.minAvailable)"
    let cost = "failed requests \(s.requestsFailed) of \(s.requestsOk + s.requestsFailed), pod-seconds \(fixed(s.podSeconds, 1))"
    return EndOfRun(lines: [head, pods, cost], complete: !s.aborted && s.completed && s.phase == .healthy)
  }

  /// "Why not yet", while the clock is paused: the next instant at which something
  /// happens (timers that change nothing are skipped), tried on a copy.
  public func nextUp() -> String? {
    var probe = run
    for _ in 0..<200 {
      guard let t = probe.nextEventTime() else {
        return probe.isFinished
          ? "next: nothing pending; the rollout has settled"
          : "next: nothing is scheduled; the rollout waits for a key (at a pause, p promotes)"
      }
      probe.advance(to: t)
      let events = probe.simulation.instantEvents.filter { $0.reason != "UserAction" }
      if let e = events.first(where: { Decision(rawValue: $0.reason) != nil }) ?? events.first {
        let wait = t - simulation.now
        return "next at t=\(formatDuration(t - t % 1000)) (in \(formatDuration(wholeSecondsLeft(wait)))): \(e.reason) \(e.line)"
      }
    }
    return nil
  }
}
