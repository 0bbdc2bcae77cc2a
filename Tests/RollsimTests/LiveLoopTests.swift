import DashboardRender
import Foundation
import RolloutEngine
import Testing

@testable import rollsim

/// A session whose `S` key takes `slowMs` (an engine step far longer than a frame);
/// every other key is instant. It logs the keys it handled, in order.
struct SlowSession: LiveSession {
  var log: [String] = []
  var slowMs = 300
  var wantsQuit = false
  var ticks = 0

  mutating func handle(_ key: DashboardKey) {
    guard case .char(let c) = key else { return }
    if c == "S" { usleep(UInt32(slowMs) * 1000) }
    if c == "q" { wantsQuit = true }
    log.append(String(c))
  }
  mutating func tick(wallSeconds: Double) { ticks += 1 }
  func render(width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    g.put("log " + log.joined(), row: 0, col: 0)
    g.put("status", row: height - 1, col: 0)
    return g
  }
  var nextWakeMs: Int { 250 }
  var clockPaused: Bool { true }
  var clock: SimTime { 0 }
  var pendingTime: SimTime? { nil }
  var statusText: String { "" }
  var asciiGlyphs: Bool { true }
  mutating func setASCII(_ ascii: Bool) {}
  func busyText(forKey key: DashboardKey?) -> String { key == .char("S") ? "slow step" : "other" }
}

/// A terminal on a script: keys (and a signal, and a size change) at wall times
/// from the start; every paint and `stop` is noted with its time.
final class FakeScreen: DashboardScreen {
  let asciiOnly = true
  private let start = ContinuousClock.now
  private var script: [(ms: Int, key: DashboardKey)]
  private let signalAt: (ms: Int, sig: Int32)?
  private let resizeAt: (ms: Int, width: Int, height: Int)?
  private var wait: Int32 = 0
  private(set) var paints: [(ms: Int, grid: Grid)] = []
  private(set) var stoppedAt: Int?

  init(keys: [(Int, DashboardKey)], signal: (Int, Int32)? = nil, resize: (Int, Int, Int)? = nil) {
    script = keys.map { (ms: $0.0, key: $0.1) }
    signalAt = signal.map { (ms: $0.0, sig: $0.1) }
    resizeAt = resize.map { (ms: $0.0, width: $0.1, height: $0.2) }
  }

  var now: Int { Int((ContinuousClock.now - start) / .milliseconds(1)) }
  var pendingInterrupt: Int32? { signalAt.flatMap { now >= $0.ms ? $0.sig : nil } }
  var size: (width: Int, height: Int) {
    if let r = resizeAt, now >= r.ms { return (r.width, r.height) }
    return (80, 5)
  }
  func invalidate() {}
  func paint(_ grid: Grid) { paints.append((now, grid)) }
  func setWait(milliseconds: Int32) { wait = milliseconds }
  func stop() { if stoppedAt == nil { stoppedAt = now } }

  /// The next scripted key once its time has come, waiting at most the wait time.
  func readKey() -> DashboardKey? {
    let deadline = now + Int(wait)
    while true {
      if let first = script.first, first.ms <= now {
        script.removeFirst()
        return first.key
      }
      if pendingInterrupt != nil || now >= deadline { return nil }
      usleep(1000)
    }
  }

  func paints(containing text: String) -> [(ms: Int, grid: Grid)] { paints.filter { $0.grid.text.contains(text) } }
}

/// `LiveLoop` with a step longer than a frame: the busy frame shows within a frame,
/// keys typed meanwhile are applied in order afterwards, `q` quits after the step,
/// a signal leaves at once. Wall-clock thresholds are loose (a loaded 2-core CI).
@Suite(.serialized) struct LiveLoopTests {
  @Test func fastKeysNeverShowTheBusyFrame() {
    let screen = FakeScreen(keys: [(0, .char("a")), (20, .char("b")), (40, .char("q"))])
    let r = LiveLoop.run(SlowSession(), on: screen)
    #expect(r.exitCode == 0)
    #expect(r.session.log == ["a", "b", "q"])
    #expect(screen.paints(containing: "working").isEmpty)
    #expect(screen.paints.last?.grid.text.hasPrefix("log ab") == true)
  }

  @Test func aLongStepPaintsTheBusyFrameAndQueuesKeysInOrder() {
    let screen = FakeScreen(keys: [(0, .char("S")), (80, .char("a")), (120, .char("b")), (700, .char("q"))])
    let r = LiveLoop.run(SlowSession(), on: screen)
    #expect(r.exitCode == 0)
    #expect(r.session.log == ["S", "a", "b", "q"])
    let busy = screen.paints(containing: "working: slow step...")
    #expect(!busy.isEmpty, "no busy frame: \(screen.paints.map(\.grid.text))")
    // Painted about a frame after the key (12 ms here), long before the step ends.
    if let first = busy.first { #expect(first.ms < 120, "busy frame after \(first.ms) ms") }
    // The last frame stays above the busy line; the queued keys are counted.
    #expect(busy.first?.grid.text.hasPrefix("log\n") == true)
    #expect(busy.contains { $0.grid.text.contains("2 keys queued") }, "\(busy.map { ($0.ms, $0.grid.text) })")
    // After the step: one frame with S, a and b applied (no frames in between).
    let afterStep = screen.paints.first { $0.grid.text.hasPrefix("log S") }
    #expect(afterStep?.grid.text.hasPrefix("log Sab") == true)
    #expect(!screen.paints.contains { $0.grid.text.hasPrefix("log Sa\n") })
  }

  @Test func qDuringTheStepQuitsWhenItEnds() {
    let start = ContinuousClock.now
    let screen = FakeScreen(keys: [(0, .char("S")), (80, .char("q")), (150, .char("b"))])
    let r = LiveLoop.run(SlowSession(), on: screen)
    let took = (ContinuousClock.now - start) / .milliseconds(1)
    #expect(r.exitCode == 0)
    // `q` quits as soon as the step ends; a key typed after it is not applied.
    #expect(r.session.log == ["S", "q"])
    #expect(took >= 290 && took < 2000, "\(took) ms")
    let quitting = screen.paints(containing: "quitting after the current step... (slow step, ")
    #expect(!quitting.isEmpty, "\(screen.paints.map(\.grid.text))")
    #expect(quitting.first.map { $0.ms < 150 } == true)
  }

  /// Keys typed before `q` are applied first, then `q` quits (no announcement: a
  /// key before it might open a prompt that takes the `q` as text).
  @Test func keysBeforeQAreAppliedThenItQuits() {
    let screen = FakeScreen(keys: [(0, .char("S")), (60, .char("a")), (100, .char("q")), (150, .char("b"))])
    let r = LiveLoop.run(SlowSession(), on: screen)
    #expect(r.exitCode == 0)
    #expect(r.session.log == ["S", "a", "q"])
  }

  @Test func aSignalDuringTheStepRestoresTheTerminalAtOnce() {
    let screen = FakeScreen(keys: [(0, .char("S")), (50, .char("a"))], signal: (100, 15))
    let r = LiveLoop.run(SlowSession(), on: screen)
    #expect(r.exitCode == 128 + 15)
    // The step in flight completes (its session is returned); the queued key is dropped.
    #expect(r.session.log == ["S"])
    let stopped = screen.stoppedAt ?? .max
    #expect(stopped >= 100 && stopped < 180, "terminal restored after \(stopped) ms")
    #expect(screen.paints.allSatisfy { $0.ms <= stopped }, "painted after the terminal was restored")
  }

  @Test func aResizeDuringTheStepRepaintsTheBusyFrameAtTheNewSize() {
    let screen = FakeScreen(
      keys: [(0, .char("S")), (100, .resize), (600, .char("q"))], resize: (100, 30, 8))
    let r = LiveLoop.run(SlowSession(), on: screen)
    #expect(r.session.log == ["S", "q"])
    let busyResized = screen.paints(containing: "working").filter { $0.grid.width == 30 && $0.grid.height == 8 }
    #expect(!busyResized.isEmpty)
    #expect(busyResized.first.map { $0.ms < 250 } == true)
    #expect(screen.paints.last?.grid.width == 30)
  }

  /// A `q` that a prompt would take as text is queued like any key, not announced.
  @Test func aQIntoAPromptIsNotAnnouncedAsQuit() {
    let screen = FakeScreen(keys: [(0, .char("S")), (80, .char("q")), (600, .char("q"))])
    var s = SlowSession()
    s.slowMs = 200
    let r = LiveLoop.run(PromptedSession(inner: s), on: screen)
    #expect(r.exitCode == 0)
    #expect(!screen.paints.contains { $0.grid.text.contains("quitting") })
  }
}

/// Records whether its storage was uniquely referenced at every key and tick: the
/// loop must move the session to the worker and back, never keep a second reference
/// (copy-on-write would then copy a 1M-pod fleet on the step's first write).
final class Storage: Sendable {}
struct UniqueSession: LiveSession {
  var storage = Storage()
  var checks = 0
  var allUnique = true
  var wantsQuit = false
  mutating func handle(_ key: DashboardKey) {
    note()
    if key == .char("S") { usleep(100_000) }
    if key == .char("q") { wantsQuit = true }
  }
  mutating func tick(wallSeconds: Double) { note() }
  mutating func note() {
    checks += 1
    if !isKnownUniquelyReferenced(&storage) { allUnique = false }
  }
  func render(width: Int, height: Int) -> Grid { Grid(width: width, height: height) }
  var nextWakeMs: Int { 16 }
  var clockPaused: Bool { false }
  var clock: SimTime { 0 }
  var pendingTime: SimTime? { nil }
  var statusText: String { "" }
  var asciiGlyphs: Bool { true }
  mutating func setASCII(_ ascii: Bool) {}
}

extension LiveLoopTests {
  @Test func theWorkerOwnsTheSessionUniquely() {
    let screen = FakeScreen(keys: [(0, .char("a")), (30, .char("S")), (60, .char("b")), (250, .char("q"))])
    let r = LiveLoop.run(UniqueSession(), on: screen)
    #expect(r.session.checks > 5)
    #expect(r.session.allUnique)
  }
}

/// A session that says a prompt is open (`q` is text there).
struct PromptedSession: LiveSession {
  var inner: SlowSession
  mutating func handle(_ key: DashboardKey) { inner.handle(key) }
  mutating func tick(wallSeconds: Double) {}
  func render(width: Int, height: Int) -> Grid { inner.render(width: width, height: height) }
  var nextWakeMs: Int { 250 }
  var wantsQuit: Bool { inner.wantsQuit }
  var clockPaused: Bool { true }
  var clock: SimTime { 0 }
  var pendingTime: SimTime? { nil }
  var statusText: String { "" }
  var asciiGlyphs: Bool { true }
  func promptOpen(after key: DashboardKey?) -> Bool { true }
  mutating func setASCII(_ ascii: Bool) {}
}
