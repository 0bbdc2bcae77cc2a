import RolloutEngine
import Yams

/// Which workloads of an input are simulated: all of them, or those `--workload NAME`
/// or `KIND/NAME` names.
struct WorkloadCandidate {
  var workload: WorkloadSpec
  var doc: ManifestLoader.Document

  var kind: String {
    switch workload {
    case .deployment: return "Deployment"
    case .rollout: return "Rollout"
    }
  }
  /// `Rollout shop`, as validate's summary and the warnings name it.
  var label: String { "\(kind) \(workload.name)" }

  /// `shop`, `Rollout/shop`, `rollout/shop`, `deploy/shop`, `deployments.apps/shop`:
  /// the spellings kubectl takes for a resource.
  func matches(_ selector: String) -> Bool { WorkloadSelector.matches(selector, workload) }
}

extension ManifestLoader {
  /// The workloads to simulate, in input order: every one, or those `--workload`
  /// names (`NAME` or `KIND/NAME`, repeatable). A selector that names nothing is an
  /// error listing the workloads the input has.
  ///
  /// Several workloads run together on the shared cluster, as `kubectl apply -f`
  /// of a whole app folder would start them.
  static func selectWorkloads(_ candidates: [WorkloadCandidate], selectors: [String]) throws(ManifestError) -> [WorkloadCandidate] {
    guard !selectors.isEmpty else { return candidates }
    for s in selectors where !candidates.contains(where: { $0.matches(s) }) {
      throw ManifestError([
        Diagnostic(
          .error, file: "rollsim",
          message: "--workload \"\(TerminalText.echo(s))\": no such workload in the input (it has \(candidates.map(\.label).joined(separator: ", ")))")
      ])
    }
    return candidates.filter { c in selectors.contains { c.matches($0) } }
  }
}

extension ManifestLoader {
  /// Why a scheduled action can't run on `workloads`, or nil: a target that names no
  /// workload, or a workload verb without a target when there are several.
  public static func targetProblem(_ a: ScheduledAction, workloads: [WorkloadSpec]) -> String? {
    let labels = workloads.map(WorkloadSelector.label).joined(separator: ", ")
    if let t = a.workload {
      // A node is the cluster's, shared by every workload: a target would be ignored.
      if a.verb.actsOnNode { return "\(a.verb) acts on a node of the cluster, not on a workload: drop \"@\(TerminalText.echo(t))\"" }
      guard workloads.contains(where: { WorkloadSelector.matches(t, $0) }) else {
        return noSuchWorkload(t, labels: labels)
      }
      return nil
    }
    guard workloads.count > 1, !a.verb.isClusterVerb else { return nil }
    return "\(a.verb) needs a workload: the input has \(workloads.count) (\(labels))"
  }

  /// What a name (NAME or KIND/NAME) that matches no workload of the input says.
  static func noSuchWorkload(_ name: String, labels: String) -> String {
    "no workload \"\(TerminalText.echo(name))\" in the input (it has \(labels))"
  }

  /// A Simulation field keyed by workload (`spec.from` as a mapping,
  /// `spec.traffic.workloads`) names only workloads of the input (before
  /// `--workload` narrows it: a name it left out is not an error).
  static func checkNamedWorkloads(
    _ names: [(name: String, node: Node)], field: String, candidates: [WorkloadCandidate], ctx: FileContext
  ) throws(ManifestError) {
    for (name, node) in names where !candidates.contains(where: { WorkloadSelector.matches(name, $0.workload) }) {
      let labels = candidates.map(\.label).joined(separator: ", ")
      throw ctx.error(node, "\(field).\(TerminalText.echo(name)): \(noSuchWorkload(name, labels: labels))")
    }
  }
}
