import DashboardRender

/// What the key loop needs from a terminal: curses for a real one, plain frames for
/// one without cursor addressing. The loop is the same for both.
protocol DashboardScreen: AnyObject {
  /// The painter transliterates anything non-ASCII.
  var asciiOnly: Bool { get }
  /// SIGINT, SIGTERM or SIGHUP, if one arrived.
  var pendingInterrupt: Int32? { get }
  var size: (width: Int, height: Int) { get }
  /// Forget what is on screen: the next paint is a full one.
  func invalidate()
  func paint(_ grid: Grid)
  /// How long `readKey` waits for input.
  func setWait(milliseconds: Int32)
  /// Waits for a key up to the wait time; nil when none came.
  func readKey() -> DashboardKey?
  /// Restores the terminal. Idempotent.
  func stop()
}

extension CursesScreen: DashboardScreen {}
extension PlainScreen: DashboardScreen {}
