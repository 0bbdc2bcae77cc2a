import DashboardRender
import Dispatch

extension LiveLoop {
  /// The loop's state: the session (nil only while a step has it), the last frame
  /// rendered, the keys queued during a long step. Main thread only.
  final class Runner<S: LiveSession> {
    var session: S?
    let screen: any DashboardScreen
    let frameBudgetMs: Int
    /// The last frame the session rendered: what the busy frame is drawn from.
    var lastGrid: Grid?
    /// Keys typed during a long step, applied in order after it.
    var queued: [DashboardKey] = []
    /// A signal that arrived during a long step (the terminal is already restored).
    var interrupted: Int32?
    private let worker = DispatchQueue(label: "rollsim.session")
    private let clock = ContinuousClock()

    init(_ session: consuming S, screen: any DashboardScreen, frameBudgetMs: Int) {
      self.session = Optional(session)
      self.screen = screen
      self.frameBudgetMs = frameBudgetMs
    }

    func result(exitCode: Int32) -> Result<S> { Result(session: session.take()!, exitCode: exitCode) }

    /// Applies `step` on the worker and waits up to a frame for it. When it takes
    /// longer: paints the busy frame (again when its text changes, ~every 0.1 s, or
    /// on a resize), queues the keys typed meanwhile, shows that a `q` will quit
    /// after the step, and on SIGINT/SIGTERM/SIGHUP restores the terminal at once
    /// and keeps only the step in flight (`interrupted`). True when it was long (the
    /// screen shows the busy frame and must be repainted).
    @discardableResult
    func perform(_ step: LiveStep) -> Bool {
      let key: DashboardKey? = if case .key(let k) = step { k } else { nil }
      let doing = session!.busyText(forKey: key)
      let quitIsText = session!.promptOpen(after: key)
      let ascii = session!.asciiGlyphs
      // Moved out: the worker holds the only reference while it mutates.
      let job = SessionJob(session.take()!)
      job.start(step, on: worker)
      if job.wait(milliseconds: frameBudgetMs) {
        session = job.take()
        return false
      }
      let started = clock.now
      var quitting = false
      var painted: String?
      var forcePaint = false
      screen.setWait(milliseconds: 0)
      while true {
        if let sig = screen.pendingInterrupt {
          // Out at once: the terminal back now; the step in flight ends (it is
          // bounded) and its session is the one returned; queued keys are dropped.
          screen.stop()
          _ = job.wait(milliseconds: nil)
          interrupted = sig
          queued.removeAll()
          break
        }
        let ms = Int((clock.now - started) / .milliseconds(1))
        let line = BusyFrame.line(
          doing: doing, elapsedMs: ms + frameBudgetMs, queued: queued.count, quitting: quitting, ascii: ascii)
        if line != painted || forcePaint {
          let (w, h) = screen.size
          screen.paint(BusyFrame.frame(last: lastGrid, width: w, height: h, line: line))
          painted = line
          forcePaint = false
        }
        if job.wait(milliseconds: 16) { break }
        while let k = screen.readKey() {
          if k == .resize {
            screen.invalidate()
            forcePaint = true
          } else if !quitting {
            // `q` quits once it is applied, in order; said so when it is the next key
            // and no prompt would take it as text.
            if k == .char("q"), queued.isEmpty, !quitIsText { quitting = true }
            queued.append(k)
          }
        }
      }
      session = job.take()
      return true
    }
  }
}
