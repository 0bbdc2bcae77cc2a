import RolloutEngine

/// Speed (`+` / `-`, `--speed`) and stepping one event at a time (`.`).
extension DashboardSession {
  /// Picks the listed speed nearest to `speed` (by ratio); nil, infinity or ≥ 1000 =
  /// max; zero, negative or NaN = the slowest.
  public mutating func setSpeed(_ speed: Double?) {
    if let x = speed, x.isNaN || x <= 0 {
      speedIndex = 0
      ui.speedLabel = DashboardSession.label(DashboardSession.speeds[0])
      return
    }
    guard let x = speed, x.isFinite, x < 1000 else {
      speedIndex = DashboardSession.speeds.count - 1
      ui.speedLabel = DashboardSession.label(nil)
      return
    }
    var best = 0
    var bestDist = Double.infinity
    for (i, s) in DashboardSession.speeds.enumerated() {
      guard let s else { continue }
      let d = abs((s / x).magnitude.squareRoot() - (x / s).magnitude.squareRoot())
      if d < bestDist {
        bestDist = d
        best = i
      }
    }
    speedIndex = best
    ui.speedLabel = DashboardSession.label(DashboardSession.speeds[best])
  }

  /// `0.25×`, `1×`, `64×`, `max`.
  public static func label(_ speed: Double?) -> String {
    guard let s = speed else { return "max" }
    if s == s.rounded() { return "\(Int(s))×" }
    return fixed(s, s * 4 == (s * 4).rounded() && s * 2 != (s * 2).rounded() ? 2 : 1) + "×"
  }

  mutating func changeSpeed(_ delta: Int) { ui.changeSpeed(&speedIndex, by: delta) }

  /// `.`: process the next event instant (only while the clock is paused, so the
  /// user can walk a rollout one decision at a time).
  mutating func stepOneEvent() {
    guard ui.paused else {
      ui.status = ".: pause the clock first (space), then . steps one event"
      return
    }
    guard let t = simulation.nextEventTime() else {
      ui.status = ".: nothing pending; the rollout has settled"
      return
    }
    advanceSampled(to: t)
    let events = simulation.instantEvents
    let what = events.last.map { ": \($0.reason) \($0.message)" } ?? ""
    ui.status = "advanced to t=\(formatDuration(t))\(what)"
  }
}

extension DashboardUI {
  /// `+` / `-`: moves `index` through `DashboardSession.speeds` by `delta`, and says
  /// so in the status line (every live view's speed keys).
  mutating func changeSpeed(_ index: inout Int, by delta: Int) {
    let n = DashboardSession.speeds.count
    let next = max(0, min(n - 1, index + delta))
    guard next != index else {
      status = delta > 0 ? "speed: already as fast as possible" : "speed: already the slowest (\(speedLabel))"
      return
    }
    index = next
    speedLabel = DashboardSession.label(DashboardSession.speeds[next])
    status = "speed \(speedLabel)" + (DashboardSession.speeds[next] == nil ? " (as fast as possible)" : "")
  }
}
