// swift-tools-version:6.0
// rollsim: a deterministic simulator for Kubernetes Deployment and Argo Rollouts
// strategies, with a live ncurses dashboard.
//
// Targets (see CONTRIBUTING.md, "Architecture"):
//   RolloutEngine     pure library: virtual clock, pods, nodes, ReplicaSets, controllers,
//                     traffic, trace records. No I/O, no wall clock, no global state.
//   RolloutManifests  YAML (apps/v1, argoproj.io/v1alpha1, v1 Service, Istio, rollsim/v1)
//                     -> engine values, with file:line:column diagnostics.
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
    .target(name: "DashboardRender", dependencies: ["RolloutEngine"]),
    // No pkgConfig: SwiftPM drops pkg-config's -D flags and warns on every build
    // (swift-terminal.md §2.2); the shim defines _XOPEN_SOURCE_EXTENDED itself.
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
    .executableTarget(
      name: "rollsim",
      dependencies: [
        "RolloutEngine", "RolloutManifests", "DashboardRender", "CNcurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "RolloutEngineTests",
      dependencies: [
        "RolloutEngine",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "RolloutManifestsTests",
      dependencies: ["RolloutManifests", "RolloutEngine"]),
    .testTarget(
      name: "DashboardRenderTests",
      dependencies: [
        "DashboardRender", "RolloutEngine", "RolloutManifests",
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "RollsimEndToEndTests",
      dependencies: ["RolloutEngine", "RolloutManifests", "DashboardRender"]),
  ]
)
