/// The drills (Strategies/drills/NAME.yaml). When each fault starts is not written
/// here: the scorer takes it from the simulation (`DrillFaultSource`).
public enum DrillCatalog {
  public static let all: [Drill] = [
    Drill(
      name: "rising-errors", briefing: "shop 2.0 canary: 20 % now, 50 % at 3 min, then 100 %. Watch it.", difficulty: 1,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.abort, .undo],
      debrief: "shop 2.0's error rate rose from 2 % to 30 % over 5 min once it took real traffic (from 3 min, at 50 %)."),
    Drill(
      name: "oom-crash-loop", briefing: "shop 2.0 canary at 20 % behind Istio; pods look healthy at first.", difficulty: 1,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.abort, .undo],
      debrief: "shop 2.0 leaks memory: every container is OOMKilled 90 s after it starts, then restarts with back-off."),
    Drill(
      name: "never-ready", briefing: "shop 2.0 rolling update of a Deployment; the new pods are slow to come up.", difficulty: 1,
      slo: DrillSLO(target: 0.999), durationSeconds: 1200, fault: .schedule, good: [.undo],
      debrief: "shop 2.0's readiness probe never passes: the rollout stalls until the progress deadline (5 min)."),
    Drill(
      name: "latency-regression", briefing: "shop 2.0 canary behind Istio; the SLO counts requests over 1 s as bad.", difficulty: 2,
      slo: DrillSLO(target: 0.99, latencyObjectiveMs: 1000), durationSeconds: 1800, fault: .schedule, good: [.abort, .undo],
      debrief: "shop 2.0 answers every request, slowly: p50 800 ms, p99 4 s. No errors at all."),
    Drill(
      name: "load-cliff", briefing: "shop 2.0 canary on 2 pods: 10 %, then 50 % of 400 rps.", difficulty: 2,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.abort, .undo],
      debrief: "shop 2.0 fails half its requests above 30 rps per pod: fine at 10 % on 2 pods, failing at 50 %."),
    Drill(
      name: "node-lost", briefing: "shop 2.0 canary, halfway; the platform team is patching nodes today.", difficulty: 2,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.nothing, .nodeUp],
      debrief: "node-1 went NotReady at 4 min (not the release): its pods were evicted after 300 s and rescheduled."),
    Drill(
      name: "broken-green", briefing: "shop 2.0 blue/green, promoted automatically once the preview is up.", difficulty: 2,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.undo],
      debrief: "green (shop 2.0) fails 25 % of requests once it is active; blue stays up 10 min (scaleDownDelaySeconds)."),
    Drill(
      name: "cluster-too-small", briefing: "shop 2.0 canary to 50 % on a nearly full cluster.", difficulty: 2,
      slo: DrillSLO(target: 0.999), durationSeconds: 1200, fault: .unschedulablePods, good: [.abort, .undo],
      debrief: "The cluster has no room for the canary's pods: they stay Pending and the rollout cannot progress."),
    Drill(
      name: "noisy-decoy", briefing: "shop 2.0 canary at 2 rps; the error graph is jumpy.", difficulty: 3,
      slo: DrillSLO(target: 0.99), durationSeconds: 1200, fault: .none, good: [.nothing],
      debrief: "Nothing was wrong: both versions fail 0.2 % of requests; at 2 rps one failure is a spike."),
    Drill(
      name: "analysis-no-data", briefing: "shop 2.0 canary gated by a success-rate analysis; it passed.", difficulty: 3,
      slo: DrillSLO(target: 0.999), durationSeconds: 1800, fault: .schedule, good: [.abort, .undo],
      debrief: "The analysis ran before the canary took traffic (no data, it read the synthetic check) and passed; shop 2.0 fails 20 % of real requests."),
  ]

  public static func named(_ name: String) -> Drill? { all.first { $0.name == name } }
}
