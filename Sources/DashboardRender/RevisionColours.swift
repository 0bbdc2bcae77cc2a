import RolloutEngine

/// Which colour each ReplicaSet wears, by identity (its pod-template hash), for its
/// whole life: an undo renumbers a ReplicaSet (rev 1 becomes rev 3) but its pods
/// keep their colour. A new ReplicaSet takes the lowest colour no live ReplicaSet
/// wears (oldest first when several appear at once); with more live ReplicaSets
/// than colours they share, in creation order.
public enum RevisionColours {
  /// The revision colour roles, in assignment order.
  public static let roles: [Role] = [.rev0, .rev1, .rev2, .rev3]

  /// `existing` extended with a colour for every ReplicaSet of `revisions` that has
  /// none; entries of ReplicaSets that are gone are dropped.
  public static func assign(_ existing: [String: Int], _ revisions: [RevisionStatus]) -> [String: Int] {
    var out: [String: Int] = [:]
    for r in revisions { if let c = existing[r.podTemplateHash] { out[r.podTemplateHash] = c } }
    let fresh = revisions.filter { out[$0.podTemplateHash] == nil }.sorted {
      $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.revision < $1.revision
    }
    for r in fresh {
      let used = Set(out.values)
      let free = roles.indices.first { !used.contains($0) } ?? (out.count % roles.count)
      out[r.podTemplateHash] = free
    }
    return out
  }
}
