import RolloutEngine
import RolloutRuns

/// The live compare view as a pure state machine: a `RunSet` (every strategy on one
/// scenario, one clock), one sparkline history per run, and what keys do.
///
/// Keys act on every column at the same simulated instant (pause, speed, `.`, undo,
/// abort, promote, kill pod, node down) or, after `tab` focuses a column, on that
/// column alone (`tab` again moves on, the last `tab` returns to "all").
public struct CompareSession: Sendable {
  public private(set) var runs: RunSet
  public private(set) var histories: [SparkHistory]
  public var ui = DashboardUI()
  /// The column keys act on; nil = every column.
  public private(set) var focus: Int?
  public private(set) var speedIndex = 2
  public private(set) var wantsQuit = false
  public private(set) var prompt: (kind: DashboardSession.PromptKind, text: String)?
  /// Most event instants one `tick` processes (see `DashboardSession`).
  public var maxInstantsPerTick = 2_000
  /// The most replicas `s` may leave across all columns: every frame draws every
  /// column's pods, so the watch dashboard's limit (`DashboardSession.maxScaleReplicas`)
  /// holds for their sum. Scaling to no more than the columns have now is always
  /// accepted.
  public var maxScaleReplicas = 1_000_000

  /// Each column's minimum width; narrower terminals get a message saying how wide.
  public static let columnWidth = 44
  /// Rows of the figures table under the columns.
  static let tableRows: [(name: String, column: String)] = [
    ("outcome", "outcome"), ("time", "duration"), ("paused", "pausedSeconds"), ("peak pods", "peakPods"),
    ("extra pod-s", "extraPodSeconds"), ("min capacity %", "minCapacityPercent"), ("failed", "requestsFailed"),
    ("failed (new rev)", "newRevisionFailed"), ("pending pod-s", "pendingPodSeconds"),
  ]

  public init(runs: RunSet) {
    self.runs = runs
    histories = Array(repeating: SparkHistory(), count: runs.runs.count)
    ui.speedLabel = DashboardSession.label(DashboardSession.speeds[speedIndex])
    for i in histories.indices { record(i, through: runs.runs[i].now / 1000) }
  }

  public var speed: Double? { DashboardSession.speeds[speedIndex] }
  public var now: SimTime { runs.now }

  /// The width the columns need.
  public var requiredWidth: Int { runs.runs.count * CompareSession.columnWidth + runs.runs.count - 1 }

  // MARK: - Time

  /// Moves the shared clock by `wallSeconds` × speed (nothing while paused).
  public mutating func tick(wallSeconds: Double) {
    guard !ui.paused, wallSeconds > 0, wallSeconds.isFinite else { return }
    let rate = speed ?? DashboardSession.maxSpeedSecondsPerWallSecond
    advance(to: now + max(1, SimTime.seconds(wallSeconds * rate)), budget: maxInstantsPerTick)
  }

  /// Milliseconds until the screen would next change (for the key reader).
  public var nextWakeMs: Int {
    if ui.paused { return 1000 }
    guard let speed else { return 16 }
    var next = now - now % 1000 + 1000
    if let e = runs.nextEventTime(), e > now, e < next { next = e }
    return max(1, min(1000, Int((Double(next - now) / speed).rounded(.up))))
  }

  /// Advances the shared clock to `target`, instant by instant (the run layer steps;
  /// this only samples the sparklines at each simulated second).
  mutating func advance(to target: SimTime, budget: Int = .max) {
    var instants = 0
    while let t = runs.nextEventTime(), t <= target {
      if instants >= budget { return }
      recordAll(through: (t - 1) / 1000)
      runs.advance(to: t)
      instants += 1
    }
    runs.advance(to: target)
    recordAll(through: target / 1000)
  }

  mutating func recordAll(through second: Int64) {
    for i in histories.indices { record(i, through: second) }
  }

  mutating func record(_ i: Int, through second: Int64) {
    guard second > histories[i].lastSecond else { return }
    let snap = runs.runs[i].simulation.snapshot(maxEvents: 0, includePods: false)
    histories[i].append(SparkHistory.Sample(snap), through: second)
  }

  // MARK: - Keys

  public mutating func handle(_ key: DashboardKey) {
    if prompt != nil { return handlePrompt(key) }
    switch key {
    case .char("q"): wantsQuit = true
    case .char(" "):
      ui.paused.toggle()
      ui.status = ui.paused ? "clock paused in every column: space resumes, . steps to the next event" : "clock running at \(ui.speedLabel)"
    case .char("+"), .char("="): changeSpeed(+1)
    case .char("-"), .char("_"): changeSpeed(-1)
    case .char("."):
      guard ui.paused else {
        ui.status = ".: pause the clock first (space), then . steps one event"
        return
      }
      guard let t = runs.nextEventTime() else {
        ui.status = ".: nothing pending; every column has settled"
        return
      }
      advance(to: t)
      ui.status = "advanced to t=\(formatDuration(t))"
    case .char("p"): act(.promote)
    case .char("P"): act(.promoteFull)
    case .char("a"): act(.abort)
    case .char("r"): act(.retry)
    case .char("u"): act(.undo(revision: nil))
    case .char("x"): act(.killPod)
    case .char("s"): prompt = (.scale, "")
    case .char("n"): prompt = (.nodeDown, "")
    case .tab:
      let n = runs.runs.count
      focus = focus.map { $0 + 1 < n ? $0 + 1 : nil } ?? 0
      ui.status = focus.map { "keys act on \(runs.runs[$0].label) only (tab: next)" } ?? "keys act on every column"
    case .backTab:
      let n = runs.runs.count
      focus = focus.map { $0 > 0 ? $0 - 1 : nil } ?? n - 1
      ui.status = focus.map { "keys act on \(runs.runs[$0].label) only" } ?? "keys act on every column"
    case .char("?"): ui.showHelp.toggle()
    case .escape:
      if ui.showHelp { ui.showHelp = false } else { ui.status = "" }
    case .char(let c): ui.status = "\(c): no such key; ? lists the keys"
    default: break
    }
  }

  mutating func changeSpeed(_ delta: Int) { ui.changeSpeed(&speedIndex, by: delta) }

  mutating func handlePrompt(_ key: DashboardKey) {
    guard let p = prompt else { return }
    switch key {
    case .escape:
      prompt = nil
      ui.status = "cancelled"
    case .backspace:
      if !p.text.isEmpty { prompt?.text.removeLast() }
    case .enter:
      prompt = nil
      guard let n = Int(p.text), n >= (p.kind == .scale ? 0 : 1) else {
        ui.status = p.kind == .scale ? "scale: type a number of replicas (0 or more)" : "node-down: type a node number (1 or more)"
        return
      }
      if p.kind == .scale, let refusal = scaleRefusal(n) {
        ui.warn(refusal)
        return
      }
      act(p.kind == .scale ? .scale(n) : .nodeDown(n))
    case .char(let c):
      if c.isASCII, c.isNumber, p.text.count < 7 { prompt?.text.append(c) }
    default: break
    }
  }

  /// Why `s` to `n` replicas (in the focused column, or every column) is refused, or
  /// nil: the columns would hold more than `maxScaleReplicas` between them.
  func scaleRefusal(_ n: Int) -> String? {
    let desired = runs.runs.map { $0.simulation.snapshot(maxEvents: 0, includePods: false).desiredReplicas }
    let after = desired.indices.reduce(0) { $0 + (focus == nil || focus == $1 ? n : desired[$1]) }
    guard after > maxScaleReplicas, after > desired.reduce(0, +) else { return nil }
    let columns = focus == nil ? desired.count : 1
    return "scale: the compare view draws at most \(maxScaleReplicas) replicas in all its columns (every pod, each frame, "
      + "within 16 ms); \(n) in \(columns) column\(columns == 1 ? "" : "s") runs headless: rollsim compare FILES --action TIME:scale=\(n)"
  }

  /// Performs `verb` at the same instant in every column (or the focused one): the
  /// clock first moves to the next millisecond with no timer in any column, so the
  /// action happens alone at its instant, as a scheduled `--action` would.
  public mutating func act(_ verb: ActionVerb) {
    var t = now + 1
    while let n = runs.nextEventTime(), n <= t {
      advance(to: n)
      t = n + 1
    }
    advance(to: t)
    let outcomes = runs.perform(verb, only: focus)
    recordAll(through: now / 1000)
    let applied = outcomes.filter(\.isApplied).count
    let target = focus.map { runs.runs[$0].label } ?? "\(applied) of \(outcomes.count) columns"
    let line: String
    if outcomes.count == 1 {
      line = DashboardSession.statusLine(verb, outcomes[0]) + (focus.map { " (\(runs.runs[$0].label))" } ?? "")
    } else {
      line = "\(verb): applied in \(target)" + (applied < outcomes.count ? "; the others rejected it (see their events)" : "")
    }
    if applied < outcomes.count { ui.warn(line) } else { ui.status = line }
  }

  /// The figures of every run now, in column order.
  public var figures: [RunFigures] { runs.figures }
}
