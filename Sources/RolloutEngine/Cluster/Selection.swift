/// Order statistics without a full sort.
enum Selection {
  /// Rearranges `a` and returns its `k`-th largest element (k ≥ 1), in O(n) expected
  /// time (Hoare's quickselect with a median-of-three pivot: deterministic).
  static func kthLargest(_ a: inout [UInt64], _ k: Int) -> UInt64 {
    precondition(k >= 1 && k <= a.count)
    var lo = 0
    var hi = a.count - 1
    let target = k - 1  // index in descending order
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      let x = a[lo], y = a[mid], z = a[hi]
      let pivot = max(min(x, y), min(max(x, y), z))
      var i = lo
      var j = hi
      while i <= j {
        while a[i] > pivot { i += 1 }
        while a[j] < pivot { j -= 1 }
        if i <= j {
          a.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if target <= j { hi = j } else if target >= i { lo = i } else { return a[target] }
    }
    return a[target]
  }
}
