import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

/// Faults on each container's clock (Cluster+Containers.swift): readiness that stops
/// passing, OOMKilled and the back-off, `after` from each pod's start, and the fault
/// start the simulation reports.
@Suite struct FaultClockTests {
  static func probed(replicas: Int) -> String {
    FaultTests.deployment(replicas: replicas).replacingOccurrences(
      of: "resources: {requests: {cpu: 100m, memory: 64Mi}}}",
      with: "resources: {requests: {cpu: 100m, memory: 64Mi}}, readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3}}")
  }

  static func states(_ run: Run) -> [PodDisplayState] { run.simulation.snapshot().pods.map(\.state) }

  @Test func readinessThatStopsPassingGoesNotReadyAtTheThirdFailedProbe() throws {
    let input = try FaultTests.input(Self.probed(replicas: 2), simulation: """
      traffic: {requestsPerSecond: 100}
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 42s, readinessFails: true}
      """)
    var run = try Run(input)
    func new() -> [PodDisplayState] { run.simulation.snapshot().pods.filter { $0.revision == 2 }.map(\.state) }
    // The rolling update (surge 1) starts one app:2 pod at 0 s and, once it is Ready
    // (probes at 5 s, 15 s, …), the second at 5 s (probes at 10 s, 20 s, …). Each
    // fails from 42 s after its own start: the probes at 45, 55, 65 s and at 50, 60,
    // 70 s fail; the third (failureThreshold) marks the pod NotReady.
    run.advance(to: .seconds(11))
    #expect(new() == [.available, .available])
    #expect(run.simulation.faultStart == nil)
    run.advance(to: 64_999)
    #expect(new() == [.available, .available])
    #expect(FaultTests.failedPerSecond(run) == 0)
    run.advance(to: .seconds(65))
    var snap = run.simulation.snapshot()
    #expect(snap.revisions.first { $0.revision == 2 }?.ready == 1)
    #expect(snap.events.filter { $0.reason == "Unhealthy" && $0.time == .seconds(65) }.count == 1)
    #expect(run.simulation.faultStart == .seconds(65))
    // Out of the endpoints: the other pod takes every request.
    #expect(FaultTests.failedPerSecond(run) == 0)
    run.advance(to: 69_999)
    #expect(new().sorted { $0.rawValue < $1.rawValue } == [.running, .available])
    run.advance(to: .seconds(70))
    snap = run.simulation.snapshot()
    #expect(new() == [.running, .running])
    let rev2 = try #require(snap.revisions.first { $0.revision == 2 })
    #expect(rev2.ready == 0 && rev2.available == 0)
    // No endpoint left: every request fails.
    #expect(FaultTests.failedPerSecond(run) == 100)
    // It stays NotReady (the probe keeps failing).
    run.advance(to: .seconds(600))
    #expect(new() == [.running, .running])
  }

  @Test func readinessFailingBeforeTheFirstPassNeverPasses() throws {
    let input = try FaultTests.input(Self.probed(replicas: 1), simulation: """
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 3s, readinessFails: true}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(300))
    #expect(run.simulation.snapshot().pods.filter { $0.revision == 2 }.map(\.state) == [.running])
  }

  @Test func oomSetsTheLastTerminationReasonInTheSnapshotAndJSONL() throws {
    let input = try FaultTests.input(FaultTests.deployment(replicas: 1), simulation: """
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 90s, oom: true}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(89))
    var snap = run.simulation.snapshot()
    #expect(snap.revisions[0].lastTermination == nil && snap.pods[0].lastTermination == nil)
    #expect(!TraceFormat.jsonLine(snap, events: []).contains("lastTermination"))
    run.advance(to: .seconds(90))
    snap = run.simulation.snapshot()
    // The first exit restarts at once (kuberuntime_manager.go doBackOff): the pod is
    // up again, with one restart and the reason of the last termination.
    #expect(snap.pods[0].state == .available && snap.pods[0].restarts == 1)
    #expect(snap.pods[0].lastTermination == .oomKilled && snap.pods[0].lastTermination?.exitCode == 137)
    #expect(snap.revisions[0].lastTermination == .oomKilled)
    #expect(TraceFormat.jsonLine(snap, events: []).contains(#""pending":0,"lastTermination":"OOMKilled""#))
    // A plain crash says Error.
    let crash = try FaultTests.input(FaultTests.deployment(replicas: 1), simulation: """
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 5s, crash: true}
      """)
    var c = try Run(crash)
    c.advance(to: .seconds(5))
    #expect(c.simulation.snapshot().revisions[0].lastTermination == .error)
  }

  /// client-go flowcontrol.Backoff: an entry older than 2 × 300 s has expired, so a
  /// container that ran over 10 min restarts at once again (as on its first exit), not
  /// after the doubled wait.
  @Test func backOffResetsAfterTenMinutesRunning() throws {
    func restarts(after: String) throws -> [SimTime] {
      let input = try FaultTests.input(FaultTests.deployment(replicas: 1), simulation: """
        images: {app:2: {startupSeconds: 0}}
        faults:
          images:
          - {image: app:2, after: \(after), oom: true}
        """)
      var run = try Run(input)
      run.advance(to: .seconds(2000))
      return run.simulation.snapshot(maxEvents: 500).events.filter { $0.reason == "Started" }.map(\.time)
    }
    // (The first start is at 0 s.) 601 s up, restart at once (no entry), 601 s up,
    // restart at once (the entry expired), …
    let long = try restarts(after: "601s")
    #expect(long == [.seconds(601), .seconds(1202), .seconds(1803)])
    // 90 s up each time; the first exit restarts at once, then back-offs of 10, 20,
    // 40, 80, 160 s.
    let short = try restarts(after: "90s")
    #expect(Array(short.prefix(6)) == [.seconds(90), .seconds(190), .seconds(300), .seconds(430), .seconds(600), .seconds(850)])
  }

  /// `after:` counts from each pod's container start, and again from a restart.
  @Test func errorRateAfterCountsFromEachPodsStart() throws {
    let input = try FaultTests.input(FaultTests.deployment(replicas: 2), simulation: """
      traffic: {requestsPerSecond: 100}
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 60s, errorRate: 0.4}
      actions:
      - {at: 100s, do: kill-pod}
      """)
    var run = try Run(input)
    run.advance(to: 59_999)
    #expect(FaultTests.failedPerSecond(run) == 0)
    #expect(run.simulation.faultStart == nil)
    run.advance(to: .seconds(60))
    #expect(abs(FaultTests.failedPerSecond(run) - 40) < 1e-9)
    #expect(run.simulation.faultStart == .seconds(60))
    // 100 s: one pod killed, its replacement starts at once with a fresh clock: half
    // the requests go to a pod that fails 40 %.
    run.advance(to: .seconds(130))
    #expect(abs(FaultTests.failedPerSecond(run) - 20) < 1e-9)
    run.advance(to: 159_999)
    #expect(abs(FaultTests.failedPerSecond(run) - 20) < 1e-9)
    run.advance(to: .seconds(160))
    #expect(abs(FaultTests.failedPerSecond(run) - 40) < 1e-9)
  }

  @Test func aRestartedContainerStartsItsTrafficFaultClockAgain() throws {
    let input = try FaultTests.input(FaultTests.deployment(replicas: 1), simulation: """
      traffic: {requestsPerSecond: 10}
      images: {app:2: {startupSeconds: 0}}
      faults:
        images:
        - {image: app:2, after: 90s, oom: true}
        - {image: app:2, after: 60s, errorRate: 0.5}
      """)
    var run = try Run(input)
    run.advance(to: .seconds(70))
    #expect(abs(FaultTests.failedPerSecond(run) - 5) < 1e-9)
    // OOMKilled at 90 s, restarted at 100 s: healthy again until 160 s.
    run.advance(to: .seconds(130))
    #expect(Self.states(run) == [.available])
    #expect(FaultTests.failedPerSecond(run) == 0)
    run.advance(to: .seconds(160))
    #expect(abs(FaultTests.failedPerSecond(run) - 5) < 1e-9)
  }
}
