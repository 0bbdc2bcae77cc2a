/// `--action` values taken off the command line before ArgumentParser parses the rest.
///
/// ArgumentParser (1.8) parses a repeated option in quadratic time: each occurrence
/// copies the set of input positions gathered so far (`ParsedValues.update`,
/// `InputOrigin.formUnion`) and removing each used argument scans and shifts the
/// argument list (`SplitArguments.remove(at:)`). 10,000 `--action` arguments took
/// 8 s before the first simulated instant (1,000: 0.11 s; 4,000: 1.2 s), whatever the
/// option's declaration, since every repeatable option goes through the same code.
///
/// The plain spellings, `--action VALUE` and `--action=VALUE`, mean the same under
/// both parsing strategies in use (`.unconditionalSingleValue` for simulate and drill,
/// the default for compare): the value is taken as it stands. So they are taken off
/// here, in order, in one linear pass, and the command gets them after parsing. Any
/// other form (a value starting with `-`, an empty value, `--action` last) leaves the
/// whole line to ArgumentParser, so its messages and choices stay exactly as they
/// were; so does everything after a `--` terminator.
enum ActionArguments {
  /// The subcommands that declare a repeatable `--action`.
  static let commands: Set<String> = ["simulate", "compare", "drill"]

  /// The command line without its `--action` arguments, and their values in order;
  /// nil when there are none or one is in a form only ArgumentParser should judge.
  static func extract(_ arguments: [String]) -> (rest: [String], actions: [String])? {
    guard let sub = arguments.first, commands.contains(sub) else { return nil }
    var rest = [sub]
    var actions: [String] = []
    var i = 1
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" {
        rest.append(contentsOf: arguments[i...])
        break
      }
      if a == "--action" {
        guard i + 1 < arguments.count, let v = plain(arguments[i + 1]) else { return nil }
        actions.append(v)
        i += 2
        continue
      }
      if a.hasPrefix("--action=") {
        guard let v = plain(String(a.dropFirst("--action=".count))) else { return nil }
        actions.append(v)
        i += 1
        continue
      }
      rest.append(a)
      i += 1
    }
    return actions.isEmpty ? nil : (rest, actions)
  }

  /// A value both strategies take as it stands: not empty, not option-like.
  static func plain(_ v: String) -> String? {
    v.isEmpty || v.hasPrefix("-") ? nil : v
  }
}
