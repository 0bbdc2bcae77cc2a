import Foundation
import RolloutEngine
import Testing

/// `watch --noise` (issue 9: `--noise` turns noise on anywhere): the recording keeps
/// it, and a replay samples the same requests.
@Suite(.serialized) struct WatchNoiseTmuxTests {
  /// A canary at 1 rps whose image fails 0.2 %, analysed every minute with
  /// failureLimit 0: exact counts pass (99.8 %), sampled ones fail on seed 1 (one
  /// failure in a minute's 60 requests is 98.3 %).
  static let manifest = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: app}
    spec:
      replicas: 2
      strategy:
        canary:
          steps:
          - setWeight: 50
          - analysis: {templates: [{templateName: success}]}
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          containers:
          - {name: app, image: "app:2", resources: {requests: {cpu: 100m, memory: 64Mi}}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: app}
    spec: {selector: {app: app}, ports: [{port: 80}]}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: success}
    spec:
      metrics:
      - name: success
        initialDelay: 60s
        interval: 60s
        count: 5
        failureLimit: 0
        successCondition: result >= 0.99
        provider: {rollsim: {metric: success-rate}}
    ---
    apiVersion: rollsim/v1
    kind: Simulation
    metadata: {name: noise}
    spec:
      from: app:1
      traffic: {requestsPerSecond: 2}
      images: {app:2: {errorRate: 0.002}}
    """

  @Test(.timeLimit(.minutes(1)))
  func noiseIsRecordedAndReplayed() throws {
    let dir = NSTemporaryDirectory() + "rollsim-noise-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/noise.yaml"
    try Self.manifest.write(toFile: file, atomically: true, encoding: .utf8)
    let rec = dir + "/session.json"
    let tmux = try TmuxSession(["watch", file, "--noise", "--seed", "1", "--at", "8m", "--paused", "--record", rec])
    defer { tmux.close() }
    #expect(try tmux.waitFor { $0.contains("PAUSED") }.ok)
    try tmux.send("q")
    #expect(tmux.exitStatus() == 0)

    let data = try #require(FileManager.default.contents(atPath: rec))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["noise"] as? Bool == true)
    let final = try #require(json["final"] as? [String: String])
    // Sampled: the analysis failed and the rollout aborted.
    #expect(final["summary"]!.contains(#""completed":false"#), "\(final["summary"]!)")
    let replay = try TmuxSession.runRollsim(["replay", rec])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout.hasSuffix("final state identical to the recording\n"))

    // Without the flag in the recording the replay counts exactly: it completes,
    // and the check says the state differs.
    var exact = json
    exact["noise"] = nil
    let other = dir + "/exact.json"
    try JSONSerialization.data(withJSONObject: exact).write(to: URL(fileURLWithPath: other))
    let r = try TmuxSession.runRollsim(["replay", other, "--format", "jsonl"])
    #expect(r.status == 1)
    #expect(r.stdout.contains(#""completed":true"#), "\(r.stdout)")
  }
}
