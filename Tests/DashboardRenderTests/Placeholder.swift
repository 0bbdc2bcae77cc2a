import Testing
@Test func placeholder_DashboardRenderTests() { #expect(Bool(true)) }
