import RolloutEngine
import RolloutRuns

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
  /// The run layer steps the simulation; the session only says how far.
  public internal(set) var run: Run
  public var simulation: Simulation { run.simulation }
  public var ui = DashboardUI()
  /// Actions performed from keys, with their simulated times: a replayable recording.
  /// After a rewind (`<`, `g`) the actions later than now stay here and in the
  /// re-run simulation, so jumping forward again replays them; acting at the
  /// rewound time drops them (the session takes another branch).
  public internal(set) var recording: [ScheduledAction] = []
  /// The input the session started from (before any key): what `R` and rewinds re-run.
  public let baseInput: SimulationInput
  /// Simulated times of the decisions seen so far (scaling, steps, switches, aborts,
  /// actions), for `<` / `>` (`Decision`).
  public internal(set) var decisionTimes: [SimTime] = []
  /// A crash stops the clock (breakpoints) once per run.
  var crashBreakSeen = false
  /// Set by `q`.
  public private(set) var wantsQuit = false

  /// Speeds `+`/`-` step through; `nil` is "as fast as possible".
  public static let speeds: [Double?] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, nil]
  public internal(set) var speedIndex = 2

  /// Most event instants one `tick` (or one `.`-free stretch at "max") processes, so a
  /// huge fleet at high speed cannot freeze the UI: simulated time lags instead.
  public var maxInstantsPerTick = 2_000
  /// At "max" speed, the simulated time one wall second may cover at most.
  public static let maxSpeedSecondsPerWallSecond = 3_600.0

  /// The largest `s` (scale) target the dashboard accepts. Every frame snapshots and
  /// draws every pod, and one action creates all the new pods at its instant (as
  /// the engine's ReplicaSet controller does), so the limit is what a frame can
  /// hold: measured with `rollsim-render-bench` on a 2-core machine, a frame of a
  /// 1M-replica rollout (1.25M pods) took about 15 ms of CPU, the whole 16 ms
  /// budget, when the limit was set (about 5 ms since the snapshot's pods became a
  /// `PodTable`). Larger targets are refused with the reason (the headless
  /// `simulate` takes up to 10,000,000). Scaling down, or to no more than the current size,
  /// is always accepted. Up to the limit the scale step itself can take longer than a
  /// frame (hundreds of ms for 1M): the key loop runs it off the main thread and
  /// paints the last frame with a busy line (`busyText(forKey:)`, `BusyFrame`) while
  /// keys typed meanwhile wait in order, so input never freezes.
  public var maxScaleReplicas = 1_000_000

  /// What a typed prompt is for.
  public enum PromptKind: Sendable, Hashable { case scale, image, nodeDown, nodeUp, undoTo, jump, filter }
  public internal(set) var promptKind: PromptKind?
  public internal(set) var promptText = ""
  /// What Enter takes when nothing is typed (`n`: the first node that is up). A hint,
  /// not text: the first key typed replaces it.
  public internal(set) var promptDefault = ""

  /// True when the sample for the sparklines must be recomputed (something happened).
  var sampleDirty = true
  var lastSample = SparkHistory.Sample(available: 0, desired: 0, newShare: 0, failedPerSecond: 0)
  /// Several workloads: each one's TREND history and last sample (by workload; the
  /// focused one's live in `ui.history` and `lastSample`).
  var workloadHistories: [SparkHistory] = []
  var workloadSamples: [SparkHistory.Sample] = []

  public init(simulation: Simulation) {
    self.run = Run(simulation)
    baseInput = simulation.input
    ui.speedLabel = DashboardSession.label(DashboardSession.speeds[speedIndex])
    noteInstant(simulation.now)
    sampleHistory()
  }

  /// Starts at the speed nearest to `speed` (`nil` or infinity = max), e.g. `--speed 8`.
  public init(simulation: Simulation, speed: Double?) {
    self.init(simulation: simulation)
    setSpeed(speed)
  }

  /// The speed multiplier, or nil for "as fast as possible".
  public var speed: Double? { DashboardSession.speeds[speedIndex] }

  // MARK: - Time

  /// Moves simulated time forward by `wallSeconds` × speed (nothing while paused),
  /// processing at most `maxInstantsPerTick` event instants. Cheap when nothing
  /// happens: no snapshot unless a simulated second boundary passes after a change.
  ///
  /// Once the rollout has settled and nothing is pending, the clock stops there (at
  /// any speed): nothing can change until a key acts, and running on would only
  /// scroll TREND's history away.
  public mutating func tick(wallSeconds: Double) {
    guard wallSeconds > 0, wallSeconds.isFinite else { return }
    expireStatus(wallSeconds: wallSeconds)
    guard !ui.paused else { return }
    if isSettled {
      markSettled()
      return
    }
    ui.settled = false
    ui.banner = nil
    let rate = speed ?? DashboardSession.maxSpeedSecondsPerWallSecond
    let target = simulation.now + max(1, SimTime.seconds(wallSeconds * rate))
    advanceSampled(to: target, budget: maxInstantsPerTick, stopAtSettle: true)
    if isSettled { markSettled() }
  }

  /// The clock stopped at the settle: the end-of-run banner shows.
  mutating func markSettled() {
    ui.settled = true
    if ui.banner == nil { ui.banner = endOfRunReport() }
  }



  /// The rollout has finished (every pod settled, no scheduled action left) and no
  /// delayed scale-down is waiting: time passing changes nothing the screen shows.
  /// (A controller wake-up left queued from before the finish, such as a progress
  /// deadline check, changes nothing once the rollout is complete.)
  public var isSettled: Bool {
    guard simulation.isFinished else { return false }
    guard simulation.nextEventTime() != nil else { return true }
    return !(0..<simulation.workloadCount).contains { w in
      simulation.snapshot(maxEvents: 0, includePods: false, workload: w).revisions.contains { $0.scaleDownAt != nil }
    }
  }

  /// How long a status message stays, in wall seconds of ticks (a key replaces it
  /// sooner). Counted from the ticks the caller feeds, so tests stay deterministic.
  public static let statusLifetime = 8.0
  var statusAge = 0.0
  var statusShown = ""

  /// Clears a status message older than `statusLifetime` (the status line is not sticky).
  mutating func expireStatus(wallSeconds: Double = 0) {
    if ui.status != statusShown {
      statusShown = ui.status
      statusAge = 0
    } else if !ui.status.isEmpty {
      statusAge += wallSeconds
      if statusAge >= DashboardSession.statusLifetime {
        ui.status = ""
        statusShown = ""
      }
    }
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
  mutating func advanceSampled(to target: SimTime, budget: Int = .max, stopAtSettle: Bool = false) {
    var instants = 0
    while simulation.now < target || (simulation.nextEventTime().map { $0 <= target } ?? false) {
      let next = simulation.nextEventTime()
      if let t = next, t <= target {
        if instants >= budget { return }
        // Quiet until t: record the seconds before it with the current state.
        recordSeconds(through: (t - 1) / 1000)
        run.advance(to: t)
        instants += 1
        sampleDirty = true
        if t % 1000 == 0 { recordSeconds(through: t / 1000) }
        noteInstant(t)
        if stopAtSettle, isSettled {
          recordSeconds(through: t / 1000)
          return
        }
        if stopAtSettle, ui.breakpoints, let hit = breakpointHit() {
          recordSeconds(through: t / 1000)
          stopAtBreakpoint(hit, at: t)
          return
        }
      } else {
        run.advance(to: target)
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
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      lastSample = SparkHistory.Sample(snap)
      noteRevisions(snap)
      sampleOtherWorkloads()
      sampleDirty = false
    }
    ui.history.append(lastSample, through: reached)
    appendOtherWorkloads(through: reached)
  }

  /// Gives every new ReplicaSet its colour for life.
  mutating func noteRevisions(_ snap: SimulationSnapshot) {
    if snap.revisions.contains(where: { ui.revisionColours[$0.podTemplateHash] == nil })
      || ui.revisionColours.count != snap.revisions.count
    {
      ui.revisionColours = RevisionColours.assign(ui.revisionColours, snap.revisions)
    }
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
    // A key replaces the last key's message (which otherwise expires on its own).
    if key != .resize { ui.status = "" }
    defer { expireStatus() }
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
    case .char("x"): act(.killPod)
    case .char("k"), .up: move(-1)
    case .char("j"), .down: move(+1)
    case .char("s"):
      startPrompt(.scale, initial: "")
    case .char("i"):
      startPrompt(.image, initial: "")
    case .char("n"):
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      let firstUp = snap.nodes.firstIndex { $0.up }.map { String($0 + 1) } ?? ""
      startPrompt(.nodeDown, initial: "", default: firstUp)
    case .char("z"): act(.pause)
    case .char("Z"): act(.resume)
    case .char("N"):
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      let firstDown = snap.nodes.firstIndex { !$0.up }.map { String($0 + 1) } ?? ""
      startPrompt(.nodeUp, initial: "", default: firstDown)
    case .char("U"):
      // The picker: the revisions there are, the previous one as the default.
      let snap = focusedSnapshot(maxEvents: 0, includePods: false)
      let older = snap.revisions.dropFirst().first.map { String($0.revision) } ?? ""
      startPrompt(.undoTo, initial: "", default: older)
    case .char("R"): restart()
    case .char("<"): previousDecision()
    case .char(">"): nextDecision()
    case .char("g"):
      startPrompt(.jump, initial: "")
    case .char("b"):
      ui.breakpoints.toggle()
      ui.status =
        ui.breakpoints
        ? "breakpoints on: the clock pauses at a pause step, an analysis failure, an abort, a switch, a progress deadline, a pod crash"
        : "breakpoints off"
    case .tab:
      ui.focus = (ui.focus + 1) % DashboardRenderer.panels.count
    case .backTab:
      ui.focus = (ui.focus + DashboardRenderer.panels.count - 1) % DashboardRenderer.panels.count
    case .char("w"): focusWorkload(+1)
    case .char("W"): focusWorkload(-1)
    case .char("?"):
      ui.showHelp.toggle()
    case .escape:
      back()
    case .enter: open()
    case .char("e"):
      ui.view = .events
      ui.eventScroll = 0
    case .char("/"):
      startPrompt(.filter, initial: ui.eventFilter ?? "")
    case .resize, .left, .right, .backspace:
      break
    case .char(let c):
      ui.status = "\(c): no such key; ? lists the keys"
    }
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
    // A verb that does not apply now changes nothing: not the clock, not EVENTS, not
    // the recording (tried on a copy first, without settling: a scale's pods are
    // created once, by the real action).
    // A node verb is the cluster's: recorded without a workload.
    let target = verb.actsOnNode ? nil : focusedName
    let tried = simulation.outcome(of: verb, workload: target)
    if !tried.isApplied {
      ui.warn(DashboardSession.statusLine(verb, tried))
      return
    }
    // Acting after a rewind takes another branch: the recorded future is dropped.
    dropRecordedFuture()
    var t = simulation.now + 1
    var guardCount = 0
    while let n = simulation.nextEventTime(), n <= t, guardCount < 10_000 {
      advanceSampled(to: n)
      t = n + 1
      guardCount += 1
    }
    advanceSampled(to: t)
    let outcome = run.perform(verb, workload: target)
    noteInstant(simulation.now)
    ui.banner = nil
    ui.settled = false
    sampleDirty = true
    noteRevisions(focusedSnapshot(maxEvents: 0, includePods: false))
    recording.append(ScheduledAction(at: simulation.now, verb: verb, workload: target))
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
    var input = baseInput
    input.actions += recording
    return input
  }

  public func render(width: Int, height: Int) -> Grid {
    var ui = self.ui
    if ui.paused, ui.view == .dashboard { ui.nextUp = nextUp() }
    ui.workloads = workloadRows()
    return DashboardRenderer.render(onScreenSnapshot(), ui: ui, width: width, height: height)
  }

}
