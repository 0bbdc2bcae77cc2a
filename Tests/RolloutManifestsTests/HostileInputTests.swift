import Foundation
import RolloutEngine
@testable import RolloutManifests
import Testing

/// Hostile input (issue 14): one clean `FILE:LINE:COL: error:` line whatever the
/// bytes, echoed values escaped and cut, one nesting limit, Kubernetes' name rules, and
/// a bound on what a list may ask for.
@Suite struct HostileInputTests {
  func error(_ yaml: String) -> String { Manifests.error(yaml) }

  func bytesError(_ bytes: [UInt8]) -> String {
    do {
      _ = try SourceText(path: "test.yaml", bytes: bytes)
      return "decoded"
    } catch {
      return error.description
    }
  }

  // MARK: - One clean line

  @Test func duplicateKeysAreOneLineAtTheKey() {
    let big = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\nspec:\n  replicas: 2\n  replicas: 3\n"
      + String(repeating: "# padding\n", count: 10_000)
    #expect(error(big) == "test.yaml:5:3: error: malformed YAML: mapping key \"replicas\" is defined more than once")
  }

  @Test func controlCharactersNULAndInvalidUTF8HaveAPosition() {
    #expect(
      error("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: sh\u{1B}op}\n")
        == "test.yaml:3:20: error: malformed YAML: control characters are not allowed (#x1B)")
    #expect(bytesError(Array("kind: a\nname: sh".utf8) + [0] + Array("op\n".utf8)) == "test.yaml:2:9: error: not a text file: NUL byte")
    #expect(bytesError(Array("kind: a\nname: \u{e9}t\u{e9}".utf8) + [0xFF]) == "test.yaml:2:10: error: not UTF-8: invalid byte 0xFF")
    // A surrogate encoded in UTF-8 and a truncated sequence are invalid too.
    #expect(bytesError([0x61, 0xED, 0xA0, 0x80]) == "test.yaml:1:2: error: not UTF-8: invalid byte 0xED")
    #expect(bytesError([0x61, 0x0A, 0xE2, 0x82]) == "test.yaml:2:1: error: not UTF-8: invalid byte 0xE2")
  }

  @Test func echoedValuesAreEscapedAndCut() {
    let escaped = Manifests.bareDeployment(replicas: #""\e]0;PWNED\a\e[31mRED""#)
    #expect(error(escaped) == #"test.yaml:6:13: error: spec.replicas: Invalid value: "\e]0;PWNED\x07\e[31mRED": must be an integer"#)
    let long = Manifests.bareDeployment(replicas: String(repeating: "x", count: 100_000))
    let line = error(long)
    #expect(line == "test.yaml:6:13: error: spec.replicas: Invalid value: \"\(String(repeating: "x", count: 80))…\": must be an integer")
  }

  @Test func kindsAndUnknownKeysAreCutToo() throws {
    let k = String(repeating: "K", count: 10_000)
    #expect(
      error("apiVersion: v1\nkind: \(k)\n")
        // A kind rollsim doesn't model is skipped (with a warning), so the input has no
        // workload; the message names what it found, cut.
        == "test.yaml: error: no Deployment or Rollout found; the input has \(String(repeating: "K", count: 80))…")
    // libyaml limits a plain key to 1,024 characters.
    let loaded = try Manifests.load(Manifests.bareDeployment(container: "          \(k.prefix(1000)): 1"))
    #expect(loaded.warnings.map(\.description) == ["test.yaml:17:11: warning: unknown field \"\(String(repeating: "K", count: 80))…\" in spec.template.spec.containers[0]"])
  }

  @Test func diagnosticsNeverSpanLinesOrCarryControlCharacters() {
    let d = Diagnostic(.error, file: "a\u{1B}[2J.yaml", line: 1, column: 2, message: "x\ny\u{07}z\u{9B}" + String(repeating: "m", count: 1000))
    let line = d.description
    #expect(line.hasPrefix("a\\e[2J.yaml:1:2: error: x\\ny\\x07z\\u{9b}mmm") && line.hasSuffix("m…"), "\(line)")
    #expect(!line.unicodeScalars.contains(where: TerminalText.isControl))
    #expect(line.count == "a\\e[2J.yaml:1:2: error: ".count + Diagnostic.maxMessageLength + 1)
  }

  @Test func terminalTextEscapesEveryControlCharacter() {
    #expect(TerminalText.escaped("plain ünïcode ✓") == "plain ünïcode ✓")
    #expect(TerminalText.escaped("\u{0}\u{7}\u{8}\t\n\r\u{1B}\u{7F}\u{85}\u{9B}") == #"\x00\x07\x08\t\n\r\e\x7f\u{85}\u{9b}"#)
    #expect(TerminalText.echo(String(repeating: "é", count: 100)) == String(repeating: "é", count: 80) + "…")
    #expect(TerminalText.echo("short") == "short")
  }

  // MARK: - One nesting limit

  @Test func flowNestingCannotHideBehindAnApostrophe() {
    let bypass = "a: [x'y, " + String(repeating: "[", count: 5_000)
    #expect(error(bypass) == "test.yaml:1:209: error: malformed YAML: nested more than 200 levels deep")
    let quotedClose = "a: [" + String(repeating: "[", count: 150) + "\"]]]]\", " + String(repeating: "[", count: 100)
    #expect(error(quotedClose).hasSuffix("error: malformed YAML: nested more than 200 levels deep"))
  }

  @Test func blockNestingCountsIndentationLevels() {
    // 250 mappings, each indented one space deeper than its parent.
    var text = ""
    for i in 0..<250 { text += String(repeating: " ", count: i) + "k\(i):\n" }
    #expect(error(text) == "test.yaml:202:202: error: malformed YAML: nested more than 200 levels deep")
    // Compact nested sequences are levels too.
    let dashes = "a:\n" + String(repeating: "- ", count: 300) + "x\n"
    #expect(error(dashes) == "test.yaml:2:601: error: malformed YAML: nested more than 200 levels deep")
  }

  // MARK: - Names and labels (the API server's rules)

  @Test func metadataNameIsADNS1123SubdomainOfAtMost253Characters() {
    func named(_ n: String) -> String { Manifests.bareDeployment().replacingOccurrences(of: "  name: shop\n", with: "  name: \(n)\n") }
    let long = String(repeating: "a", count: 254)
    #expect(
      error(named(long))
        == "test.yaml:4:9: error: metadata.name: Invalid value: \"\(String(repeating: "a", count: 80))…\": must be no more than 253 characters")
    #expect(error(named(String(repeating: "a", count: 253))) == "loaded")
    #expect(
      error(named("Shop_1"))
        == #"test.yaml:4:9: error: metadata.name: Invalid value: "Shop_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#)
    #expect(error(named("shop.v1-2")) == "loaded")
    #expect(error(named(#""sh\eop""#)).hasPrefix(#"test.yaml:4:9: error: metadata.name: Invalid value: "sh\eop": a lowercase RFC 1123"#))
  }

  @Test func labelsFollowTheAPIServersKeyAndValueRules() {
    func labelled(_ l: String) -> String {
      Manifests.bareDeployment().replacingOccurrences(of: "      labels: {app: shop}", with: "      labels: {app: shop, \(l)}")
    }
    #expect(
      error(labelled("tier: " + String(repeating: "v", count: 64)))
        == "test.yaml:12:33: error: spec.template.metadata.labels.tier: Invalid value: \"\(String(repeating: "v", count: 80).prefix(64))\": must be no more than 63 bytes")
    #expect(error(labelled("tier: " + String(repeating: "v", count: 63))) == "loaded")
    #expect(
      error(labelled(#"tier: "a\e[31m""#))
        == #"test.yaml:12:33: error: spec.template.metadata.labels.tier: Invalid value: "a\e[31m": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#)
    #expect(
      error(labelled("a/b/c: x"))
        .hasPrefix(#"test.yaml:12:27: error: spec.template.metadata.labels: Invalid value: "a/b/c": a valid label key name part must consist of"#))
    #expect(error(labelled("example.com/tier: x")) == "loaded")
  }

  @Test func kubernetesNamesMatchTheirRegexes() {
    for ok in ["a", "a-b", "a.b", "0", "a1.b2-c3"] { #expect(KubernetesNames.dns1123SubdomainErrors(ok).isEmpty, "\(ok)") }
    for bad in ["", "-a", "a-", "A", "a_b", "a..b", ".a", "a."] { #expect(!KubernetesNames.dns1123SubdomainErrors(bad).isEmpty, "\(bad)") }
    for ok in ["", "a", "A_b.c-D", "1"] { #expect(KubernetesNames.labelValueErrors(ok).isEmpty, "\(ok)") }
    for bad in ["-a", "a-", "a b", "_"] { #expect(!KubernetesNames.labelValueErrors(bad).isEmpty, "\(bad)") }
    #expect(KubernetesNames.labelKeyErrors("/a") == ["prefix part must be non-empty"])
    #expect(KubernetesNames.labelKeyErrors("a/").first == "name part must be non-empty")
  }

  // MARK: - Bounds

  @Test func canaryStepsAreBoundedAt10000() {
    func steps(_ n: Int) -> String {
      Manifests.rollout(strategy: "    canary:\n      steps:\n" + String(repeating: "        - setWeight: 10\n", count: n))
    }
    #expect(error(steps(10_000)) == "loaded")
    #expect(error(steps(10_001)).hasSuffix("error: spec.strategy.canary.steps: Too many: 10001: must have at most 10000 items"))
  }
}
