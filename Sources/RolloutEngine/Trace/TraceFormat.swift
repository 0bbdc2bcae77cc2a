/// The headless output formats. Pure string building: the executable writes them.
///
/// `jsonl` is a stable contract (README, "JSONL trace"): one object per simulated
/// instant at which anything changed, written after the controllers settled, keys
/// in a fixed order, numbers formatted identically on every platform; the last line
/// is `{"summary": {...}}`.
public enum TraceFormat {
  // MARK: - JSONL

  /// `workload` names the record's workload in a run of several (the key follows
  /// `t`); nil leaves it out, as in a one-workload run.
  public static func jsonLine(_ snap: SimulationSnapshot, events: [SimEvent], workload: String? = nil) -> String {
    var o = JSONObject()
    o.number("t", formatSeconds(snap.time))
    if let workload { o.string("workload", workload) }
    var revs: [String] = []
    for r in snap.revisions.sorted(by: { $0.revision < $1.revision }) {
      var ro = JSONObject()
      ro.int("revision", r.revision)
      ro.string("name", r.name)
      ro.string("image", r.image)
      ro.int("replicas", r.replicas)
      ro.int("pods", r.pods)
      ro.int("ready", r.ready)
      ro.int("available", r.available)
      ro.int("terminating", r.terminating)
      ro.int("pending", r.pending)
      if let t = r.lastTermination { ro.string("lastTermination", t.rawValue) }
      if !r.roles.isEmpty { ro.raw("role", "[" + r.roles.map { quote($0.rawValue) }.joined(separator: ",") + "]") }
      if r.isNew { ro.raw("current", "true") }
      revs.append(ro.text)
    }
    o.raw("revisions", "[" + revs.joined(separator: ",") + "]")
    var tr = JSONObject()
    for (rev, share) in snap.traffic.shares.sorted(by: { $0.key < $1.key }) { tr.raw(String(rev), number(share)) }
    o.raw("traffic", tr.text)
    var rq = JSONObject()
    rq.raw("ok", String(snap.traffic.requestsOk))
    rq.raw("failed", String(snap.traffic.requestsFailed))
    o.raw("requests", rq.text)
    var co = JSONObject()
    for (k, v) in snap.conditions.sorted(by: { $0.key < $1.key }) { co.string(k.rawValue, v.contractText) }
    o.raw("conditions", co.text)
    o.raw("paused", snap.paused ? "true" : "false")
    o.string("phase", snap.phase.rawValue)
    o.string("message", snap.message)
    if let steps = snap.steps {
      var so = JSONObject()
      so.int("index", steps.index)
      so.int("count", steps.steps.count)
      o.raw("step", so.text)
    }
    if let w = snap.traffic.setWeight { o.int("setWeight", w) }
    if let w = snap.traffic.actualWeight { o.int("actualWeight", w) }
    if !snap.analysisRuns.isEmpty {
      // Only the measurements taken at this instant: repeating every earlier one made
      // a run without `count` quadratic in simulated time. The summary has them all.
      o.raw("analysis", "[" + snap.analysisRuns.map { analysisJSON($0, measuredAt: snap.time) }.joined(separator: ",") + "]")
    }
    o.raw("events", "[" + events.map { quote(eventLine($0)) }.joined(separator: ",") + "]")
    return o.text
  }

  /// An analysis run; `measuredAt` keeps only the measurements taken at that instant
  /// (a record line), nil keeps them all (the summary).
  static func analysisJSON(_ a: AnalysisRunView, measuredAt: SimTime? = nil) -> String {
    var o = JSONObject()
    o.string("name", a.name)
    o.string("kind", a.kind)
    o.string("phase", a.phase.rawValue)
    o.int("revision", a.revision)
    var ms: [String] = []
    for m in a.metrics {
      var mo = JSONObject()
      mo.string("name", m.name)
      mo.string("phase", m.phase.rawValue)
      if let s = m.successCondition { mo.string("successCondition", s) }
      if let f = m.failureCondition { mo.string("failureCondition", f) }
      // Measurements are in time order: the ones at `measuredAt` are at the end, so a
      // record costs O(its measurements), not O(all so far).
      var taken = m.measurements[...]
      if let t = measuredAt {
        var start = taken.endIndex
        while start > taken.startIndex, taken[start - 1].time >= t { start -= 1 }
        taken = taken[start...].filter { $0.time == t }[...]
      }
      let meas = taken.map { me -> String in
        var x = JSONObject()
        x.number("t", formatSeconds(me.time))
        x.raw("value", me.value.map(number) ?? "null")
        x.string("phase", me.phase.rawValue)
        return x.text
      }
      mo.raw("measurements", "[" + meas.joined(separator: ",") + "]")
      ms.append(mo.text)
    }
    o.raw("metrics", "[" + ms.joined(separator: ",") + "]")
    return o.text
  }

  public static func summaryLine(_ s: RunSummary, workload: String? = nil) -> String {
    var o = JSONObject()
    if let workload { o.string("workload", workload) }
    o.string("strategy", s.strategy.rawValue)
    o.raw("completed", s.completed ? "true" : "false")
    o.number("duration", formatSeconds(s.duration))
    o.int("peakPods", s.peakPods)
    o.int("peakPodsIncludingTerminating", s.peakPodsIncludingTerminating)
    o.int("minAvailable", s.minAvailable)
    o.raw("requestsOk", String(s.requestsOk))
    o.raw("requestsFailed", String(s.requestsFailed))
    o.raw("podSeconds", number((s.podSeconds * 1000).rounded() / 1000))
    o.int("revision", s.revision)
    o.string("phase", s.phase.rawValue)
    o.raw("aborted", s.aborted ? "true" : "false")
    o.raw("promotedAt", s.promotedAt.map(formatSeconds) ?? "null")
    o.string("outcome", s.outcome.rawValue)
    if !s.analysisRuns.isEmpty {
      o.raw("analysis", "[" + s.analysisRuns.map { analysisJSON($0) }.joined(separator: ",") + "]")
    }
    return "{\"summary\":" + o.text + "}"
  }

  /// `ScalingReplicaSet deployment/web: Scaled up replica set web-7d4b9 to 3 (why: …)`.
  public static func eventLine(_ e: SimEvent) -> String {
    var s = "\(e.reason) \(e.object): \(e.message)"
    if let w = e.why { s += " (why: \(w))" }
    return s
  }

  // MARK: - CSV

  /// The CSV columns, one row per instant at which anything changed (documented in
  /// docs/csv.md): the JSONL contract's numbers flattened, then the canary's step
  /// and weights, the newest AnalysisRun's phase and the failure rate, then the
  /// instant's events (free text, always last). Empty fields: not applicable.
  public static let csvHeader =
    "t,phase,revision,replicas,pods,ready,available,terminating,pending,newReplicas,newAvailable,oldPods,oldAvailable,"
    + "newTrafficShare,requestsOk,requestsFailed,step,setWeight,actualWeight,analysisPhase,failureRate,events"

  /// The header of a run of several workloads: a `workload` column after `t`.
  public static let csvHeaderWithWorkload = csvHeader.replacingOccurrences("t,phase,", "t,workload,phase,")

  public static func csvRow(_ snap: SimulationSnapshot, events: [SimEvent], workload: String? = nil) -> String {
    let newRev = snap.revisions.first { $0.isNew } ?? snap.revisions.first
    let olds = snap.revisions.filter { $0.revision != newRev?.revision }
    let pods = snap.revisions.reduce(0) { $0 + $1.pods }
    let cols: [String] = [
      formatSeconds(snap.time), csvField(snap.phase.rawValue), String(newRev?.revision ?? 0),
      String(snap.desiredReplicas), String(pods), String(snap.revisions.reduce(0) { $0 + $1.ready }),
      String(snap.revisions.reduce(0) { $0 + $1.available }), String(snap.revisions.reduce(0) { $0 + $1.terminating }),
      String(snap.revisions.reduce(0) { $0 + $1.pending }),
      String(newRev?.replicas ?? 0), String(newRev?.available ?? 0), String(olds.reduce(0) { $0 + $1.pods }),
      String(olds.reduce(0) { $0 + $1.available }),
      number(newRev.flatMap { snap.traffic.shares[$0.revision] } ?? 0), String(snap.traffic.requestsOk),
      String(snap.traffic.requestsFailed),
      // Steps completed (Argo's currentStepIndex), the step's and the reported weight.
      snap.steps.map { String(min($0.index, $0.steps.count)) } ?? "",
      snap.traffic.setWeight.map(String.init) ?? "", snap.traffic.actualWeight.map(String.init) ?? "",
      csvField(snap.analysisRuns.last?.phase.rawValue ?? ""),
      // Failed requests per second over requests per second now (0…1).
      number(snap.traffic.requestsPerSecond > 0 ? snap.traffic.failedPerSecond / snap.traffic.requestsPerSecond : 0),
      csvField(events.map(eventLine).joined(separator: " | ")),
    ]
    if let workload { return cols[0] + "," + csvField(workload) + "," + cols.dropFirst().joined(separator: ",") }
    return cols.joined(separator: ",")
  }

  /// RFC 4180 quoting; control characters (which CSV has no escape for) are first
  /// escaped as in the table (`TerminalText`), so a record stays one line and inert.
  static func csvField(_ raw: String) -> String {
    let s = TerminalText.escaped(raw)
    if s.contains(",") || s.contains("\"") {
      return "\"" + s.replacingOccurrences("\"", "\"\"") + "\""
    }
    return s
  }

  // MARK: - Table

  /// A block per instant that a person can follow:
  /// ```
  /// t=5s  Progressing  requests ok 1500 failed 0
  ///   rev 2  shop:1.1  replicas 10 pods 10 ready 5 available 5            traffic 50%
  ///   rev 1  shop:1.0  replicas 3  pods 3  ready 3 available 3 terminating 5 traffic 50%
  ///   · Scaled down replica set shop-6d9 to 3  ← old 8→3: …
  /// ```
  public static func tableBlock(_ snap: SimulationSnapshot, events: [SimEvent], workload: String? = nil) -> String {
    var lines: [String] = []
    var head = "t=\(formatDuration(snap.time))  " + (workload.map { TerminalText.escaped($0) + "  " } ?? "") + snap.phase.rawValue
    if let st = snap.steps { head += "  step \(st.index)/\(st.steps.count)" }
    if let w = snap.traffic.setWeight { head += "  setWeight \(w)" }
    if let w = snap.traffic.actualWeight { head += "  actualWeight \(w)" }
    head += "  requests ok \(snap.traffic.requestsOk) failed \(snap.traffic.requestsFailed)"
    if snap.paused { head += "  (paused)" }
    lines.append(head)
    // Input-derived text (images, names, event messages) is escaped: a control
    // character in a manifest must not act on the reader's terminal.
    let images = snap.revisions.map { TerminalText.escaped($0.image) }
    let imgWidth = images.map(\.count).max() ?? 0
    for (r, image) in zip(snap.revisions, images) {
      var l = "  rev \(pad(String(r.revision), 2))  \(image.padding(imgWidth))"
      l += "  replicas \(pad(String(r.replicas), 3)) pods \(pad(String(r.pods), 3)) ready \(pad(String(r.ready), 3))"
      l += " available \(pad(String(r.available), 3))"
      if r.terminating > 0 { l += " terminating \(r.terminating)" }
      if r.pending > 0 { l += " pending \(r.pending)" }
      if let s = snap.traffic.shares[r.revision] { l += "  traffic \(percent(s))" }
      let tags = (r.isNew ? ["new"] : []) + r.roles.map(\.rawValue)
      if !tags.isEmpty { l += "  [" + tags.joined(separator: ",") + "]" }
      lines.append(l)
    }
    for e in events {
      var l = "  · \(e.kind == .warning ? "Warning " : "")\(e.reason) \(e.object): \(e.message)"
      if let w = e.why { l += "  ← \(w)" }
      lines.append(TerminalText.escaped(l))
    }
    return lines.joined(separator: "\n")
  }

  public static func tableSummary(_ s: RunSummary, workload: String? = nil) -> String {
    var l = "summary" + (workload.map { " (\(TerminalText.escaped($0)))" } ?? "") + ": \(s.strategy.rawValue), \(s.completed ? "completed" : "not completed") in \(formatDuration(s.duration))"
    l += ", phase \(s.phase.rawValue)"
    l += "\n  peak pods \(s.peakPods) (\(s.peakPodsIncludingTerminating) with terminating), fewest available \(s.minAvailable)"
    l += "\n  requests ok \(s.requestsOk), failed \(s.requestsFailed), pod-seconds \(number((s.podSeconds * 10).rounded() / 10))"
    l += ", revision \(s.revision)"
    if s.aborted { l += "\n  aborted" }
    if let p = s.promotedAt { l += "\n  promoted at \(formatDuration(p))" }
    return l
  }

  static func percent(_ s: Double) -> String {
    let p = (s * 1000).rounded() / 10
    return (p == p.rounded() ? String(Int(p)) : String(p)) + "%"
  }

  static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

  // MARK: - JSON helpers

  /// A JSON number from a Double: integers without a fraction, otherwise Swift's
  /// shortest round-trip form (the same bytes on every run).
  public static func number(_ d: Double) -> String {
    if d.isNaN || d.isInfinite { return "null" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return String(d)
  }

  public static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if TerminalText.isControl(u) {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }
}

/// Builds a JSON object with keys in insertion order.
struct JSONObject {
  private var parts: [String] = []
  mutating func raw(_ key: String, _ value: String) { parts.append(TraceFormat.quote(key) + ":" + value) }
  mutating func string(_ key: String, _ value: String) { raw(key, TraceFormat.quote(value)) }
  mutating func int(_ key: String, _ value: Int) { raw(key, String(value)) }
  mutating func number(_ key: String, _ value: String) { raw(key, value) }
  var text: String { "{" + parts.joined(separator: ",") + "}" }
}

extension String {
  func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
  /// `replacingOccurrences(of:with:)` without Foundation.
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let r = rest.firstRange(of: target) {
      out += rest[rest.startIndex..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}
