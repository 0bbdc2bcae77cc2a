import RolloutEngine
import Yams

/// `spec.strategy.canary.trafficRouting` and `pingPong`, accepted where Argo
/// Rollouts' validation accepts them (`ValidateRolloutStrategyCanary` and
/// `requireCanaryStableServices`, pkg/apis/rollouts/validation/validation.go).
/// Every router, host-level or Istio subset-level, ping-pong or canary/stable,
/// is simulated by its weight: the router's weight is the canary's traffic share.
extension ManifestLoader {
  static let routers = ["istio", "nginx", "alb", "smi", "traefik", "apisix", "plugins", "ambassador", "appMesh"]

  static func parseTrafficRouting(
    _ c: YAMLMap, services: [String: (ServiceSpec, Document)], vss: [String: (VirtualServiceSpec, Document)], into s: inout CanaryStrategy
  ) throws(ManifestError) {
    let pingPong = try c.map("pingPong")
    var ping: String?
    var pong: String?
    if let pp = pingPong {
      pp.checkUnknown(known: ["pingService", "pongService"])
      ping = try requireService(pp, "pingService", services)
      pong = try requireService(pp, "pongService", services)
      // Argo's InvalidPingPongProvidedMessage and DuplicatedPingPongServicesMessage.
      for (key, value) in [("pingService", ping), ("pongService", pong)] where (value ?? "").isEmpty {
        throw c.ctx.error(pp.node, "\(pp.sub(key)): Invalid value: \"\": Ping service and Pong service must to be set to use Ping-Pong feature")
      }
      if ping == pong {
        throw c.ctx.error(pp["pongService"], "\(pp.sub("pingService")): Invalid value: \"\(ping ?? "")\": This rollout uses the same service for the ping and pong services, but two different services are required.")
      }
    }
    guard let tr = try c.map("trafficRouting") else {
      if let pp = pingPong {
        throw c.ctx.error(pp.node, "\(c.sub("trafficRouting")).alb: Invalid value: null: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only")
      }
      return
    }
    tr.checkUnknown(known: ["istio", "maxTrafficWeight"], ignored: routers.filter { $0 != "istio" } + ["managedRoutes"])
    var routing = TrafficRouting(maxTrafficWeight: try tr.int("maxTrafficWeight", min: 1) ?? 100)
    var subsetRouting = false
    if let istio = try tr.map("istio") {
      istio.checkUnknown(known: ["virtualService", "virtualServices", "destinationRule"])
      var vsMap = try istio.map("virtualService")
      if vsMap == nil, let list = try istio.list("virtualServices"), let first = list.first {
        vsMap = try YAMLMap(first, path: istio.sub("virtualServices[0]"), ctx: c.ctx)
      }
      guard let vm = vsMap else { throw c.ctx.error(istio.node, "\(istio.sub("virtualService")): Required value") }
      vm.checkUnknown(known: ["name", "routes"], ignored: ["tlsRoutes", "tcpRoutes"])
      let vsName = try vm.requiredString("name")
      guard let vs = vss[vsName] else {
        throw c.ctx.error(vm["name"], "\(vm.sub("name")): VirtualService \"\(vsName)\" not found in the input files")
      }
      var routes: [String] = []
      for (i, r) in (try vm.list("routes") ?? []).enumerated() {
        guard case .scalar(let rs) = r else { throw c.ctx.error(r, "\(vm.sub("routes"))[\(i)]: expected a route name") }
        guard vs.0.routes.contains(where: { $0.name == rs.string }) else {
          throw c.ctx.error(r, "\(vm.sub("routes"))[\(i)]: HTTP route \"\(rs.string)\" not found in VirtualService \"\(vsName)\"")
        }
        routes.append(rs.string)
      }
      // Subset-level routing: Argo rewrites the DestinationRule's canary and stable
      // subsets to the ReplicaSets' pod-template-hash and weights the subsets.
      if let dr = try istio.map("destinationRule") {
        dr.checkUnknown(known: ["name", "canarySubsetName", "stableSubsetName"], ignored: ["additionalSubsetNames"])
        _ = try dr.requiredString("name")
        _ = try dr.requiredString("canarySubsetName")
        _ = try dr.requiredString("stableSubsetName")
        subsetRouting = true
      }
      routing.istio = IstioRouting(virtualService: vsName, routes: routes)
    } else if pingPong != nil && tr["alb"] == nil && tr["plugins"] == nil {
      throw c.ctx.error(pingPong?.node, "\(tr.sub("alb")): Invalid value: null: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only")
    } else if let router = routers.first(where: { tr[$0] != nil }) {
      c.ctx.warn(tr[router], "\(tr.sub(router)): only istio is modelled by name; this router is simulated as a generic weighted router")
    }
    // requireCanaryStableServices: every router but Istio subset routing, ping-pong
    // (ALB, Istio) and plugins needs both Services.
    let present = Set(routers.filter { tr[$0] != nil })
    var required: Bool
    switch true {
    case present.contains("alb") && pingPong == nil, present.contains("istio") && !subsetRouting && pingPong == nil: required = true
    default: required = !present.intersection(["smi", "apisix", "ambassador", "nginx", "appMesh", "traefik"]).isEmpty
    }
    if required {
      for key in ["stableService", "canaryService"] where (key == "stableService" ? s.stableService : s.canaryService) == nil {
        throw c.ctx.error(c.node, "\(c.sub(key)): Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing")
      }
    }
    s.trafficRouting = routing
  }
}
