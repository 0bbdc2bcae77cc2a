import Foundation
import RolloutDrills
import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

/// The scorer's inputs come from the simulation: the fault's start, the "why", and
/// the budget as the debrief and the JSON show it.
@Suite struct DrillScoringTests {
  static func nothing(_ name: String, seed: UInt64 = 7) throws -> DrillAttempt {
    let d = DrillCatalog.named(name)!
    var a = try DrillAttempt(d, input: try DrillFiles.input(d), seed: seed)
    a.playToEnd()
    return a
  }

  /// No hand-written start: the first instant the fault acts on a pod.
  @Test func faultStartIsReadFromTheSimulation() throws {
    // shop:2.0's containers start at 2 s (startupSeconds 2): `after: 3m` acts at 3m02s,
    // `after: 90s` OOM-kills at 1m32s; a readiness probe that never passes and an
    // error rate from the start act at the first container start; the node at 4m.
    let expected: [String: SimTime?] = [
      "rising-errors": .seconds(182), "oom-crash-loop": .seconds(92), "never-ready": .seconds(2), "node-lost": .seconds(240),
      "cluster-too-small": 0, "noisy-decoy": nil,
    ]
    for (name, start) in expected {
      #expect(try Self.nothing(name).faultStart == start, "\(name)")
    }
    // Acting before the fault acts: time to detect counts from when it would have.
    let d = DrillCatalog.named("rising-errors")!
    let early = try DrillFiles.score(d, try DrillFiles.input(d), [ScheduledAction(at: .seconds(60), verb: .abort)])
    #expect(early.faultStart == 182)
    #expect(early.timeToDetect == 0)
  }

  /// The cluster-too-small answer, argued from the state: Pending pods, the
  /// scheduler's message, no failed request, a rollout that cannot progress.
  @Test func clusterTooSmallSaysWhyFromTheSimulationState() throws {
    let d = DrillCatalog.named("cluster-too-small")!
    let input = try DrillFiles.input(d)
    let abort = try DrillFiles.score(d, input, [ScheduledAction(at: .seconds(45), verb: .abort)])
    #expect(abort.rightAction)
    #expect(
      abort.why
        == "at 45s rev 2 had 3 pods Pending (0/1 nodes are available: 1 Insufficient cpu.) and 0 % of requests bad, 10 stable pods serving:"
        + " Pending because the cluster is full, not because of the release, and the rollout cannot progress until they run (Progressing);"
        + " stopping it frees their room and keeps the stable serving: right")
    let promote = try DrillFiles.score(d, input, [ScheduledAction(at: .seconds(45), verb: .promote)])
    #expect(promote.why.hasSuffix("promoting asks for more pods that cannot fit: wrong"))
    // Doing nothing, the simulation itself shows it stuck: still Pending, Degraded
    // past the progress deadline, nothing failed.
    let a = try Self.nothing("cluster-too-small")
    let end = try #require(a.monitor.view)
    #expect(end.pending == 3 && end.phase == .degraded && end.badFraction == 0)
    #expect(a.monitor.badRequests == 0)
    let s = DrillScoring.score(a, seed: 7)
    #expect(!s.finalHealthy)
    #expect(s.why.contains("(Degraded); doing nothing leaves it stuck past the progress deadline: wrong"))
  }

  @Test func budgetBeyondNineHundredNinetyNinePercentIsCappedAndGivenAsAMultiple() throws {
    #expect(DrillReport.budget(0) == "0 %")
    #expect(DrillReport.budget(42.46) == "42.5 %")
    #expect(DrillReport.budget(999.94) == "999.9 %")
    #expect(DrillReport.budget(999.96) == "> 999 % (10x the budget)")
    #expect(DrillReport.budget(19615.1) == "> 999 % (196.2x the budget)")
    #expect(DrillReport.budget(.infinity) == "> 999 %")
    // The same text in the JSON and on the debrief, for the score and the alternatives.
    let d = DrillCatalog.named("rising-errors")!
    let s = try DrillScoring.play(d, input: try DrillFiles.input(d), seed: 7, actions: []).1
    #expect(s.budgetBurnedPercent > 1000)
    #expect(s.budgetBurned.hasPrefix("> 999 % ("))
    let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(s)) as! [String: Any]
    #expect(json["budgetBurned"] as? String == s.budgetBurned)
    let lines = DrillReport.lines(d, s)
    #expect(lines.contains { $0.hasSuffix("error budget burned \(s.budgetBurned)") })
    for alt in s.alternatives {
      #expect(lines.contains { $0.contains("burned \(alt.budgetBurned) (score \(alt.score))") }, "\(alt.label)")
    }
    #expect(!lines.joined().contains(String(s.budgetBurnedPercent)))
  }
}
