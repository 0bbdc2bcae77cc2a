import RolloutEngine
import Yams

/// How the Simulation document says an unmeasurable metric goes
/// (`spec.analysis: {TEMPLATE[/METRIC]: {result: fail, after: 30s}}`), or which
/// simulated measurement stands in for it (`{metric: error-rate}`).
enum AnalysisSetting {
  case scripted(AnalysisPhase, afterSeconds: Int)
  case measured(MetricSource)
}

/// The input's AnalysisTemplates and ClusterAnalysisTemplates, instantiated the way
/// Argo Rollouts builds an AnalysisRun: the template's `spec.args` merged with the
/// referencing Rollout's (`MergeArgs`, utils/analysis/helpers.go), then `{{args.NAME}}`
/// substituted in every field of the metrics (`ResolveArgs`, utils/template/template.go)
/// before they are read. Each distinct set of arguments is its own template.
final class TemplateLibrary {
  var docs: [String: ManifestLoader.Document] = [:]
  var order: [String] = []
  var settings: [String: AnalysisSetting] = [:]
  var settingNodes: [String: Node] = [:]
  var images: [String: ImageBehavior] = [:]
  /// The Rollout whose references are being read (its `fieldRef` arguments).
  var rollout: (name: String, labels: [String: String], annotations: [String: String]) = ("", [:], [:])
  private(set) var instances: [AnalysisTemplateSpec] = []
  private var instanceNames: [String: String] = [:]
  var usedSettings: Set<String> = []
  /// Warnings already given (one per template and provider).
  var warned: Set<String> = []

  func add(_ d: ManifestLoader.Document, name: String) {
    if docs[name] == nil { order.append(name) }
    docs[name] = d
  }

  func contains(_ name: String) -> Bool { docs[name] != nil }

  /// The name of the template `name` instantiated with `incoming` arguments (nil
  /// value: an argument given by valueFrom that rollsim resolves to a stand-in).
  func instantiate(_ name: String, incoming: [(String, String)], at refNode: Node?, refCtx: FileContext) throws(ManifestError) -> String {
    guard let d = docs[name] else { throw refCtx.error(refNode, "AnalysisTemplate \"\(name)\" not found in the input files") }
    let m = d.map
    let spec = try m.map("spec")
    // The template's declared arguments, then the Rollout's values for those it declares.
    var args: [(name: String, value: String?)] = []
    for (i, a) in (try spec?.list("args") ?? []).enumerated() {
      let am = try YAMLMap(a, path: "spec.args[\(i)]", ctx: m.ctx)
      am.checkUnknown(known: ["name", "value", "valueFrom"])
      var value = try am.string("value")
      if value == nil, let vf = try am.map("valueFrom") {
        vf.checkUnknown(known: ["secretKeyRef", "fieldRef"])
        // A Secret's value only reaches the metrics backend, which rollsim stands in for.
        value = vf["secretKeyRef"] != nil ? "<secret>" : try fieldRef(vf, ctx: m.ctx)
      }
      args.append((try am.requiredString("name"), value))
    }
    for (n, v) in incoming {
      if let i = args.firstIndex(where: { $0.name == n }) { args[i].value = v }
    }
    for a in args where a.value == nil {
      throw refCtx.error(refNode, "AnalysisTemplate \"\(name)\": args.\(a.name) was not resolved (give it a value in the template's spec.args or in the Rollout's args)")
    }
    let values = Dictionary(args.map { ("args.\($0.name)", $0.value ?? "") }, uniquingKeysWith: { _, b in b })
    let key = name + args.map { "\u{0}\($0.name)=\($0.value ?? "")" }.joined()
    if let existing = instanceNames[key] { return existing }
    let substituted = try TemplateLibrary.substitute(m.node, values, ctx: m.ctx, path: "")
    var doc = d
    doc.map = try YAMLMap(substituted, path: "", ctx: m.ctx)
    var t = try ManifestLoader.parseAnalysisTemplate(doc, library: self)
    // The first instantiation keeps the template's name; others say their arguments.
    if instances.contains(where: { $0.name == name }) {
      t.name = "\(name) (" + args.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: ", ") + ")"
    }
    instances.append(t)
    instanceNames[key] = t.name
    return t.name
  }

  /// Templates no Rollout references, read with their own arguments; one whose
  /// arguments have no value can't be instantiated and is left out, as Argo never
  /// runs it.
  func instantiateUnreferenced() throws(ManifestError) {
    for name in order where !instances.contains(where: { $0.name == name || $0.name.hasPrefix(name + " (") }) {
      let ctx = docs[name]!.ctx
      do {
        _ = try instantiate(name, incoming: [], at: nil, refCtx: ctx)
      } catch {
        if error.diagnostics.first?.message.contains("was not resolved") == true { continue }
        throw error
      }
    }
  }

  /// `valueFrom.fieldRef.fieldPath` of the Rollout, as Argo resolves it.
  func fieldRef(_ vf: YAMLMap, ctx: FileContext) throws(ManifestError) -> String? {
    guard let fr = try vf.map("fieldRef") else { return nil }
    fr.checkUnknown(known: ["fieldPath"], ignored: ["apiVersion"])
    let path = try fr.requiredString("fieldPath")
    switch path {
    case "metadata.name": return rollout.name
    case "metadata.namespace": return "default"
    default:
      for (prefix, map) in [("metadata.labels", rollout.labels), ("metadata.annotations", rollout.annotations)] {
        if path.hasPrefix(prefix + "['"), path.hasSuffix("']") {
          let key = String(path.dropFirst(prefix.count + 2).dropLast(2))
          return map[key] ?? ""
        }
      }
      ctx.warn(fr["fieldPath"], "\(fr.sub("fieldPath")): \"\(path)\" is not resolved by rollsim (it reads metadata.name, metadata.namespace, metadata.labels['…'], metadata.annotations['…']); the argument is empty")
      return ""
    }
  }

  /// The node with every `{{…}}` tag replaced, as fasttemplate does; a tag with no
  /// value is Argo's `failed to resolve {{…}}`. A scalar that was only a tag reads
  /// as a plain scalar, so `count: "{{args.count}}"` is a number.
  static func substitute(_ n: Node, _ values: [String: String], ctx: FileContext, path: String) throws(ManifestError) -> Node {
    switch n {
    case .scalar(let s):
      guard s.string.contains("{{") else { return n }
      var out = ""
      var rest = Substring(s.string)
      var whole = false
      while let open = rest.range(of: "{{") {
        out += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].range(of: "}}") else {
          out += rest[open.lowerBound...]
          rest = ""
          break
        }
        let tag = String(rest[open.upperBound..<close.lowerBound])
        let clean = tag.trimmed
        guard let v = values[clean] else {
          // Only argument tags are Argo's to resolve here; others stay as written.
          guard clean.hasPrefix("args.") else {
            out += rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
            continue
          }
          throw ctx.error(n, "\(path.isEmpty ? "" : path + ": ")failed to resolve {{\(tag)}}")
        }
        whole = out.isEmpty && rest[close.upperBound...].isEmpty
        out += v
        rest = rest[close.upperBound...]
      }
      out += rest
      return .scalar(Node.Scalar(out, whole ? .implicit : s.tag, whole ? .plain : s.style, s.mark))
    case .mapping(let m):
      var pairs: [(Node, Node)] = []
      for (k, v) in m {
        let key = k.string ?? ""
        pairs.append((k, try substitute(v, values, ctx: ctx, path: path.isEmpty ? key : "\(path).\(key)")))
      }
      return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
    case .sequence(let seq):
      var items: [Node] = []
      for (i, v) in seq.enumerated() { items.append(try substitute(v, values, ctx: ctx, path: "\(path)[\(i)]")) }
      return .sequence(Node.Sequence(items, seq.tag, seq.style, seq.mark))
    case .alias:
      return n
    }
  }
}
