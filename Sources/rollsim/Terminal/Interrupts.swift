import CNcurses

/// SIGINT, SIGTERM and SIGHUP, noticed by the key loop (the handlers only set a flag:
/// swift-terminal.md §2.2).
enum Interrupts {
  /// The signal that arrived, or nil.
  static var pending: Int32? {
    let s = cn_interrupt_pending()
    return s == 0 ? nil : s
  }
}
