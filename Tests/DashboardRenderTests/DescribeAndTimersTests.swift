import DashboardRender
import RolloutEngine
import Testing

/// Issue 13's remaining parts: Enter on a pod, "why not yet" timers, the ANALYSIS
/// parameters, a layout that uses the rows EVENTS leaves blank.
@Suite struct DescribeAndTimersTests {
  func rows(_ s: DashboardSession, _ w: Int = 80, _ h: Int = 24) -> [String] {
    s.render(width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// Enter on a ReplicaSet lists its pods by name with state, restarts, age, node and
  /// why not ready; `j` + Enter describes one pod; Esc goes back one view at a time.
  @Test func enterOnAReplicaSetThenOnAPod() throws {
    var s = try StrategyFiles.session("crash-loop.yaml", at: .seconds(60))
    s.handle(.enter)
    let rs = rows(s, 120, 36).joined(separator: "\n")
    #expect(rs.contains("Annotations:   deployment.kubernetes.io/revision: 2"), "\(rs)")
    #expect(rs.contains("NAME") && rs.contains("RESTARTS") && rs.contains("AGE") && rs.contains("WHY NOT READY"))
    #expect(rs.contains("CrashLoopBackOff"))
    let pods = s.simulation.podDetails(revision: 2, limit: 200)
    #expect(!pods.isEmpty)
    #expect(rs.contains(pods[0].name))
    s.handle(.char("j"))
    #expect(s.ui.podSelection == min(1, pods.count - 1))
    s.handle(.enter)
    guard case .pod(let ref, let from) = s.ui.view else {
      Issue.record("Enter on a pod row opens the pod")
      return
    }
    #expect(from != nil && ref == pods[min(1, pods.count - 1)].ref)
    let pod = rows(s, 120, 36).joined(separator: "\n")
    let p = pods[min(1, pods.count - 1)]
    #expect(pod.contains("Pod \(p.name)"))
    #expect(pod.contains("Restarts:      \(p.restarts)"))
    #expect(pod.contains("Node:          \(p.node ?? "<none>")"))
    #expect(pod.contains("Why not ready:"), "\(pod)")
    #expect(pod.contains("Next:"))
    s.handle(.escape)
    #expect(s.ui.view == .describe(from!))
    s.handle(.escape)
    #expect(s.ui.view == .dashboard)
  }

  /// The pod page says why the container last exited, as `kubectl describe pod`'s
  /// "Last State", and wraps a why longer than the row instead of cutting it.
  @Test func podPageShowsTheLastStateAndWrapsTheWhy() throws {
    var s = try StrategyFiles.session("crash-loop.yaml", at: .seconds(60))
    s.handle(.enter)
    s.handle(.enter)
    let pod = rows(s)
    #expect(pod.contains("Last State:    Terminated, Reason: Error, Exit Code: 1"), "\(pod.joined(separator: "\n"))")
    let why = try #require(pod.firstIndex { $0.hasPrefix("Why not ready:") })
    #expect(pod[why] == "Why not ready: CrashLoopBackOff: the container exited (4 restarts); the kubelet")
    #expect(pod[why + 1] == "               backs off")
    #expect(pod[why + 2].hasPrefix("Next:"))
  }

  /// Enter on a focused PODS grid describes the selected cell's pod (the engine's
  /// `podRef(viewIndex:)` is the snapshot's pod order).
  @Test func enterOnThePodsGrid() throws {
    var s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(3))
    while DashboardRenderer.panels[s.ui.focus] != "PODS" { s.handle(.tab) }
    s.handle(.char("j"))
    s.handle(.char("j"))
    s.handle(.enter)
    guard case .pod(let ref, nil) = s.ui.view else {
      Issue.record("Enter on PODS opens a pod")
      return
    }
    let snap = s.simulation.snapshot(maxEvents: 0)
    let d = try #require(s.simulation.podDetail(ref))
    #expect(d.revision == snap.pods[2].revision && d.state == snap.pods[2].state && d.restarts == snap.pods[2].restarts)
    #expect(rows(s).joined(separator: "\n").contains("Pod \(d.name)"))
  }

  /// A pod's "next" is exact: at that instant the pod changes state (or is gone).
  @Test(arguments: ["rolling-update.yaml", "crash-loop.yaml", "canary.yaml", "never-ready.yaml"])
  func aPodsNextChangeHappensWhenSaid(file: String) throws {
    var sim = try Simulation(StrategyFiles.input(file))
    sim.advance(to: 2000)
    for rev in sim.snapshot(maxEvents: 0, includePods: false).revisions {
      for p in sim.podDetails(revision: rev.revision, limit: 5) {
        guard let at = p.nextAt else { continue }
        var probe = sim
        probe.advance(to: at - 1)
        #expect(probe.podDetail(p.ref)?.state == p.state, "\(file) \(p.name) changed before \(at)")
        probe.advance(to: at)
        let after = probe.podDetail(p.ref)
        // A state change, or (a failing readiness probe) the pod's Unhealthy event.
        let event = probe.instantEvents.contains { $0.reason == "Unhealthy" && $0.time == at }
        #expect(after == nil || after!.state != p.state || after!.restarts != p.restarts || event, "\(file) \(p.name): \(p.next ?? "") at \(at)")
      }
    }
  }

  /// While a rolling update runs: the progress deadline counts down (Progressing's
  /// lastUpdateTime + 600 s + the 1 s requeue), the next timer is named, and ready
  /// pods inside minReadySeconds are counted; all gone once it settles.
  @Test func whyNotYetWhileItRuns() throws {
    let s = try StrategyFiles.session("zero-downtime.yaml", at: .seconds(20))
    let t = s.simulation.timers()
    let deadline = try #require(t.progressDeadlineAt)
    #expect(deadline > s.simulation.now && deadline <= s.simulation.now + .seconds(601))
    #expect(t.nextAt != nil && t.next != nil)
    let status = rows(s, 200, 50)[49]
    #expect(status.contains("next in ") && status.contains("progress deadline in "), "\(status)")
    let settled = try StrategyFiles.session("zero-downtime.yaml", at: .seconds(300))
    #expect(settled.simulation.timers().progressDeadlineAt == nil)
    #expect(settled.simulation.timers().nextAt == nil)
  }

  /// A crash loop: the status line counts the pods and their restarts.
  @Test func crashLoopRestartsInTheStatusLine() throws {
    let s = try StrategyFiles.session("crash-loop.yaml", at: .seconds(90))
    let t = s.simulation.timers()
    #expect(t.crashLooping > 0 && t.maxRestarts > 0)
    let status = rows(s, 200, 50)[49]
    #expect(status.contains("CrashLoopBackOff \(t.crashLooping) pod"), "\(status)")
  }

  /// ANALYSIS shows count, interval, failureLimit, failures so far and the next
  /// measurement's countdown; at 80×24 the failed run keeps its failed measurement.
  @Test func analysisParametersAndTheFailedMeasurement() throws {
    let mid = try StrategyFiles.session("canary-analysis-fails.yaml", at: .seconds(8))
    let m = try #require(mid.simulation.snapshot(maxEvents: 0).analysisRuns.first?.metrics.first)
    #expect(m.count == 3 && m.intervalSeconds == 10 && m.failureLimit == 1)
    #expect(m.nextMeasurementAt == .seconds(15))
    let wide = rows(mid, 200, 50).joined(separator: "\n")
    #expect(wide.contains("failed 1/1 (limit 1)") && wide.contains("count 3 every 10s") && wide.contains("next in 7s"), "\(wide)")
    let narrow = rows(mid).joined(separator: "\n")
    #expect(narrow.contains("✗1/1≤1") && narrow.contains("next 7s"), "\(narrow)")
    let done = try StrategyFiles.session("canary-analysis-fails.yaml", at: .seconds(20))
    let small = rows(done).joined(separator: "\n")
    #expect(small.contains("✗2/2≤1") && small.contains("0.100✗"), "\(small)")
  }

  /// 200×50, a 10-pod fleet: EVENTS ends where its events end (no band of blank rows
  /// above the footer) and the pods get the rows: 2×2 cells.
  @Test func smallFleetUsesTheRows() throws {
    let s = try StrategyFiles.session("rolling-update.yaml", at: .seconds(5))
    let r = rows(s, 200, 50)
    let blankBeforeFooter = r[0..<48].reversed().prefix { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count
    #expect(blankBeforeFooter <= 1, "\(r.joined(separator: "\n"))")
    #expect(r.contains { $0.contains("1 pod = 2×2 cells") })
  }
}
