// swift-tools-version:6.0
// Release-build benchmarks, kept out of the main package so `swift test` stays fast.
//   swift build -c release --product rollsim        (in the main package: the binary rollsim-bench runs)
//   swift run -c release --package-path Benchmarks rollsim-bench [CASE ...]
//   swift run -c release --package-path Benchmarks rollsim-render-bench [PODS...] [--scale N]
//   Benchmarks/compare-simpy.sh PEER [REPLICAS...]
import PackageDescription

let package = Package(
  name: "rollsim-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "rollsim", path: "..")],
  targets: [
    // The CLI path: writes manifests, runs the release `rollsim simulate` as a child
    // process and reads its rusage. It never drives the engine itself.
    .executableTarget(name: "rollsim-bench"),
    // One dashboard frame (snapshot -> render -> diff) at 1k … 1M pods, and the `s` prompt.
    .executableTarget(
      name: "rollsim-render-bench",
      dependencies: [
        .product(name: "RolloutEngine", package: "rollsim"),
        .product(name: "DashboardRender", package: "rollsim"),
      ]),
  ]
)
