import RolloutReports
import RolloutRuns

/// `rollsim compare` without --format: the runs side by side, live.
enum CompareDashboard {
  static func run(_ set: RunSet, until: SimTimeLimit) throws {
    throw Console.fail("rollsim: error: the live compare view is not built yet; add --format table, json or csv")
  }
}
typealias SimTimeLimit = Int64
