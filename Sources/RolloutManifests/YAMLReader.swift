import RolloutEngine
import Yams

/// Collects diagnostics for one file while reading it.
final class FileContext {
  let path: String
  var warnings: [Diagnostic] = []
  init(path: String) { self.path = path }

  func error(_ node: Node?, _ message: String) -> ManifestError {
    ManifestError([Diagnostic(.error, file: path, line: node?.mark?.line, column: node?.mark?.column, message: message)])
  }
  func warn(_ node: Node?, _ message: String) {
    warnings.append(Diagnostic(.warning, file: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
  }
}

/// A YAML mapping being read: typed accessors that report the field path and
/// position, and a record of the keys read so unknown ones become warnings.
struct YAMLMap {
  let node: Node
  let pairs: [(key: String, keyNode: Node, value: Node)]
  /// Dotted path of this mapping, e.g. `spec.strategy.rollingUpdate`.
  let path: String
  let ctx: FileContext

  init(_ node: Node, path: String, ctx: FileContext) throws(ManifestError) {
    guard case .mapping(let m) = node else {
      throw ctx.error(node, "\(path.isEmpty ? "document" : path): expected a mapping, found \(YAMLMap.describe(node))")
    }
    var pairs: [(String, Node, Node)] = []
    var merged: [Node] = []
    for (k, v) in m {
      guard let ks = k.string else { throw ctx.error(k, "\(path): keys must be strings") }
      // YAML merge keys (`<<: *base`), common in hand-written manifests: the merged
      // mapping's keys apply unless the mapping sets them itself.
      if ks == "<<" {
        switch v {
        case .mapping: merged.append(v)
        case .sequence(let seq): merged += seq.filter { if case .mapping = $0 { return true } else { return false } }
        default: throw ctx.error(v, "\(path): a merge key (<<) needs a mapping or a list of mappings")
        }
        continue
      }
      pairs.append((ks, k, v))
    }
    for mm in merged {
      guard case .mapping(let m2) = mm else { continue }
      for (k, v) in m2 {
        guard let ks = k.string, ks != "<<", !pairs.contains(where: { $0.0 == ks }) else { continue }
        pairs.append((ks, k, v))
      }
    }
    self.node = node
    self.pairs = pairs
    self.path = path
    self.ctx = ctx
  }

  static func describe(_ n: Node) -> String {
    switch n {
    case .scalar(let s): return s.string.isEmpty ? "an empty value" : "\"\(TerminalText.echo(s.string))\""
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .alias: return "an alias"
    }
  }

  func sub(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  subscript(_ key: String) -> Node? {
    guard let v = pairs.first(where: { $0.key == key })?.value else { return nil }
    if case .scalar(let s) = v, s.tag.description.hasSuffix("null") || (s.string == "~" || s.string == "null") && s.style == .plain { return nil }
    return v
  }

  var keys: [String] { pairs.map(\.key) }

  /// Warns about keys not in `known` (and not in `ignored`, the Kubernetes fields
  /// rollsim accepts without modelling).
  func checkUnknown(known: [String], ignored: [String] = []) {
    for p in pairs where !known.contains(p.key) && !ignored.contains(p.key) {
      ctx.warn(p.keyNode, "unknown field \"\(TerminalText.echo(p.key))\" in \(path.isEmpty ? "the document" : TerminalText.echo(path))")
    }
  }

  func map(_ key: String) throws(ManifestError) -> YAMLMap? {
    guard let v = self[key] else { return nil }
    return try YAMLMap(v, path: sub(key), ctx: ctx)
  }

  /// A list; more than `maxItems` entries is the API server's "Too many" error
  /// (apimachinery `field.TooMany`).
  func list(_ key: String, maxItems: Int = .max) throws(ManifestError) -> [Node]? {
    guard let v = self[key] else { return nil }
    guard case .sequence(let s) = v else { throw ctx.error(v, "\(sub(key)): expected a list, found \(YAMLMap.describe(v))") }
    if s.count > maxItems {
      throw ctx.error(v, "\(sub(key)): Too many: \(s.count): must have at most \(maxItems) items")
    }
    return Array(s)
  }

  /// An object name (`metadata.name`): required, and a DNS-1123 subdomain of at most
  /// 253 characters, with the API server's message (`KubernetesNames`).
  func objectName(_ key: String) throws(ManifestError) -> String {
    let name = try requiredString(key)
    if let problem = KubernetesNames.dns1123SubdomainErrors(name).first {
      throw ctx.error(self[key], "\(sub(key)): Invalid value: \"\(TerminalText.echo(name))\": \(problem)")
    }
    return name
  }

  /// A label map (`metadata.labels`): string keys and values, each checked by the API
  /// server's rules (`KubernetesNames.labelKeyErrors`, `labelValueErrors`: 63
  /// characters) and reported at the offending key or value.
  func labels(_ key: String) throws(ManifestError) -> [String: String]? {
    guard let m = try map(key) else { return nil }
    var out: [String: String] = [:]
    for p in m.pairs {
      guard case .scalar(let s) = p.value else { throw ctx.error(p.value, "\(m.sub(p.key)): expected a string") }
      if let problem = KubernetesNames.labelKeyErrors(p.key).first {
        throw ctx.error(p.keyNode, "\(m.path): Invalid value: \"\(TerminalText.echo(p.key))\": \(problem)")
      }
      if let problem = KubernetesNames.labelValueErrors(s.string).first {
        throw ctx.error(p.value, "\(m.sub(p.key)): Invalid value: \"\(TerminalText.echo(s.string))\": \(problem)")
      }
      out[p.key] = s.string
    }
    return out
  }

  func string(_ key: String) throws(ManifestError) -> String? {
    guard let v = self[key] else { return nil }
    guard case .scalar(let s) = v else { throw ctx.error(v, "\(sub(key)): expected a string, found \(YAMLMap.describe(v))") }
    return s.string
  }

  func requiredString(_ key: String) throws(ManifestError) -> String {
    guard let s = try string(key), !s.isEmpty else { throw ctx.error(node, "\(sub(key)): Required value") }
    return s
  }

  /// An integer field. Kubernetes' integer fields are int32, so the default upper
  /// bound is `Int32.max`; it also keeps every seconds × 1000 in range for `SimTime`.
  func int(_ key: String, min: Int? = nil, max: Int = Int(Int32.max)) throws(ManifestError) -> Int? {
    guard let v = self[key] else { return nil }
    guard case .scalar(let s) = v, s.style == .plain, let i = Int(s.string) else {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(YAMLMap.describe(v)): must be an integer")
    }
    if let m = min, i < m {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(i): must be greater than or equal to \(m)")
    }
    if i > max {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(i): must be less than or equal to \(max)")
    }
    return i
  }

  /// A number. Without an explicit `max`, values above 10⁹ are rejected: every number
  /// rollsim reads (seconds, requests per second) becomes engine arithmetic, and a
  /// `1e300` must be an error, not an overflow trap.
  func double(_ key: String, min: Double? = nil, max: Double? = 1e9) throws(ManifestError) -> Double? {
    guard let v = self[key] else { return nil }
    guard case .scalar(let s) = v, let d = Double(s.string), d.isFinite else {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(YAMLMap.describe(v)): must be a number")
    }
    if let m = min, d < m { throw ctx.error(v, "\(sub(key)): Invalid value: \(s.string): must be greater than or equal to \(TraceNumber.text(m))") }
    if let m = max, d > m { throw ctx.error(v, "\(sub(key)): Invalid value: \(s.string): must be less than or equal to \(TraceNumber.text(m))") }
    return d
  }

  func bool(_ key: String) throws(ManifestError) -> Bool? {
    guard let v = self[key] else { return nil }
    guard case .scalar(let s) = v, let b = Bool(s.string.lowercased()) else {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(YAMLMap.describe(v)): must be true or false")
    }
    return b
  }

  /// A duration: `30`, `30s`, `5m`, `1h30m`, `500ms`.
  func duration(_ key: String) throws(ManifestError) -> SimTime? {
    guard let v = self[key] else { return nil }
    guard case .scalar(let s) = v, let t = parseDuration(s.string) else {
      throw ctx.error(v, "\(sub(key)): Invalid value: \(YAMLMap.describe(v)): not a duration (use e.g. 30s, 5m, 1h)")
    }
    return t
  }

  /// A duration in whole seconds (Argo's pause and analysis fields).
  func seconds(_ key: String) throws(ManifestError) -> Int? {
    guard let t = try duration(key) else { return nil }
    return Int(t / 1000)
  }

  func stringMap(_ key: String) throws(ManifestError) -> [String: String]? {
    guard let m = try map(key) else { return nil }
    var out: [String: String] = [:]
    for p in m.pairs {
      guard case .scalar(let s) = p.value else { throw ctx.error(p.value, "\(m.sub(p.key)): expected a string") }
      out[p.key] = s.string
    }
    return out
  }
}

enum TraceNumber {
  static func text(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
}

/// Kubernetes resource quantities.
enum Quantity {
  /// CPU: `250m`, `0.5`, `2` → millicores.
  static func cpuMillis(_ s: String) -> Int? {
    // Bounded to 10⁹ millicores (a million CPUs) so huge inputs are errors, not traps.
    let millis: Double
    if s.hasSuffix("m"), let v = Double(s.dropLast()) { millis = v } else if let v = Double(s) { millis = v * 1000 } else { return nil }
    guard millis.isFinite, millis >= 0, millis <= 1e9 else { return nil }
    return Int(millis.rounded(.up))
  }

  /// Memory: `256Mi`, `1Gi`, `500M`, `1G`, `128974848`, `129e6` → bytes.
  static func bytes(_ s: String) -> Int64? {
    let units: [(String, Double)] = [
      ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
      ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("m", 0.001),
    ]
    // Bounded to 2⁶⁰ bytes (an exbibyte) so huge inputs are errors, not traps.
    func bounded(_ b: Double) -> Int64? { b.isFinite && b >= 0 && b <= 0x1p60 ? Int64(b.rounded(.up)) : nil }
    for (u, f) in units where s.hasSuffix(u) {
      guard let v = Double(s.dropLast(u.count)) else { return nil }
      return bounded(v * f)
    }
    guard let v = Double(s) else { return nil }
    return bounded(v)
  }
}
