import RolloutEngine
import Yams

/// The low-level limits of reading YAML, applied before libyaml sees the text, and
/// libyaml's errors turned into one `FILE:LINE:COL: error:` line.
extension ManifestLoader {
  /// Deeper than any manifest; Yams builds nodes recursively, so `[[[[…` a hundred
  /// thousand levels deep would exhaust the stack instead of giving an error. One
  /// limit for block and flow style, checked before parsing by `excessiveNesting`.
  static let maxNesting = 200

  /// Where the text first nests deeper than `maxNesting` levels, or nil.
  ///
  /// A level is a flow bracket (`[`, `{`), an indentation deeper than the enclosing
  /// one, or a compact `- ` entry (the top-level mapping is level 0). Quotes are recognised where YAML starts a quoted
  /// scalar (after white space, a flow indicator, `:` or `-`), so the apostrophe of a
  /// plain scalar (`x'y`) hides nothing; brackets in comments are skipped. The count
  /// may overestimate (brackets in a multi-line quoted scalar), which only matters
  /// past 200.
  static func excessiveNesting(_ text: String) -> (line: Int, column: Int)? {
    var flow = 0
    var line = 1
    var column = 0
    var quote: Unicode.Scalar? = nil
    var escaped = false
    var comment = false
    var atLineStart = true
    var indent = 0
    var dashes = 0
    var indents: [Int] = []  // the block indentation levels open above this line
    var previous: Unicode.Scalar = " "
    for ch in text.unicodeScalars {
      column += 1
      if ch == "\n" || ch == "\r" {
        if ch == "\n" { line += 1 }
        column = 0
        comment = false
        atLineStart = true
        indent = 0
        dashes = 0
        previous = " "
        if quote == "'" { quote = nil }  // a line break ends nothing in YAML, but bounds our scan's trust
        continue
      }
      if atLineStart && quote == nil {
        // Indentation, then `- - - x`: each compact sequence entry is one more level.
        if ch == " " || ch == "-" {
          if ch == " " && dashes == 0 { indent += 1 }
          if ch == "-" { dashes += 1 }
          previous = ch
          continue
        }
        atLineStart = false
        if ch != "#" && flow == 0 {
          while let top = indents.last, top >= indent { indents.removeLast() }
          indents.append(indent)
          if indents.count - 1 + dashes > maxNesting { return (line, column) }
        }
      }
      defer { previous = ch }
      if comment { continue }
      if let q = quote {
        if escaped {
          escaped = false
        } else if q == "\"" && ch == "\\" {
          escaped = true
        } else if ch == q {
          quote = nil
        }
        continue
      }
      switch ch {
      case "\"", "'":
        if " \t[{,:-?".unicodeScalars.contains(previous) { quote = ch }
      case "#":
        if previous == " " || previous == "\t" { comment = true }
      case "[", "{":
        flow += 1
        if flow + max(0, indents.count - 1) + dashes > maxNesting { return (line, column) }
      case "]", "}": flow = max(0, flow - 1)
      default: break
      }
    }
    return nil
  }

  /// libyaml's error as one diagnostic at its position. The problem texts are
  /// libyaml's own (static, never the input); the nesting limit libyaml enforces itself
  /// (`yaml_set_max_nest_level`) reads as ours.
  static func yamlError(_ e: YamlError, _ ctx: FileContext) -> ManifestError {
    func at(_ line: Int?, _ column: Int?, _ message: String) -> ManifestError {
      ManifestError([Diagnostic(.error, file: ctx.path, line: line, column: column, message: message)])
    }
    switch e {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      if problem.contains("yaml_set_max_nest_level") || context?.text.contains("yaml_set_max_nest_level") == true {
        return at(mark.line, mark.column, "malformed YAML: nested more than \(maxNesting) levels deep")
      }
      var msg = "malformed YAML: \(problem)"
      if let c = context { msg += " \(c.text)" }
      return at(mark.line, mark.column, msg)
    case .reader(let problem, let offset, let value, let yaml):
      let position = offset.map { lineAndColumn(ofUTF8Offset: $0, in: yaml) }
      var msg = "malformed YAML: \(problem)"
      if value >= 0 { msg += " (#x\(String(value, radix: 16, uppercase: true)))" }
      return at(position?.line, position?.column, msg)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = TerminalText.echo(duplicates.first ?? "")
      return at(context.mark.line, context.mark.column, "malformed YAML: mapping key \"\(key)\" is defined more than once")
    default:
      return at(nil, nil, "malformed YAML")
    }
  }

  /// 1-based line and column (in Unicode scalars) of a UTF-8 byte offset.
  static func lineAndColumn(ofUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var consumed = 0
    for u in text.unicodeScalars {
      if consumed >= offset { break }
      consumed += UTF8.width(u)
      if u == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}
