import RolloutEngine

/// A problem found in an input file, located as precisely as the YAML allows.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable { case error, warning }
  public var severity: Severity
  public var file: String
  public var line: Int?
  public var column: Int?
  public var message: String

  public init(_ severity: Severity, file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.severity = severity
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `FILE:LINE:COL: error: MESSAGE`, the form compilers use, so editors can jump to it.
  public var description: String {
    var s = file
    if let l = line {
      s += ":\(l)"
      if let c = column { s += ":\(c)" }
    }
    return "\(s): \(severity.rawValue): \(message)"
  }
}

/// Loading failed; the first diagnostic is the primary one.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The text of an input file and the path to show in diagnostics.
public struct SourceText: Sendable {
  public var path: String
  public var text: String

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  /// Decodes raw bytes; binary data or invalid UTF-8 is an error, not a crash.
  public init(path: String, bytes: [UInt8]) throws(ManifestError) {
    if bytes.contains(0) {
      throw ManifestError([Diagnostic(.error, file: path, message: "not a text file (binary data)")])
    }
    guard let s = String(validating: bytes, as: UTF8.self) else {
      throw ManifestError([Diagnostic(.error, file: path, message: "not a text file (binary data or invalid UTF-8)")])
    }
    self.init(path: path, text: s)
  }
}
