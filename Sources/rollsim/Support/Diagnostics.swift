import ArgumentParser
import Foundation
import RolloutEngine

/// Where the executable talks to the process: standard error, exit codes.
enum Console {
  /// The longest line written to standard error: every message is one line, and a
  /// value echoed in it is already cut to ~80 characters.
  static let maxErrorLine = 900

  /// Writes one line to standard error. Control characters (from an input file's
  /// values, a file name, a recording) are escaped, so the line stays one line and
  /// nothing in it acts on the terminal; an over-long line is cut with `…`.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.echo(line, limit: maxErrorLine) + "\n").utf8))
  }

  /// Writes one line of input-derived text to standard output, control characters
  /// escaped (`validate`'s summary, `replay`'s table).
  static func print(_ line: String) {
    Swift.print(TerminalText.escaped(line))
  }

  /// Prints `message` as one line on standard error and exits with status 2, the
  /// status of every input error (bad file, bad action, unschedulable fleet).
  static func fail(_ message: String) -> ExitCode {
    error(message)
    return ExitCode(2)
  }
}

/// Buffered standard output: a trace of a large fleet is many lines.
struct OutputBuffer {
  private var buffer: [UInt8] = []
  mutating func line(_ s: String) {
    buffer.append(contentsOf: s.utf8)
    buffer.append(10)
    if buffer.count > 1 << 16 { flush() }
  }
  mutating func flush() {
    guard !buffer.isEmpty else { return }
    FileHandle.standardOutput.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}
