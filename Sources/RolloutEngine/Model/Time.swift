/// Virtual time in milliseconds since the start of a simulation.
///
/// The engine never reads a wall clock: time is a number inside the state, advanced
/// by the event queue. Milliseconds keep probe periods, start-up times and request
/// windows exact in integer arithmetic.
public typealias SimTime = Int64

extension SimTime {
  /// A time that never comes: 2⁶¹ ms, about 73 million years. Every duration the
  /// engine computes from input numbers saturates here, so a reachable time (the clock
  /// stays within the `maxDurationSeconds` horizon, 10¹² ms, in every command) plus two
  /// such durations is still below `SimTime.max` and cannot trap.
  public static let never: SimTime = 1 << 61

  /// `seconds` as a virtual time, rounded to the nearest millisecond.
  ///
  /// Saturates at ±`never` instead of trapping: `Int64(_:)` traps on a value out of
  /// range, and a simulator must never crash on its input (`1e300` seconds is `never`).
  /// NaN, which has no time, is 0.
  @inlinable public static func seconds(_ seconds: Double) -> SimTime {
    let ms = (seconds * 1000).rounded()
    if ms.isNaN { return 0 }
    // 2⁶¹ is exactly representable; every Double between ±2⁶¹ converts without trapping.
    if ms >= Double(never) { return never }
    if ms <= -Double(never) { return -never }
    return SimTime(ms)
  }
  /// Whole seconds as a virtual time, saturating at ±`never` like `seconds(_: Double)`.
  @inlinable public static func seconds(_ seconds: Int) -> SimTime {
    let (ms, overflow) = SimTime(seconds).multipliedReportingOverflow(by: 1000)
    if overflow || ms >= never { return seconds < 0 ? -never : never }
    if ms <= -never { return -never }
    return ms
  }
  /// `count` periods of `seconds` each, plus `offset` seconds, saturating at `never`:
  /// the probe timings (`initialDelaySeconds + failureThreshold × periodSeconds`).
  @inlinable public static func seconds(_ offset: Int, plus count: Int, times seconds: Int) -> SimTime {
    let (product, o1) = count.multipliedReportingOverflow(by: seconds)
    if o1 { return (count < 0) != (seconds < 0) ? -never : never }
    let (sum, o2) = offset.addingReportingOverflow(product)
    if o2 { return offset < 0 ? -never : never }
    return .seconds(sum)
  }
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

/// The longest duration `parseDuration` accepts: 10⁹ s (about 31 years). Far beyond
/// any rollout, far below `SimTime.max` (≈ 9.2·10¹⁵ s), so sums of parsed durations
/// (a pause after a pause, `--until` plus a step) cannot overflow either.
public let maxDurationSeconds: Int64 = 1_000_000_000

/// Parses a duration as manifests and `--action` write it: `45s`, `2m`, `1h30m`,
/// `1.5s`, `500ms`, or a plain number of seconds. Returns nil when it doesn't parse,
/// when any number in it or the total exceeds `maxDurationSeconds`, or when the text is
/// longer than 64 bytes (no duration is; this bounds the work on hostile input).
///
/// This is rollsim's one duration parser: the manifest loader,
/// `--until`, `--action` and replay all call it, so they agree on what a duration is.
public func parseDuration(_ text: String) -> SimTime? {
  guard text.utf8.count <= 64 else { return nil }
  let maxSeconds = Double(maxDurationSeconds)
  let s = text.trimmingCharacters()
  guard !s.isEmpty else { return nil }
  if let v = Double(s) {
    guard v.isFinite, v >= 0, v <= maxSeconds else { return nil }
    return .seconds(v)
  }
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
    guard let v = Double(number), v.isFinite, v >= 0, v <= maxSeconds else { return nil }
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
    guard total <= maxSeconds else { return nil }
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
