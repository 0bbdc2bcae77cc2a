import RolloutEngine

/// Loads a manifest file (and an optional separate scenario file) into a
/// `SimulationInput`. (Stub: wired to RolloutManifests by the CLI work.)
enum InputLoading {
  static func load(file: String, scenario: String?, seed: UInt64?) throws -> SimulationInput {
    throw Console.fail("\(file): loading not implemented yet")
  }
  static func validate(files: [String]) -> Bool { false }
}
