import Foundation
import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

/// Several workloads in one input run together on the shared cluster
/// (Strategies/examples/shared-cluster/: Deployments api (3) and web (4), 250m pods,
/// two 1-CPU nodes: eight slots, seven taken, so one surge pod fits at a time).
@Suite struct SharedClusterTests {
  static let folder = "examples/shared-cluster"

  static func sources() throws -> [SourceText] {
    try ["api.yaml", "simulation.yaml", "web.yaml"].map { try StrategyRun.source("\(folder)/\($0)") }
  }

  static func load(workloads: [String] = []) throws -> LoadedManifests {
    try ManifestLoader.load(sources(), workloads: workloads)
  }

  /// The example with its Simulation document replaced by `text`.
  static func sources(simulation text: String) throws -> [SourceText] {
    var files = try sources()
    files[1] = SourceText(path: "simulation.yaml", text: text)
    return files
  }

  /// The errors loading `files` gives (an issue when it loads).
  static func loadErrors(_ files: [SourceText], workloads: [String] = []) -> [String] {
    do {
      _ = try ManifestLoader.load(files, workloads: workloads)
      Issue.record("loaded")
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  /// One line per workload and instant: `t name new/old pending`, new = the current
  /// ReplicaSet's pods (its Pending ones in `pending`), old = the others'.
  static func trace(_ input: SimulationInput) throws -> [String] {
    var run = try Run(input)
    var lines = lines(run.simulation)
    while !run.isFinished, run.step() {
      guard run.simulation.lastInstantChanged else { continue }
      // Shared capacity is never overcommitted, whoever asks.
      for n in run.simulation.snapshot(includePods: false).nodes { #expect(n.requestedCpuMillis <= n.cpuMillis) }
      lines += Self.lines(run.simulation)
    }
    #expect(run.isFinished)
    return lines
  }

  static func lines(_ sim: Simulation) -> [String] {
    (0..<sim.workloadCount).map { w in
      let s = sim.snapshot(includePods: false, workload: w)
      let new = s.revisions.first { $0.isNew }
      let old = s.revisions.filter { !$0.isNew }.reduce(0) { $0 + $1.pods }
      let pending = s.revisions.reduce(0) { $0 + $1.pending }
      return "\(formatDuration(s.time)) \(s.name) \(new?.pods ?? 0)/\(old) pending \(pending)"
    }
  }

  @Test func everyWorkloadIsSimulatedInInputOrder() throws {
    let loaded = try Self.load()
    #expect(loaded.input.workloads.map(\.name) == ["api", "web"])
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    #expect(loaded.summary.contains("2 workloads run together on the shared cluster (narrow with --workload NAME)"))
  }

  /// The surges compete: api reconciles first and takes the one free slot at t=0;
  /// web's surge pod is Pending until api's old pod is gone (t=6), and so on in turn:
  /// each new pod of one waits for a pod of the other to leave.
  @Test func surgesCompeteForTheSameNodes() throws {
    let lines = try Self.trace(Self.load().input)
    #expect(
      Array(lines.prefix(12)) == [
        "0s api 1/3 pending 0", "0s web 1/4 pending 1",
        "5s api 2/2 pending 1", "5s web 1/4 pending 1",
        "6s api 2/2 pending 1", "6s web 1/4 pending 0",
        "11s api 2/2 pending 1", "11s web 2/3 pending 1",
        "12s api 2/2 pending 0", "12s web 2/3 pending 1",
        "17s api 3/1 pending 1", "17s web 2/3 pending 1",
      ])
    #expect(lines.suffix(2) == ["42s api 3/0 pending 0", "42s web 4/0 pending 0"])
  }

  /// Alone (narrowed with --workload), a workload surges at once: nothing else is
  /// asking for the free slot.
  @Test func workloadNarrowsTheRun() throws {
    let web = try Self.load(workloads: ["web"])
    #expect(web.input.workloads.map(\.name) == ["web"] && web.input.additionalWorkloads.isEmpty)
    #expect(web.summary.contains("Deployment api: not simulated (not named by --workload)"))
    let lines = try Self.trace(web.input)
    #expect(lines.first == "0s shared-cluster 1/4 pending 0")
    let both = try Self.load(workloads: ["deploy/web", "Deployment/api"])
    #expect(both.input.workloads.map(\.name) == ["api", "web"])
  }

  @Test func workloadErrorsNameTheChoices() throws {
    #expect(
      Self.loadErrors(try Self.sources(), workloads: ["rollout/web"])
        == ["rollsim: error: --workload \"rollout/web\": no such workload in the input (it has Deployment api, Deployment web)"])
  }

  /// A targeted action acts on its workload only; events carry their workload. Web
  /// paused at 1 s keeps its Pending surge pod, which takes the slot api's old pod
  /// frees at 6 s (the scheduler's queue is oldest first), so api's next new pod
  /// stays Pending: one workload's pause stalls the other.
  @Test func actionsTargetOneWorkload() throws {
    var input = try Self.load().input
    input.actions = [ScheduledAction(at: .seconds(1), verb: .pause, workload: "web")]
    var run = try Run(input)
    run.runToEnd(until: .seconds(300))
    let api = run.simulation.snapshot(maxEvents: 500, workload: 0)
    let web = run.simulation.snapshot(maxEvents: 500, workload: 1)
    #expect(web.paused && !api.paused)
    #expect(!run.simulation.summary(workload: 0).completed && !run.simulation.summary(workload: 1).completed)
    #expect(api.revisions.map(\.pending) == [1, 0] && web.revisions.map(\.pending) == [0, 0])
    #expect(api.revisions.map(\.pods) == [2, 2] && web.revisions.map(\.pods) == [1, 4])
    let log = run.simulation.actionLog
    #expect(log.count == 1 && run.simulation.actionTargets == [1] && log[0].outcome.isApplied)
    #expect(web.events.contains { $0.reason == "UserAction" && $0.workload == 1 })
    #expect(!api.events.contains { $0.reason == "UserAction" })
    #expect(!api.events.contains { $0.object.hasPrefix("pod/web-") } && !web.events.contains { $0.object.hasPrefix("pod/api-") })
    // Per-workload figures: api's peak is its own 3 + 1 surge, web's 4 + 1.
    #expect(run.figures(workload: 0).peakPods == 4 && run.figures(workload: 1).peakPods == 5)
  }

  @Test func anUntargetedWorkloadVerbIsAmbiguous() throws {
    let undo = ScheduledAction(at: .seconds(3), verb: .undo(revision: nil))
    let workloads = try Self.load().input.workloads
    #expect(
      ManifestLoader.targetProblem(undo, workloads: workloads)
        == "undo needs a workload: the input has 2 (Deployment api, Deployment web)")
    #expect(ManifestLoader.targetProblem(ScheduledAction(at: 0, verb: .nodeDown(1)), workloads: workloads) == nil)
    #expect(ManifestLoader.targetProblem(undo, workloads: [workloads[0]]) == nil)
    let sim = """
      apiVersion: rollsim/v1
      kind: Simulation
      spec:
        cluster: {nodes: 2, cpu: "1", memory: 4Gi}
        actions: [{at: 3s, do: undo}]
      """
    #expect(
      Self.loadErrors(try Self.sources(simulation: sim)) == [
        "simulation.yaml:5:13: error: spec.actions[0]: undo needs a workload: the input has 2 (Deployment api, Deployment web); name one with `workload: api`"
      ])
  }

  /// `spec.traffic.workloads` gives one workload its own rate and pod capacity (the
  /// others keep `traffic`'s): web's Service takes 300 rps, api's 100. A name that
  /// is not in the input is an error naming the workloads; one `--workload` left out
  /// has nothing to apply to.
  @Test func aWorkloadCanHaveItsOwnTraffic() throws {
    func simulation(_ name: String) -> String {
      """
      apiVersion: rollsim/v1
      kind: Simulation
      spec:
        cluster: {nodes: 2, cpu: "1", memory: 4Gi}
        traffic:
          requestsPerSecond: 100
          workloads:
            \(name): {requestsPerSecond: 300}
        images:
          web:1.1: {startupSeconds: 5}
          api:1.1: {startupSeconds: 5}
      """
    }
    let files = try Self.sources(simulation: simulation("deploy/web"))
    let input = try ManifestLoader.load(files).input
    #expect(input.workloadTraffic == ["web": TrafficSpec(requestsPerSecond: 300)])
    var run = try Run(input)
    run.runToEnd(until: .seconds(3600))
    let api = run.simulation.summary(workload: 0)
    let web = run.simulation.summary(workload: 1)
    // Each summary counts to its own finish (api at 30 s, web at 42 s), as its
    // figures do.
    #expect(api.duration == .seconds(30) && web.duration == .seconds(42))
    #expect(api.requestsOk == 100 * 30 && web.requestsOk == 300 * 42)
    #expect(run.simulation.snapshot(includePods: false, workload: 1).traffic.requestsPerSecond == 300)
    #expect(run.simulation.snapshot(includePods: false, workload: 0).traffic.requestsPerSecond == 100)
    // Narrowed to api: the override has nothing to apply to.
    #expect(try ManifestLoader.load(files, workloads: ["api"]).input.workloadTraffic.isEmpty)
    #expect(
      Self.loadErrors(try Self.sources(simulation: simulation("shop"))) == [
        "simulation.yaml:8:7: error: spec.traffic.workloads.shop: no workload \"shop\" in the input (it has Deployment api, Deployment web)"
      ])
  }

  /// `from` as a mapping: each named workload's starting image (the others their
  /// own previous image); an unknown name is an error naming the workloads.
  @Test func fromAsAMappingNamesEachWorkloadsStartingImage() throws {
    func simulation(_ from: String) -> String {
      """
      apiVersion: rollsim/v1
      kind: Simulation
      spec:
        from: \(from)
        cluster: {nodes: 2, cpu: "1", memory: 4Gi}
      """
    }
    let input = try ManifestLoader.load(Self.sources(simulation: simulation("{deploy/web: web:0.9}"))).input
    #expect(input.fromImage == "api:previous" && input.additionalWorkloads.map(\.fromImage) == ["web:0.9"])
    #expect(
      Self.loadErrors(try Self.sources(simulation: simulation("{shop: shop:1.0}"))) == [
        "simulation.yaml:4:10: error: spec.from.shop: no workload \"shop\" in the input (it has Deployment api, Deployment web)"
      ])
  }
}
