import Testing
@Test func placeholder_RolloutManifestsTests() { #expect(Bool(true)) }
