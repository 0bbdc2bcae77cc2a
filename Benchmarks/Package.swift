// swift-tools-version:6.0
// Release-build benchmarks, kept out of the main package so `swift test` stays fast.
//   swift run -c release --package-path Benchmarks rollsim-bench
//   swift run -c release --package-path Benchmarks rollsim-render-bench [PODS...]
import PackageDescription

let package = Package(
  name: "rollsim-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "rollsim", path: "..")],
  targets: [
    .executableTarget(
      name: "rollsim-bench",
      dependencies: [.product(name: "RolloutEngine", package: "rollsim")],
      swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
    // One dashboard frame (snapshot -> render -> diff) at 1k, 10k and 100k pods.
    .executableTarget(
      name: "rollsim-render-bench",
      dependencies: [
        .product(name: "RolloutEngine", package: "rollsim"),
        .product(name: "DashboardRender", package: "rollsim"),
      ]),
  ]
)
