import RolloutEngine

/// One figure of a run as the reports show it: its text, and the number the best
/// value and the Pareto front are computed from.
public struct FigureCell: Sendable, Hashable {
  public var text: String
  /// nil for text figures and missing values.
  public var number: Double?
}

/// Which way a figure is better, for the "best value" marks.
public enum Better: Sendable {
  case lower, higher, neither
}

extension RunFigures {
  /// A number as reports print it: at most three decimals, no trailing zeros,
  /// integers without a fraction (the same bytes on every run).
  public static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    let r = (d * 1000).rounded() / 1000
    return TraceFormat.number(r == 0 ? 0 : r)
  }

  /// Every figure, in `RunFigures.columns` order.
  public var cells: [FigureCell] {
    func n(_ d: Double) -> FigureCell { FigureCell(text: RunFigures.format(d), number: d) }
    func i(_ v: Int) -> FigureCell { FigureCell(text: String(v), number: Double(v)) }
    func l(_ v: Int64) -> FigureCell { FigureCell(text: String(v), number: Double(v)) }
    func o(_ d: Double?) -> FigureCell { d.map(n) ?? FigureCell(text: "", number: nil) }
    return [
      FigureCell(text: label, number: nil), FigureCell(text: strategy.rawValue, number: nil),
      FigureCell(text: outcome.rawValue, number: nil), o(timeToComplete), n(duration), n(pausedSeconds), n(activeSeconds),
      o(timeToFirstTraffic), i(peakPods), i(peakExtraPods), n(extraPodSeconds), n(podSeconds), i(minAvailable),
      n(minCapacityPercent), l(requestsOk), l(requestsFailed), n(failureRate), l(newRevisionFailed),
      n(pendingPodSeconds), o(rollbackSeconds),
    ]
  }


  /// The three axes of the Pareto front: time, cost, harm. A run that never
  /// completed takes forever.
  var paretoAxes: [Double] {
    [timeToComplete ?? .infinity, extraPodSeconds, Double(requestsFailed)]
  }
}

extension RunFigures {
  /// Per run: is it on the Pareto front of (time to complete, extra pod-seconds,
  /// failed requests)? No other run is at least as good on all three and better on one.
  public static func paretoOptimal(_ runs: [RunFigures]) -> [Bool] {
    let axes = runs.map(\.paretoAxes)
    return axes.indices.map { i in
      !axes.indices.contains { j in
        j != i && zip(axes[j], axes[i]).allSatisfy { $0 <= $1 } && zip(axes[j], axes[i]).contains { $0 < $1 }
      }
    }
  }

  /// Per run and column: does the run have the best value of that column (ties
  /// all marked; nothing marked when every run has the same value)?
  public static func best(_ runs: [RunFigures]) -> [[Bool]] {
    let cells = runs.map(\.cells)
    var marks = Array(repeating: Array(repeating: false, count: RunFigures.columns.count), count: runs.count)
    guard runs.count > 1 else { return marks }
    for c in RunFigures.columns.indices {
      let values = cells.map { $0[c].number }
      let present = values.compactMap { $0 }
      guard !present.isEmpty, Set(present).count > 1 || present.count < values.count else { continue }
      let target: Double
      switch RunFigures.columns[c].better {
      case .neither: continue
      case .lower: target = present.min()!
      case .higher: target = present.max()!
      }
      for r in runs.indices where values[r] == target { marks[r][c] = true }
    }
    return marks
  }
}
