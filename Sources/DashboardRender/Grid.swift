/// A screen as values: a grid of one-column cells, each with a character and a style
/// role. The renderer produces it; the curses painter draws it; tests compare its
/// `text` (exactly what `tmux capture-pane -p` prints) and its style map.

/// What a cell means, not how it is drawn: the painter maps roles to curses colour
/// pairs and attributes (or to plain text / reverse video without colours).
public enum Role: UInt8, Sendable, Hashable, CaseIterable {
  case normal, dim, title, label, good, warn, bad, info, accent, selected
  /// Revision colours, by a revision's position (oldest shown = 0); they cycle.
  case rev0, rev1, rev2, rev3
}

public struct Style: Sendable, Hashable {
  public var role: Role
  public var bold: Bool
  public var reverse: Bool
  public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false) {
    self.role = role
    self.bold = bold
    self.reverse = reverse
  }
  public static let normal = Style()
}

public struct Cell: Sendable, Hashable {
  /// One terminal column wide (the renderer never puts a wide character in a cell).
  public var char: Character
  public var style: Style
  public init(_ char: Character = " ", _ style: Style = .normal) {
    self.char = char
    self.style = style
  }
}

/// Row-major cells.
public struct Grid: Sendable, Hashable {
  public let width: Int
  public let height: Int
  public var cells: [Cell]

  /// When not nil, every text run written (`put`, and the sparklines and bars the
  /// panels draw cell by cell) is appended: row and columns `col..<end` as written
  /// (clipped). The property tests check that no run overwrites another.
  public var runs: [Extent]?

  /// Where one run of text landed.
  public struct Extent: Sendable, Hashable {
    public var row: Int
    public var col: Int
    public var end: Int
    public init(row: Int, col: Int, end: Int) {
      self.row = row
      self.col = col
      self.end = end
    }
  }

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: Cell(), count: self.width * self.height)
  }

  /// Records that columns `col..<end` of `row` were written (when recording).
  public mutating func noteRun(row: Int, col: Int, end: Int) {
    guard runs != nil, row >= 0, row < height else { return }
    let a = Swift.max(0, col)
    let b = Swift.min(width, end)
    if b > a { runs!.append(Extent(row: row, col: a, end: b)) }
  }

  public subscript(row: Int, col: Int) -> Cell {
    get { cells[row * width + col] }
    set { cells[row * width + col] = newValue }
  }

  /// Writes `text` from (row, col), clipped to the grid; returns the column after it.
  @discardableResult
  public mutating func put(_ text: String, row: Int, col: Int, _ style: Style = .normal) -> Int {
    guard row >= 0, row < height else { return col }
    var c = col
    for ch in text {
      if c >= width { break }
      if c >= 0 { self[row, c] = Cell(ch, style) }
      c += 1
    }
    if runs != nil { noteRun(row: row, col: col, end: c) }
    return c
  }

  /// The rows as text, trailing spaces trimmed, joined by newlines.
  public var text: String {
    var lines: [String] = []
    lines.reserveCapacity(height)
    for r in 0..<height {
      var s = String(cells[(r * width)..<(r * width + width)].map(\.char))
      while s.last == " " { s.removeLast() }
      lines.append(s)
    }
    return lines.joined(separator: "\n")
  }

  /// A run of same-styled cells that changed: what the painter draws.
  public struct Run: Sendable, Hashable {
    public var row: Int
    public var col: Int
    public var text: String
    public var style: Style
  }

  /// The runs that differ from `old` (everything when the sizes differ).
  public func diff(from old: Grid?) -> [Run] {
    let full = old == nil || old!.width != width || old!.height != height
    var runs: [Run] = []
    for r in 0..<height {
      var c = 0
      while c < width {
        let i = r * width + c
        if !full && old!.cells[i] == cells[i] {
          c += 1
          continue
        }
        let style = cells[i].style
        var text = ""
        let start = c
        while c < width {
          let j = r * width + c
          if cells[j].style != style || (!full && old!.cells[j] == cells[j]) { break }
          text.append(cells[j].char)
          c += 1
        }
        runs.append(Run(row: r, col: start, text: text, style: style))
      }
    }
    return runs
  }
}

extension Grid {
  /// Writes `text` from (row, col) but never at or past column `limit`; returns the
  /// column after the last character written.
  @discardableResult
  public mutating func put(_ text: String, row: Int, col: Int, limit: Int, _ style: Style = .normal) -> Int {
    guard row >= 0, row < height else { return col }
    let end = Swift.min(limit, width)
    var c = col
    for ch in text {
      if c >= end { break }
      if c >= 0 { self[row, c] = Cell(ch, style) }
      c += 1
    }
    if runs != nil { noteRun(row: row, col: col, end: c) }
    return c
  }

  /// Writes `text` so that it ends just before column `end` (right-aligned); returns its first column.
  @discardableResult
  public mutating func putRight(_ text: String, row: Int, end: Int, _ style: Style = .normal) -> Int {
    let start = end - text.count
    put(text, row: row, col: start, limit: end, style)
    return start
  }

  /// Repeats `ch` over columns `col..<end` of `row`.
  public mutating func fill(_ ch: Character, row: Int, col: Int, end: Int, _ style: Style = .normal) {
    guard row >= 0, row < height else { return }
    var c = Swift.max(0, col)
    let e = Swift.min(end, width)
    while c < e {
      self[row, c] = Cell(ch, style)
      c += 1
    }
  }

  /// One character per cell for the style of that cell, rows joined by newlines: a
  /// reviewable picture of colours for snapshot tests (a green bar turning red shows).
  /// Letters per role (`Grid.styleLetters`), uppercase when bold, `*` when reversed;
  /// revision colours are `0`–`3` (bold: `)`, `!`, `@`, `#`); plain cells are spaces.
  public var styleText: String {
    var lines: [String] = []
    lines.reserveCapacity(height)
    for r in 0..<height {
      var s = ""
      for c in 0..<width { s.append(Grid.styleLetter(self[r, c].style)) }
      while s.last == " " { s.removeLast() }
      lines.append(s)
    }
    return lines.joined(separator: "\n")
  }

  static func styleLetter(_ st: Style) -> Character {
    if st.reverse { return "*" }
    switch st.role {
    case .normal: return st.bold ? "N" : " "
    case .dim: return st.bold ? "D" : "d"
    case .title: return st.bold ? "T" : "t"
    case .label: return st.bold ? "L" : "l"
    case .good: return st.bold ? "G" : "g"
    case .warn: return st.bold ? "W" : "w"
    case .bad: return st.bold ? "B" : "b"
    case .info: return st.bold ? "I" : "i"
    case .accent: return st.bold ? "A" : "a"
    case .selected: return st.bold ? "S" : "s"
    case .rev0: return st.bold ? ")" : "0"
    case .rev1: return st.bold ? "!" : "1"
    case .rev2: return st.bold ? "@" : "2"
    case .rev3: return st.bold ? "#" : "3"
    }
  }
}
