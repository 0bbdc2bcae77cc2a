import ArgumentParser
import RolloutEngine

/// The bound on a headless run's size: `--max-events N`.
///
/// A crash-looping image run to `--until 1e9s` emits events for ever (6.6 GB of
/// trace). The output of `simulate` is proportional to the events it reports, so the
/// run counts them and stops with one clear line when the count passes the bound;
/// it never truncates silently. The default is generous: a million events, or 20 per
/// replica for a large fleet (a rollout creates, schedules, starts and deletes each
/// pod: about 6 events per replica per revision).
struct EventBudget {
  static let defaultMinimum = 1_000_000
  static let perReplica = 20

  /// The default bound for a workload of `replicas`.
  static func defaultLimit(replicas: Int) -> Int { max(defaultMinimum, perReplica * replicas) }

  let limit: Int
  private(set) var used = 0

  init(limit: Int) { self.limit = limit }

  /// Counts `events` at `time`; past the bound, the one line of an exit with status 2.
  mutating func charge(_ events: Int, at time: SimTime) throws {
    guard !spend(events) else { return }
    throw Console.fail(
      "rollsim: error: the run passed --max-events \(limit) at t=\(formatDuration(time)) (\(used) events); "
        + "the output so far is complete up to the previous instant; raise --max-events or lower --until")
  }

  /// Counts `events`; false once the count passes the bound.
  mutating func spend(_ events: Int) -> Bool {
    used += events
    return used <= limit
  }
}
