/// Virtual time in milliseconds since the start of a simulation.
///
/// The engine never reads a wall clock: time is a number inside the state, advanced
/// by the event queue. Milliseconds keep probe periods, start-up times and request
/// windows exact in integer arithmetic.
public typealias SimTime = Int64

extension SimTime {
  /// `seconds` as a virtual time, rounded to the nearest millisecond.
  @inlinable public static func seconds(_ seconds: Double) -> SimTime {
    SimTime((seconds * 1000).rounded())
  }
  /// Whole seconds as a virtual time.
  @inlinable public static func seconds(_ seconds: Int) -> SimTime { SimTime(seconds) * 1000 }
  /// This time in seconds.
  @inlinable public var inSeconds: Double { Double(self) / 1000 }
}

/// Formats a duration the way people read rollout timelines: `45s`, `2m05s`, `1h02m`,
/// with milliseconds only when they are not zero (`4.5s`).
public func formatDuration(_ t: SimTime) -> String {
  if t < 0 { return "-" + formatDuration(-t) }
  let ms = t % 1000
  let totalSeconds = t / 1000
  let h = totalSeconds / 3600
  let m = (totalSeconds % 3600) / 60
  let s = totalSeconds % 60
  if h > 0 { return "\(h)h" + pad2(m) + "m" + (s > 0 ? pad2(s) + "s" : "") }
  if m > 0 { return "\(m)m" + pad2(s) + "s" }
  if ms == 0 { return "\(s)s" }
  var frac = String(ms)
  while frac.count < 3 { frac = "0" + frac }
  while frac.hasSuffix("0") { frac.removeLast() }
  return "\(s).\(frac)s"
}

/// Seconds as a JSON/CSV number: an integer when whole (`45`), otherwise up to three
/// decimals (`4.5`). Stable across platforms, unlike `Double.description`.
public func formatSeconds(_ t: SimTime) -> String {
  let sign = t < 0 ? "-" : ""
  let a = t < 0 ? -t : t
  let whole = a / 1000
  let ms = a % 1000
  if ms == 0 { return sign + String(whole) }
  var frac = String(ms)
  while frac.count < 3 { frac = "0" + frac }
  while frac.hasSuffix("0") { frac.removeLast() }
  return sign + String(whole) + "." + frac
}

@usableFromInline func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

/// Parses a duration as manifests and `--action` write it: `45s`, `2m`, `1h30m`,
/// `1.5s`, `500ms`, or a plain number of seconds. Returns nil when it doesn't parse.
public func parseDuration(_ text: String) -> SimTime? {
  let s = text.trimmingCharacters()
  guard !s.isEmpty else { return nil }
  if let v = Double(s), v.isFinite, v >= 0 { return .seconds(v) }
  var total: Double = 0
  var number = ""
  var i = s.startIndex
  var sawUnit = false
  while i < s.endIndex {
    let ch = s[i]
    if ch.isNumber || ch == "." {
      number.append(ch)
      i = s.index(after: i)
      continue
    }
    guard let v = Double(number), v.isFinite else { return nil }
    let rest = s[i...]
    let factor: Double
    if rest.hasPrefix("ms") {
      factor = 0.001
      i = s.index(i, offsetBy: 2)
    } else if ch == "s" {
      factor = 1
      i = s.index(after: i)
    } else if ch == "m" {
      factor = 60
      i = s.index(after: i)
    } else if ch == "h" {
      factor = 3600
      i = s.index(after: i)
    } else {
      return nil
    }
    total += v * factor
    number = ""
    sawUnit = true
  }
  guard number.isEmpty, sawUnit else { return nil }
  return .seconds(total)
}

extension String {
  /// Leading and trailing white space removed (without Foundation).
  func trimmingCharacters() -> String {
    var sub = Substring(self)
    while let f = sub.first, f.isWhitespace { sub.removeFirst() }
    while let l = sub.last, l.isWhitespace { sub.removeLast() }
    return String(sub)
  }
}
