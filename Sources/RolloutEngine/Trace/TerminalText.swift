/// Text from the input made safe for a terminal.
///
/// A name, image or label from a manifest can hold ESC, BEL or other control
/// characters; written raw they retitle the user's terminal or recolour what follows
/// (kubectl's CVE-2021-25743). Every input-derived string that reaches a terminal goes
/// through `escaped(_:)`: C0 controls, DEL and the C1 controls (U+0080–U+009F, which
/// some terminals read as CSI) become visible escapes (`\n`, `\t`, `\r`, `\e`,
/// `\x07`, `\u{9b}`), so the output stays one line per record and nothing from the input
/// acts on the terminal. JSONL uses JSON's `\u001b` escapes instead (`TraceFormat.quote`).
public enum TerminalText {
  /// True when `scalar` is a control character (C0, DEL or C1).
  @inlinable public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
  }

  /// `text` with every control character escaped; returned unchanged (no copy) when
  /// it has none, the common case.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for u in text.unicodeScalars {
      guard isControl(u) else {
        out.unicodeScalars.append(u)
        continue
      }
      switch u {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{1B}": out += "\\e"
      default:
        let h = String(u.value, radix: 16)
        out += u.value < 0x80 ? "\\x" + (h.count < 2 ? "0" : "") + h : "\\u{" + h + "}"
      }
    }
    return out
  }

  /// `text` escaped and cut to about `limit` characters with `…`, for echoing an input
  /// value inside a message (a 1 MB value must not become a 1 MB error line).
  public static func echo(_ text: String, limit: Int = 80) -> String {
    var cut = Substring(text)
    var truncated = false
    if text.utf8.count > limit, let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), end < text.endIndex {
      cut = text[..<end]
      truncated = true
    }
    var e = escaped(String(cut))
    if e.count > limit + 8 {
      e = String(e.prefix(limit))
      truncated = true
    }
    return truncated ? e + "…" : e
  }
}
