import RolloutEngine

// MARK: - Glyphs

/// Every glyph is one terminal column (no emoji, no East-Asian wide characters).
struct Glyphs: Sendable {
  var h: Character
  var v: Character
  var tee: String
  var last: String
  var pipe: String
  var full: Character
  var empty: Character
  /// Partial bar eighths (index 1…7), empty for ASCII.
  var eighths: [Character]
  var spark: [Character]
  /// By `PodDisplayState.rawValue`: pending, creating, running, ready, available, crash, terminating.
  var pod: [Character]
  var times: String
  var minus: String
  var le: String
  var ge: String
  var check: Character
  var cross: Character
  var pointer: Character
  var dot: String
  var ellipsis: Character

  static let unicode = Glyphs(
    h: "─", v: "│", tee: "├─", last: "└─", pipe: "│ ", full: "█", empty: "░",
    eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"].map { Character($0) },
    spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], pod: ["○", "░", "▒", "▓", "█", "!", "×"],
    times: "×", minus: "−", le: "≤", ge: "≥", check: "✓", cross: "✗", pointer: "▶", dot: "·", ellipsis: "…")

  static let ascii = Glyphs(
    h: "-", v: "|", tee: "|-", last: "`-", pipe: "| ", full: "#", empty: ".", eighths: [],
    spark: ["_", ".", ",", "-", "=", "+", "*", "#"], pod: ["o", ":", "-", "+", "#", "!", "x"],
    times: "x", minus: "-", le: "<=", ge: ">=", check: "+", cross: "x", pointer: ">", dot: "-", ellipsis: "~")
}

// MARK: - Formatting (no Foundation: the renderer stays pure and cheap)

/// `v` with `decimals` decimals, trailing zeros kept (`12.50`).
func fixed(_ v: Double, _ decimals: Int) -> String {
  guard v.isFinite else { return "-" }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let neg = v < 0
  let n = Int64((abs(v) * scale).rounded())
  let s = Int64(scale)
  var out = String(n / s)
  if decimals > 0 {
    var frac = String(n % s)
    while frac.count < decimals { frac = "0" + frac }
    out += "." + frac
  }
  return (neg && n != 0 ? "-" : "") + out
}

/// A compact human number: `0.012`, `3.5`, `42`, `1.2k`, `3.4M`.
func compact(_ v: Double) -> String {
  let a = abs(v)
  if a >= 1_000_000 { return fixed(v / 1_000_000, 1) + "M" }
  if a >= 10_000 { return fixed(v / 1000, 0) + "k" }
  if a >= 1000 { return fixed(v / 1000, 1) + "k" }
  if a >= 100 { return fixed(v, 0) }
  if a >= 10 { return fixed(v, 1) }
  if a == 0 { return "0" }
  if a >= 1 { return fixed(v, 2) }
  return fixed(v, 3)
}

/// A count: exact below 1000 (`4`, not `4.00`), then `compact` (`5.6k`).
func countText<T: BinaryInteger>(_ n: T) -> String {
  n < 1000 && n > -1000 ? String(n) : compact(Double(n))
}

/// A time left, in the whole seconds the clock shows, rounded up (a pause that ends
/// at 34.5 s shows `1s left` at t=33.6 s, never `0.9s` or `0s`).
func wholeSecondsLeft(_ t: SimTime) -> SimTime {
  t <= 0 ? 0 : (t + 999) / 1000 * 1000
}

func padLeft(_ s: String, _ n: Int) -> String {
  s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
}

func padRight(_ s: String, _ n: Int) -> String {
  s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
}

/// `s` cut to `n` columns, with an ellipsis when cut.
func clip(_ s: String, _ n: Int, _ e: Character) -> String {
  guard n > 0 else { return "" }
  guard s.count > n else { return s }
  return String(s.prefix(n - 1)) + String(e)
}
