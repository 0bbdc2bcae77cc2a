import RolloutEngine
import RolloutRuns

/// A recorded run for the control-flow tests: every changed instant, looked up by time.
struct Recorded {
  var rows: [(t: SimTime, snap: SimulationSnapshot, events: [SimEvent])]
  var summary: RunSummary
  var log: [(time: SimTime, verb: ActionVerb, outcome: ActionOutcome)]

  init(_ input: SimulationInput, until: SimTime = 3_600_000) throws {
    var run = try Run(input)
    var out: [(SimTime, SimulationSnapshot, [SimEvent])] = []
    run.recordChanges(until: until) { sim in out.append((sim.now, sim.snapshot(includePods: false), sim.instantEvents)) }
    rows = out
    summary = run.summary
    log = run.simulation.actionLog
  }

  /// The state as of `seconds` (the last changed instant at or before it).
  func at(_ seconds: Double) -> SimulationSnapshot {
    let t = SimTime(seconds * 1000)
    return (rows.last { $0.t <= t } ?? rows[0]).snap
  }
  var last: SimulationSnapshot { rows.last!.snap }

  func rev(_ s: SimulationSnapshot, _ r: Int) -> RevisionStatus? { s.revisions.first { $0.revision == r } }
  /// spec replicas of revision `r` at `seconds` (0 when gone).
  func replicas(_ r: Int, at seconds: Double) -> Int { rev(at(seconds), r)?.replicas ?? 0 }
  func available(_ r: Int, at seconds: Double) -> Int { rev(at(seconds), r)?.available ?? 0 }
  func share(_ r: Int, at seconds: Double) -> Double { at(seconds).traffic.shares[r] ?? 0 }
  func roles(_ r: Int, at seconds: Double) -> [RevisionRole] { rev(at(seconds), r)?.roles ?? [] }

  /// Instants (seconds) whose events include one with this message prefix.
  func times(_ prefix: String) -> [Double] {
    rows.filter { $0.events.contains { $0.message.hasPrefix(prefix) } }.map { Double($0.t) / 1000 }
  }
  /// The first instant (seconds) where `f` holds.
  func first(_ f: (SimulationSnapshot) -> Bool) -> Double? { rows.first { f($0.snap) }.map { Double($0.t) / 1000 } }

  func dump() { RolloutFixture.dump(rows) }
}

enum ControlFlowFixture {
  static let istio = TrafficRouting(istio: IstioRouting(virtualService: "shop"))

  /// error-rate < 5 %, every 10 s, 3 measurements.
  static let errorRate = AnalysisTemplateSpec(
    name: "error-rate",
    metrics: [
      MetricSpec(
        name: "error-rate", source: .errorRate,
        successCondition: MetricCondition(anyOf: [[.init(op: .lt, value: 0.05)]], text: "result < 0.05"), intervalSeconds: 10,
        count: 3)
    ])
  static let ref = AnalysisRef(templateNames: ["error-rate"])

  /// The same metric, first measured 10 s after the run starts.
  static let errorRateDelayed = AnalysisTemplateSpec(
    name: "error-rate-delayed",
    metrics: [
      MetricSpec(
        name: "error-rate", source: .errorRate,
        successCondition: MetricCondition(anyOf: [[.init(op: .lt, value: 0.05)]], text: "result < 0.05"), intervalSeconds: 10,
        count: 3, initialDelaySeconds: 10)
    ])
  static let delayedRef = AnalysisRef(templateNames: ["error-rate-delayed"])

  static func at(_ s: Double, _ v: ActionVerb) -> ScheduledAction { ScheduledAction(at: SimTime(s * 1000), verb: v) }
}
