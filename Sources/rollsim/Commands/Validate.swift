import ArgumentParser

/// `rollsim validate`: check files and say what was understood.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check manifest and scenario files and print what rollsim understood.",
    discussion: """
      Each FILE is checked on its own (a directory as one input: every *.yaml, *.yml \
      and *.json file inside it, together; - reads standard input): a file of manifests (Deployment or Rollout, \
      Services, VirtualServices, AnalysisTemplates, an optional rollsim/v1 Simulation \
      document) as a whole, a file holding only a Simulation document as a scenario. \
      For each good file it prints what it understood: the workload's replicas, \
      strategy and resolved maxSurge / maxUnavailable, the Services and the world. \
      Problems go to standard error as FILE:LINE:COL: error: MESSAGE (warnings for \
      unknown fields as FILE:LINE:COL: warning: …).

      Exit status: 0 when every file is valid (warnings allowed), 2 otherwise.

      Examples:
        rollsim validate Strategies/rolling-update.yaml
        rollsim validate Strategies/*.yaml
        rollsim validate Strategies/examples/app/
        rollsim validate deploy.yaml scenario.yaml
      """)

  @Argument(help: ArgumentHelp("Files, directories or - (standard input) to check.", valueName: "file"))
  var files: [String]

  func run() throws {
    let ok = InputLoading.validate(files: files)
    if !ok { throw ExitCode(2) }
  }
}
