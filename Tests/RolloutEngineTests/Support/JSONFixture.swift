import Foundation
import Testing

/// A decoded JSON value, for replaying the reference vector files without a Codable
/// type per table.
enum JSON: Sendable, Hashable, Decodable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([String: JSON])

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() { self = .null }
    else if let b = try? c.decode(Bool.self) { self = .bool(b) }
    else if let n = try? c.decode(Double.self) { self = .number(n) }
    else if let s = try? c.decode(String.self) { self = .string(s) }
    else if let a = try? c.decode([JSON].self) { self = .array(a) }
    else { self = .object(try c.decode([String: JSON].self)) }
  }

  subscript(_ key: String) -> JSON { if case .object(let o) = self { return o[key] ?? .null }; return .null }
  subscript(_ i: Int) -> JSON { if case .array(let a) = self, a.indices.contains(i) { return a[i] }; return .null }

  var isNull: Bool { self == .null }
  var int: Int? { if case .number(let n) = self { return Int(n) }; return nil }
  var string: String? { if case .string(let s) = self { return s }; return nil }
  var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
  var array: [JSON] { if case .array(let a) = self { return a }; return [] }
  var object: [String: JSON] { if case .object(let o) = self { return o }; return [:] }

  /// Loads `Fixtures/<name>.json` from the test bundle.
  static func fixture(_ name: String) throws -> JSON {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try JSONDecoder().decode(JSON.self, from: Data(contentsOf: url))
  }
}

/// One named vector of a reference table, so each runs as its own parameterised case.
struct Vector: Sendable, CustomTestStringConvertible {
  var suite: String
  var name: String
  var json: JSON
  var testDescription: String { "\(suite): \(name)" }
}
