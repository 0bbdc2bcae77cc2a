import DashboardRender
import Dispatch
import Synchronization

/// One thing the key loop asks of a session: a key, or a wall-clock tick.
enum LiveStep: Sendable, Equatable {
  case key(DashboardKey)
  case tick(wallSeconds: Double)
}

extension LiveSession {
  mutating func apply(_ step: LiveStep) {
    switch step {
    case .key(let k): handle(k)
    case .tick(let s): tick(wallSeconds: s)
    }
  }
}

/// A session moved onto the worker thread for one step, and back.
///
/// The session is *moved* in (a consuming init, no copy kept by the loop) and
/// mutated in place under the lock, so its arrays (1.25M pods after `s` 1000000)
/// stay uniquely referenced: a second reference on the main thread would make the
/// step's first write copy them all (copy-on-write). The main thread touches the
/// session again only through `take()`, after `wait` said the step is done.
final class SessionJob<S: LiveSession>: Sendable {
  private let slot: Mutex<S?>
  private let finished = DispatchSemaphore(value: 0)
  private let done = Atomic<Bool>(false)

  init(_ session: consuming S) {
    slot = Mutex(Optional(session))
  }

  /// Runs `step` on `queue`.
  func start(_ step: LiveStep, on queue: DispatchQueue) {
    queue.async { [self] in
      slot.withLock { s in s!.apply(step) }
      done.store(true, ordering: .releasing)
      finished.signal()
    }
  }

  /// Waits up to `milliseconds` (nil: for as long as it takes); true once the step is done.
  func wait(milliseconds: Int?) -> Bool {
    if done.load(ordering: .acquiring) { return true }
    let r = milliseconds.map { finished.wait(timeout: .now() + .milliseconds($0)) } ?? { finished.wait(); return .success }()
    if r == .success {
      // Leave the semaphore as it was for a later `wait` (it only says "done").
      finished.signal()
      return true
    }
    return false
  }

  /// The session, after `wait` returned true.
  func take() -> S {
    precondition(done.load(ordering: .acquiring), "SessionJob.take before the step finished")
    return slot.withLock { $0.take()! }
  }
}
