#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* The wide-character API (add_wch, mvaddwstr, cchar_t) exists only when
   NCURSES_WIDECHAR is 1. SwiftPM drops pkg-config's -D flags, so define it here. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Function-like macros are invisible to Swift. */
static inline int cn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
/* Attribute bits are macro expressions. */
static inline int cn_a_normal(void) { return (int)A_NORMAL; }
static inline int cn_a_bold(void) { return (int)A_BOLD; }
static inline int cn_a_reverse(void) { return (int)A_REVERSE; }
static inline int cn_a_dim(void) { return (int)A_DIM; }
static inline int cn_a_underline(void) { return (int)A_UNDERLINE; }
/* C globals are shared mutable state to Swift 6: read them through functions. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cn_stdin(void) { return stdin; }
static inline FILE *cn_stdout(void) { return stdout; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_btab(void) { return KEY_BTAB; }
static inline int cn_is_utf8_locale(void) {
  const char *cs = nl_langinfo(CODESET);
  return cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}

/* ---- Signals (signal-safety(7)). Kept in C: a handler must touch only
   async-signal-safe state, and Swift globals are not that.
   Storage lives in function-local statics: the Swift importer emits these static
   functions with internal linkage into each Swift file's object that uses them, so
   install a handler and read its flag from the same Swift file. ---- */

/* Which of SIGINT/SIGTERM/SIGHUP arrived (0: none). The key loop polls it every
   frame and leaves through the normal path, so endwin runs and the exit status is
   128 + the signal. */
static inline volatile sig_atomic_t *cn_interrupt_signal(void) {
  static volatile sig_atomic_t sig = 0;
  return &sig;
}
static void cn_interrupt_handler(int sig) { *cn_interrupt_signal() = sig; }

/* Installed after newterm, replacing ncurses' own handlers (which exit(1) and skip
   the program's cleanup). No SA_RESTART: the pending input wait returns at once. */
static inline void cn_install_interrupt_handlers(void) {
  int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
  for (int i = 0; i < 3; i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cn_interrupt_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sigs[i], &sa, NULL);
  }
}
static inline int cn_interrupt_pending(void) { return (int)*cn_interrupt_signal(); }

/* Fatal signals: restore the terminal, write one line saying this is a bug and where
   to report it, and die of the same signal at once (default action, so the exit
   status still says which signal). Not Swift's backtracer: on Linux it is on by
   default and, when the program runs in a terminal, interactive -- it waits 30 s for
   a key on a screen the user thinks is dead (swift docs/Backtracing.rst,
   `SWIFT_BACKTRACE=interactive=`). The runtime reads SWIFT_BACKTRACE only at start-up,
   so this handler, installed after the runtime's, replaces it while the dashboard
   owns the terminal. write(2), endwin's terminal writes and raise are what runs in
   the handler. */
/* One function holds the saved actions in a function-local static, so installing,
   handling and restoring always use the same storage (call all three from one Swift
   file: see above). A negative `sig` means "install for -sig"; 0 means "put every
   saved action back" (after endwin there is no screen to restore on a crash). */
static void cn_crash_handler(int sig) {
  static struct sigaction previous[NSIG];
  static int installed[NSIG];
  if (sig == 0) {
    for (int s = 1; s < NSIG; s++) {
      if (installed[s]) sigaction(s, &previous[s], NULL);
      installed[s] = 0;
    }
    return;
  }
  if (sig < 0) {
    installed[-sig] = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cn_crash_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(-sig, &sa, &previous[-sig]);
    return;
  }
  endwin();
  static const char line[] =
      "rollsim: internal error (fatal signal): a bug in rollsim, not in your input; "
      "please report it on the rollsim issue tracker with the command and input files\n";
  ssize_t ignored = write(2, line, sizeof line - 1);
  (void)ignored;
  signal(sig, SIG_DFL);
  raise(sig);
}
static inline void cn_install_crash_handlers(void) {
  cn_crash_handler(-SIGILL);
  cn_crash_handler(-SIGTRAP);
  cn_crash_handler(-SIGABRT);
  cn_crash_handler(-SIGSEGV);
  cn_crash_handler(-SIGBUS);
  cn_crash_handler(-SIGFPE);
}
static inline void cn_restore_crash_handlers(void) { cn_crash_handler(0); }
/* Does the terminal have cursor addressing (TERM=dumb has none)? */
static inline int cn_has_cursor_addressing(void) {
  char *cup = tigetstr("cup");
  return cup != NULL && cup != (char *)-1 && cup[0] != 0;
}
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
#endif
