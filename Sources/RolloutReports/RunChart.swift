import Foundation
import Plot
import RolloutEngine
import RolloutRuns

/// A self-contained chart of one or more runs on a shared time axis, as SVG or as an
/// HTML page around the same SVG (no script, no external file: readable offline).
///
/// Four panels, top to bottom: available pods, pods (terminating included), the new
/// revision's traffic share and failed requests per second. One colour per run; the
/// pod panels carry each run's `replicas` (solid grey), `replicas + maxSurge` and
/// `replicas − maxUnavailable` lines (dashed, in the run's colour). Values hold until
/// the next point, so every series is drawn as steps.
public struct RunChart: Sendable {
  public struct Series: Sendable {
    public var label: String
    public var timeline: Timeline
    /// When the run ended: its last value holds until then.
    public var end: SimTime
    public init(label: String, timeline: Timeline, end: SimTime? = nil) {
      self.label = label
      self.timeline = timeline
      self.end = max(end ?? timeline.end, timeline.end)
    }
  }

  public var title: String
  public var series: [Series]

  public init(title: String, series: [Series]) {
    self.title = title
    self.series = series
  }

  /// One run of several workloads: a series per workload, named.
  public init(title: String, workloadsOf run: Run) {
    guard let first = run.timeline else {
      self.init(title: title, series: [])
      return
    }
    let names = run.simulation.workloadNames
    let all = [first] + run.workloadTimelines
    self.init(title: title, series: all.map { Series(label: names[$0.workload], timeline: $0, end: run.now) })
  }

  /// A chart of runs made with `timeline: true` (others are left out).
  public init(title: String, runs: [Run]) {
    self.init(title: title, series: runs.compactMap { r in r.timeline.map { Series(label: r.label, timeline: $0, end: r.now) } })
  }

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]
  static let width = 960.0
  static let panelHeight = 170.0
  static let left = 70.0
  static let right = 20.0
  static let top = 72.0
  static let gap = 46.0

  struct Panel: Sendable {
    var title: String
    var value: @Sendable (Timeline.Point) -> Double
    var guides: Bool
  }

  static let panels: [Panel] = [
    Panel(title: "available pods", value: { Double($0.available) }, guides: true),
    Panel(title: "pods (terminating included)", value: { Double($0.pods) }, guides: true),
    Panel(title: "new revision's traffic share (%)", value: { $0.newShare * 100 }, guides: false),
    Panel(title: "failed requests per second", value: { $0.failedPerSecond }, guides: false),
  ]

  typealias SVGNode = Node<XML.DocumentContext>

  static func element(_ name: String, _ attributes: [(String, String)], _ children: [SVGNode] = []) -> SVGNode {
    .element(named: name, nodes: attributes.map { .attribute(named: $0.0, value: $0.1) } + children)
  }

  static func fmt(_ d: Double) -> String { Reports.number((d * 10).rounded() / 10) }

  /// The end of the time axis, in seconds: the longest run.
  var endSeconds: Double {
    max(1, series.map { Double($0.end) / 1000 }.max() ?? 1)
  }

  /// A round step for about `count` ticks over `0…span`.
  static func tickStep(_ span: Double, count: Double = 8) -> Double {
    guard span > 0 else { return 1 }
    let raw = span / count
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    for m in [1.0, 2, 5, 10] where raw <= m * magnitude { return m * magnitude }
    return 10 * magnitude
  }

  /// A round time step (1 s … 1 h … a day) for at most about 10 ticks over `span` seconds.
  static func timeStep(_ span: Double) -> Double {
    let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400]
    return steps.first { span / $0 <= 10 } ?? tickStep(span / 86_400) * 86_400
  }

  /// The `<svg>` element alone.
  public func svgElement() -> String { svgNode().render() }

  /// A standalone SVG file.
  public func svg() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement() + "\n"
  }

  /// A standalone HTML page with the SVG inline.
  public func html() -> String {
    let page = HTML(
      .head(.meta(.charset(.utf8)), .title(title), .style("body{font-family:sans-serif;margin:24px}")),
      .body(.h1(.text(title)), .raw(svgElement())))
    return page.render() + "\n"
  }

  func svgNode() -> SVGNode {
    let plotWidth = RunChart.width - RunChart.left - RunChart.right
    let height = RunChart.top + Double(RunChart.panels.count) * (RunChart.panelHeight + RunChart.gap) + 10
    let end = endSeconds
    func x(_ seconds: Double) -> Double { RunChart.left + seconds / end * plotWidth }
    var nodes: [SVGNode] = [
      RunChart.element("title", [], [.text(title)]),
      RunChart.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")]),
      RunChart.element(
        "text", [("x", "\(RunChart.left)"), ("y", "22"), ("font-size", "16"), ("font-weight", "bold")], [.text(title)]),
    ]
    // Legend.
    var lx = RunChart.left
    for (i, s) in series.enumerated() {
      let colour = RunChart.palette[i % RunChart.palette.count]
      nodes.append(RunChart.element("rect", [("x", fmt(lx)), ("y", "32"), ("width", "14"), ("height", "4"), ("fill", colour)]))
      nodes.append(
        RunChart.element(
          "text", [("x", fmt(lx + 18)), ("y", "38"), ("font-size", "12"), ("class", "legend")], [.text(s.label)]))
      lx += 30 + Double(s.label.count) * 7
    }
    let xStep = RunChart.timeStep(end)
    for (p, panel) in RunChart.panels.enumerated() {
      let y0 = RunChart.top + Double(p) * (RunChart.panelHeight + RunChart.gap)
      let bottom = y0 + RunChart.panelHeight
      var maxValue = 1.0
      for s in series {
        for pt in s.timeline.points {
          maxValue = max(maxValue, panel.value(pt))
          if panel.guides { maxValue = max(maxValue, Double(pt.maxPods ?? 0), Double(pt.replicas)) }
        }
      }
      if p == 2 { maxValue = 100 }
      maxValue *= p == 2 ? 1 : 1.1
      func y(_ v: Double) -> Double { bottom - v / maxValue * RunChart.panelHeight }
      var g: [SVGNode] = [
        RunChart.element("text", [("x", "\(RunChart.left)"), ("y", fmt(y0 - 8)), ("font-size", "13")], [.text(panel.title)]),
        RunChart.element(
          "rect",
          [("x", "\(RunChart.left)"), ("y", fmt(y0)), ("width", fmt(plotWidth)), ("height", fmt(RunChart.panelHeight)),
           ("fill", "none"), ("stroke", "#999")]),
      ]
      // Y ticks.
      let yStep = RunChart.tickStep(maxValue, count: 4)
      var v = 0.0
      while v <= maxValue {
        g.append(RunChart.element("line", [("x1", fmt(RunChart.left - 4)), ("x2", fmt(RunChart.left)), ("y1", fmt(y(v))), ("y2", fmt(y(v))), ("stroke", "#999")]))
        g.append(
          RunChart.element(
            "text", [("x", fmt(RunChart.left - 8)), ("y", fmt(y(v) + 4)), ("font-size", "11"), ("text-anchor", "end")],
            [.text(fmt(v))]))
        v += yStep
      }
      // X ticks with the time axis label under every panel.
      var t = 0.0
      while t <= end + 1e-9 {
        g.append(RunChart.element("line", [("x1", fmt(x(t))), ("x2", fmt(x(t))), ("y1", fmt(bottom)), ("y2", fmt(bottom + 4)), ("stroke", "#999")]))
        g.append(
          RunChart.element(
            "text", [("x", fmt(x(t))), ("y", fmt(bottom + 16)), ("font-size", "11"), ("text-anchor", "middle")],
            [.text(formatDuration(SimTime.seconds(t)))]))
        t += xStep
      }
      g.append(
        RunChart.element(
          "text", [("x", fmt(RunChart.left + plotWidth)), ("y", fmt(bottom + 30)), ("font-size", "11"), ("text-anchor", "end")],
          [.text("simulated time")]))
      for (i, s) in series.enumerated() {
        let colour = RunChart.palette[i % RunChart.palette.count]
        if panel.guides {
          g.append(stepLine(s.timeline, end: Double(s.end) / 1000, x: x, y: y, value: { Double($0.replicas) }, colour: "#777", dashed: false, label: "replicas"))
          if s.timeline.points.contains(where: { $0.maxPods != nil }) {
            g.append(stepLine(s.timeline, end: Double(s.end) / 1000, x: x, y: y, value: { Double($0.maxPods ?? $0.replicas) }, colour: colour, dashed: true, label: "replicas + maxSurge"))
          }
          if s.timeline.points.contains(where: { $0.minAvailable != nil }) {
            g.append(stepLine(s.timeline, end: Double(s.end) / 1000, x: x, y: y, value: { Double($0.minAvailable ?? $0.replicas) }, colour: colour, dashed: true, label: "replicas − maxUnavailable"))
          }
        }
        g.append(stepLine(s.timeline, end: Double(s.end) / 1000, x: x, y: y, value: panel.value, colour: colour, dashed: false, label: s.label, series: true))
      }
      nodes.append(RunChart.element("g", [("class", "panel")], g))
    }
    return RunChart.element(
      "svg",
      [("xmlns", "http://www.w3.org/2000/svg"), ("width", fmt(RunChart.width)), ("height", fmt(height)),
       ("viewBox", "0 0 \(fmt(RunChart.width)) \(fmt(height))"), ("font-family", "sans-serif")],
      nodes)
  }

  func fmt(_ d: Double) -> String { RunChart.fmt(d) }

  /// A step polyline: each value holds until the next point, the last until `end`.
  func stepLine(
    _ timeline: Timeline, end: Double, x: (Double) -> Double, y: (Double) -> Double, value: (Timeline.Point) -> Double,
    colour: String, dashed: Bool, label: String, series: Bool = false
  ) -> SVGNode {
    var coords: [String] = []
    var previous: Double?
    for p in timeline.points {
      let t = Double(p.time) / 1000
      let v = value(p)
      if let prev = previous { coords.append("\(fmt(x(t))),\(fmt(y(prev)))") }
      coords.append("\(fmt(x(t))),\(fmt(y(v)))")
      previous = v
    }
    if let prev = previous { coords.append("\(fmt(x(end))),\(fmt(y(prev)))") }
    var attributes = [
      ("points", coords.joined(separator: " ")), ("fill", "none"), ("stroke", colour),
      ("stroke-width", series ? "2" : "1"),
    ]
    if dashed { attributes.append(("stroke-dasharray", "5,4")) }
    if series { attributes.append(("class", "series")) }
    return RunChart.element("polyline", attributes, [RunChart.element("title", [], [.text(label)])])
  }
}
