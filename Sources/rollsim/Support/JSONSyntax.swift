/// A JSON syntax check that says where the first error is.
///
/// Foundation's `JSONDecoder` on Linux reports every syntax error as "The given data
/// was not valid JSON." without a position (swift-foundation
/// `Sources/FoundationEssentials/JSON/JSONDecoder.swift`, `decode(_:from:)`, drops the
/// `JSONError` location unless it runs inside the Apple framework). `replay` runs this
/// first so a broken recording gets a `FILE:LINE:COL:` line. RFC 8259 grammar; nesting
/// is bounded (`maxDepth`) so the check itself cannot exhaust anything.
enum JSONSyntax {
  static let maxDepth = 200

  /// The 1-based line and column of the first syntax error and what is wrong, or nil.
  static func firstError(_ bytes: [UInt8]) -> (line: Int, column: Int, message: String)? {
    var i = 0
    var line = 1
    var lineStart = 0
    func fail(_ m: String) -> (Int, Int, String) {
      // Columns count characters, not bytes.
      let column = String(decoding: bytes[lineStart..<min(i, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
      return (line, column, m)
    }
    func skipSpace() {
      while i < bytes.count {
        switch bytes[i] {
        case 0x20, 0x09, 0x0D: i += 1
        case 0x0A:
          i += 1
          line += 1
          lineStart = i
        default: return
        }
      }
    }
    func found() -> String {
      guard i < bytes.count else { return "unexpected end of file" }
      let b = bytes[i]
      return b >= 0x21 && b < 0x7F ? "unexpected '\(Character(Unicode.Scalar(b)))'" : "unexpected byte 0x\(String(b, radix: 16, uppercase: true))"
    }
    /// A string at `i`; nil when well-formed (and `i` past it).
    func string() -> (Int, Int, String)? {
      i += 1
      while i < bytes.count {
        let b = bytes[i]
        if b == 0x22 {
          i += 1
          return nil
        }
        if b < 0x20 { return fail("control character in a string (write it as \\u00\(b < 16 ? "0" : "")\(String(b, radix: 16)))") }
        if b == 0x5C {
          i += 1
          guard i < bytes.count else { break }
          let e = bytes[i]
          if e == 0x75 {
            guard i + 4 < bytes.count, bytes[i + 1...i + 4].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else {
              return fail("invalid \\u escape")
            }
            i += 4
          } else if !"\"\\/bfnrt".utf8.contains(e) {
            return fail("invalid escape")
          }
        }
        i += 1
      }
      return fail("unterminated string")
    }

    /// A number at `i` (RFC 8259 grammar); false when malformed.
    func number() -> Bool {
      func digits() -> Int {
        let s = i
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        return i - s
      }
      if bytes[i] == 0x2D { i += 1 }
      guard i < bytes.count else { return false }
      if bytes[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
      if i < bytes.count, bytes[i] == 0x2E {
        i += 1
        if digits() == 0 { return false }
      }
      if i < bytes.count, bytes[i] | 0x20 == 0x65 {
        i += 1
        if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        if digits() == 0 { return false }
      }
      return true
    }

    // The containers open above the current value: true for an object.
    var stack: [Bool] = []
    enum Expect { case value, keyOrEnd, key, colon, commaOrEnd, valueOrEnd }
    var expect = Expect.value
    while true {
      skipSpace()
      if expect == .value || expect == .valueOrEnd {
        guard i < bytes.count else { return fail("unexpected end of file") }
        let b = bytes[i]
        if expect == .valueOrEnd && b == 0x5D {
          stack.removeLast()
          i += 1
        } else if b == 0x7B || b == 0x5B {
          guard stack.count < maxDepth else { return fail("nested more than \(maxDepth) levels deep") }
          stack.append(b == 0x7B)
          i += 1
          expect = b == 0x7B ? .keyOrEnd : .valueOrEnd
          continue
        } else if b == 0x22 {
          if let e = string() { return e }
        } else if b == 0x2D || (b >= 0x30 && b <= 0x39) {
          if !number() { return fail("invalid number") }
        } else if let word = ["true", "false", "null"].first(where: { bytes[i...].starts(with: $0.utf8) }) {
          i += word.utf8.count
        } else {
          return fail(found())
        }
        expect = .commaOrEnd
      }
      skipSpace()
      switch expect {
      case .keyOrEnd, .key:
        guard i < bytes.count else { return fail("unexpected end of file") }
        if expect == .keyOrEnd && bytes[i] == 0x7D {
          stack.removeLast()
          i += 1
          expect = .commaOrEnd
          continue
        }
        guard bytes[i] == 0x22 else { return fail(found() + ", expected a key in quotes") }
        if let e = string() { return e }
        skipSpace()
        guard i < bytes.count, bytes[i] == 0x3A else { return fail(found() + ", expected ':'") }
        i += 1
        expect = .value
      case .commaOrEnd:
        guard let isObject = stack.last else {
          return i < bytes.count ? fail(found() + " after the document") : nil
        }
        guard i < bytes.count else { return fail("unexpected end of file") }
        let b = bytes[i]
        if b == 0x2C {
          i += 1
          expect = isObject ? .key : .value
        } else if b == (isObject ? 0x7D : 0x5D) {
          stack.removeLast()
          i += 1
        } else {
          return fail(found() + ", expected ',' or '\(isObject ? "}" : "]")'")
        }
      default: break
      }
    }

  }
}
