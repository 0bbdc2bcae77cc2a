import Testing
@Test func placeholder_RolloutEngineTests() { #expect(Bool(true)) }
