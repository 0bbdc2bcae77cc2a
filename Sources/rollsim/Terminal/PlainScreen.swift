import CNcurses
import DashboardRender
import Glibc

/// The dashboard for a terminal that can't move the cursor (`TERM=dumb`: Emacs'
/// `M-x shell`, some CI consoles, a serial line). Issue 4 asks that such a terminal
/// "still works (monochrome, ASCII glyphs)", so instead of refusing, this prints
/// whole frames as plain ASCII text, one after another, and reads keys from standard
/// input as they arrive (in a line-buffered terminal: the key, then Enter).
///
/// It never changes the terminal's modes, so there is nothing to restore on any way
/// out. Frames are printed only when the screen changed, and at most every
/// `interval` unless a key was just pressed, so a slow terminal is not flooded.
final class PlainScreen {
  let colors = false
  let asciiOnly = true
  private var waitMilliseconds: Int32
  private let interval: Duration
  private let clock = ContinuousClock()
  private var lastPrint: ContinuousClock.Instant?
  private var printedText: String?
  private var pending: String?
  private var keyJustPressed = true
  private var keys: [DashboardKey] = []
  private var inputClosed = false

  /// Standard input and output must still be a terminal: without one there is no
  /// user to steer, and `rollsim simulate` is the tool.
  init(waitMilliseconds: Int32, interval: Duration = .seconds(2)) throws(CursesScreen.StartError) {
    guard isatty(0) != 0, isatty(1) != 0 else { throw .notATerminal }
    self.waitMilliseconds = waitMilliseconds
    self.interval = interval
    // Flag-only handlers, read in this file (shim.h: per-file storage), so `q`,
    // Ctrl-C and SIGTERM all leave through the normal path (and write --record).
    cn_install_interrupt_handlers()
    print("rollsim: this terminal can't move the cursor (TERM=dumb): frames are printed one after another.")
    print("Type a key and Enter to act: space pause/resume, + - speed, u undo, p promote, ? help, q quit.")
    fflush(cn_stdout())
  }

  var pendingInterrupt: Int32? {
    let s = cn_interrupt_pending()
    return s == 0 ? nil : s
  }

  func stop() { flushPending(force: true) }

  /// `COLUMNS` × `LINES` when the shell exports them, else what the terminal
  /// reports, else 80×24 (a dumb terminal rarely knows its size).
  var size: (width: Int, height: Int) {
    func env(_ name: String) -> Int? { getenv(name).flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil } }
    var ws = winsize()
    let known = ioctl(1, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0
    let w = env("COLUMNS") ?? (known ? Int(ws.ws_col) : 80)
    let h = env("LINES") ?? (known ? Int(ws.ws_row) : 24)
    return (max(w, 80), max(h, 24))
  }

  func invalidate() { printedText = nil }

  func setWait(milliseconds: Int32) { waitMilliseconds = milliseconds }

  func paint(_ grid: Grid) {
    pending = CursesScreen.ascii(grid.text)
    flushPending(force: false)
  }

  /// Waits up to `waitMilliseconds` for input and returns one key (a line of several
  /// characters is several keys, the newline ending it none).
  func readKey() -> DashboardKey? {
    flushPending(force: false)
    if let k = nextBufferedKey() { return k }
    guard !inputClosed else {
      usleep(UInt32(waitMilliseconds) * 1000)
      return nil
    }
    var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
    guard poll(&fds, 1, waitMilliseconds) > 0 else { return nil }
    var bytes = [UInt8](repeating: 0, count: 256)
    let n = read(0, &bytes, bytes.count)
    if n <= 0 {
      // End of input (Ctrl-D): keep showing the rollout; q or Ctrl-C still end it.
      inputClosed = true
      return nil
    }
    for b in String(decoding: bytes[0..<n], as: UTF8.self).unicodeScalars {
      switch b.value {
      case 10, 13: continue
      case 27: keys.append(.escape)
      case 9: keys.append(.tab)
      case 8, 127: keys.append(.backspace)
      default: if b.value >= 32 { keys.append(.char(Character(b))) }
      }
    }
    return nextBufferedKey()
  }

  private func nextBufferedKey() -> DashboardKey? {
    guard !keys.isEmpty else { return nil }
    keyJustPressed = true
    return keys.removeFirst()
  }

  /// Prints the pending frame if it differs from the last one printed and either a
  /// key was just pressed (the user wants to see its effect) or `interval` passed.
  private func flushPending(force: Bool) {
    guard let text = pending, text != printedText else { return }
    let now = clock.now
    if !force, !keyJustPressed, let last = lastPrint, now - last < interval { return }
    var out = String(repeating: "=", count: 80) + "\n" + text + "\n"
    out.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, cn_stdout()) }
    fflush(cn_stdout())
    printedText = text
    lastPrint = now
    keyJustPressed = false
  }
}
