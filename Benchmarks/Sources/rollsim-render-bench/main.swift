import DashboardRender
import Foundation
import RolloutEngine

/// Dashboard frame benchmark: the work the live dashboard does per frame, i.e.
/// `Simulation.snapshot()` (with every pod), `DashboardRenderer.render` and
/// `Grid.diff(from:)` against the previous frame, on a rolling update of N replicas
/// caught mid-rollout (pods in every state), at 160×48 and 80×24.
/// Target (issue 4): ≤ 16 ms a frame at 100k pods in a release build.

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time of this thread: on a machine shared with other builds, wall time per frame
/// measures the scheduler as much as the code; both are reported.
func cpu() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func ms(_ ns: UInt64, _ n: Int) -> String { String(format: "%7.3f", Double(ns) / Double(n) / 1e6) }

func bench(replicas: Int, width: Int, height: Int, frames: Int) {
  let nodes = max(3, replicas / 50 + 2)
  let d = DeploymentSpec(
    name: "web", replicas: replicas,
    template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100, memoryBytes: 128 << 20))
  let input = SimulationInput(
    workload: .deployment(d), fromImage: "shop:1.0",
    cluster: .uniform(count: nodes, cpuMillis: 16_000, memoryBytes: 64 << 30, scheduling: .firstFit),
    traffic: TrafficSpec(requestsPerSecond: 10_000, podCapacity: 100),
    images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5)])
  var session = DashboardSession(simulation: try! Simulation(input))
  // Mid-rollout: old and new pods, some starting, some terminating.
  session.advance(to: .seconds(7))
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
    pods = snap.pods.count
    previous = grid
  }
  let total = tSnap + tRender + tDiff
  let ctotal = cSnap + cRender + cDiff
  print(
    "\(String(pods).padding(toLength: 6, withPad: " ", startingAt: 0)) pods \(width)x\(height): "
      + "wall \(ms(total, frames)) ms/frame (snapshot \(ms(tSnap, frames)) render \(ms(tRender, frames)) diff \(ms(tDiff, frames)))"
      + " | cpu \(ms(ctotal, frames)) ms/frame (snapshot \(ms(cSnap, frames)) render \(ms(cRender, frames)) diff \(ms(cDiff, frames)))"
      + "  \(runs / frames) runs/frame")
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for n in sizes.isEmpty ? [1_000, 10_000, 100_000] : sizes {
  let frames = n >= 100_000 ? 20 : 60
  bench(replicas: n, width: 160, height: 48, frames: frames)
  bench(replicas: n, width: 80, height: 24, frames: frames)
}
