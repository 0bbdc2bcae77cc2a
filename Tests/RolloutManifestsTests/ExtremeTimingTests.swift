import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// Every timing and count field at the largest value the loader accepts, alone and all
/// at once, run to the engine's 10⁹ s horizon (issue 14: a readiness probe with
/// `periodSeconds` × `successThreshold` = int32 × int32 trapped in the kubelet timing).
/// Durations computed from input numbers saturate at `SimTime.never`, so no product
/// or sum of them traps, whichever path multiplies them.
@Suite struct ExtremeTimingTests {
  /// The largest values tried, largest first: the int32 API limit, then the 10⁹ s
  /// horizon (`maxDurationSeconds`) in the duration syntaxes.
  static let extremes = ["2147483647", "1000000000", "277777h46m40s", "16666666m", "1", "0"]

  /// Fields that size the fleet or the traffic rather than time it: their extremes
  /// are memory, not arithmetic, and `ExtremeValueTests` covers them one at a time.
  static let sizing: Set<String> = [
    "replicas", "nodes", "cpu", "memory", "requestsPerSecond", "podCapacity", "previewReplicaCount", "minPodsPerReplicaSet",
    "maxSurge", "maxUnavailable", "setWeight", "weight", "maxTrafficWeight", "seed", "errorRate", "scaleDownDelayRevisionLimit",
    "revisionHistoryLimit",
  ]

  /// A crash-looping and a never-ready image, so the crash and probe-failure timers run.
  static let failingImages = """
      images:
        shop:1.1: {startupSeconds: 2, crashLoop: true, crashAfterSeconds: 1, shutdownSeconds: 1}
        shop:1.2: {startupSeconds: 2, neverReady: true}
    """

  /// (field name, range of its value) for every `key: NUMBER` in `text`.
  static func numericFields(_ text: String) -> [(key: String, range: Range<String.Index>)] {
    text.matches(of: #/([A-Za-z]+): (-?[0-9][0-9.]*[A-Za-z%]*)/#).map { (String($0.output.1), $0.output.2.startIndex..<$0.output.2.endIndex) }
      .filter { !sizing.contains($0.key) }
  }

  static func replacing(_ text: String, _ changes: [(Range<String.Index>, String)]) -> String {
    var out = text
    for (r, v) in changes.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) { out.replaceSubrange(r, with: v) }
    return out
  }

  static func loads(_ text: String) -> SimulationInput? { try? ManifestLoader.load(manifest: SourceText(path: "x.yaml", text: text)).input }

  /// Runs towards the horizon: every instant with a timer, at most 1,000 of them. A
  /// timer's time is computed (and would trap) when it is scheduled, so this reaches
  /// every multiplication; a saturated timer lies past the horizon and never fires.
  static func runToTheHorizon(_ input: SimulationInput) throws {
    var sim = try Simulation(input)
    var instants = 0
    let horizon = SimTime.seconds(Int(maxDurationSeconds))
    while instants < 1_000, let t = sim.nextEventTime(), t <= horizon {
      sim.stepToNextEvent()
      instants += 1
    }
    // A crash loop has timers for ever; where nothing is pending before the horizon,
    // move the clock there (the saturated timers lie beyond it).
    if sim.nextEventTime().map({ $0 > horizon }) ?? true { sim.advance(to: horizon) }
    _ = TraceFormat.jsonLine(sim.snapshot(includePods: false), events: sim.instantEvents)
    _ = TraceFormat.tableSummary(sim.summary())
  }

  @Test(arguments: ["deployment", "canary", "blueGreen", "crashing", "neverReady"])
  func everyTimingFieldAtItsLargestValue(kind: String) throws {
    var base: String
    switch kind {
    case "canary": base = ExtremeValueTests.canary
    case "blueGreen": base = ExtremeValueTests.blueGreen
    default: base = ExtremeValueTests.deployment
    }
    if kind == "crashing" || kind == "neverReady" {
      base = base.replacingOccurrences(of: "  images:\n    shop:1.1: {startupSeconds: 2, errorRate: 0.1, crashLoop: false, crashAfterSeconds: 1, shutdownSeconds: 1, latencyMs: 50}\n", with: Self.failingImages + "\n")
      if kind == "neverReady" { base = base.replacingOccurrences(of: "- image: shop:1.1", with: "- image: shop:1.2") }
    }
    #expect(Self.loads(base) != nil, "the base manifest loads")
    let fields = Self.numericFields(base)
    #expect(fields.count >= 3)
    // Each field alone at its largest accepted value, then all of them together.
    var chosen: [(Range<String.Index>, String)] = []
    for f in fields {
      guard let v = Self.extremes.first(where: { Self.loads(Self.replacing(base, [(f.range, $0)])) != nil }) else {
        Issue.record("\(kind): \(f.key) accepts none of \(Self.extremes)")
        continue
      }
      chosen.append((f.range, v))
      if let input = Self.loads(Self.replacing(base, [(f.range, v)])) { try Self.runToTheHorizon(input) }
    }
    let all = Self.replacing(base, chosen)
    let input = try #require(Self.loads(all), "all fields at their largest values together:\n\(all)")
    try Self.runToTheHorizon(input)
    // The probe products themselves: int32 × int32 seconds, far past the horizon.
    let probe = ReadinessProbe(initialDelaySeconds: Int(Int32.max), periodSeconds: Int(Int32.max), successThreshold: Int(Int32.max), failureThreshold: Int(Int32.max))
    #expect(probe.readyDelay == .never && probe.failureDelay == .never)
  }
}
