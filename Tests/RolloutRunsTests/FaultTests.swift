import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

/// The `faults:` section (FaultSpec.swift), played through the run layer.
@Suite struct FaultTests {
  static func deployment(replicas: Int = 4, image: String = "app:2") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app}
    spec:
      replicas: \(replicas)
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          containers:
          - {name: app, image: "\(image)", resources: {requests: {cpu: 100m, memory: 64Mi}}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: app}
    spec: {selector: {app: app}, ports: [{port: 80}]}
    """
  }

  static func input(_ manifest: String, simulation: String) throws -> SimulationInput {
    let sim = """
      apiVersion: rollsim/v1
      kind: Simulation
      metadata: {name: t}
      spec:
      \(simulation.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
      """
    return try ManifestLoader.load(manifest: SourceText(path: "t.yaml", text: manifest + "\n---\n" + sim)).input
  }

  static func failedPerSecond(_ run: Run) -> Double { run.simulation.snapshot(maxEvents: 0, includePods: false).traffic.failedPerSecond }

  @Test func errorRateAtATimeStartsThenAndRampsInTenSecondSteps() throws {
    let input = try Self.input(Self.deployment(), simulation: """
      from: app:1
      traffic: {requestsPerSecond: 100}
      faults:
        images:
        - {image: app:2, at: 2m, errorRate: {from: 0.1, to: 0.3, over: 100s}}
      """)
    #expect(input.faults.images == [ImageFault(image: "app:2", trigger: .at(120_000), kind: .errorRate(from: 0.1, to: 0.3, rampSeconds: 100))])
    var run = try Run(input)
    run.advance(to: .seconds(119))
    #expect(Self.failedPerSecond(run) == 0)
    run.advance(to: .seconds(120))
    #expect(abs(Self.failedPerSecond(run) - 10) < 1e-9)
    run.advance(to: .seconds(155))  // the step that began at 150 s: 0.1 + 0.2 × 30/100
    #expect(abs(Self.failedPerSecond(run) - 16) < 1e-9)
    run.advance(to: .seconds(400))
    #expect(abs(Self.failedPerSecond(run) - 30) < 1e-9)
  }

  @Test func loadTriggeredErrorsOnlyAboveTheThreshold() throws {
    let input = try Self.input(Self.deployment(replicas: 4), simulation: """
      from: app:1
      traffic: {requestsPerSecond: 200}
      faults:
        images:
        - {image: app:2, whenRpsPerPodAbove: 80, errorRate: 0.5}
      """)
    var run = try Run(input)
    run.runToEnd(until: .seconds(600))
    // 4 pods at 50 rps each: under the threshold.
    #expect(Self.failedPerSecond(run) == 0)
    run.perform(.scale(2))
    run.advance(to: run.now + .seconds(60))
    // 2 pods at 100 rps each: half fails.
    #expect(abs(Self.failedPerSecond(run) - 100) < 1e-9)
  }

  @Test func oomAfterNinetySecondsCrashLoopsWithTheKubeletBackOff() throws {
    let input = try Self.input(Self.deployment(replicas: 1), simulation: """
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 90s, oom: true}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(89))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.available])
    // The first exit restarts at once (kuberuntime_manager.go doBackOff: no back-off
    // entry yet); then 90 s up, back-off 10 s, 90 s up, back-off 20 s.
    run.advance(to: .seconds(90))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.available])
    #expect(run.simulation.snapshot().pods.map(\.restarts) == [1])
    run.advance(to: .seconds(180))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.crashLoopBackOff])
    run.advance(to: .seconds(189))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.crashLoopBackOff])
    run.advance(to: .seconds(190))
    #expect(run.simulation.snapshot().pods.map(\.state) != [.crashLoopBackOff])
    run.advance(to: .seconds(280))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.crashLoopBackOff])
    run.advance(to: .seconds(299))
    #expect(run.simulation.snapshot().pods.map(\.state) == [.crashLoopBackOff])
    run.advance(to: .seconds(300))
    #expect(run.simulation.snapshot().pods.map(\.state) != [.crashLoopBackOff])
  }

  @Test func notReadyNodeLosesEndpointsThenPodsAreEvictedAfterTheToleration() throws {
    let input = try Self.input(Self.deployment(replicas: 3, image: "app:1"), simulation: """
      from: app:1
      cluster: {nodes: 3, scheduling: leastAllocated}
      faults:
        nodes:
        - {node: 1, notReadyAt: 1m, backAt: 10m}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(60))
    var snap = run.simulation.snapshot()
    #expect(snap.nodes[0].up == false)
    #expect(snap.revisions[0].ready == 2)
    #expect(snap.events.contains { $0.reason == "NodeNotReady" })
    run.advance(to: .seconds(359))
    #expect(run.simulation.snapshot().revisions[0].pods == 3)
    run.advance(to: .seconds(360))
    snap = run.simulation.snapshot()
    #expect(snap.events.contains { $0.reason == "TaintManagerEviction" })
    run.advance(to: .seconds(599))
    snap = run.simulation.snapshot()
    // The replacement is Pending: no other node may take it? No: two nodes are up.
    #expect(snap.revisions[0].available == 3)
    run.advance(to: .seconds(600))
    #expect(run.simulation.snapshot().nodes[0].up)
  }

  @Test func nodeUpDuringTheOutageBringsItsPodsBack() throws {
    let input = try Self.input(Self.deployment(replicas: 3, image: "app:1"), simulation: """
      from: app:1
      faults:
        nodes:
        - {node: 1, notReadyAt: 1m}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(120))
    #expect(run.simulation.snapshot().revisions[0].ready == 2)
    #expect(run.perform(.nodeUp(1)).isApplied)
    #expect(run.simulation.snapshot().revisions[0].ready == 3)
    run.runToEnd(until: .seconds(3600))
    // No eviction happened later.
    #expect(run.simulation.snapshot().revisions[0].pods == 3)
    #expect(run.isFinished)
  }

  @Test func loaderRejectsAPodFaultWithATimeTrigger() {
    #expect(throws: ManifestError.self) {
      _ = try Self.input(Self.deployment(), simulation: """
        faults:
          images:
          - {image: app:2, at: 1m, crash: true}
        """)
    }
  }
}
