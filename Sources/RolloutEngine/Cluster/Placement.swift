/// kube-scheduler's filters for the required placement rules rollsim honours
/// (`PlacementConstraint`): inter-pod anti-affinity and topology spread on
/// `kubernetes.io/hostname`. Used only for templates that have such rules, so every
/// other fleet keeps the fast resource-only path of `pickNode`.
extension Cluster {
  /// The node for a pod of template `t` with placement rules: among nodes with room
  /// that pass every filter, the one `pickNode`'s policy would choose.
  func pickNodeWithPlacement(_ t: PodTemplate) -> Int? {
    let allowed = placementFeasibleNodes(t)
    var best: Int? = nil
    var bestScore = Double.infinity
    var bestPods = Int.max
    for i in nodes.indices where allowed[i] && nodes[i].fits(cpu: t.cpuMillis, memory: t.memoryBytes) {
      if scheduling == .firstFit { return i }
      let n = nodes[i]
      let c = n.spec.cpuMillis > 0 ? Double(n.requestedCpuMillis + t.cpuMillis) / Double(n.spec.cpuMillis) : 0
      let m = n.spec.memoryBytes > 0 ? Double(n.requestedMemoryBytes + t.memoryBytes) / Double(n.spec.memoryBytes) : 0
      let score = max(c, m)
      if score < bestScore || (score == bestScore && n.pods < bestPods) {
        best = i
        bestScore = score
        bestPods = n.pods
      }
    }
    return best
  }

  /// Per node, whether the placement filters let a pod of `t` go there.
  ///
  /// - InterPodAffinity (`pkg/scheduler/framework/plugins/interpodaffinity/filtering.go`):
  ///   a node holding any pod, terminating ones included, that matches one of the
  ///   incoming pod's required anti-affinity selectors is out; and, symmetrically,
  ///   one holding a pod whose own required anti-affinity matches the incoming pod.
  /// - PodTopologySpread (`pkg/scheduler/framework/plugins/podtopologyspread/filtering.go`):
  ///   matching pods on the node (terminating ones skipped, `countPodsMatchSelector`)
  ///   plus the pod itself if it matches, minus the minimum over all nodes, must not
  ///   exceed maxSkew. Every node that is up is a domain (taints are ignored by
  ///   default; rollsim's node-down removes the node).
  ///
  /// From `placementIndex` when it is built: per ReplicaSet that has a pod bound
  /// whether its template matches, then per node its counts, O(ReplicaSets with
  /// pods × nodes); otherwise (and as the reference the tests compare with)
  /// `placementFeasibleNodesScan`, O(pods).
  func placementFeasibleNodes(_ t: PodTemplate) -> [Bool] {
    guard let index = placementIndex else { return placementFeasibleNodesScan(t) }
    let (spreads, antis) = Self.placementRules(t)
    var blocked = [Bool](repeating: false, count: nodes.count)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: nodes.count), count: spreads.count)
    for r in index.occupied where r < replicaSets.count {
      let other = replicaSets[r].template
      var blocks = antis.contains(where: { Self.selects($0, other.labels) })
      for case .antiAffinity(let sel) in other.placement where Self.selects(sel, t.labels) { blocks = true }
      let spreadMatches = spreads.indices.filter { Self.selects(spreads[$0].1, other.labels) }
      guard blocks || !spreadMatches.isEmpty else { continue }
      let existing = index.existing[r]
      let active = index.active[r]
      for n in 0..<min(nodes.count, index.nodeCount) {
        if blocks, existing[n] > 0 { blocked[n] = true }
        for k in spreadMatches { counts[k][n] += Int(active[n]) }
      }
    }
    return Self.spreadFilter(t, spreads: spreads, counts: counts, blocked: blocked, nodes: nodes)
  }

  /// The placement rules of `t`: topology spreads (maxSkew, selector) and
  /// anti-affinity selectors.
  static func placementRules(_ t: PodTemplate) -> (spreads: [(Int, [String: String])], antis: [[String: String]]) {
    let spreads = t.placement.compactMap { c -> (Int, [String: String])? in
      if case .spread(let skew, let sel) = c { return (skew, sel) }
      return nil
    }
    let antis = t.placement.compactMap { c -> [String: String]? in
      if case .antiAffinity(let sel) = c { return sel }
      return nil
    }
    return (spreads, antis)
  }

  /// The topology spread filter over the counted matching pods, on top of `blocked`.
  static func spreadFilter(
    _ t: PodTemplate, spreads: [(Int, [String: String])], counts: [[Int]], blocked: [Bool], nodes: [ClusterNode]
  ) -> [Bool] {
    var blocked = blocked
    for (k, s) in spreads.enumerated() {
      // A node that went down was removed from the cluster: no longer a domain.
      let minimum = nodes.indices.filter { nodes[$0].up }.map { counts[k][$0] }.min() ?? 0
      let selfMatch = Self.selects(s.1, t.labels) ? 1 : 0
      for n in nodes.indices where counts[k][n] + selfMatch - minimum > s.0 { blocked[n] = true }
    }
    return blocked.map { !$0 }
  }

  /// The reference for `placementFeasibleNodes`: a scan of every pod slot, O(pods).
  func placementFeasibleNodesScan(_ t: PodTemplate) -> [Bool] {
    let spreads = t.placement.compactMap { c -> (Int, [String: String])? in
      if case .spread(let skew, let sel) = c { return (skew, sel) }
      return nil
    }
    let antis = t.placement.compactMap { c -> [String: String]? in
      if case .antiAffinity(let sel) = c { return sel }
      return nil
    }
    var blocked = [Bool](repeating: false, count: nodes.count)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: nodes.count), count: spreads.count)
    for p in 0..<pods.capacity {
      let n = Int(pods.node[p])
      let state = pods.state[p]
      guard state != PodStore.gone, n >= 0, n < nodes.count else { continue }
      let other = replicaSets[Int(pods.rs[p])].template
      if antis.contains(where: { Self.selects($0, other.labels) }) { blocked[n] = true }
      for case .antiAffinity(let sel) in other.placement where Self.selects(sel, t.labels) { blocked[n] = true }
      guard state != PodDisplayState.terminating.rawValue else { continue }
      for (k, s) in spreads.enumerated() where Self.selects(s.1, other.labels) { counts[k][n] += 1 }
    }
    for (k, s) in spreads.enumerated() {
      // A node that went down was removed from the cluster: no longer a domain.
      let minimum = nodes.indices.filter { nodes[$0].up }.map { counts[k][$0] }.min() ?? 0
      let selfMatch = Self.selects(s.1, t.labels) ? 1 : 0
      for n in nodes.indices where counts[k][n] + selfMatch - minimum > s.0 { blocked[n] = true }
    }
    return blocked.map { !$0 }
  }

  /// A label selector's matchLabels against a pod's labels (an empty selector
  /// selects nothing, as `countPodsMatchSelector` treats it).
  static func selects(_ selector: [String: String], _ labels: [String: String]) -> Bool {
    !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
  }

  /// `0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.`:
  /// each node's first failing filter, counted, in the scheduler's words.
  func placementFailedSchedulingMessage(_ t: PodTemplate) -> String {
    let allowed = placementFeasibleNodes(t)
    let hasAnti = t.placement.contains { if case .antiAffinity = $0 { return true } else { return false } }
    var down = 0
    var placement = 0
    var cpu = 0
    var mem = 0
    for (i, n) in nodes.enumerated() {
      if !n.up { down += 1; continue }
      if !allowed[i] { placement += 1; continue }
      if n.requestedCpuMillis + t.cpuMillis > n.spec.cpuMillis { cpu += 1 }
      if n.requestedMemoryBytes + t.memoryBytes > n.spec.memoryBytes { mem += 1 }
    }
    var parts: [String] = []
    if down > 0 { parts.append("\(down) node(s) had untolerated taint {node.kubernetes.io/unreachable: }") }
    if placement > 0 {
      parts.append("\(placement) node(s) didn't match \(hasAnti ? "pod anti-affinity rules" : "pod topology spread constraints")")
    }
    if cpu > 0 { parts.append("\(cpu) Insufficient cpu") }
    if mem > 0 { parts.append("\(mem) Insufficient memory") }
    return "0/\(nodes.count) nodes are available: " + parts.joined(separator: ", ") + "."
  }
}
