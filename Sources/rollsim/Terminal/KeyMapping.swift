import CNcurses
import DashboardRender

/// Curses key codes and characters → terminal-independent `DashboardKey`s.
enum KeyMapping {
  /// A function key (`get_wch` returned `KEY_CODE_YES`).
  static func key(code: Int32) -> DashboardKey? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_BACKSPACE, KEY_DC: return .backspace
    case KEY_ENTER: return .enter
    case cn_key_btab(): return .backTab
    case cn_key_resize(): return .resize
    default: return nil
    }
  }

  /// A character (`get_wch` returned `OK`).
  static func key(character c: UInt32) -> DashboardKey? {
    switch c {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    default:
      guard c >= 32, let scalar = Unicode.Scalar(c) else { return nil }
      return .char(Character(scalar))
    }
  }
}
