import Foundation
import Testing

/// Several FILE arguments, directories and `-` (standard input) are one input for
/// `simulate` and `watch`; `validate` checks each argument (a directory as one).
@Suite struct InputFilesTests {
  /// A directory with a Deployment, its Service and an Ingress split across files.
  static func appDirectory() throws -> String {
    let deploy = try CLIRunner.tempFile("b-deploy.yaml", CLITests.deployment("      maxSurge: 1\n      maxUnavailable: 0"))
    let dir = (deploy as NSString).deletingLastPathComponent
    try "apiVersion: v1\nkind: Service\nmetadata: {name: shop}\nspec: {selector: {app: shop}}\n"
      .write(toFile: dir + "/a-service.yml", atomically: true, encoding: .utf8)
    try #"{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "shop"}, "spec": {}}"#
      .write(toFile: dir + "/c-ingress.json", atomically: true, encoding: .utf8)
    try "not a manifest".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
    try "apiVersion: v1\nkind: Secret\n".write(toFile: dir + "/.hidden.yaml", atomically: true, encoding: .utf8)
    return dir
  }

  @Test func aDirectoryIsOneInput() throws {
    let dir = try Self.appDirectory()
    let r = try CLIRunner.run(["simulate", dir, "--format", "jsonl", "--until", "30s"])
    #expect(r.status == 0, "\(r.stderr)")
    // The Ingress is skipped with one line; README.md and the hidden file are not read.
    #expect(r.stderrLines == ["\(dir)/c-ingress.json:1:48: warning: skipped Ingress \"shop\": not simulated"])
    #expect(r.stdoutLines.last?.contains("\"completed\":true") == true)
    let v = try CLIRunner.run(["validate", dir])
    #expect(v.status == 0)
    #expect(v.stdoutLines.first == "\(dir): ok")
    #expect(v.stdoutLines.contains("  Service shop: selects app=shop"))
  }

  @Test func severalFilesAndStandardInput() throws {
    let deploy = CLITests.deployment("      maxSurge: 1\n      maxUnavailable: 0")
    let service = try CLIRunner.tempFile("service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: shop}\nspec: {selector: {app: shop}}\n")
    let viaStdin = try CLIRunner.run(["simulate", service, "-", "--format", "jsonl", "--until", "30s"], stdin: deploy)
    #expect(viaStdin.status == 0 && viaStdin.stderr.isEmpty, "\(viaStdin.stderr)")
    let file = try CLIRunner.tempFile("deploy.yaml", deploy)
    let viaFiles = try CLIRunner.run(["simulate", service, file, "--format", "jsonl", "--until", "30s"])
    #expect(viaFiles.stdout == viaStdin.stdout && !viaFiles.stdout.isEmpty)
    // An error in standard input names it.
    let bad = try CLIRunner.run(["simulate", "-"], stdin: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n")
    #expect(bad.status == 2)
    #expect(bad.stderrLines.count == 1 && bad.stderrLines[0].hasPrefix("<stdin>:4:1: error: malformed YAML"), "\(bad.stderr)")
    let v = try CLIRunner.run(["validate", "-"], stdin: deploy)
    #expect(v.status == 0 && v.stdoutLines.first == "<stdin>: ok")
  }

  @Test func severalWorkloadsRunAndWorkloadNarrows() throws {
    let two = CLITests.deployment("      maxSurge: 1\n      maxUnavailable: 0")
      + "---\n" + CLITests.deployment("      maxSurge: 1\n      maxUnavailable: 0").replacingOccurrences(of: "name: shop", with: "name: cart")
    let path = try CLIRunner.tempFile("two.yaml", two)
    let r = try CLIRunner.run(["simulate", path, "--until", "1s", "--format", "jsonl"])
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    #expect(r.stdoutLines.first?.hasPrefix("{\"t\":0,\"workload\":\"shop\",") == true)
    #expect(r.stdoutLines.dropFirst().first?.hasPrefix("{\"t\":0,\"workload\":\"cart\",") == true)
    let c = try CLIRunner.run(["simulate", path, "--until", "1s", "--format", "jsonl", "--workload", "deploy/cart"])
    #expect(c.status == 0 && c.stderr.isEmpty, "\(c.stderr)")
    #expect(c.stdoutLines.first?.contains("cart-") == true && c.stdoutLines.first?.contains("\"workload\"") == false)
    let none = try CLIRunner.run(["simulate", path, "--workload", "web"])
    #expect(none.status == 2)
    #expect(none.stderrLines == ["rollsim: error: --workload \"web\": no such workload in the input (it has Deployment shop, Deployment cart)"])
  }

  /// The example app folder runs as it sits: the Rollout, its Services, its
  /// AnalysisTemplate and the Simulation document from five files; the Ingress, the
  /// ServiceAccount and the ConfigMap skipped with one line each.
  @Test func theExampleAppFolderRuns() throws {
    let r = try CLIRunner.run(["simulate", "Strategies/examples/app/", "--format", "jsonl"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stderrLines == [
        "Strategies/examples/app/analysis.yaml:17:16: warning: spec.metrics[0].provider.prometheus.query: the simulation stands in for Prometheus; this query is read as success-rate",
        "Strategies/examples/app/configmap.yaml:2:7: warning: skipped ConfigMap \"shop-config\": not simulated",
        "Strategies/examples/app/ingress.yaml:2:7: warning: skipped Ingress \"shop\": not simulated",
        // simulate shows three warnings and counts the rest; validate lists them all.
        "Strategies/examples/app: warning: 1 more warnings (`rollsim validate` lists them all)",
      ])
    let last = r.stdoutLines.last ?? ""
    #expect(last.contains("\"completed\":true") && last.contains("\"phase\":\"Healthy\""), "\(last)")
    let v = try CLIRunner.run(["validate", "Strategies/examples/app"])
    #expect(v.status == 0 && v.stdoutLines.first == "Strategies/examples/app: ok")
  }

  /// The dashboard reads its keys from standard input, so it can't read manifests there.
  @Test func watchRefusesStandardInput() throws {
    let r = try CLIRunner.run(["watch", "-"], stdin: "")
    #expect(r.status == 2)
    #expect(
      r.stderrLines == [
        "rollsim watch: error: - (standard input) can't be a FILE for watch: the dashboard reads its keys there (see 'rollsim watch --help')"
      ])
  }
}
