import Foundation
import RolloutRuns

/// One slice of a sweep (`compare --sweep … --shard I/N --format json`) and the
/// merge of all slices back into the whole sweep's rows, in variant order.
public enum SweepSlice {
  /// `{"sweep":{"variants":V,"shard":"I/N"},"runs":[{"index":i,…figures…},…]}`.
  public static func json(_ runs: [RunFigures], shard: (index: Int, count: Int, total: Int), indices: [Int]) -> String {
    let objects = zip(indices, runs).map { i, f in "{\"index\":\(i)," + Reports.figuresJSON(f).dropFirst() }
    return "{\"sweep\":{\"variants\":\(shard.total),\"shard\":\"\(shard.index)/\(shard.count)\"},\"runs\":[\n"
      + objects.joined(separator: ",\n") + "\n]}"
  }

  public struct Decoded: Sendable {
    public var variants: Int
    public var shard: Int
    public var shards: Int
    public var runs: [(index: Int, figures: RunFigures)]
  }

  public struct MergeError: Error, Sendable {
    public var message: String
  }

  struct Header: Decodable {
    struct Sweep: Decodable {
      var variants: Int
      var shard: String
    }
    struct Index: Decodable { var index: Int }
    var sweep: Sweep
    var runs: [Index]
  }
  struct Body: Decodable { var runs: [RunFigures] }

  public static func decode(_ data: Data) throws -> Decoded {
    let header = try JSONDecoder().decode(Header.self, from: data)
    let body = try JSONDecoder().decode(Body.self, from: data)
    let parts = header.sweep.shard.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 2 else { throw MergeError(message: "bad shard \(header.sweep.shard)") }
    return Decoded(
      variants: header.sweep.variants, shard: parts[0], shards: parts[1],
      runs: zip(header.runs.map(\.index), body.runs).map { ($0, $1) })
  }

  /// Every variant exactly once, in order; slices of different sweeps don't mix.
  public static func merge(_ slices: [Decoded]) throws(MergeError) -> [RunFigures] {
    guard let first = slices.first else { return [] }
    for s in slices where s.variants != first.variants || s.shards != first.shards {
      throw MergeError(message: "the slices are of different sweeps (\(first.variants) variants in \(first.shards) slices vs \(s.variants) in \(s.shards))")
    }
    var rows: [RunFigures?] = Array(repeating: nil, count: first.variants)
    for s in slices {
      for (i, f) in s.runs {
        guard rows.indices.contains(i) else { throw MergeError(message: "variant \(i) is outside the sweep's \(first.variants)") }
        guard rows[i] == nil else { throw MergeError(message: "variant \(i) appears twice (the same slice given twice?)") }
        rows[i] = f
      }
    }
    let missing = rows.indices.filter { rows[$0] == nil }
    guard missing.isEmpty else {
      let have = Set(slices.map(\.shard)).sorted().map(String.init).joined(separator: ", ")
      throw MergeError(message: "\(missing.count) of \(first.variants) variants missing (slices given: \(have) of 0…\(first.shards - 1))")
    }
    return rows.map { $0! }
  }
}
