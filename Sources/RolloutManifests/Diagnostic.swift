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

  /// The longest message shown; values echoed in it are already cut to ~80
  /// characters (`TerminalText.echo`), this bounds the line whatever the message.
  public static let maxMessageLength = 400

  /// `FILE:LINE:COL: error: MESSAGE`, the form compilers use, so editors can jump to it.
  /// Always one line: control characters in the path or message are escaped
  /// (`TerminalText.escaped`) and the message is cut at `maxMessageLength`.
  public var description: String {
    var s = TerminalText.echo(file, limit: 200)
    if let l = line {
      s += ":\(l)"
      if let c = column { s += ":\(c)" }
    }
    return "\(s): \(severity.rawValue): \(TerminalText.echo(message, limit: Diagnostic.maxMessageLength))"
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

  /// Decodes raw bytes; a NUL byte or invalid UTF-8 is an error at its line and
  /// column (counted in characters, like libyaml's), not a crash.
  public init(path: String, bytes: [UInt8]) throws(ManifestError) {
    if !bytes.contains(0), let s = String(validating: bytes, as: UTF8.self) {
      self.init(path: path, text: s)
      return
    }
    var line = 1
    var column = 1
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0 {
        throw ManifestError([Diagnostic(.error, file: path, line: line, column: column, message: "not a text file: NUL byte")])
      }
      let width = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
      guard width > 0, i + width <= bytes.count, String(validating: bytes[i..<i + width], as: UTF8.self) != nil else {
        let hex = String(b, radix: 16, uppercase: true)
        throw ManifestError([
          Diagnostic(.error, file: path, line: line, column: column, message: "not UTF-8: invalid byte 0x\(hex.count < 2 ? "0" : "")\(hex)")
        ])
      }
      if b == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      i += width
    }
    self.init(path: path, text: String(decoding: bytes, as: UTF8.self))
  }
}
