import Foundation
import RolloutEngine

/// Engine benchmark: a rolling update of N replicas to completion.
/// Reports wall time, simulated instants per second, events, and peak memory per pod.
func peakRSSBytes() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return usage.ru_maxrss * 1024
}

/// CPU seconds of this process (user + system): on a machine shared with other
/// builds, wall time measures the scheduler as much as the code.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return s(usage.ru_utime) + s(usage.ru_stime)
}

func rollingUpdate(replicas: Int) -> (seconds: Double, cpu: Double, instants: Int, events: Int, pods: Int) {
  let nodes = max(3, replicas / 50 + 2)
  let d = DeploymentSpec(
    name: "web", replicas: replicas,
    template: PodTemplate(labels: ["app": "web"], image: "shop:1.1", cpuMillis: 100, memoryBytes: 128 << 20))
  let input = SimulationInput(
    workload: .deployment(d), fromImage: "shop:1.0",
    cluster: .uniform(count: nodes, cpuMillis: 16_000, memoryBytes: 64 << 30, scheduling: .firstFit),
    traffic: TrafficSpec(requestsPerSecond: 10_000, podCapacity: 100),
    images: ["shop:1.0": ImageBehavior(startupSeconds: 5), "shop:1.1": ImageBehavior(startupSeconds: 5)])
  let start = DispatchTime.now()
  let cpu0 = cpuSeconds()
  var sim = try! Simulation(input)
  var instants = 1
  var events = sim.instantEvents.count
  while !sim.isFinished, sim.stepToNextEvent() {
    instants += 1
    events += sim.instantEvents.count
  }
  let s = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  return (s, cpuSeconds() - cpu0, instants, sim.podTransitions, sim.summary().peakPodsIncludingTerminating)
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for n in sizes.isEmpty ? [1_000, 100_000, 1_000_000] : sizes {
  let baseline = peakRSSBytes()
  let r = rollingUpdate(replicas: n)
  let peak = peakRSSBytes()
  let perReplica = Double(max(0, peak - baseline)) / Double(n)
  // Per pod: the pods that exist at the peak (old, new and terminating at once).
  let perPod = Double(max(0, peak - baseline)) / Double(max(1, r.pods))
  print(
    "rolling update \(n) replicas: \(String(format: "%.3f", r.seconds)) s wall, \(String(format: "%.3f", r.cpu)) s cpu, \(r.instants) instants, "
      + "\(r.events) pod transitions (\(String(format: "%.1f", Double(r.events) / r.seconds / 1e6))M/s wall, \(String(format: "%.1f", Double(r.events) / max(r.cpu, 1e-9) / 1e6))M/s cpu), "
      + "peak \(r.pods) pods incl. terminating, peak RSS +\(String(format: "%.1f", Double(max(0, peak - baseline)) / 1_048_576)) MiB = \(String(format: "%.0f", perReplica)) B/replica, \(String(format: "%.0f", perPod)) B/pod")
}
