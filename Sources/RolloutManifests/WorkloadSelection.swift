import RolloutEngine

/// Which workload of an input is simulated: `--workload NAME` or `KIND/NAME`, else
/// the first in input order (with a warning naming the others).
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
  func matches(_ selector: String) -> Bool {
    guard let slash = selector.firstIndex(of: "/") else { return selector == workload.name }
    let k = selector[..<slash].lowercased()
    let name = String(selector[selector.index(after: slash)...])
    let spellings: [String] =
      kind == "Rollout"
      ? ["rollout", "rollouts", "ro", "rollouts.argoproj.io", "rollout.argoproj.io"]
      : ["deployment", "deployments", "deploy", "deployments.apps", "deployment.apps"]
    return spellings.contains(k) && name == workload.name
  }
}

extension ManifestLoader {
  /// The workload to simulate, the ones not simulated, and the warning that says so.
  ///
  /// rollsim runs one workload per simulation; an input with several (a whole app
  /// folder) simulates the first, or the one `--workload` names.
  static func selectWorkload(_ candidates: [WorkloadCandidate], selectors: [String]) throws(ManifestError) -> (
    WorkloadCandidate, [WorkloadCandidate], Diagnostic?
  ) {
    var selected = candidates
    if !selectors.isEmpty {
      for s in selectors where !candidates.contains(where: { $0.matches(s) }) {
        throw ManifestError([
          Diagnostic(
            .error, file: "rollsim",
            message: "--workload \"\(s)\": no such workload in the input (it has \(candidates.map(\.label).joined(separator: ", ")))")
        ])
      }
      selected = candidates.filter { c in selectors.contains { c.matches($0) } }
      if selected.count > 1 {
        throw ManifestError([
          Diagnostic(
            .error, file: "rollsim",
            message: "--workload: \(selected.map(\.label).joined(separator: ", ")): rollsim simulates one workload per run; name one")
        ])
      }
    }
    let chosen = selected[0]
    let others = candidates.filter { $0.label != chosen.label }
    var warning: Diagnostic?
    if selectors.isEmpty && !others.isEmpty {
      let node = chosen.doc.map.node
      warning = Diagnostic(
        .warning, file: chosen.doc.ctx.path, line: node.mark?.line, column: node.mark?.column,
        message:
          "\(candidates.count) workloads in the input (\(candidates.map(\.label).joined(separator: ", "))): only \(chosen.label) is simulated; choose another with --workload NAME")
    }
    return (chosen, others, warning)
  }
}
