/// What a workload's controller lists of the live ReplicaSets (`liveReplicaSets`,
/// `liveByOwner`, kept by `createReplicaSet` and `deleteReplicaSet`).
extension Cluster {
  /// The live ReplicaSets workload `owner` owns, ascending: the indices whose
  /// ReplicaSet is `owned(by: owner)` (`getReplicaSetsForDeployment`,
  /// `getReplicaSetsForRollouts`), without walking the tombstones.
  public func liveReplicaSets(of owner: Int) -> [Int] { liveByOwner[owner] }

  /// Available pods of the live ReplicaSets workload `owner` owns together.
  public func liveAvailable(of owner: Int) -> Int { liveByOwner[owner].reduce(0) { $0 + replicaSets[$1].available } }
}
