import ArgumentParser
import DashboardRender
import RolloutEngine
import RolloutReports
import RolloutRuns

/// `rollsim compare` without --format: the runs side by side, live, on the key
/// loop `watch` uses (`LiveLoop`). On `q` the figures table is printed as the
/// headless compare prints it, so the comparison stays on screen.
enum CompareDashboard {
  static func run(_ set: RunSet, until: SimTime) throws {
    let session = CompareSession(runs: set)
    let result = try LiveLoop.run(session, command: "rollsim compare")
    print(Reports.comparisonTable(result.session.figures))
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
  }
}

extension CompareSession: LiveSession {
  public func render(width: Int, height: Int) -> Grid { CompareRenderer.render(self, width: width, height: height) }
  public var clockPaused: Bool { ui.paused }
  public var clock: SimTime { now }
  public var pendingTime: SimTime? { runs.nextEventTime() }
  public var statusText: String { ui.status }
  var asciiGlyphs: Bool { ui.ascii }
  func busyText(forKey key: DashboardKey?) -> String {
    guard let key else { return "running the clock at \(ui.speedLabel)" }
    if let p = prompt, key == .enter, let n = Int(p.text) {
      return p.kind == .scale ? "scaling to \(BusyFrame.grouped(n)) replicas" : "taking node \(n) down"
    }
    return "handling the key"
  }
  /// Compare's prompts take digits only: a `q` there is ignored, not quit.
  func promptOpen(after key: DashboardKey?) -> Bool {
    if prompt != nil { return key != .enter && key != .escape }
    return key == .char("s") || key == .char("n")
  }
  public mutating func setASCII(_ ascii: Bool) { ui.ascii = ascii }
}
