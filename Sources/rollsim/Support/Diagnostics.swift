import ArgumentParser
import Foundation

/// Where the executable talks to the process: standard error, exit codes.
enum Console {
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
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
