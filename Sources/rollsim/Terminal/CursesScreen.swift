import CNcurses
import DashboardRender
import Glibc

/// The only type that calls curses, always from the main thread: ncurses is not
/// thread-safe. (The key loop runs the session's keys and ticks on a worker thread,
/// `SessionJob`, but paints and reads keys here; `timeout()` is the frame tick.)
///
/// It draws `Grid`s from the pure renderer: per frame only the runs that differ from
/// the previous frame (`Grid.diff(from:)`), a full repaint after a resize.
final class CursesScreen {
  /// Why the screen could not start; each is a one-line hint and exit status 2.
  enum StartError: Error {
    case notATerminal
    case unknownTerminal(String)
    case noCursorAddressing(String)
  }

  private let screen: OpaquePointer
  /// Colours are used (a colour terminal, NO_COLOR not set).
  let colors: Bool
  /// The locale isn't UTF-8: the painter transliterates anything non-ASCII.
  let asciiOnly: Bool
  private var previous: Grid?
  private var stopped = false
  private var wait: Int32

  /// Checks the environment and starts curses. Order matters: isatty
  /// before anything (no TTY means `getch` spins), `setlocale` before `newterm` (wide
  /// characters), crash handlers before the screen exists, `newterm` rather than
  /// `initscr` (which exits on an unknown TERM), interrupt handlers after it (they
  /// replace ncurses' own), and no SIGWINCH handler of ours: ncurses' handler turns a
  /// resize into `KEY_RESIZE`.
  init(waitMilliseconds: Int32) throws(StartError) {
    guard isatty(0) != 0, isatty(1) != 0 else { throw .notATerminal }
    setlocale(LC_ALL, "")
    asciiOnly = cn_is_utf8_locale() == 0
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    cn_install_crash_handlers()
    guard let s = newterm(nil, cn_stdout(), cn_stdin()) else {
      cn_restore_crash_handlers()
      throw .unknownTerminal(term)
    }
    screen = s
    guard cn_has_cursor_addressing() != 0 else {
      endwin()
      delscreen(s)
      cn_restore_crash_handlers()
      throw .noCursorAddressing(term)
    }
    cn_install_interrupt_handlers()
    cbreak()
    noecho()
    nonl()
    keypad(cn_stdscr(), true)
    // Escape alone should arrive quickly, not after ncurses' default 1 s wait for
    // the rest of an escape sequence.
    set_escdelay(25)
    curs_set(0)
    wait = waitMilliseconds
    timeout(waitMilliseconds)
    let noColor = (getenv("NO_COLOR").map { $0.pointee != 0 }) ?? false
    var useColors = false
    if has_colors() && !noColor && start_color() != ERR
      && cn_colors() >= 8 && cn_color_pairs() > Role.allCases.count
    {
      // The terminal's own background and default foreground where it can (-1);
      // white on black where it can't.
      let defaults = use_default_colors() != ERR
      let wide = cn_colors() >= 256
      for role in Role.allCases {
        var fg = CursesScreen.foreground(role, palette256: wide)
        if fg < 0 && !defaults { fg = Int16(COLOR_WHITE) }
        init_pair(CursesScreen.pair(role), fg, defaults ? -1 : Int16(COLOR_BLACK))
      }
      useColors = true
    }
    colors = useColors
  }

  deinit { stop() }

  /// SIGINT, SIGTERM or SIGHUP, if one arrived (the handlers only set a flag: nothing
  /// else is async-signal-safe, signal-safety(7)). Read here, in the file that installs the handlers: the
  /// shim's `static inline` functions get internal linkage in each Swift file's
  /// object, so a flag read from another file would be another copy.
  var pendingInterrupt: Int32? {
    let s = cn_interrupt_pending()
    return s == 0 ? nil : s
  }

  /// Restores the terminal. Idempotent.
  func stop() {
    guard !stopped else { return }
    stopped = true
    endwin()
    delscreen(screen)
    cn_restore_crash_handlers()
  }

  /// The terminal's size now (after a `KEY_RESIZE` ncurses has already resized).
  var size: (width: Int, height: Int) {
    var y: Int32 = 0
    var x: Int32 = 0
    cn_getmaxyx(cn_stdscr(), &y, &x)
    return (Int(x), Int(y))
  }

  /// Forgets what is on the screen: the next paint redraws everything.
  func invalidate() {
    previous = nil
  }

  /// Draws `grid`: only what changed since the last frame.
  func paint(_ grid: Grid) {
    let full = previous == nil || previous!.width != grid.width || previous!.height != grid.height
    if full {
      erase()
    }
    let runs = grid.diff(from: full ? nil : previous)
    guard !runs.isEmpty || full else { return }
    for run in runs {
      attrset(attributes(run.style))
      let text = asciiOnly ? CursesScreen.ascii(run.text) : run.text
      // ERR from the bottom-right cell (the cursor can't move past it) is expected.
      _ = mvaddstr(Int32(run.row), Int32(run.col), text)
    }
    attrset(cn_a_normal())
    refresh()
    previous = grid
  }

  /// Sets how long `readKey` waits for a key (curses' `timeout`, set only on change).
  func setWait(milliseconds: Int32) {
    guard milliseconds != wait else { return }
    wait = milliseconds
    timeout(milliseconds)
  }

  /// Waits up to the timeout (`setWait`) for one key; nil when none came.
  func readKey() -> DashboardKey? {
    var ch: wint_t = 0
    let r = get_wch(&ch)
    if r == ERR { return nil }
    if r == cn_key_code_yes() { return KeyMapping.key(code: Int32(ch)) }
    return KeyMapping.key(character: UInt32(ch))
  }

  // MARK: - Styles

  /// Roles → curses attributes. With colours: a colour pair per role; without
  /// (`has_colors()` false, NO_COLOR): bold, reverse, dim and underline carry the
  /// meaning, so a warning and a failure still stand out.
  func attributes(_ style: Style) -> Int32 {
    var a = cn_a_normal()
    if colors {
      a |= cn_color_pair(Int32(CursesScreen.pair(style.role)))
      if style.role == .dim { a |= cn_a_dim() }
      if style.role == .selected { a |= cn_a_reverse() }
    } else {
      switch style.role {
      case .dim: a |= cn_a_dim()
      case .title, .bad, .warn: a |= cn_a_bold()
      case .selected: a |= cn_a_reverse()
      case .accent: a |= cn_a_underline()
      default: break
      }
    }
    if style.bold { a |= cn_a_bold() }
    if style.reverse { a |= cn_a_reverse() }
    return a
  }

  static func pair(_ role: Role) -> Int16 { Int16(role.rawValue) + 1 }

  /// Revision colours on a 256-colour terminal: blue, orange, lavender, turquoise,
  /// none of them a status colour (green good, red bad, yellow warn) or the text's.
  static let revisionPalette256: [Role: Int16] = [.rev0: 33, .rev1: 214, .rev2: 141, .rev3: 44]

  /// A role's foreground. Image tags and key hints (`accent`) use the terminal's
  /// own foreground, never a revision colour (a third revision was magenta, the
  /// colour of every image tag).
  static func foreground(_ role: Role, palette256: Bool = false) -> Int16 {
    if palette256, let c = revisionPalette256[role] { return c }
    let c: Int32
    switch role {
    case .normal, .dim, .selected: c = -1
    case .title: c = COLOR_CYAN
    case .label: c = COLOR_YELLOW
    case .good: c = COLOR_GREEN
    case .warn: c = COLOR_YELLOW
    case .bad: c = COLOR_RED
    case .info: c = COLOR_BLUE
    case .accent: c = -1
    case .rev0: c = COLOR_BLUE
    case .rev1: c = COLOR_GREEN
    case .rev2: c = COLOR_MAGENTA
    case .rev3: c = COLOR_CYAN
    }
    return Int16(c)
  }

  /// A last line of defence when the locale can't show UTF-8: the renderer already
  /// uses ASCII glyphs (`ui.ascii`), but a stray `×` or `…` must not print as
  /// `~C~W`. Every character maps to exactly one column.
  static func ascii(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
      if ch.isASCII {
        out.append(ch)
        continue
      }
      switch ch {
      case "×": out.append("x")
      case "…": out.append(".")
      case "─", "━", "═": out.append("-")
      case "│", "┃", "║": out.append("|")
      case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╭", "╮", "╰", "╯": out.append("+")
      case "█", "▇", "▆", "▓": out.append("#")
      case "▅", "▄", "▃", "▒": out.append("=")
      case "▂", "▁", "░": out.append("_")
      case "●", "◉": out.append("o")
      case "○", "◌": out.append(".")
      case "▶", "►", "→": out.append(">")
      case "◀", "←": out.append("<")
      case "↑": out.append("^")
      case "↓": out.append("v")
      case "✓", "✔": out.append("+")
      case "✗", "✘": out.append("x")
      case "·", "•": out.append("*")
      case "−": out.append("-")
      case "≥": out.append(">")
      case "≤": out.append("<")
      default: out.append("?")
      }
    }
    return out
  }
}
