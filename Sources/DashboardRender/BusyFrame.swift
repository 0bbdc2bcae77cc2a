/// The frame the key loop paints while a key or a clock tick takes longer than a
/// frame (a scale to 1,000,000 replicas, a tick at "max" on a huge fleet): the last
/// frame the session rendered, cut or padded to the terminal's size now, with the
/// bottom row (the status line) saying what is being done. Drawn from the stored
/// grid, never from the session: the session is being mutated elsewhere.
public enum BusyFrame {
  /// The busy line: what is being done, for how long (tenths of a second), and that
  /// keys wait; after `q`, that the program quits once the step ends.
  public static func line(doing: String, elapsedMs: Int, queued: Int, quitting: Bool, ascii: Bool) -> String {
    let ms = max(0, elapsedMs)
    let seconds = "\(ms / 1000).\(ms % 1000 / 100) s"
    let ellipsis = ascii ? "..." : "…"
    if quitting { return "quitting after the current step\(ellipsis) (\(doing), \(seconds))" }
    let keys = queued == 0 ? "keys typed now are queued" : "\(queued) key\(queued == 1 ? "" : "s") queued"
    return "working: \(doing)\(ellipsis) \(seconds); \(keys)"
  }

  /// `last` at `width`×`height` (cut, or padded with blanks), its bottom row replaced
  /// by `line`; a blank screen with the line when nothing was rendered yet.
  public static func frame(last: Grid?, width: Int, height: Int, line: String) -> Grid {
    var g = Grid(width: width, height: height)
    guard g.height > 0 else { return g }
    if let last {
      for r in 0..<min(last.height, g.height - 1) {
        for c in 0..<min(last.width, g.width) { g[r, c] = last[r, c] }
      }
    }
    let row = g.height - 1
    g.fill(" ", row: row, col: 0, end: g.width, Style(.warn, bold: true, reverse: true))
    g.put(line, row: row, col: 0, limit: g.width, Style(.warn, bold: true, reverse: true))
    return g
  }

  /// 1234567 → "1,234,567".
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }
}
