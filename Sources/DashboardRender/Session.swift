import RolloutEngine

/// A key, as the curses key reader reports it (terminal-independent).
public enum DashboardKey: Sendable, Hashable {
  case char(Character)
  case tab, backTab, enter, escape, backspace, up, down, left, right
  /// The terminal was resized (the painter redraws everything).
  case resize
}

/// The dashboard as a pure state machine: the simulation, the user's settings and
/// what keys do. The executable feeds it wall-clock ticks and keys and paints
/// `render(width:height:)`; tests feed it the same and compare grids.
///
/// Every key that acts on the rollout maps to an `ActionVerb`, the same verbs as
/// `simulate --action`, and is recorded with its simulated time (`--record`).
/// Replaying `replayInput()` headlessly reaches the identical state (see `act`).
public struct DashboardSession: Sendable {
  public private(set) var simulation: Simulation
  public var ui = DashboardUI()
  /// Actions performed from keys, with their simulated times: a replayable recording.
  public private(set) var recording: [ScheduledAction] = []
  /// Set by `q`.
  public private(set) var wantsQuit = false

  /// Speeds `+`/`-` step through; `nil` is "as fast as possible".
  public static let speeds: [Double?] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, nil]
  public private(set) var speedIndex = 2

  /// Most event instants one `tick` (or one `.`-free stretch at "max") processes, so a
  /// huge fleet at high speed cannot freeze the UI: simulated time lags instead.
  public var maxInstantsPerTick = 2_000
  /// At "max" speed, the simulated time one wall second may cover at most.
  public static let maxSpeedSecondsPerWallSecond = 3_600.0

  /// The largest `s` (scale) target the dashboard accepts. Every frame snapshots and
  /// draws every pod, and one action creates all the new pods at its instant (as
  /// the engine's ReplicaSet controller does), so the limit is what a frame can
  /// hold: measured with `rollsim-render-bench` on a 2-core machine, a frame of a
  /// 1M-replica rollout (1.25M pods) takes about 15 ms of CPU, the whole 16 ms
  /// budget. Larger targets are refused with the reason (the headless `simulate`
  /// takes up to 10,000,000). Scaling down, or to no more than the current size,
  /// is always accepted.
  public var maxScaleReplicas = 1_000_000

  /// What a typed prompt is for.
  public enum PromptKind: Sendable, Hashable { case scale, image, nodeDown }
  public private(set) var promptKind: PromptKind?
  public private(set) var promptText = ""

  /// True when the sample for the sparklines must be recomputed (something happened).
  var sampleDirty = true
  var lastSample = SparkHistory.Sample(available: 0, desired: 0, newShare: 0, failedPerSecond: 0)

  public init(simulation: Simulation) {
    self.simulation = simulation
    ui.speedLabel = DashboardSession.label(DashboardSession.speeds[speedIndex])
    sampleHistory()
  }

  /// Starts at the speed nearest to `speed` (`nil` or infinity = max), e.g. `--speed 8`.
  public init(simulation: Simulation, speed: Double?) {
    self.init(simulation: simulation)
    setSpeed(speed)
  }

  /// The speed multiplier, or nil for "as fast as possible".
  public var speed: Double? { DashboardSession.speeds[speedIndex] }

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

  // MARK: - Time

  /// Moves simulated time forward by `wallSeconds` × speed (nothing while paused),
  /// processing at most `maxInstantsPerTick` event instants. Cheap when nothing
  /// happens: no snapshot unless a simulated second boundary passes after a change.
  public mutating func tick(wallSeconds: Double) {
    guard !ui.paused, wallSeconds > 0, wallSeconds.isFinite else { return }
    let rate = speed ?? DashboardSession.maxSpeedSecondsPerWallSecond
    let target = simulation.now + max(1, SimTime.seconds(wallSeconds * rate))
    advanceSampled(to: target, budget: maxInstantsPerTick)
  }

  /// Moves simulated time to `time` regardless of pause and speed, sampling the
  /// history on the way (tests, and a CLI that starts a session part-way through).
  public mutating func advance(to time: SimTime) {
    advanceSampled(to: time)
  }

  /// Wall milliseconds until the screen would next change (the next simulated second
  /// or event at the current speed), for the key reader's timeout: 1…1000 ms.
  public var nextWakeMs: Int {
    if ui.paused { return 1000 }
    // As fast as possible: about 60 frames a second, each processing a bounded batch.
    guard let speed else { return 16 }
    let now = simulation.now
    var next = now - now % 1000 + 1000
    if let e = simulation.nextEventTime(), e > now, e < next { next = e }
    let wallMs = Double(next - now) / speed
    return max(1, min(1000, Int(wallMs.rounded(.up))))
  }

  /// Advances to `target`, event by event, sampling the sparkline history at each
  /// simulated second (piecewise constant between events, so quiet stretches cost
  /// one sample, not one per second). Stops early after `budget` event instants.
  mutating func advanceSampled(to target: SimTime, budget: Int = .max) {
    var instants = 0
    while simulation.now < target || (simulation.nextEventTime().map { $0 <= target } ?? false) {
      let next = simulation.nextEventTime()
      if let t = next, t <= target {
        if instants >= budget { return }
        // Quiet until t: record the seconds before it with the current state.
        recordSeconds(through: (t - 1) / 1000)
        simulation.advance(to: t)
        instants += 1
        sampleDirty = true
        if t % 1000 == 0 { recordSeconds(through: t / 1000) }
      } else {
        simulation.advance(to: target)
        recordSeconds(through: target / 1000)
        return
      }
    }
  }

  /// Appends the current state to the history for every second up to `second`; the
  /// caller knows the state stays as it is until then (no timer before).
  mutating func recordSeconds(through second: Int64) {
    let reached = second
    guard reached > ui.history.lastSecond else { return }
    if sampleDirty {
      lastSample = SparkHistory.Sample(simulation.snapshot(maxEvents: 0, includePods: false))
      sampleDirty = false
    }
    ui.history.append(lastSample, through: reached)
  }

  mutating func sampleHistory() {
    sampleDirty = true
    recordSeconds(through: simulation.now / 1000)
  }

  // MARK: - Keys

  /// Applies one key.
  public mutating func handle(_ key: DashboardKey) {
    if promptKind != nil {
      handlePrompt(key)
      return
    }
    switch key {
    case .char("q"):
      wantsQuit = true
    case .char(" "):
      ui.paused.toggle()
      ui.status =
        ui.paused
        ? "clock paused at t=\(formatDuration(simulation.now - simulation.now % 1000)): space resumes, . steps to the next event"
        : "clock running at \(ui.speedLabel)"
    case .char("+"), .char("="):
      changeSpeed(+1)
    case .char("-"), .char("_"):
      changeSpeed(-1)
    case .char("."):
      stepOneEvent()
    case .char("p"): act(.promote)
    case .char("P"): act(.promoteFull)
    case .char("a"): act(.abort)
    case .char("r"): act(.retry)
    case .char("u"): act(.undo(revision: nil))
    case .char("k"): act(.killPod)
    case .char("s"):
      startPrompt(.scale, initial: "")
    case .char("i"):
      startPrompt(.image, initial: "")
    case .char("n"):
      let snap = simulation.snapshot(maxEvents: 0, includePods: false)
      let firstUp = snap.nodes.firstIndex { $0.up }.map { String($0 + 1) } ?? ""
      startPrompt(.nodeDown, initial: firstUp)
    case .tab:
      ui.focus = (ui.focus + 1) % DashboardRenderer.panels.count
    case .backTab:
      ui.focus = (ui.focus + DashboardRenderer.panels.count - 1) % DashboardRenderer.panels.count
    case .char("?"):
      ui.showHelp.toggle()
    case .escape:
      if ui.showHelp { ui.showHelp = false } else { ui.status = "" }
    case .resize, .up, .down, .left, .right, .enter, .backspace:
      break
    case .char(let c):
      ui.status = "\(c): no such key; ? lists the keys"
    }
  }

  mutating func changeSpeed(_ delta: Int) {
    let n = DashboardSession.speeds.count
    let next = max(0, min(n - 1, speedIndex + delta))
    if next == speedIndex {
      ui.status = delta > 0 ? "speed: already as fast as possible" : "speed: already the slowest (\(ui.speedLabel))"
      return
    }
    speedIndex = next
    ui.speedLabel = DashboardSession.label(DashboardSession.speeds[next])
    ui.status = "speed \(ui.speedLabel)" + (speed == nil ? " (as fast as possible)" : "")
  }

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

  mutating func startPrompt(_ kind: PromptKind, initial: String) {
    promptKind = kind
    promptText = initial
    ui.showHelp = false
    updatePrompt()
  }

  mutating func updatePrompt() {
    guard let kind = promptKind else {
      ui.prompt = nil
      return
    }
    switch kind {
    case .scale: ui.prompt = "scale to replicas: " + promptText
    case .image: ui.prompt = "set image: " + promptText
    case .nodeDown:
      let count = simulation.snapshot(maxEvents: 0, includePods: false).nodes.count
      ui.prompt = "node to take down (1-\(count)): " + promptText
    }
  }

  mutating func handlePrompt(_ key: DashboardKey) {
    guard let kind = promptKind else { return }
    switch key {
    case .escape:
      promptKind = nil
      promptText = ""
      ui.prompt = nil
      ui.status = "\(kind == .scale ? "scale" : kind == .image ? "set-image" : "node-down"): cancelled"
      return
    case .backspace:
      if !promptText.isEmpty { promptText.removeLast() }
    case .enter:
      let text = promptText
      promptKind = nil
      promptText = ""
      ui.prompt = nil
      switch kind {
      case .scale:
        guard let n = Int(text), n >= 0 else {
          ui.status = "scale: type a number of replicas (0 or more)"
          return
        }
        let current = simulation.snapshot(maxEvents: 0, includePods: false).desiredReplicas
        if n > maxScaleReplicas, n > current {
          ui.status =
            "scale: \(n) replicas is more than the dashboard can draw: at most \(maxScaleReplicas) "
            + "(a frame shows every pod within 16 ms); run it headless: rollsim simulate FILE --action TIME:scale=\(n)"
          return
        }
        act(.scale(n))
      case .image:
        guard !text.isEmpty else {
          ui.status = "set-image: no image typed; nothing changed"
          return
        }
        act(.setImage(text))
      case .nodeDown:
        guard let n = Int(text), n > 0 else {
          ui.status = "node-down: type a node number (1 or more)"
          return
        }
        act(.nodeDown(n))
      }
      return
    case .char(let c):
      switch kind {
      case .scale:
        // 8 digits: 10,000,000 (the loader's limit) must be typeable, and anything
        // longer is refused on Enter rather than cut to a smaller number.
        if c.isASCII, c.isNumber, promptText.count < 8 { promptText.append(c) }
      case .nodeDown:
        if c.isASCII, c.isNumber, promptText.count < 7 { promptText.append(c) }
      case .image:
        if c.isASCII, !c.isWhitespace, promptText.count < 200 { promptText.append(c) }
      }
    default:
      break
    }
    updatePrompt()
  }

  // MARK: - Actions

  /// Performs `verb` now, records it and shows its outcome in the status line.
  ///
  /// Replay fidelity: a recorded action is a timer in the replayed run, and timers at
  /// the same instant fire in scheduling order and settle together. So an action is
  /// never performed at an instant where timers fired (or another action was
  /// performed): the clock first moves to the next millisecond that has no timer.
  /// The action then happens alone at its instant in both runs, and the replay reaches
  /// the identical state.
  public mutating func act(_ verb: ActionVerb) {
    var t = simulation.now + 1
    var guardCount = 0
    while let n = simulation.nextEventTime(), n <= t, guardCount < 10_000 {
      advanceSampled(to: n)
      t = n + 1
      guardCount += 1
    }
    advanceSampled(to: t)
    let outcome = simulation.perform(verb)
    sampleDirty = true
    recording.append(ScheduledAction(at: simulation.now, verb: verb))
    ui.status = DashboardSession.statusLine(verb, outcome)
  }

  /// `VERB: message` (`undo: deployment.apps/shop rolled back to revision 1 (shop:1.0)`);
  /// rejections already start with their verb (`promote: a Deployment has no steps…`).
  public static func statusLine(_ verb: ActionVerb, _ outcome: ActionOutcome) -> String {
    let word = String(verb.description.split(separator: "=", maxSplits: 1).first ?? "")
    let m = outcome.message
    if m.hasPrefix(word + ":") { return m }
    return "\(verb): \(m)"
  }

  /// The input to replay this session headlessly: the original input with the
  /// recorded actions appended (`rollsim replay`).
  public func replayInput() -> SimulationInput {
    var input = simulation.input
    input.actions += recording
    return input
  }

  public func render(width: Int, height: Int) -> Grid {
    DashboardRenderer.render(simulation.snapshot(), ui: ui, width: width, height: height)
  }
}
