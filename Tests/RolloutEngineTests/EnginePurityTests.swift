import Foundation
import Testing

/// The engine is a pure library, with determinism injected (a seed, simulated time): no I/O,
/// no terminal, no wall clock, no global randomness. This reads its sources and fails
/// on the constructs that would break determinism, so a slip can't land.
@Suite struct EnginePurityTests {
  static let engineSources: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/RolloutEngine")

  static func sourceFiles() throws -> [(name: String, text: String)] {
    let fm = FileManager.default
    guard let e = fm.enumerator(at: engineSources, includingPropertiesForKeys: nil) else { return [] }
    var out: [(String, String)] = []
    for case let url as URL in e where url.pathExtension == "swift" {
      out.append((url.lastPathComponent, try String(contentsOf: url, encoding: .utf8)))
    }
    return out.sorted { $0.0 < $1.0 }
  }

  @Test func importsOnlyTheCollections() throws {
    let files = try Self.sourceFiles()
    #expect(files.count > 10)
    let allowed: Set<String> = ["HeapModule", "DequeModule", "OrderedCollections"]
    for (name, text) in files {
      for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@preconcurrency import ") {
        let module = String(line.split(separator: " ").last ?? "")
        #expect(allowed.contains(module), "\(name): `\(line)`: the engine imports no I/O, terminal or Foundation module")
      }
    }
  }

  @Test func noWallClockNoGlobalRandomness() throws {
    let forbidden = ["Date()", "ContinuousClock", "SuspendingClock", "DispatchTime", "SystemRandomNumberGenerator", "nonisolated(unsafe)", "@unchecked Sendable"]
    for (name, text) in try Self.sourceFiles() {
      let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
      for f in forbidden {
        #expect(!code.contains(f), "\(name) uses \(f)")
      }
      // Every random draw goes through the simulation's seeded generator.
      for line in code.split(separator: "\n") where line.contains(".random(") || line.contains(".randomElement(") || line.contains(".shuffled(") {
        #expect(line.contains("using:"), "\(name): `\(line.trimmingCharacters(in: .whitespaces))` must draw from the seeded generator")
      }
    }
  }
}
