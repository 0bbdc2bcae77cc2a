import Foundation
import RolloutEngine
import RolloutManifests
import RolloutReports
import RolloutRuns
import Testing

/// The run layer: one step loop, figures that don't depend on the company a run keeps.
@Suite struct RunSetTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func input(_ file: String) throws -> SimulationInput {
    let url = root.appendingPathComponent("Strategies").appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    return try ManifestLoader.load(manifest: SourceText(path: "Strategies/\(file)", text: text)).input
  }

  static let hour: SimTime = 3_600_000

  @Test func copiesOfOneFileGiveIdenticalRows() throws {
    let input = try RunSetTests.input("rolling-update.yaml")
    var set = RunSet(try (0..<3).map { _ in try Run(input) })
    set.runToEnd(until: RunSetTests.hour)
    let rows = set.figures
    #expect(rows.count == 3)
    #expect(rows[0] == rows[1] && rows[1] == rows[2])
  }

  @Test func reorderingTheFilesReordersTheRowsAndNothingElse() throws {
    let files = ["rolling-update.yaml", "blue-green.yaml", "canary.yaml", "recreate.yaml"]
    let inputs = try files.map(RunSetTests.input)
    var forward = RunSet(try inputs.map { try Run($0) })
    var backward = RunSet(try inputs.reversed().map { try Run($0) })
    forward.runToEnd(until: RunSetTests.hour)
    backward.runToEnd(until: RunSetTests.hour)
    #expect(forward.figures == backward.figures.reversed())
  }

  @Test func parallelLockStepAndSerialRunsAgree() throws {
    let files = ["rolling-update.yaml", "blue-green.yaml", "canary.yaml", "crash-loop.yaml"]
    let inputs = try files.map(RunSetTests.input)
    var parallel = RunSet(try inputs.map { try Run($0) })
    parallel.runToEnd(until: RunSetTests.hour, parallel: true)
    var serial = RunSet(try inputs.map { try Run($0) })
    serial.runToEnd(until: RunSetTests.hour, parallel: false)
    // Lock step: one shared clock, every run moved to the earliest next instant.
    var lockStep = RunSet(try inputs.map { try Run($0) })
    while !lockStep.isFinished, let t = lockStep.nextEventTime(), t <= RunSetTests.hour { lockStep.step() }
    if !lockStep.isFinished { lockStep.advance(to: RunSetTests.hour) }
    #expect(parallel.figures == serial.figures)
    #expect(lockStep.figures == serial.figures)
  }

  @Test func aRunVisitsTheSameInstantsAsTheSimulationAlone() throws {
    let input = try RunSetTests.input("canary.yaml")
    var sim = try Simulation(input)
    var times: [SimTime] = []
    while !sim.isFinished, sim.stepToNextEvent() { times.append(sim.now) }
    var run = try Run(input)
    var runTimes: [SimTime] = []
    run.runToEnd(until: RunSetTests.hour) { runTimes.append($0.now) }
    #expect(runTimes == times)
    #expect(run.summary == sim.summary())
  }

  @Test func rollingUpdateFiguresStepByStep() throws {
    // rolling-update.yaml: 10 replicas, maxSurge 25% → 3, maxUnavailable 25% → 2.
    var run = try Run(try RunSetTests.input("rolling-update.yaml"))
    run.runToEnd(until: RunSetTests.hour)
    let f = run.figures
    #expect(f.strategy == .rollingUpdate)
    #expect(f.outcome == .promoted)
    #expect(f.peakPods == 13)
    #expect(f.peakExtraPods == 3)
    #expect(f.minAvailable == 8)
    #expect(f.minCapacityPercent == 80)
    #expect(f.pausedSeconds == 0)
    #expect(f.timeToComplete == f.duration)
    // shop:1.1 has errorRate 0.02: every failed request was served by the new revision.
    #expect(f.requestsFailed == 24)
    #expect(f.newRevisionFailed == 24)
    #expect(f.timeToFirstTraffic == 5)
    #expect(f.timeToComplete == 11)
    // Terminating pods hold capacity: 40 pod-seconds over replicas, 150 in all (= the summary's).
    #expect(f.extraPodSeconds == 40)
    #expect(f.podSeconds == run.summary.podSeconds)
    #expect(f.rollbackSeconds == nil)
  }

  @Test func aScriptedUndoIsTimedUntilNoRequestReachesTheNewRevision() throws {
    // canary.yaml: 20 % then 40 % on shop:1.1; an undo at 40 s makes shop:1.0 the
    // current revision again; its pods start in 5 s, and at 45 s every request is
    // back on shop:1.0.
    var input = try RunSetTests.input("canary.yaml")
    input.actions.append(ScheduledAction(at: 40_000, verb: .undo(revision: nil)))
    var run = try Run(input)
    run.runToEnd(until: RunSetTests.hour)
    let f = run.figures
    #expect(f.rollbackSeconds == 5)
    #expect(f.outcome == .rolledBack)
    #expect(f.timeToFirstTraffic == 5)
    // Without the undo there is no rollback to time.
    var plain = try Run(try RunSetTests.input("canary.yaml"))
    plain.runToEnd(until: RunSetTests.hour)
    #expect(plain.figures.rollbackSeconds == nil)
    #expect(plain.figures.pausedSeconds == 120)
  }
}
