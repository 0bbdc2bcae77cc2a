import ArgumentParser
import DashboardRender
import RolloutDrills
import RolloutEngine

/// `rollsim drill NAME` in a terminal: the drill live on the key loop compare uses
/// (`LiveLoop`), then the debrief; on `q` the text debrief is printed so it stays.
enum DrillDashboard {
  static func run(_ session: DrillSession) throws -> DrillScore? {
    let result = try LiveLoop.run(session, command: "rollsim drill")
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    return result.session.score
  }
}

extension DrillSession: LiveSession {
  public func render(width: Int, height: Int) -> Grid { DrillRenderer.render(self, width: width, height: height) }
  public var clockPaused: Bool { ui.paused || isOver }
  public var clock: SimTime { now }
  public var pendingTime: SimTime? { attempt.run.nextEventTime() }
  public var statusText: String { ui.status }
  var asciiGlyphs: Bool { ui.ascii }
  func busyText(forKey key: DashboardKey?) -> String {
    guard let key else { return "running the clock at \(ui.speedLabel)" }
    return key == .char("q") && score == nil ? "playing the drill to its end" : "handling the key"
  }
  public mutating func setASCII(_ ascii: Bool) { ui.ascii = ascii }
}
