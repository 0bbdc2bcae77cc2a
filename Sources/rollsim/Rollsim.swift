import ArgumentParser
import RolloutEngine

@main
struct Rollsim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollsim",
    abstract: "Simulate Kubernetes and Argo Rollouts deployment strategies.")
  func run() throws {}
}
