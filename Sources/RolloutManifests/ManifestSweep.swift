import Yams

/// `compare --sweep FILE --set PATH=V1,V2,…`: the cross product of the settings as
/// variants of one manifest file, each a complete manifest text that is then loaded
/// (and validated) like any other file.
///
/// A PATH is dot-separated from the root of the workload document (the file's
/// Rollout, or else its Deployment): `spec.strategy.rollingUpdate.maxSurge`; a
/// number selects a list entry (`spec.strategy.canary.steps.0.setWeight`). Every
/// step but the last must exist; the last key may be new (a setting left to its
/// default). Values are YAML scalars: `25%` a string, `3` a number.
public enum ManifestSweep {
  /// One `--set`: a path and the values it takes.
  public struct Setting: Sendable, Hashable {
    public var path: [String]
    public var values: [String]

    public init(path: [String], values: [String]) {
      self.path = path
      self.values = values
    }

    /// `spec.strategy.rollingUpdate.maxSurge=0,1,25%`.
    public static func parse(_ text: String) -> Result<Setting, SweepError> {
      guard let eq = text.firstIndex(of: "=") else {
        return .failure(SweepError("--set \"\(text)\": expected PATH=VALUE[,VALUE…], e.g. spec.strategy.rollingUpdate.maxSurge=1,25%"))
      }
      let path = text[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      let values = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
        return .failure(SweepError("--set \"\(text)\": the path has an empty step"))
      }
      guard !values.contains(where: \.isEmpty) else {
        return .failure(SweepError("--set \"\(text)\": a value is empty"))
      }
      return .success(Setting(path: path, values: values))
    }

    /// The last step of the path, for labels: `maxSurge`.
    public var name: String { path.last ?? "" }
  }

  /// One variant: its settings (`maxSurge=25% maxUnavailable=0`) and manifest text.
  public struct Variant: Sendable {
    public var label: String
    public var source: SourceText
  }

  public struct SweepError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
  }

  /// Most variants one sweep may make: far more than anyone reads in a table.
  public static let maxVariants = 10_000

  /// The variants in cross-product order (the first setting varies slowest).
  public static func variants(of source: SourceText, settings: [Setting]) throws(SweepError) -> [Variant] {
    let count = settings.reduce(1) { $0.multipliedReportingOverflow(by: $1.values.count).partialValue }
    guard count <= maxVariants else {
      throw SweepError("--set: \(count) combinations; a sweep runs at most \(maxVariants)")
    }
    var roots: [Node]
    do {
      roots = try Array(Yams.compose_all(yaml: source.text))
    } catch {
      throw SweepError("\(source.path): error: not YAML rollsim can sweep (validate it first: rollsim validate \(source.path))")
    }
    guard let target = workloadIndex(roots) else {
      throw SweepError("\(source.path): error: no Rollout or Deployment to apply --set to")
    }
    var combos: [[Int]] = [[]]
    for s in settings { combos = combos.flatMap { c in s.values.indices.map { c + [$0] } } }
    var out: [Variant] = []
    for combo in combos {
      var docs = roots
      var labels: [String] = []
      for (s, v) in zip(settings, combo) {
        docs[target] = try set(docs[target], path: s.path[...], value: s.values[v], full: s.path)
        labels.append("\(s.name)=\(s.values[v])")
      }
      let text: String
      do {
        text = try Yams.serialize(nodes: docs)
      } catch {
        throw SweepError("\(source.path): error: cannot write the variant \(labels.joined(separator: " "))")
      }
      out.append(Variant(label: labels.joined(separator: " "), source: SourceText(path: source.path, text: text)))
    }
    return out
  }

  static func workloadIndex(_ roots: [Node]) -> Int? {
    func kind(_ n: Node) -> String? { n.mapping?["kind"]?.string }
    return roots.firstIndex { kind($0) == "Rollout" } ?? roots.firstIndex { kind($0) == "Deployment" }
  }

  static func set(_ node: Node, path: ArraySlice<String>, value: String, full: [String]) throws(SweepError) -> Node {
    guard let key = path.first else { return Node(value) }
    let here = full[..<(full.count - path.count + 1)].joined(separator: ".")
    let last = path.count == 1
    switch node {
    case .mapping(var m):
      let child = m[Node(key)]
      guard child != nil || last else {
        throw SweepError("--set \(full.joined(separator: ".")): \(here) does not exist in the manifest")
      }
      if last, let child, child.isCollection {
        throw SweepError("--set \(full.joined(separator: ".")): \(here) is a \(child.mapping != nil ? "mapping" : "list"), not a single value")
      }
      m[Node(key)] = try set(child ?? Node(""), path: path.dropFirst(), value: value, full: full)
      return .mapping(m)
    case .sequence(var s):
      guard let i = Int(key), i >= 0, i < s.count else {
        throw SweepError("--set \(full.joined(separator: ".")): \(here): the list has \(s.count) entries (0…\(s.count - 1))")
      }
      if last, s[i].isCollection {
        throw SweepError("--set \(full.joined(separator: ".")): \(here) is a \(s[i].mapping != nil ? "mapping" : "list"), not a single value")
      }
      s[i] = try set(s[i], path: path.dropFirst(), value: value, full: full)
      return .sequence(s)
    default:
      let parent = full[..<(full.count - path.count)].joined(separator: ".")
      throw SweepError("--set \(full.joined(separator: ".")): \(parent) is a single value, not a mapping")
    }
  }
}

extension Node {
  fileprivate var isCollection: Bool { mapping != nil || sequence != nil }
}
