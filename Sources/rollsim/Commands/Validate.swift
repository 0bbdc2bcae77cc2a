import ArgumentParser

/// `rollsim validate`: check files and say what was understood.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check manifest and scenario files and print what rollsim understood.")

  @Argument(help: "Files to check.")
  var files: [String]

  func run() throws {
    let ok = InputLoading.validate(files: files)
    if !ok { throw ExitCode(2) }
  }
}
