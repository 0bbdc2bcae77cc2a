import Foundation
import RolloutReports

/// Writes `--plot FILE.svg|FILE.html`: the chart's format follows the extension.
enum ChartOutput {
  /// Fails (exit 2, one line) before anything runs when the extension is neither.
  static func check(_ path: String) throws {
    guard path.hasSuffix(".svg") || path.hasSuffix(".html") || path.hasSuffix(".htm") else {
      throw Console.fail("rollsim: error: --plot \"\(path)\": the file must end in .svg or .html")
    }
  }

  static func write(_ chart: RunChart, to path: String) throws {
    let text = path.hasSuffix(".svg") ? chart.svg() : chart.html()
    // Written whole to a temporary file, then renamed: no half chart on failure.
    let tmp = path + ".tmp-\(getpid())"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
      throw Console.fail("\(path): error: cannot write the chart")
    }
    guard rename(tmp, path) == 0 else {
      unlink(tmp)
      throw Console.fail("\(path): error: cannot write the chart")
    }
  }
}
