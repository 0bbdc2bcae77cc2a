import Foundation
import RolloutDrills
import RolloutEngine
import RolloutManifests
import RolloutRuns
import Testing

enum DrillFiles {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static func input(_ d: Drill) throws -> SimulationInput {
    let url = root.appendingPathComponent("Strategies/drills/\(d.file)")
    return try ManifestLoader.load(manifest: SourceText(path: "Strategies/drills/\(d.file)", text: try String(contentsOf: url, encoding: .utf8))).input
  }
  static func score(_ d: Drill, _ input: SimulationInput, seed: UInt64 = 7, _ actions: [ScheduledAction]) throws -> DrillScore {
    var a = try DrillAttempt(d, input: input, seed: seed, actions: actions)
    a.playToEnd()
    return DrillScoring.score(a, seed: seed)
  }
}

/// Issue 9's proof: for every drill the good response scores best among
/// {nothing, undo, abort, promote} at two reaction times.
@Suite struct DrillProofTests {
  static let responses: [(ResponseClass, ActionVerb?)] = [(.nothing, nil), (.undo, .undo(revision: nil)), (.abort, .abort), (.promote, .promote)]

  @Test(arguments: DrillCatalog.all.map(\.name))
  func goodResponseScoresBest(name: String) throws {
    let d = DrillCatalog.named(name)!
    let input = try DrillFiles.input(d)
    // When the fault acts, from the simulation (doing nothing), as the scorer reads it.
    var nothing = try DrillAttempt(d, input: input, seed: 7)
    nothing.playToEnd()
    let start = nothing.faultStart.map { Double($0) / 1000 } ?? 120
    print("drill \(name): the fault acts at \(start) s")
    for delay in [45.0, 150.0] {
      var scores: [ResponseClass: DrillScore] = [:]
      for (cls, verb) in Self.responses {
        let actions = verb.map { [ScheduledAction(at: .seconds(start + delay), verb: $0)] } ?? []
        scores[cls] = try DrillFiles.score(d, input, actions)
      }
      let line = Self.responses.map { "\($0.0.rawValue) \(scores[$0.0]!.score) (\(scores[$0.0]!.budgetBurnedPercent)%, \(scores[$0.0]!.finalState))" }
      print("drill \(name) +\(Int(delay))s: " + line.joined(separator: ", "))
      let best = d.good.compactMap { scores[$0]?.score }.max() ?? -1
      for (cls, s) in scores where !d.good.contains(cls) {
        #expect(best > s.score, "\(name) +\(delay)s: \(cls.rawValue) scores \(s.score), the good response \(best)")
      }
    }
  }

  @Test func decoyAndNodeLossDoingNothingBeatsRollingBack() throws {
    for name in ["noisy-decoy", "node-lost"] {
      let d = DrillCatalog.named(name)!
      let input = try DrillFiles.input(d)
      let nothing = try DrillFiles.score(d, input, [])
      let undo = try DrillFiles.score(d, input, [ScheduledAction(at: .seconds(300), verb: .undo(revision: nil))])
      #expect(nothing.score > undo.score)
      if name == "node-lost" {
        let up = try DrillFiles.score(d, input, [ScheduledAction(at: .seconds(300), verb: .nodeUp(1))])
        #expect(up.rightAction)
        #expect(up.score > undo.score)
      }
    }
  }

  @Test func sameSeedAndActionsSameScore() throws {
    let d = DrillCatalog.named("rising-errors")!
    let input = try DrillFiles.input(d)
    let actions = [ScheduledAction(at: .seconds(260), verb: .abort)]
    let a = try DrillScoring.play(d, input: input, seed: 42, actions: actions).1
    let b = try DrillScoring.play(d, input: input, seed: 42, actions: actions).1
    #expect(a == b)
    #expect(a.alternatives.count == 4)
  }
}

/// The operator's view: sampled buckets, burn rates and the multi-window alerts.
@Suite struct DrillMonitorTests {
  @Test func aBadReleasePagesAfterTheFaultAndTheDecoyNever() throws {
    let bad = DrillCatalog.named("rising-errors")!
    var a = try DrillAttempt(bad, input: try DrillFiles.input(bad), seed: 7)
    a.playToEnd()
    let page = try #require(a.monitor.firstPage)
    #expect(page > .seconds(180) && page < .seconds(600))
    let decoy = DrillCatalog.named("noisy-decoy")!
    var b = try DrillAttempt(decoy, input: try DrillFiles.input(decoy), seed: 7)
    b.playToEnd()
    #expect(b.monitor.firstPage == nil)
    // Noisy: some 5 s buckets show failures, most none.
    let failing = b.monitor.buckets.filter { $0.bad > 0 }.count
    #expect(failing > 0 && failing < b.monitor.buckets.count / 4)
  }

  @Test func windowsAreCompressed() throws {
    let d = DrillCatalog.named("rising-errors")!
    let a = try DrillAttempt(d, input: try DrillFiles.input(d), seed: 1)
    #expect(a.monitor.windowMs(3600) == .seconds(300))
    #expect(a.monitor.windowMs(300) == .seconds(25))
  }
}
