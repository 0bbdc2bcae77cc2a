import Foundation
import RolloutEngine
import RolloutRuns

/// Runs as text: the figures in `simulate`'s summary, and a comparison of several
/// runs as a table, JSON or CSV. Pure: every function returns a string.
public enum Reports {
  /// A number as the reports print it: at most three decimals, no trailing zeros,
  /// integers without a fraction (the same bytes on every run).
  public static func number(_ d: Double) -> String { RunFigures.format(d) }

  // MARK: - One run

  /// The figures as one JSON object, keys in `RunFigures.columns` order.
  public static func figuresJSON(_ f: RunFigures) -> String {
    var parts: [String] = []
    for (column, cell) in zip(RunFigures.columns, f.cells) {
      let value: String
      if let n = cell.number {
        value = number(n)
      } else if cell.text.isEmpty, column.name != "label" {
        value = "null"
      } else {
        value = TraceFormat.quote(cell.text)
      }
      parts.append("\"\(column.name)\":\(value)")
    }
    return "{" + parts.joined(separator: ",") + "}"
  }

  /// `simulate --format jsonl`'s last line: the engine's summary object with the
  /// run's figures added as `figures` (every earlier field and byte unchanged).
  public static func summaryLine(_ s: RunSummary, figures: RunFigures, workload: String? = nil) -> String {
    let line = TraceFormat.summaryLine(s, workload: workload)
    // `{"summary":{…}}` → `{"summary":{…,"figures":{…}}}`
    return String(line.dropLast(2)) + ",\"figures\":" + figuresJSON(figures) + "}}"
  }

  /// `simulate`'s table output ends with the figures, one per line.
  public static func figuresBlock(_ f: RunFigures, workload: String? = nil) -> String {
    var lines = ["figures" + (workload.map { " (\(escaped($0)))" } ?? "") + ":"]
    let width = RunFigures.columns.map(\.name.count).max() ?? 0
    for (column, cell) in zip(RunFigures.columns, f.cells) where column.name != "label" {
      let name = column.name.padding(toLength: width, withPad: " ", startingAt: 0)
      lines.append("  \(name)  \(cell.text.isEmpty ? "-" : Reports.escaped(cell.text))")
    }
    return lines.joined(separator: "\n")
  }

  // MARK: - Several runs

  /// `compare --format table`: one row per run, the best value of each column
  /// marked `*`, Pareto-optimal rows marked `◆` (with `pareto`).
  public static func comparisonTable(_ runs: [RunFigures], pareto: Bool = false) -> String {
    let columns = RunFigures.columns.indices
    let marks = RunFigures.best(runs)
    let front = RunFigures.paretoOptimal(runs)
    var header = RunFigures.columns.map(\.name)
    if pareto { header.insert("pareto", at: 0) }
    var rows: [[String]] = []
    for (r, f) in runs.enumerated() {
      var row = columns.map { c -> String in
        let cell = f.cells[c]
        let text = cell.text.isEmpty ? "-" : escaped(cell.text)
        return marks[r][c] ? text + "*" : text
      }
      if pareto { row.insert(front[r] ? "◆" : "", at: 0) }
      rows.append(row)
    }
    let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { c, s in
        // Text columns left-aligned, numbers right-aligned.
        let textColumn = c < (pareto ? 4 : 3)
        let pad = String(repeating: " ", count: widths[c] - s.count)
        return textColumn ? s + pad : pad + s
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    var out = [line(header)] + rows.map(line)
    out.append("")
    out.append("* best value in its column" + (pareto ? "; ◆ Pareto-optimal in time to complete, extra pod-seconds and failed requests" : ""))
    return out.joined(separator: "\n")
  }

  /// `compare --format json`: `{"runs":[{figures…},…]}`, one object per run in order,
  /// with `pareto` when asked.
  public static func comparisonJSON(_ runs: [RunFigures], pareto: Bool = false) -> String {
    let front = RunFigures.paretoOptimal(runs)
    let objects = runs.enumerated().map { i, f -> String in
      let o = figuresJSON(f)
      return pareto ? String(o.dropLast()) + ",\"pareto\":\(front[i])}" : o
    }
    return "{\"runs\":[\n" + objects.joined(separator: ",\n") + "\n]}"
  }

  /// `compare --format csv`: a header of `RunFigures.columns` names, one row per run.
  public static func comparisonCSV(_ runs: [RunFigures], pareto: Bool = false) -> String {
    let front = RunFigures.paretoOptimal(runs)
    var lines = [(RunFigures.columns.map(\.name) + (pareto ? ["pareto"] : [])).joined(separator: ",")]
    for (i, f) in runs.enumerated() {
      lines.append((f.cells.map { csvField($0.text) } + (pareto ? [String(front[i])] : [])).joined(separator: ","))
    }
    return lines.joined(separator: "\n")
  }

  // MARK: - Escaping

  /// RFC 4180: quoted when it holds a comma, quote or line break; control
  /// characters escaped so nothing raw reaches a terminal that prints the file.
  static func csvField(_ s: String) -> String {
    let e = escaped(s)
    guard e.contains(where: { $0 == "," || $0 == "\"" }) else { return e }
    return "\"" + e.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Control characters escaped, for text that reaches a terminal (the engine's rule).
  public static func escaped(_ s: String) -> String { TerminalText.escaped(s) }
}
