import Testing
@testable import RolloutEngine

/// The worked example of docs/semantics.md: R=10, 25%/25%, pods ready 5 s after creation.
@Suite struct WorkedExampleTests {
  @Test func rollingUpdateFollowsTheReferenceTable() throws {
    let steps = try Fixture.trace(Fixture.input(Fixture.deployment()))
    func at(_ s: Int) -> (Int, Int)? {
      steps.last { $0.t == SimTime.seconds(s) }.map { ($0.new, $0.old) }
    }
    #expect(at(0)! == (5, 8))
    #expect(at(5)! == (10, 3))
    #expect(at(10)! == (10, 0))
    for s in steps { print(s.t, s.new, s.old, s.snap.phase, s.snap.revisions.map { "\($0.revision):\($0.replicas)/\($0.available)/\($0.terminating)" }) }
  }
}
