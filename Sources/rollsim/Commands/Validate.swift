import ArgumentParser

/// `rollsim validate`: check files and say what was understood.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check manifest and scenario files and print what rollsim understood.",
    discussion: """
      The FILE arguments are checked as the one input `rollsim simulate` would run \
      (files, directories — every *.yaml, *.yml and *.json file inside — and - for \
      standard input, merged; errors name the file they come from): manifests \
      (Deployments or Rollouts, Services, VirtualServices, AnalysisTemplates, an \
      optional rollsim/v1 Simulation document) as a whole, an input holding only \
      Simulation documents as a scenario. For a good input it prints what it \
      understood: each workload's replicas, strategy and resolved maxSurge / \
      maxUnavailable, the Services and the world. To check files independently, run \
      validate once per file. \
      Problems go to standard error as FILE:LINE:COL: error: MESSAGE (warnings for \
      unknown fields as FILE:LINE:COL: warning: …).

      Exit status: 0 when the input is valid (warnings allowed), 2 otherwise.

      Examples:
        rollsim validate Strategies/rolling-update.yaml
        for f in Strategies/*.yaml; do rollsim validate "$f"; done
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
