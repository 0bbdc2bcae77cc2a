// swift-tools-version:6.0
// rollsim: a deterministic simulator for Kubernetes Deployment and Argo Rollouts
// strategies, with a live ncurses dashboard.
//
// Targets (see CONTRIBUTING.md, "Architecture"):
//   RolloutEngine     pure library: virtual clock, pods, nodes, ReplicaSets, controllers,
//                     traffic, trace records. No I/O, no wall clock, no global state.
//   RolloutManifests  YAML (apps/v1, argoproj.io/v1alpha1, v1 Service, Istio, rollsim/v1)
//                     -> engine values, with file:line:column diagnostics.
//   RolloutRuns       the run layer: Run (one simulation stepped instant by instant, its
//                     figures and timeline) and RunSet (several on one clock). Every
//                     command, the dashboard, the benchmarks and the tests step through it.
//   RolloutReports    comparison table / JSON / CSV and SVG / HTML plots of runs.
//   RolloutDrills     rollback drills: catalogue, SLO meter and burn-rate alerts, scores.
//   DashboardRender   pure renderer: engine snapshot -> grid of styled cells.
//   CNcurses          system library (ncursesw) + a shim header for its macros.
//   rollsim           the thin executable: CLI, output writers, curses painter, key loop.
import PackageDescription

let package = Package(
  name: "rollsim",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "rollsim", targets: ["rollsim"]),
    .library(name: "RolloutEngine", targets: ["RolloutEngine"]),
    // For the render benchmark (Benchmarks/, a separate package that depends on this one).
    .library(name: "DashboardRender", targets: ["DashboardRender"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
  ],
  targets: [
    .target(
      name: "RolloutEngine",
      dependencies: [
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "DequeModule", package: "swift-collections"),
      ]),
    .target(
      name: "RolloutManifests",
      dependencies: [
        "RolloutEngine",
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(name: "RolloutRuns", dependencies: ["RolloutEngine"]),
    .target(
      name: "RolloutReports",
      dependencies: ["RolloutEngine", "RolloutRuns", .product(name: "Plot", package: "Plot")]),
    // Rollback drills: a catalogue, an SLO meter with burn-rate alerts, scoring and
    // the alternatives, all played through RolloutRuns.
    .target(name: "RolloutDrills", dependencies: ["RolloutEngine", "RolloutRuns"]),
    .target(name: "DashboardRender", dependencies: ["RolloutEngine", "RolloutRuns", "RolloutDrills"]),
    // No pkgConfig: SwiftPM drops pkg-config's -D flags and warns on every build
    // (swift-package-manager#4817); the shim defines _XOPEN_SOURCE_EXTENDED itself.
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
    .executableTarget(
      name: "rollsim",
      dependencies: [
        "RolloutEngine", "RolloutManifests", "RolloutRuns", "RolloutReports", "DashboardRender", "RolloutDrills", "CNcurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "RolloutEngineTests",
      dependencies: [
        "RolloutEngine", "RolloutRuns",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "RolloutRunsTests",
      dependencies: [
        "RolloutRuns", "RolloutReports", "RolloutEngine", "RolloutManifests",
        .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
      ],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "RolloutDrillsTests",
      dependencies: ["RolloutDrills", "RolloutRuns", "RolloutEngine", "RolloutManifests"]),
    .testTarget(
      name: "RolloutManifestsTests",
      dependencies: ["RolloutManifests", "RolloutEngine", "RolloutRuns"]),
    .testTarget(
      name: "DashboardRenderTests",
      dependencies: [
        "DashboardRender", "RolloutEngine", "RolloutManifests", "RolloutRuns", "RolloutDrills",
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["__Snapshots__"]),
    // The key loop (`LiveLoop`) with a fake screen and a fake slow session.
    .testTarget(name: "RollsimTests", dependencies: ["rollsim", "DashboardRender", "RolloutEngine"]),
    .testTarget(
      name: "RollsimEndToEndTests",
      dependencies: ["RolloutEngine", "RolloutManifests", "DashboardRender"]),
  ]
)
