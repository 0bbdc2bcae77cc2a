import Foundation
import Testing

/// The real binary, headless: bad input gives one line and exit 2; the JSONL, CSV
/// and table outputs keep README's contract; the options do what they say.
@Suite struct CLITests {
  // MARK: - Bad input: one line, exit 2, no stack trace

  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
    spec:
      replicas: 10
      strategy:
        rollingUpdate:
    ROLLING
      template:
        metadata:
          labels: {app: shop}
        spec:
          containers:
            - image: shop:1.1
              resources: {requests: {cpu: "1"}}

    """

  static func deployment(_ rolling: String, replicas: Int = 10) -> String {
    deployment.replacingOccurrences(of: "ROLLING", with: rolling).replacingOccurrences(of: "replicas: 10", with: "replicas: \(replicas)")
  }

  static func rollout(_ strategy: String, extra: String = "") -> String {
    """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: shop}
    spec:
      replicas: 10
      strategy:
    \(strategy)
      template:
        metadata: {labels: {app: shop}}
        spec:
          containers: [{image: shop:1.1}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: shop}
    spec: {selector: {app: shop}}

    """ + extra
  }

  /// (name, file contents, extra arguments, expected stderr line with FILE for the path)
  static let badFiles: [(String, String, [String], String)] = [
    ("malformed", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\nspec: [\n", [],
     "FILE:4:5: error: malformed YAML: did not find expected ',' or '}' while parsing a flow mapping"),
    ("removed-api", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n", [],
     "FILE:1:13: error: unsupported apiVersion \"extensions/v1beta1\" for kind Deployment (expected apps/v1)"),
    ("zero-zero", deployment("      maxSurge: 0\n      maxUnavailable: 0"), [],
     "FILE:10:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"),
    ("150", deployment("      maxUnavailable: \"150%\""), [],
     "FILE:9:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"),
    ("no-percent", deployment("      maxSurge: \"3\""), [],
     "FILE:9:17: error: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"3\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
    ("negative", deployment("      maxSurge: 1", replicas: -3), [],
     "FILE:6:13: error: spec.replicas: Invalid value: -3: must be greater than or equal to 0"),
    ("empty", "", [], "FILE: error: file is empty"),
    ("unschedulable", deployment("      maxSurge: 1") + "---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n  from: shop:1.0\n  cluster: {nodes: 2, cpu: 500m}\n", [],
     "FILE:21:9: error: spec.from: pods of shop:1.0 request 1 CPU; no node has more than 500m, so the fleet can't start"),
    ("action-in-file", deployment("      maxSurge: 1") + "---\napiVersion: rollsim/v1\nkind: Simulation\nspec:\n  actions: [{at: soon, do: undo}]\n", [],
     "FILE:21:18: error: spec.actions[0].at: Invalid value: \"soon\": not a time (use e.g. 45s, 2m, 1h30m)"),
    ("bg-no-active", rollout("    blueGreen: {previewService: shop}"), [],
     "FILE:7:16: error: spec.strategy.blueGreen.activeService: Required value"),
    ("no-service", rollout("    blueGreen: {activeService: web}"), [],
     "FILE:7:32: error: spec.strategy.blueGreen.activeService: Service \"web\" not found in the input files"),
    ("set-weight", rollout("    canary: {steps: [{setWeight: 101}]}"), [],
     "FILE:7:34: error: spec.strategy.canary.steps[0].setWeight: Invalid value: 101: must be between 0 and 100 (maxTrafficWeight)"),
    ("pause", rollout("    canary: {steps: [{pause: {duration: 1 hour}}]}"), [],
     "FILE:7:41: error: spec.strategy.canary.steps[0].pause.duration: Invalid value: \"1 hour\": not a duration (use e.g. 30s, 5m, 1h)"),
    ("analysis-ref", rollout("    canary: {steps: [{analysis: {templates: [{templateName: gone}]}}]}"), [],
     "FILE:7:61: error: spec.strategy.canary.steps[0].analysis.templates[0].templateName: AnalysisTemplate \"gone\" not found in the input files"),
    ("vs-weights",
     rollout(
      "    canary: {canaryService: shop, stableService: shop, trafficRouting: {istio: {virtualService: {name: vs}}}, steps: [{setWeight: 5}]}",
      extra: "---\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: vs}\nspec:\n  http:\n    - route:\n        - {destination: {host: shop}, weight: 50}\n        - {destination: {host: shop}, weight: 49}\n"),
     [], "FILE:24:9: error: spec.http[0].route: destination weights sum to 99, must be 100"),
    ("bad-action-time", deployment("      maxSurge: 1"), ["--action", "soon:undo"],
     "rollsim: error: --action \"soon:undo\": time \"soon\" doesn't parse (use e.g. 45s, 2m, 1h30m)"),
    ("bad-action-verb", deployment("      maxSurge: 1"), ["--action", "10s:explode"],
     "rollsim: error: --action \"10s:explode\": unknown verb \"explode\" (valid: pause, resume, undo, undo=REVISION, scale=N, set-image=IMAGE, kill-pod, node-down=N, node-up=N, promote, promote-full, abort, retry)"),
    ("huge-action-time", deployment("      maxSurge: 1"), ["--action", "99999999999999999999h:undo"],
     "rollsim: error: --action \"99999999999999999999h:undo\": time \"99999999999999999999h\" is beyond the longest run (1000000000s)"),
    ("huge-scale", deployment("      maxSurge: 1"), ["--action", "10s:scale=99999999999"],
     "rollsim: error: --action \"10s:scale=99999999999\": rollsim simulates at most 10000000 replicas"),
    ("bad-until", deployment("      maxSurge: 1"), ["--until", "forever"],
     "rollsim: error: --until \"forever\": not a duration (use e.g. 90s, 10m, 1h)"),
  ]

  static func expectOneErrorLine(_ r: CLIRunner.Result, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!r.timedOut, sourceLocation: sourceLocation)
    #expect(r.status == 2, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderrLines == [expected], sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    for marker in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "0x0000", "Error: "] {
      #expect(!r.stderr.contains(marker), sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: 0..<badFiles.count) func badInputGetsOneLineAndExitStatus2(index: Int) throws {
    let (name, contents, extra, expected) = Self.badFiles[index]
    let path = try CLIRunner.tempFile("\(name).yaml", contents)
    let r = try CLIRunner.run(["simulate", path] + extra)
    Self.expectOneErrorLine(r, expected.replacingOccurrences(of: "FILE", with: path))
    // validate reports the same problem (options aside) with the same status.
    if extra.isEmpty {
      let v = try CLIRunner.run(["validate", path])
      #expect(v.status == 2)
      #expect(v.stderrLines == [expected.replacingOccurrences(of: "FILE", with: path)])
    }
  }

  @Test func missingFileDirectoryAndBinary() throws {
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", "/nonexistent/shop.yaml"]), "/nonexistent/shop.yaml: error: no such file")
    let dir = (try CLIRunner.tempFile("notes.txt", "not a manifest") as NSString).deletingLastPathComponent
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", dir]), "\(dir): error: no manifest files in the directory (*.yaml, *.yml, *.json)")
    var bytes = Data([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])
    for i in 0..<2000 { bytes.append(UInt8(truncatingIfNeeded: i &* 7919)) }
    let bin = try CLIRunner.tempFile("garbage.yaml", bytes)
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", bin]), "\(bin):1:8: error: not a text file: NUL byte")
    let latin1 = try CLIRunner.tempFile("latin1.yaml", Data("kind: Caf".utf8) + Data([0xe9, 0x0a]))
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", latin1]), "\(latin1):1:10: error: not UTF-8: invalid byte 0xE9")
    // A device would be read forever.
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", "/dev/zero"]), "/dev/zero: error: not a regular file")
    // A scenario file that is missing is named too.
    Self.expectOneErrorLine(
      try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--scenario", "/nonexistent/s.yaml"]), "/nonexistent/s.yaml: error: no such file")
  }

  /// Unreadable files can only be tested as a user the permissions apply to.
  @Test(.enabled(if: getuid() != 0, "root can read a mode-000 file")) func unreadableFile() throws {
    let path = try CLIRunner.tempFile("secret.yaml", Self.deployment("      maxSurge: 1"))
    chmod(path, 0)
    defer { chmod(path, 0o644) }
    Self.expectOneErrorLine(try CLIRunner.run(["simulate", path]), "\(path): error: cannot read the file (permission denied?)")
  }

  @Test func warningsDoNotStopTheRun() throws {
    let path = try CLIRunner.tempFile("typo.yaml", Self.deployment("      maxSurg: 1"))
    let r = try CLIRunner.run(["simulate", path, "--format", "jsonl"])
    #expect(r.status == 0)
    #expect(r.stderrLines == ["\(path):9:7: warning: unknown field \"maxSurg\" in spec.strategy.rollingUpdate"])
    #expect(r.stdoutLines.last?.hasPrefix("{\"summary\":") == true)
  }

  // MARK: - JSONL contract

  static let recordKeys = [
    "t", "revisions", "traffic", "requests", "conditions", "paused", "phase", "message", "step", "setWeight", "actualWeight",
    "analysis", "events",
  ]
  static let revisionKeys = ["revision", "name", "image", "replicas", "pods", "ready", "available", "terminating", "pending", "role", "current"]
  static let summaryKeys = [
    "strategy", "completed", "duration", "peakPods", "peakPodsIncludingTerminating", "minAvailable", "requestsOk", "requestsFailed",
    "podSeconds", "revision", "phase", "aborted", "promotedAt", "outcome", "figures",
  ]

  func isOrderedSubsequence(_ keys: [String], of order: [String]) -> Bool {
    var i = order.startIndex
    for k in keys {
      guard let j = order[i...].firstIndex(of: k) else { return false }
      i = j + 1
    }
    return true
  }

  @Test(arguments: [
    "rolling-update.yaml", "recreate.yaml", "too-big.yaml", "blue-green.yaml", "canary.yaml", "canary-istio.yaml", "canary-analysis-fails.yaml",
  ])
  func jsonlContract(file: String) throws {
    let r = try CLIRunner.run(["simulate", "Strategies/\(file)", "--format", "jsonl"])
    #expect(r.status == 0 && r.stderr.isEmpty)
    let lines = r.stdoutLines
    try #require(lines.count >= 3)
    var lastT = -1.0
    var lastOk = -1.0
    for line in lines.dropLast() {
      let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
      let keys = topLevelKeys(line)
      #expect(Array(keys.prefix(6)) == ["t", "revisions", "traffic", "requests", "conditions", "paused"], "\(keys)")
      #expect(keys.last == "events")
      #expect(isOrderedSubsequence(keys, of: Self.recordKeys), "\(keys)")
      #expect(Set(keys).count == keys.count)
      // Time moves forward; one record per instant.
      let t = try #require(obj["t"] as? Double)
      #expect(t > lastT)
      lastT = t
      let revisions = try #require(obj["revisions"] as? [[String: Any]])
      #expect(!revisions.isEmpty)
      for rev in revisions {
        #expect(["revision", "name", "image", "replicas", "pods", "ready", "available", "terminating"].allSatisfy { rev[$0] != nil })
        #expect(Set(rev.keys).isSubset(of: Self.revisionKeys))
        let pods = rev["pods"] as? Int ?? -1
        #expect((rev["ready"] as? Int ?? -1) <= pods && (rev["available"] as? Int ?? -1) <= (rev["ready"] as? Int ?? -1))
      }
      let revNumbers = revisions.compactMap { $0["revision"] as? Int }
      #expect(revNumbers == revNumbers.sorted(), "oldest first")
      // Traffic: revision (string) → share, summing to 1, or empty.
      let traffic = try #require(obj["traffic"] as? [String: Double])
      if !traffic.isEmpty {
        #expect(abs(traffic.values.reduce(0, +) - 1) < 1e-9, "t=\(t)")
        #expect(traffic.keys.allSatisfy { k in revNumbers.contains(Int(k) ?? -1) })
      }
      let requests = try #require(obj["requests"] as? [String: Int])
      #expect(Set(requests.keys) == ["ok", "failed"])
      let ok = Double(requests["ok"] ?? 0)
      #expect(ok >= lastOk, "cumulative")
      lastOk = ok
      #expect(obj["conditions"] is [String: String])
      #expect(obj["paused"] is Bool)
      #expect(obj["phase"] is String && obj["message"] is String)
      #expect(obj["events"] is [String])
      if let step = obj["step"] as? [String: Int] { #expect(Set(step.keys) == ["index", "count"]) }
    }
    let last = try #require(lines.last)
    #expect(last.hasPrefix("{\"summary\":{"))
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    // `analysis` (every run with all its measurements) only when the rollout ran one.
    #expect(topLevelKeys(String(last.dropFirst("{\"summary\":".count).dropLast())).filter { $0 != "analysis" } == Self.summaryKeys)
    // An aborted rollout is back on its stable but not complete.
    let aborted = file == "canary-analysis-fails.yaml"
    #expect(summary["completed"] as? Bool == !aborted)
    #expect(summary["outcome"] as? String == (aborted ? "aborted" : "promoted"))
    #expect(summary["duration"] as? Double == lastT)
  }

  @Test func jsonlRolloutFields() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/canary-analysis-fails.yaml", "--format", "jsonl"])
    let records = r.stdoutLines.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    let aborted = try #require(records.first { $0["phase"] as? String == "Degraded" })
    #expect(aborted["t"] as? Double == 15)
    #expect((aborted["message"] as? String)?.hasPrefix("RolloutAborted: Rollout aborted update to revision 2") == true)
    #expect(aborted["step"] as? [String: Int] == ["index": 0, "count": 4])
    #expect(aborted["setWeight"] as? Int == 0 && aborted["actualWeight"] as? Int == 0)
    let run = try #require((aborted["analysis"] as? [[String: Any]])?.first)
    #expect(run["phase"] as? String == "Failed" && run["revision"] as? Int == 2)
    let metric = try #require((run["metrics"] as? [[String: Any]])?.first)
    #expect(metric["successCondition"] as? String == "result < 0.05")
    // A record carries the measurements taken at its instant; the summary all of them.
    let measurements = try #require(metric["measurements"] as? [[String: Any]])
    #expect(measurements.map { $0["t"] as? Double } == [15])
    #expect(measurements.map { $0["value"] as? Double } == [0.1])
    let roles = (aborted["revisions"] as? [[String: Any]])?.map { $0["role"] as? [String] ?? [] }
    #expect(roles == [["stable"], ["canary"]])
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(r.stdoutLines.last!.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    #expect(summary["aborted"] as? Bool == true && summary["phase"] as? String == "Degraded")
    #expect(summary["promotedAt"] is NSNull)
    let all = (((summary["analysis"] as? [[String: Any]])?.first?["metrics"] as? [[String: Any]])?.first?["measurements"] as? [[String: Any]]) ?? []
    #expect(all.map { $0["t"] as? Double } == [5, 15])
    #expect(all.map { $0["value"] as? Double } == [0.1, 0.1])
  }

  @Test func blueGreenSwitchInTheTrace() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/blue-green-manual.yaml", "--format", "jsonl", "--action", "60s:promote"])
    let records = r.stdoutLines.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    let i = try #require(records.firstIndex { $0["t"] as? Double == 60 })
    #expect(records[i - 1]["traffic"] as? [String: Double] == ["1": 1])
    #expect(records[i]["traffic"] as? [String: Double] == ["2": 1])
    #expect(records[i - 1]["phase"] as? String == "Paused" && records[i - 1]["message"] as? String == "BlueGreenPause")
    let summary = try #require((try JSONSerialization.jsonObject(with: Data(r.stdoutLines.last!.utf8)) as? [String: Any])?["summary"] as? [String: Any])
    #expect(summary["promotedAt"] as? Double == 60)
  }

  // MARK: - Determinism, seed, formats, options

  @Test func sameCommandTwiceIsByteIdentical() throws {
    for format in ["jsonl", "table", "csv"] {
      let args = ["simulate", "Strategies/undo.yaml", "--format", format, "--action", "3s:kill-pod", "--action", "12s:node-down=1"]
      let a = try CLIRunner.run(args)
      let b = try CLIRunner.run(args)
      #expect(a.status == 0)
      #expect(!a.stdout.isEmpty && a.stdout == b.stdout, "\(format)")
    }
  }

  func killedPod(seed: Int) throws -> String {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--format", "jsonl", "--seed", "\(seed)", "--action", "20s:kill-pod"])
    let line = try #require(r.stdoutLines.first { $0.contains("UserAction action/kill-pod") })
    let events = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["events"] as? [String])
    let e = try #require(events.first { $0.hasPrefix("UserAction action/kill-pod: kill-pod: deleted pod ") })
    return String(e.dropFirst("UserAction action/kill-pod: kill-pod: deleted pod ".count))
  }

  @Test func seedChoosesWhichPodIsKilled() throws {
    let pods = try (1...6).map { try killedPod(seed: $0) }
    #expect(Set(pods).count >= 2, "\(pods)")
    #expect(try killedPod(seed: 3) == pods[2])
    #expect(pods.allSatisfy { $0.hasPrefix("shop-") })
  }

  @Test func csvHasAHeaderAndOneRowPerInstant() throws {
    let csv = try CLIRunner.run(["simulate", "Strategies/too-big.yaml", "--format", "csv"])
    let jsonl = try CLIRunner.run(["simulate", "Strategies/too-big.yaml", "--format", "jsonl"])
    #expect(csv.status == 0)
    let rows = csv.stdoutLines
    #expect(
      rows.first
        == "t,phase,revision,replicas,pods,ready,available,terminating,pending,newReplicas,newAvailable,oldPods,oldAvailable,newTrafficShare,requestsOk,requestsFailed,step,setWeight,actualWeight,analysisPhase,failureRate,events"
    )
    #expect(rows.count - 1 == jsonl.stdoutLines.count - 1)
    let times = rows.dropFirst().map { $0.split(separator: ",", maxSplits: 1).first.map(String.init) ?? "" }
    let jsonTimes = jsonl.stdoutLines.dropLast().map { line in
      ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["t"].map { "\($0)" } ?? "?"
    }
    #expect(times == jsonTimes)
    #expect(rows[1].hasPrefix("0,Progressing,2,10,20,10,10,0,8,10,0,10,10,0,0,0,,,,,0,"))
  }

  /// The canary columns: steps done, set and actual weight, the analysis phase, the
  /// failure rate (issue 13: plots need them).
  @Test func csvHasCanaryColumns() throws {
    let csv = try CLIRunner.run(["simulate", "Strategies/canary-analysis-fails.yaml", "--format", "csv"])
    #expect(csv.status == 0)
    let header = csv.stdoutLines[0].split(separator: ",").map(String.init)
    func column(_ name: String) -> [String] {
      let i = header.firstIndex(of: name)!
      return csv.stdoutLines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[i] }
    }
    #expect(column("setWeight").contains("20"))
    #expect(column("analysisPhase").contains("Failed"))
    #expect(column("step").allSatisfy { Int($0) != nil })
    #expect(column("failureRate").contains { (Double($0) ?? 0) > 0 })
    #expect(column("failureRate").allSatisfy { (0...1).contains(Double($0) ?? -1) })
  }

  @Test func tableIsReadable() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("t=0s  Progressing"))
    #expect(r.stdout.contains("Scaled up replica set"))
    #expect(r.stdout.contains("summary: RollingUpdate, completed in 11s, phase Healthy"))
  }

  @Test func untilStopsTheRun() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/never-ready.yaml", "--format", "jsonl", "--until", "90s"])
    #expect(r.status == 0)
    let times = r.stdoutLines.dropLast().compactMap { ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["t"] as? Double }
    #expect(times.last == 61)
    #expect(times.allSatisfy { $0 <= 90 })
    let summary = r.stdoutLines.last ?? ""
    #expect(summary.contains("\"completed\":false") && summary.contains("\"duration\":90"))
  }

  /// Every verb is accepted; those that don't apply are rejected with the reason and
  /// the rejection is an event in the trace.
  @Test func actionVerbs() throws {
    let args = [
      "simulate", "Strategies/rolling-update.yaml", "--format", "jsonl", "--action", "1s:pause", "--action", "2s:resume",
      "--action", "3s:promote", "--action", "4s:scale=12", "--action", "6s:kill-pod", "--action", "7s:node-down=3", "--action", "8s:node-up=3",
      "--action", "9s:set-image=shop:1.2", "--action", "20s:undo", "--action", "40s:undo=1", "--action", "50s:abort",
    ]
    let r = try CLIRunner.run(args)
    #expect(r.status == 0 && r.stderr.isEmpty)
    let events = r.stdoutLines.dropLast().flatMap { line in
      (((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["events"] as? [String]) ?? []
    }.filter { $0.hasPrefix("UserAction ") }
    #expect(events.count == 11, "\(events)")
    #expect(events.contains("UserAction action/pause: pause: deployment.apps/shop paused"))
    #expect(events.contains("UserAction action/resume: resume: deployment.apps/shop resumed"))
    #expect(
      events.contains(
        "UserAction action/promote: promote: rejected: promote: a Deployment has no steps, pauses or analysis; this is an Argo Rollouts verb (try pause, resume or undo)"
      ))
    #expect(events.contains { $0.hasPrefix("UserAction action/abort: abort: rejected: ") })
    #expect(events.contains { $0.hasPrefix("UserAction action/scale=12: ") })
    #expect(events.contains { $0.hasPrefix("UserAction action/set-image=shop:1.2: ") })
    #expect(events.contains { $0.hasPrefix("UserAction action/node-down=3: ") })
    let summary = r.stdoutLines.last ?? ""
    #expect(summary.contains("\"completed\":true"))
  }

  @Test func scenarioInItsOwnFile() throws {
    let manifest = try CLIRunner.tempFile("deploy.yaml", Self.deployment("      maxSurge: 1\n      maxUnavailable: 0"))
    let scenario = try CLIRunner.tempFile(
      "scenario.yaml",
      "apiVersion: rollsim/v1\nkind: Simulation\nspec:\n  from: shop:0.9\n  cluster: {nodes: 4}\n  images:\n    shop:1.1: {startupSeconds: 3}\n  actions: [{at: 4s, do: pause}]\n")
    let r = try CLIRunner.run(["simulate", manifest, "--scenario", scenario, "--format", "jsonl", "--until", "10s"])
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    let first = try #require(try JSONSerialization.jsonObject(with: Data((r.stdoutLines.first ?? "").utf8)) as? [String: Any])
    let images = (first["revisions"] as? [[String: Any]])?.compactMap { $0["image"] as? String }
    #expect(images == ["shop:0.9", "shop:1.1"])
    // maxSurge 1, unavailable 0, start-up 3 s: the second new pod is created at 3 s,
    // then the scenario's pause at 4 s holds the rollout.
    #expect(r.stdout.contains("UserAction action/pause: pause: deployment.apps/shop paused"))
    #expect(r.stdoutLines.last?.contains("\"completed\":false") == true)
    // validate checks the two files as the one input simulate ran.
    let v = try CLIRunner.run(["validate", manifest, scenario])
    #expect(v.status == 0)
    #expect(v.stdoutLines.first == "\(manifest) \(scenario): ok")
  }

  // MARK: - Bad command lines: one line, exit 2 (not ArgumentParser's usage and 64)

  /// (arguments, the command named in the line)
  static let badCommandLines: [([String], String)] = [
    (["simulate", "Strategies/rolling-update.yaml", "--format", "xml"], "rollsim simulate"),
    (["simulate", "Strategies/rolling-update.yaml", "--seed", "-1"], "rollsim simulate"),
    (["simulate", "Strategies/rolling-update.yaml", "--seed", "many"], "rollsim simulate"),
    (["simulate"], "rollsim simulate"),
    (["simulate", "Strategies/rolling-update.yaml", "--bogus"], "rollsim simulate"),
    (["simulate", "Strategies/rolling-update.yaml", "--until"], "rollsim simulate"),
    (["simulate", "Strategies/rolling-update.yaml", "--workload"], "rollsim simulate"),
    (["validate", "--format", "jsonl"], "rollsim validate"),
    (["watch", "--speed", "fast"], "rollsim watch"),
    (["watch", "--at", "soon"], "rollsim watch"),
    // Past Int64 milliseconds: refused, not a trap in the duration parser.
    (["watch", "--at", "99999999999999999999h"], "rollsim watch"),
    (["watch", "--scenario", "s.yaml"], "rollsim watch"),
    (["replay"], "rollsim replay"),
    (["replay", "session.json", "--format", "csv"], "rollsim replay"),
    (["simulat", "Strategies/rolling-update.yaml"], "rollsim"),
    (["--bogus"], "rollsim"),
    (["Strategies/canary.yaml"], "rollsim"),
  ]

  @Test(arguments: 0..<badCommandLines.count) func badCommandLineIsOneLineAndExitStatus2(index: Int) throws {
    let (args, command) = Self.badCommandLines[index]
    let r = try CLIRunner.run(args)
    #expect(!r.timedOut)
    #expect(r.status == 2, "\(args): status \(r.status), stderr: \(r.stderr)")
    #expect(r.stdout.isEmpty, "\(args)")
    #expect(r.stderrLines.count == 1, "\(args): \(r.stderr)")
    let line = r.stderrLines.first ?? ""
    #expect(line.hasPrefix("\(command): error: "), "\(line)")
    #expect(line.hasSuffix(" (see '\(command) --help')"), "\(line)")
    #expect(!line.contains("USAGE") && !line.contains("Error: "), "\(line)")
  }

  @Test func badCommandLineMessagesNameTheProblem() throws {
    #expect(
      try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--format", "xml"]).stderr
        == "rollsim simulate: error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'jsonl' or 'csv'. (see 'rollsim simulate --help')\n"
    )
    #expect(
      try CLIRunner.run(["watch", "--speed", "fast"]).stderr
        == "rollsim watch: error: --speed \"fast\": use one of 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, max (see 'rollsim watch --help')\n")
    #expect(
      try CLIRunner.run(["simulate"]).stderr
        == "rollsim simulate: error: Missing expected argument '<file>' (see 'rollsim simulate --help')\n")
    // ArgumentParser's own words would mislead here ("Missing value", "2 unexpected arguments").
    #expect(
      try CLIRunner.run(["simulate", "Strategies/rolling-update.yaml", "--seed", "-1"]).stderr
        == "rollsim simulate: error: The value '-1' is invalid for '--seed <seed>' (see 'rollsim simulate --help')\n")
    #expect(
      try CLIRunner.run(["simulat", "x.yaml"]).stderr
        == "rollsim: error: unknown subcommand 'simulat'; use simulate, compare, validate, watch, replay or drill (see 'rollsim --help')\n")
  }

  /// Help and version are not errors: status 0, on standard output.
  @Test(arguments: [["--help"], ["-h"], ["help"], ["help", "simulate"], ["simulate", "-h"], ["watch", "--help"], ["replay", "--help"]])
  func helpExitsZero(args: [String]) throws {
    let r = try CLIRunner.run(args)
    #expect(r.status == 0, "\(args): \(r.stderr)")
    #expect(r.stdout.contains("USAGE: rollsim"), "\(args)")
    #expect(r.stderr.isEmpty)
  }

  @Test func versionExitsZero() throws {
    let r = try CLIRunner.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdoutLines.count == 1)
    #expect(try #/^\d+\.\d+\.\d+$/#.wholeMatch(in: r.stdoutLines.first ?? "") != nil, "\(r.stdout)")
  }

  // MARK: - validate and help

  @Test func validatePrintsWhatItUnderstood() throws {
    var out: [String] = []
    for file in ["Strategies/rolling-update.yaml", "Strategies/canary-istio.yaml", "Strategies/recreate.yaml"] {
      let r = try CLIRunner.run(["validate", file])
      #expect(r.status == 0 && r.stderr.isEmpty)
      out += r.stdoutLines
    }
    #expect(out.contains("Strategies/rolling-update.yaml: ok"))
    #expect(
      out.contains(
        "  Deployment shop: 10 replicas, image shop:1.1, RollingUpdate maxSurge 3 (25%) maxUnavailable 2 (25%), minReadySeconds 0, progressDeadline 600s"))
    #expect(out.contains { $0.hasPrefix("  Rollout shop: 10 replicas, image shop:1.1, Canary 4 steps (setWeight 10, pause 30s, setWeight 50, pause 30s), trafficRouting istio vs/shop, maxTrafficWeight 100") })
    #expect(out.contains("  Deployment shop: 10 replicas, image shop:1.1, Recreate, minReadySeconds 0, progressDeadline 600s"))
  }

  @Test func validateEveryStrategy() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.root.appendingPathComponent("Strategies").path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "Strategies/\($0)" }
    for file in files {
      let r = try CLIRunner.run(["validate", file])
      #expect(r.status == 0 && r.stderr.isEmpty, "\(file): \(r.stderr)")
      #expect(r.stdoutLines.first == "\(file): ok")
    }
  }

  @Test func validateReportsErrorsWithStatus2() throws {
    let bad = try CLIRunner.tempFile("bad.yaml", Self.deployment("      maxSurge: 0\n      maxUnavailable: 0"))
    // The arguments are one input, as simulate reads them: an error in one file fails
    // it, named by that file.
    let r = try CLIRunner.run(["validate", "Strategies/fast.yaml", bad])
    #expect(r.status == 2 && r.stdout.isEmpty)
    #expect(r.stderrLines == ["\(bad):10:23: error: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"])
    let missing = try CLIRunner.run(["validate", "Strategies/fast.yaml", "/nonexistent.yaml"])
    #expect(missing.status == 2 && missing.stdout.isEmpty)
    #expect(missing.stderrLines == ["/nonexistent.yaml: error: no such file"])
  }

  @Test(arguments: ["simulate", "validate"]) func helpHasExamples(command: String) throws {
    let r = try CLIRunner.run([command, "--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("USAGE: rollsim \(command)"))
    #expect(r.stdout.contains("Examples:"))
    #expect(r.stdout.contains("rollsim \(command) Strategies/"))
  }

  @Test func simulateHelpListsFormatsAndVerbs() throws {
    let r = try CLIRunner.run(["simulate", "--help"])
    for word in ["--format", "jsonl", "csv", "--action", "--until", "--seed", "--scenario", "kill-pod", "promote-full"] {
      #expect(r.stdout.contains(word), "\(word)")
    }
  }
}
