/// A rectangle of grid cells: where a dashboard, or one of its panels, draws.
public struct Rect: Sendable, Hashable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// The whole of `grid`.
  public init(_ grid: Grid) {
    self.init(x: 0, y: 0, width: grid.width, height: grid.height)
  }

  /// The column after the last one.
  public var maxX: Int { x + width }
  /// The row after the last one.
  public var maxY: Int { y + height }

  /// Rows `from..<to` (absolute rows), clamped to this rectangle.
  func rows(_ from: Int, _ to: Int) -> Rect {
    let top = Swift.max(y, Swift.min(from, maxY))
    let bottom = Swift.max(top, Swift.min(to, maxY))
    return Rect(x: x, y: top, width: width, height: bottom - top)
  }

  /// Columns `from..<from+w` (absolute column), rows unchanged.
  func columns(_ from: Int, _ w: Int) -> Rect {
    Rect(x: from, y: y, width: w, height: height)
  }
}
