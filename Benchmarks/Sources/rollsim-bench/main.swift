import Foundation

/// The path users take: `rollsim simulate FILE --format jsonl > /dev/null` on the
/// release binary, as a child process, with manifests this program writes (the YAML
/// loader, the defaults, the default `leastAllocated` scheduler, 110-pod nodes).
/// It never drives the engine itself: every run is one `rollsim` process, measured
/// from outside (wall clock, and the child's rusage: CPU time and peak RSS).
///
///   swift build -c release --product rollsim
///   swift run -c release --package-path Benchmarks rollsim-bench [options] [CASE …]
///
/// Cases: `rolling:N`, `bluegreen:N`, `canary:N` (default: rolling:1000 rolling:100000
/// rolling:1000000 bluegreen:100000 canary:100000). Options:
///   --rollsim PATH   the binary (default: the package's .build/release/rollsim)
///   --runs K         timed runs per case, the median is reported (default 3)
///   --peer PATH      also time the SimPy peer model (`python3 PATH N`) on every
///                    rolling case, alternating with rollsim in the same run
///   --keep DIR       write the manifests to DIR (and keep them) instead of a temp dir

struct Options {
  var rollsim: String
  var runs = 3
  var peer: String?
  var dir: String?
  var cases: [(kind: String, replicas: Int)] = []
}

func parseOptions() -> Options {
  // Benchmarks/Sources/rollsim-bench/main.swift → the main package's root.
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  var o = Options(rollsim: root.appendingPathComponent(".build/release/rollsim").path)
  var args = CommandLine.arguments.dropFirst()
  func value(_ flag: String) -> String {
    guard let v = args.popFirst() else { fail("\(flag) needs a value") }
    return v
  }
  while let a = args.popFirst() {
    switch a {
    case "--rollsim": o.rollsim = value(a)
    case "--runs": o.runs = max(1, Int(value(a)) ?? 3)
    case "--peer": o.peer = value(a)
    case "--keep": o.dir = value(a)
    default:
      let parts = a.split(separator: ":")
      guard parts.count == 2, ["rolling", "bluegreen", "canary"].contains(String(parts[0])), let n = Int(parts[1]), n > 0 else {
        fail("unknown argument \(a) (cases are rolling:N, bluegreen:N, canary:N)")
      }
      o.cases.append((String(parts[0]), n))
    }
  }
  if o.cases.isEmpty {
    o.cases = [("rolling", 1_000), ("rolling", 100_000), ("rolling", 1_000_000), ("bluegreen", 100_000), ("canary", 100_000)]
  }
  return o
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(("rollsim-bench: " + message + "\n").data(using: .utf8)!)
  exit(2)
}

// MARK: - Manifests

/// Kubernetes' default `maxPods` per node: 110 pods of 100m CPU / 128Mi fill a node
/// of 11 CPU / 13.75Gi exactly.
let podsPerNode = 110

/// Enough nodes for the peak: R + 25 % surge (+5 % for pods still terminating) for a
/// rolling update or a canary; both full ReplicaSets for blue/green.
func nodeCount(kind: String, replicas: Int) -> Int {
  let peak = kind == "bluegreen" ? replicas * 23 / 10 : replicas * 13 / 10
  return max(3, (peak + podsPerNode - 1) / podsPerNode)
}

func manifest(kind: String, replicas: Int) -> String {
  let template = """
      selector:
        matchLabels: {app: shop}
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
            - name: shop
              image: shop:1.1
              resources:
                requests: {cpu: 100m, memory: 128Mi}
    """
  var docs: String
  switch kind {
  case "bluegreen":
    docs = """
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: shop}
      spec:
        replicas: \(replicas)
        strategy:
          blueGreen:
            activeService: shop-active
            previewService: shop-preview
            autoPromotionEnabled: true
            scaleDownDelaySeconds: 30
      \(template)
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: shop-active}
      spec: {selector: {app: shop}, ports: [{port: 80}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: shop-preview}
      spec: {selector: {app: shop}, ports: [{port: 80}]}
      """
  case "canary":
    docs = """
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: shop}
      spec:
        replicas: \(replicas)
        strategy:
          canary:
            steps:
              - setWeight: 25
              - pause: {duration: 10s}
              - setWeight: 50
              - pause: {duration: 10s}
      \(template)
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: shop}
      spec: {selector: {app: shop}, ports: [{port: 80}]}
      """
  default:
    docs = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: shop}
      spec:
        replicas: \(replicas)
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
      \(template)
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: shop}
      spec: {selector: {app: shop}, ports: [{port: 80}]}
      """
  }
  // No `scheduling:` key: the default (leastAllocated) is what users get.
  return docs + """

    ---
    apiVersion: rollsim/v1
    kind: Simulation
    metadata: {name: bench-\(kind)-\(replicas)}
    spec:
      seed: 1
      from: shop:1.0
      cluster: {nodes: \(nodeCount(kind: kind, replicas: replicas)), cpu: "11", memory: 14080Mi}
      traffic: {requestsPerSecond: 10000, podCapacity: 100}
      images:
        shop:1.0: {startupSeconds: 5}
        shop:1.1: {startupSeconds: 5}

    """
}

// MARK: - Child processes

struct Measurement {
  var wall: Double
  var cpu: Double
  /// The child's peak resident set, bytes.
  var maxRSS: Int
}

/// Runs `argv` with standard output to `stdoutPath`; waits and returns wall time and
/// the child's own rusage (wait4), so nothing of this process is counted.
func run(_ argv: [String], stdoutPath: String = "/dev/null") -> Measurement {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  defer { posix_spawn_file_actions_destroy(&actions) }
  let cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
  defer { for p in cargs { free(p) } }
  var pid: pid_t = 0
  var t0 = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t0)
  let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
  guard rc == 0 else { fail("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
  var status: Int32 = 0
  var usage = rusage()
  _ = wait4(pid, &status, 0, &usage)
  var t1 = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t1)
  guard status == 0 else { fail("\(argv.joined(separator: " ")) exited with status \(status)") }
  func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  let wall = Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9
  return Measurement(wall: wall, cpu: s(usage.ru_utime) + s(usage.ru_stime), maxRSS: usage.ru_maxrss * 1024)
}

func median(_ xs: [Measurement]) -> Measurement {
  func m(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
  return Measurement(wall: m(xs.map(\.wall)), cpu: m(xs.map(\.cpu)), maxRSS: xs.map(\.maxRSS).sorted()[xs.count / 2])
}

func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

// MARK: - Main

let o = parseOptions()
guard FileManager.default.isExecutableFile(atPath: o.rollsim) else {
  fail("no rollsim binary at \(o.rollsim): run `swift build -c release --product rollsim` in the package root, or pass --rollsim PATH")
}
let dir = o.dir ?? NSTemporaryDirectory() + "rollsim-bench-\(getpid())"
try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
defer { if o.dir == nil { try? FileManager.default.removeItem(atPath: dir) } }

// The process baseline: the same binary on a 10-replica rollout.
let basePath = dir + "/baseline.yaml"
try! manifest(kind: "rolling", replicas: 10).write(toFile: basePath, atomically: true, encoding: .utf8)
let baseline = median((0..<3).map { _ in run([o.rollsim, "simulate", basePath, "--format", "jsonl"]) })
print("rollsim: \(o.rollsim); process baseline (10 replicas): peak RSS \(f(Double(baseline.maxRSS) / 1_048_576, 1)) MiB")
print("load average at start: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")
print("| case | nodes | JSONL lines | wall | CPU (user+sys) | peak RSS over baseline | per replica |")
print("|---|---|---|---|---|---|---|")
var peerRows: [String] = []
for c in o.cases {
  let path = dir + "/\(c.kind)-\(c.replicas).yaml"
  try! manifest(kind: c.kind, replicas: c.replicas).write(toFile: path, atomically: true, encoding: .utf8)
  let argv = [o.rollsim, "simulate", path, "--format", "jsonl"]
  // One untimed run into a file: the output must end with a completed summary.
  let outPath = dir + "/\(c.kind)-\(c.replicas).jsonl"
  _ = run(argv, stdoutPath: outPath)
  let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
  let lines = text.split(separator: "\n")
  guard let last = lines.last, last.contains("\"completed\":true") else {
    fail("\(c.kind) \(c.replicas): the rollout did not complete: \(lines.last ?? "no output")")
  }
  try? FileManager.default.removeItem(atPath: outPath)
  var ours: [Measurement] = []
  var peer: [Measurement] = []
  for _ in 0..<o.runs {
    ours.append(run(argv))
    if let p = o.peer, c.kind == "rolling" { peer.append(run(["python3", p, String(c.replicas)])) }
  }
  let m = median(ours)
  let over = max(0, m.maxRSS - baseline.maxRSS)
  print(
    "| \(c.kind) \(c.replicas) | \(nodeCount(kind: c.kind, replicas: c.replicas)) | \(lines.count) | \(f(m.wall)) s | \(f(m.cpu)) s | "
      + "\(f(Double(over) / 1_048_576, 1)) MiB | \(f(Double(over) / Double(c.replicas), 1)) B |")
  if !peer.isEmpty {
    let pm = median(peer)
    peerRows.append(
      "| rolling \(c.replicas) | \(f(m.wall)) s wall, \(f(m.cpu)) s CPU | \(f(pm.wall)) s wall, \(f(pm.cpu)) s CPU | "
        + "\(f(pm.wall / m.wall, 1))× wall, \(f(pm.cpu / m.cpu, 1))× CPU |")
  }
}
if !peerRows.isEmpty {
  print("\nSame run, alternating, median of \(o.runs) (the peer's time includes the Python start-up, as rollsim's includes its own):")
  print("| case | rollsim simulate --format jsonl | SimPy peer | ratio |")
  print("|---|---|---|---|")
  for r in peerRows { print(r) }
}
print("load average at end: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")
