import DashboardRender
import Foundation
import RolloutEngine

/// Dashboard frame benchmark: the work the live dashboard does per frame, i.e.
/// `Simulation.snapshot()` (with every pod), `DashboardRenderer.render` and
/// `Grid.diff(from:)` against the previous frame, on a rolling update of N replicas
/// caught mid-rollout (pods in every state), at 160×48 and 80×24, on the path users
/// take: the default `leastAllocated` scheduler and 110-pod nodes.
/// Target: ≤ 16 ms a frame at 1M pods in a release build.
///
/// `--scale N` also times the dashboard's `s` prompt: typing N and Enter on the
/// mid-rollout session (what one key press costs before the next frame), then the
/// next frame.

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time of this thread: on a machine shared with other builds, wall time per frame
/// measures the scheduler as much as the code; both are reported.
func cpu() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func ms(_ ns: UInt64, _ n: Int) -> String { String(format: "%7.3f", Double(ns) / Double(n) / 1e6) }

/// The session `bench` measures: N replicas rolling, caught at t = 7 s.
func session(replicas: Int) -> DashboardSession {
  // 110 pods of 100m / 128Mi fill a node; room for the surge and terminating pods.
  let nodes = max(3, (replicas * 13 / 10 + 109) / 110)
  let d = DeploymentSpec(
    name: "web", replicas: replicas,
    template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100, memoryBytes: 128 << 20))
  let input = SimulationInput(
    workload: .deployment(d), fromImage: "shop:1.0",
    cluster: .uniform(count: nodes, cpuMillis: 11_000, memoryBytes: 110 * (128 << 20)),
    traffic: TrafficSpec(requestsPerSecond: 10_000, podCapacity: 100),
    images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5)])
  var session = DashboardSession(simulation: try! Simulation(input))
  // Mid-rollout: old and new pods, some starting, some terminating.
  session.advance(to: .seconds(7))
  return session
}

func bench(replicas: Int, width: Int, height: Int, frames: Int) {
  var session = session(replicas: replicas)
  var previous: Grid? = session.render(width: width, height: height)
  var tSnap: UInt64 = 0
  var tRender: UInt64 = 0
  var tDiff: UInt64 = 0
  var cSnap: UInt64 = 0
  var cRender: UInt64 = 0
  var cDiff: UInt64 = 0
  var runs = 0
  var pods = 0
  for i in 0..<frames {
    // Move the world a little between frames (not timed) so diffs are real.
    if i % 2 == 1 { session.advance(to: session.simulation.now + 500) }
    let (a, ca) = (now(), cpu())
    let snap = session.simulation.snapshot()
    let (b, cb) = (now(), cpu())
    let grid = DashboardRenderer.render(snap, ui: session.ui, width: width, height: height)
    let (c, cc) = (now(), cpu())
    let d = grid.diff(from: previous)
    let (e, ce) = (now(), cpu())
    tSnap += b - a
    tRender += c - b
    tDiff += e - c
    cSnap += cb - ca
    cRender += cc - cb
    cDiff += ce - cc
    runs += d.count
    pods = snap.podTable.count
    previous = grid
  }
  let total = tSnap + tRender + tDiff
  let ctotal = cSnap + cRender + cDiff
  print(
    "\(String(repeating: " ", count: max(0, 7 - String(pods).count)))\(pods) pods \(width)x\(height): "
      + "wall \(ms(total, frames)) ms/frame (snapshot \(ms(tSnap, frames)) render \(ms(tRender, frames)) diff \(ms(tDiff, frames)))"
      + " | cpu \(ms(ctotal, frames)) ms/frame (snapshot \(ms(cSnap, frames)) render \(ms(cRender, frames)) diff \(ms(cDiff, frames)))"
      + "  \(runs / frames) runs/frame")
}

/// Times the `s` prompt: `s`, the digits of `target`, Enter, on an N-replica session,
/// then one frame; prints what the status line says.
func benchScale(replicas: Int, target: Int) {
  var session = session(replicas: replicas)
  let (a, ca) = (now(), cpu())
  session.handle(.char("s"))
  for c in String(target) { session.handle(.char(c)) }
  session.handle(.enter)
  let (b, cb) = (now(), cpu())
  _ = session.render(width: 160, height: 48)
  let (c, cc) = (now(), cpu())
  print(
    "scale \(replicas) -> \(target): keys \(ms(b - a, 1)) ms wall, \(ms(cb - ca, 1)) ms cpu; next frame \(ms(c - b, 1)) ms wall, "
      + "\(ms(cc - cb, 1)) ms cpu; \(session.simulation.snapshot(includePods: false).revisions.reduce(0) { $0 + $1.pods }) pods; "
      + "status: \(session.ui.status)")
}

var args = Array(CommandLine.arguments.dropFirst())
var scaleTargets: [Int] = []
while let i = args.firstIndex(of: "--scale"), i + 1 < args.count {
  if let n = Int(args[i + 1]) { scaleTargets.append(n) }
  args.removeSubrange(i...(i + 1))
}
let sizes = args.compactMap { Int($0) }
for n in sizes.isEmpty ? [1_000, 10_000, 100_000, 1_000_000] : sizes {
  if !scaleTargets.isEmpty {
    for t in scaleTargets { benchScale(replicas: n, target: t) }
    continue
  }
  let frames = n >= 100_000 ? 20 : 60
  bench(replicas: n, width: 160, height: 48, frames: frames)
  bench(replicas: n, width: 80, height: 24, frames: frames)
}
