import Testing
@Test func placeholder_RollsimEndToEndTests() { #expect(Bool(true)) }
