import Foundation
import RolloutEngine

/// Seeded generators of hostile input for `HostileInputFuzzTests`: mutated manifests
/// (structured and byte-level), `--action` lists and recordings. Everything comes
/// from one `SplitMix64`, so a failing case is reproduced by its seed and index.
struct HostileInputs {
  var rng: SplitMix64

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
  mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
  mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

  /// The repository's strategy files: the base texts every manifest case mutates.
  static let bases: [(name: String, text: String)] = {
    let dir = CLIRunner.root.appendingPathComponent("Strategies")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    return names.compactMap { n in (try? String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)).map { (n, $0) } }
  }()

  /// Values that have broken parsers, loaders and timers somewhere.
  static let values: [String] = [
    "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999", "1e308", "-1e308",
    "1e-320", ".nan", ".inf", "-.inf", "0x7fffffff", "1000000000", "1000000001", "999999999s", "277777h46m41s", "1e9s", "-5s",
    "\"50%\"", "\"200%\"", "\"-5%\"", "\"9000000000000000000%\"", "\"\"", "~", "null", "[]", "{}", "true", "abc",
    #""shop:1.1\e]0;PWNED\a\e[31mRED""#, #""line\nbreak""#, #""\u0085\u009b\u001b[2J""#, #""tab\there""#, #""\0nul""#,
    "\"" + String(repeating: "a", count: 300) + "\"", String(repeating: "x", count: 5000), "Shop_Name", "-leading-dash",
    "\"x'y\"", "x'y", "!!binary aGVsbG8=", "!!int 5", "&a [*a, *a, *a]", "*undefined", "{a: 1, a: 2}",
    String(repeating: "[", count: 250) + String(repeating: "]", count: 250), "[x'y, " + String(repeating: "[", count: 300),
    "|\n  literal\n  block", "\"\\xff\"", "'quoted ''twice'''", "@reserved", "`tick`", "%directive", "? complex",
  ]

  /// Raw bytes that must never reach a terminal or crash a decoder.
  static let bytes: [[UInt8]] = [
    [0], [0x1B], [0x07], [0x1B, 0x5D, 0x30, 0x3B, 0x50, 0x07], [0xFF], [0xC3], [0xC2, 0x85], [0xC2, 0x9B], [0xED, 0xA0, 0x80],
    [0x09], [0x0D], [0x0D, 0x0A], [0x7F], [0x27], [0x22], [0x5B], [0x7B], [0x3A, 0x20], [0x2D, 0x20], [0x23], [0x26, 0x61], [0x2A, 0x61],
    Array("\n---\n".utf8), Array("\n  ".utf8), Array("<<: *x".utf8),
  ]

  // MARK: - Manifests

  /// A mutated manifest file: one to three mutations of a strategy file.
  mutating func manifest() -> (name: String, bytes: [UInt8]) {
    let base = pick(Self.bases)
    var lines = base.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var raw: [UInt8]? = nil
    for _ in 0..<(1 + int(3)) {
      guard !lines.isEmpty else { break }
      let i = int(lines.count)
      switch int(10) {
      case 0, 1, 2:
        // Replace a value: the text after the first ": ".
        if let r = lines[i].range(of: ": ") { lines[i] = String(lines[i][..<r.upperBound]) + pick(Self.values) }
      case 3: lines.insert(lines[i], at: i)  // a duplicate key (or list entry)
      case 4: lines.remove(at: i)
      case 5:
        let indent = String(repeating: " ", count: lines[i].prefix { $0 == " " }.count)
        lines.insert(indent + pick(["name", "image", "replicas", "labels", "app", "metadata", "periodSeconds", "steps", "seed"]) + ": " + pick(Self.values), at: i)
      case 6: lines[i] = String(repeating: " ", count: int(6)) + lines[i].drop { $0 == " " }
      case 7:
        // A label or name with control characters and a long value.
        lines.insert("  labels: {app: " + pick(Self.values) + ", " + pick(["\"k\\e\"", "x/y/z", "Bad Key", "a"]) + ": v}", at: min(i, lines.count))
      default:
        var b = Array(lines.joined(separator: "\n").utf8)
        for _ in 0..<(1 + int(3)) {
          let at = int(b.count + 1)
          if chance(20) && !b.isEmpty {
            b = Array(b.prefix(at))  // truncated
          } else {
            b.insert(contentsOf: pick(Self.bytes), at: min(at, b.count))
          }
        }
        raw = b
      }
      if raw != nil { break }
    }
    return (base.name, raw ?? Array(lines.joined(separator: "\n").utf8))
  }

  // MARK: - Command lines

  static let actionTexts: [String] = [
    "10s:pause", "20s:resume", "15s:undo", "15s:undo=1", "15s:undo=0", "15s:undo=-1", "12s:scale=0", "12s:scale=-1", "12s:scale=99999999999",
    "12s:scale=abc", "30s:set-image=shop:2.0", "30s:set-image=", "30s:set-image=\u{1B}]0;PWNED\u{07}", "5s:kill-pod", "5s:kill-pod=3",
    "8s:node-down=1", "8s:node-down=0", "9s:node-up=1", "40s:promote", "41s:promote-full", "42s:abort", "43s:retry", "-1s:pause",
    "1e10s:pause", "99999999999999999999h:undo", "x:y", "pause", ":", "10s:", "10s:frob", "10s:pause=1", "1h30m:undo", "500ms:pause",
    "10s:set-image=" + String(repeating: "i", count: 400), "\u{1B}[31m:pause", "10s:scale=\u{85}",
  ]

  /// `simulate` or `validate` arguments for a manifest at `path`.
  mutating func commandLine(path: String) -> [String] {
    if chance(15) { return ["validate", path] }
    var args = ["simulate", path, "--until", pick(["30s", "2m", "5m", "-1s", "1e9", "abc", "0"]), "--format", pick(["table", "jsonl", "csv"])]
    for _ in 0..<int(4) { args += ["--action", pick(Self.actionTexts)] }
    if chance(10) { args += ["--seed", pick(["0", "-1", "18446744073709551615", "18446744073709551616", "x"])] }
    // The default bound (a million events) is for people; a fuzz case stays short.
    args += ["--max-events", pick(["1", "50", "0", "-3", "20000", "20000", "20000"])]
    return args
  }

  // MARK: - Recordings

  /// A recording of a strategy file, then mutated as JSON text or as values.
  mutating func recording() -> [UInt8] {
    let base = pick(Self.bases)
    let actions = (0..<int(4)).map { _ -> [String: String] in
      let a = pick(Self.actionTexts)
      let parts = a.split(separator: ":", maxSplits: 1).map(String.init)
      return ["at": parts.first ?? "", "do": parts.count > 1 ? parts[1] : ""]
    }
    var object: [String: Any] = [
      "format": "rollsim-recording/v1", "manifest": ["path": base.name, "text": base.text], "seed": 7, "actions": actions, "end": "20s",
      "final": ["state": "", "summary": "", "digest": ""],
    ]
    switch int(6) {
    case 0: object["seed"] = pick([-1, 1.5, 18_446_744_073_709_551_615.0, 0] as [Any])
    case 1: object["end"] = pick(["-1s", "1e9", "x", "\u{1B}[2J", "1s"])
    case 2: object["format"] = pick(["rollsim-recording/v2", "", "\u{07}"])
    case 3: object["actions"] = pick([[1, 2], "x", [["at": 5]], NSNull()] as [Any])
    case 4: object["manifest"] = ["path": "\u{1B}]0;T\u{07}.yaml", "text": String(decoding: manifest().bytes, as: UTF8.self)]
    default: break
    }
    var b = [UInt8]((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    if chance(30) {
      for _ in 0..<(1 + int(3)) {
        let at = int(b.count + 1)
        if chance(25) { b = Array(b.prefix(at)) } else { b.insert(contentsOf: pick(Self.bytes), at: min(at, b.count)) }
      }
    }
    return b
  }
}
