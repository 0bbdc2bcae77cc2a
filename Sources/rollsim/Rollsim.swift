import ArgumentParser
import RolloutEngine

@main
struct Rollsim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollsim",
    abstract: "Simulate Kubernetes Deployment and Argo Rollouts strategies, offline and deterministic.",
    discussion: """
      With no arguments, rollsim opens the live dashboard on a built-in demo.
      """,
    subcommands: [Simulate.self, Validate.self])
}
