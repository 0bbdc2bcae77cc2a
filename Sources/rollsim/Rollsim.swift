import ArgumentParser
import RolloutEngine

@main
struct Rollsim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollsim",
    abstract: "Simulate Kubernetes Deployment and Argo Rollouts strategies, offline and deterministic.",
    discussion: """
      With no arguments, rollsim opens the live dashboard on a built-in demo: a \
      10-replica rolling update on a 3-node cluster that plays on its own (the same \
      as `rollsim watch` without a FILE; see `rollsim watch --help` for its keys and \
      options). Press ? in the dashboard for the keys, q to quit.

      Examples:
        rollsim
        rollsim watch Strategies/rolling-update.yaml
        rollsim simulate Strategies/rolling-update.yaml --format jsonl
        rollsim validate Strategies/*.yaml
      """,
    subcommands: [Simulate.self, Validate.self, Watch.self, Replay.self])

  func run() throws {
    let demo = try Watch.parse([])
    try demo.validate()
    try demo.run()
  }
}
