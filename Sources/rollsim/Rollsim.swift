import ArgumentParser
import Foundation
import RolloutEngine

@main
struct Rollsim: ParsableCommand {
  /// `rollsim --version`.
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "rollsim",
    abstract: "Simulate Kubernetes Deployment and Argo Rollouts strategies, offline and deterministic.",
    discussion: """
      With no arguments, rollsim opens the live dashboard on a built-in demo: a \
      10-replica rolling update on a 3-node cluster that plays on its own (the same \
      as `rollsim watch` without a FILE; see `rollsim watch --help` for its keys and \
      options). Press ? in the dashboard for the keys, q to quit.

      A bad command line (unknown option, bad value, missing FILE) is one line on \
      standard error and exit status 2, like bad input.

      Examples:
        rollsim
        rollsim watch Strategies/rolling-update.yaml
        rollsim simulate Strategies/rolling-update.yaml --format jsonl
        rollsim validate Strategies/examples/app/
      """,
    version: Rollsim.version,
    subcommands: [Simulate.self, Compare.self, Validate.self, Watch.self, Replay.self, DrillCommand.self])

  func run() throws {
    let demo = try Watch.parse([])
    try demo.validate()
    try demo.run()
  }

  /// Parses with `parseAsRoot` so that a bad command line follows the product rule
  /// for every bad input (README "Bad input gets one line …", issue 2): one line on
  /// standard error naming what is wrong, exit status 2, instead of ArgumentParser's
  /// multi-line usage and exit 64. Help, `help SUBCOMMAND` and `--version` are clean
  /// exits and keep ArgumentParser's output and status 0. Errors from running the
  /// command (input errors, already printed as `FILE:LINE:COL: error: …`) carry their
  /// own exit code and print nothing more.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var command: any ParsableCommand
    do {
      // Plain `--action` values skip ArgumentParser's quadratic repeated-option path
      // (ActionArguments); the command gets them back, in order, right after.
      if let (rest, actions) = ActionArguments.extract(arguments) {
        command = try parseAsRoot(rest)
        command = give(actions, to: command)
      } else {
        command = try parseAsRoot(arguments)
      }
    } catch {
      if exitCode(for: error) == .success { exit(withError: error) }
      Console.error(usageErrorLine(arguments: arguments, message: message(for: error)))
      Foundation.exit(2)
    }
    do {
      try command.run()
    } catch {
      exit(withError: error)
    }
  }

  /// The `--action` values `ActionArguments.extract` took off the command line, set
  /// on the command that declares them (their only reader is `run`).
  static func give(_ actions: [String], to command: any ParsableCommand) -> any ParsableCommand {
    switch command {
    case var c as Simulate:
      c.actions = actions
      return c
    case var c as Compare:
      c.actions = actions
      return c
    case var c as DrillCommand:
      c.actions = actions
      return c
    default:
      return command
    }
  }

  /// `rollsim simulate: error: MESSAGE (see 'rollsim simulate --help')`: the
  /// subcommand the line was meant for (the first argument, when it names one:
  /// the root command has no options, so a subcommand can only come first), and
  /// only the first line of ArgumentParser's message, reworded where it would
  /// mislead (see `clarify`).
  static func usageErrorLine(arguments: [String], message: String) -> String {
    let names = configuration.subcommands.map { $0._commandName }
    let sub = arguments.first.flatMap { names.contains($0) ? $0 : nil }
    let command = sub.map { "rollsim \($0)" } ?? "rollsim"
    var text = String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first ?? "")
    text = text.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
    text = clarify(text, arguments: arguments, subcommand: sub, names: names)
    if text.isEmpty { text = "invalid command line" }
    return "\(command): error: \(text) (see '\(command) --help')"
  }

  /// Two of ArgumentParser's messages name the wrong problem:
  /// - a negative number after an option (`--seed -1`) reads as an option, so the
  ///   message is "Missing value for '--seed <seed>'" although a value was given;
  /// - a first argument that is not a subcommand (`rollsim simulat x.yaml`,
  ///   `rollsim deploy.yaml`) is "2 unexpected arguments: …".
  static func clarify(_ text: String, arguments: [String], subcommand: String?, names: [String]) -> String {
    if subcommand == nil, let first = arguments.first, !first.hasPrefix("-"), first != "help" {
      if first.hasSuffix(".yaml") || first.hasSuffix(".yml") || first.contains("/") {
        return "'\(first)' is not a subcommand; to watch a file use `rollsim watch \(first)`, to run it headless `rollsim simulate \(first)`"
      }
      let list = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
      return "unknown subcommand '\(first)'; use \(list)"
    }
    if let m = try? #/^Missing value for '(--[a-z-]+)( <[a-z-]+>)?'$/#.wholeMatch(in: text),
      let i = arguments.firstIndex(of: String(m.output.1)), i + 1 < arguments.count, arguments[i + 1].hasPrefix("-")
    {
      return "The value '\(arguments[i + 1])' is invalid for '\(m.output.1)\(m.output.2 ?? "")'"
    }
    return text
  }
}
