import RolloutEngine
import Yams

/// Splitting input files into typed documents: `kind: List` unwrapped, kinds matched
/// by API group and kind, kinds rollsim does not model skipped with a warning.
extension ManifestLoader {
  struct Document {
    var map: YAMLMap
    var kind: String
    var apiVersion: String
    var name: String?
    /// False for a kind rollsim does not simulate (an Ingress, a ConfigMap, an App
    /// Mesh VirtualService…): kept only to say what the input held.
    var modelled: Bool = true
    var ctx: FileContext { map.ctx }
    /// `Ingress "web"`, as messages name an object.
    var label: String { name.map { "\(kind) \"\($0)\"" } ?? kind }
  }

  /// A kind of an API group, as the API server tells resources apart: an App Mesh
  /// `appmesh.k8s.aws` VirtualService is not an Istio one.
  struct GroupKind: Hashable {
    var group: String
    var kind: String
  }

  /// The kinds rollsim reads, and the apiVersions of each.
  static let kinds: [GroupKind: [String]] = [
    GroupKind(group: "apps", kind: "Deployment"): ["apps/v1"],
    GroupKind(group: "", kind: "Service"): ["v1"],
    GroupKind(group: "argoproj.io", kind: "Rollout"): ["argoproj.io/v1alpha1"],
    GroupKind(group: "argoproj.io", kind: "AnalysisTemplate"): ["argoproj.io/v1alpha1"],
    GroupKind(group: "argoproj.io", kind: "ClusterAnalysisTemplate"): ["argoproj.io/v1alpha1"],
    GroupKind(group: "networking.istio.io", kind: "VirtualService"): [
      "networking.istio.io/v1alpha3", "networking.istio.io/v1beta1", "networking.istio.io/v1",
    ],
    GroupKind(group: "rollsim", kind: "Simulation"): ["rollsim/v1"],
  ]

  /// Groups that once served a kind rollsim reads under another version, which
  /// today's API servers refuse (`extensions/v1beta1` Deployments were removed in
  /// Kubernetes 1.16): an error naming the version to use, not a skipped document.
  static let removedGroups: [GroupKind: String] = [
    GroupKind(group: "extensions", kind: "Deployment"): "apps",
  ]

  /// `apps/v1` → ("apps", "v1"); `v1` → ("", "v1"), the core group.
  static func splitAPIVersion(_ api: String) -> (group: String, version: String) {
    guard let slash = api.lastIndex(of: "/") else { return ("", api) }
    return (String(api[..<slash]), String(api[api.index(after: slash)...]))
  }

  /// Whether a text holds anything but blank lines, comments and document markers.
  public static func isMeaningfulText(_ text: String) -> Bool { isMeaningful(text) }

  /// Whether a text holds anything but blank lines, comments and document markers.
  static func isMeaningful(_ text: String) -> Bool {
    text.split(whereSeparator: \.isNewline).contains { line in
      let t = line.drop { $0 == " " || $0 == "\t" }
      return !t.isEmpty && !t.hasPrefix("#") && t != "---" && t != "..."
    }
  }

  static func parseDocuments(_ src: SourceText, _ ctx: FileContext) throws(ManifestError) -> [Document] {
    guard isMeaningful(src.text) else { throw ctx.error(nil, "file is empty") }
    if let (line, column) = excessiveNesting(src.text) {
      throw ManifestError([
        Diagnostic(.error, file: ctx.path, line: line, column: column, message: "malformed YAML: nested more than \(maxNesting) levels deep")
      ])
    }
    var nodes: [Node] = []
    do {
      // Not `compose_all`: its sequence stops at an error and keeps it to itself, so
      // a malformed file would read as an empty one.
      //
      // `Resolver.basic`: the loader reads every scalar as written (`YAMLMap.int`,
      // `bool`, `quantity` parse the text themselves), so Yams' implicit tag rules
      // are never consulted; the default resolver compiles seven regular
      // expressions through ICU at first use, about a millisecond of every run.
      let parser = try Parser(yaml: src.text, resolver: .basic)
      while let n = try parser.nextRoot() { nodes.append(n) }
    } catch let e as YamlError {
      throw yamlError(e, ctx)
    } catch {
      throw ctx.error(nil, "malformed YAML: \(error)")
    }
    var docs: [Document] = []
    var any = false
    for n in nodes {
      if case .scalar(let s) = n, s.string.isEmpty { continue }
      any = true
      docs += try documents(n, path: "", ctx: ctx)
    }
    // An empty `kind: List` is not an empty file: the load says nothing was found.
    guard any else { throw ctx.error(nil, "file is empty") }
    return docs
  }

  /// One YAML document as typed documents: itself, or the items of a `kind: List`
  /// (what `kubectl get -o yaml` prints; its `metadata` and the server's list fields
  /// are dropped, as `kubectl apply -f` does).
  static func documents(_ n: Node, path: String, ctx: FileContext) throws(ManifestError) -> [Document] {
    let m = try YAMLMap(n, path: path, ctx: ctx)
    let at = path.isEmpty ? "" : "\(path): "
    guard let kind = try m.string("kind"), !kind.isEmpty else { throw ctx.error(n, "\(at)missing \"kind\"") }
    guard let api = try m.string("apiVersion"), !api.isEmpty else { throw ctx.error(n, "\(at)\(TerminalText.echo(kind)): missing \"apiVersion\"") }
    let (group, _) = splitAPIVersion(api)
    if kind == "List" && group == "" {
      var out: [Document] = []
      for (i, item) in (try m.list("items") ?? []).enumerated() {
        out += try documents(item, path: m.sub("items[\(i)]"), ctx: ctx)
      }
      return out
    }
    let name = try m.map("metadata")?.string("name")
    let gk = GroupKind(group: group, kind: kind)
    if let apis = kinds[gk] {
      guard apis.contains(api) else {
        throw ctx.error(m["apiVersion"], "unsupported apiVersion \"\(TerminalText.echo(api))\" for kind \(kind) (expected \(apis.joined(separator: " or ")))")
      }
      return [Document(map: m, kind: kind, apiVersion: api, name: name)]
    }
    if let now = removedGroups[gk], let apis = kinds[GroupKind(group: now, kind: kind)] {
      throw ctx.error(m["apiVersion"], "unsupported apiVersion \"\(TerminalText.echo(api))\" for kind \(kind) (expected \(apis.joined(separator: " or ")))")
    }
    var doc = Document(map: m, kind: kind, apiVersion: api, name: name)
    doc.modelled = false
    // A kind rollsim models under another group is named with its apiVersion, so
    // the line says why an App Mesh VirtualService was not read as Istio's.
    let clash = kinds.keys.contains { $0.kind == kind }
    ctx.warn(m["kind"], "skipped \(TerminalText.echo(doc.label))\(clash ? " (\(TerminalText.echo(api)))" : ""): not simulated")
    return [doc]
  }
}
