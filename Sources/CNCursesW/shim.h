#ifndef RECSCOPE_CNCURSESW_SHIM_H
#define RECSCOPE_CNCURSESW_SHIM_H
// ncursesw for Swift. Swift cannot import function-like macros (COLOR_PAIR, getmaxyx, the mouse masks),
// and under Swift 6 language mode the C globals (stdscr, LINES, COLS, COLORS) are not concurrency-safe,
// so everything RecTerminal needs from them goes through the static inline wrappers below.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *rs_stdscr(void) { return stdscr; }
static inline int rs_lines(void) { return LINES; }
static inline int rs_cols(void) { return COLS; }
static inline int rs_colors(void) { return COLORS; }
static inline attr_t rs_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

static inline attr_t rs_a_normal(void) { return A_NORMAL; }
static inline attr_t rs_a_bold(void) { return A_BOLD; }
static inline attr_t rs_a_dim(void) { return A_DIM; }
static inline attr_t rs_a_reverse(void) { return A_REVERSE; }
static inline attr_t rs_a_underline(void) { return A_UNDERLINE; }

static inline int rs_key_resize(void) { return KEY_RESIZE; }
static inline int rs_key_mouse(void) { return KEY_MOUSE; }
static inline int rs_key_code_yes(void) { return KEY_CODE_YES; }

static inline mmask_t rs_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t rs_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t rs_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t rs_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t rs_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t rs_button5_pressed(void) { return BUTTON5_PRESSED; }

/// newterm on the process's stdout and stdin (NULL on failure; never exits, unlike initscr).
static inline SCREEN *rs_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/// Screen size of stdscr as (rows, columns).
static inline void rs_getmaxyx(int *rows, int *cols) {
    int y, x;
    getmaxyx(stdscr, y, x);
    *rows = y;
    *cols = x;
}

/// Reads one key or character from stdscr (wget_wch): returns OK, KEY_CODE_YES or ERR.
static inline int rs_get_wch(wint_t *out) { return wget_wch(stdscr, out); }
static inline void rs_timeout(int ms) { wtimeout(stdscr, ms); }
static inline int rs_keypad(bool on) { return keypad(stdscr, on); }
static inline int rs_clearok(bool on) { return clearok(stdscr, on); }
static inline int rs_wnoutrefresh(void) { return wnoutrefresh(stdscr); }
static inline int rs_erase(void) { return werase(stdscr); }

/// Writes one cell: `chars` is a NUL-terminated base character plus combining characters.
static inline int rs_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// A terminfo string capability, or NULL when absent or cancelled (tigetstr returns (char *)-1 for
/// a name that is not a string capability).
static inline const char *rs_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == (char *)-1) return NULL;
    return value;
}

/// Key codes the explorer defines for bracketed paste (ESC [200~ … ESC [201~), above KEY_MAX.
static inline int rs_key_paste_begin(void) { return KEY_MAX + 101; }
static inline int rs_key_paste_end(void) { return KEY_MAX + 102; }

/// First real-time signal (SIGRTMIN is a function call in glibc, which Swift cannot import as a macro).
#include <signal.h>
static inline int rs_sigrtmin(void) {
#ifdef SIGRTMIN
    return SIGRTMIN;
#else
    return 0;
#endif
}
static inline int rs_sigrtmax(void) {
#ifdef SIGRTMAX
    return SIGRTMAX;
#else
    return -1;
#endif
}

/// 1 when the locale the environment names (setlocale(LC_ALL, "")) encodes text as UTF-8
/// (nl_langinfo(CODESET)); 0 under LANG=C, POSIX, Latin-1 and the like.
#include <langinfo.h>
#include <string.h>
static inline int rs_locale_is_utf8(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0 || strcmp(codeset, "UTF8") == 0);
}

/// Recording (`--record`): curses writes to the slave of a pseudo-terminal and RecTerminal's
/// TerminalTee copies the master's bytes to the real terminal and the cast.
#include <sys/ioctl.h>
#include <termios.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>

/// Opens a pseudo-terminal pair (Linux /dev/ptmx) whose slave has the modes of `modes_of` and the
/// window size of `size_of`. Returns 0 with both descriptors set, or -1 with errno set.
static inline int rs_open_pty_like(int modes_of, int size_of, int *master_out, int *slave_out) {
#if defined(__linux__) && defined(TIOCGPTN) && defined(TIOCSPTLCK)
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    int unlock = 0, number = -1;
    if (ioctl(master, TIOCSPTLCK, &unlock) != 0 || ioctl(master, TIOCGPTN, &number) != 0) {
        int saved = errno; close(master); errno = saved; return -1;
    }
    char name[64];
    snprintf(name, sizeof name, "/dev/pts/%d", number);
    int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) { int saved = errno; close(master); errno = saved; return -1; }
    struct termios modes;
    if (tcgetattr(modes_of, &modes) == 0) tcsetattr(slave, TCSANOW, &modes);
    struct winsize size;
    if (ioctl(size_of, TIOCGWINSZ, &size) == 0) ioctl(slave, TIOCSWINSZ, &size);
    *master_out = master;
    *slave_out = slave;
    return 0;
#else
    errno = ENOSYS;
    return -1;
#endif
}

/// Copies the window size of terminal `from` to terminal `to` (two ioctls: safe in a signal handler).
static inline void rs_copy_winsize(int from, int to) {
    struct winsize size;
    if (ioctl(from, TIOCGWINSZ, &size) == 0) ioctl(to, TIOCSWINSZ, &size);
}

/// Gives terminal `to` the modes of `from`, with output post-processing off (the bytes `to` receives
/// were already processed by the pseudo-terminal they came through). 0 on success.
static inline int rs_copy_modes_raw_output(int from, int to) {
    struct termios modes;
    if (tcgetattr(from, &modes) != 0) return -1;
    modes.c_oflag &= ~OPOST;
    return tcsetattr(to, TCSADRAIN, &modes);
}

/// Bytes waiting to be read on `fd` (FIONREAD), 0 on error.
static inline int rs_pending_bytes(int fd) {
    int count = 0;
    if (ioctl(fd, FIONREAD, &count) != 0) return 0;
    return count;
}

/// newterm writing to descriptor `fd` (reading the process's stdin); the FILE it wraps `fd` in is
/// stored in `*file_out` (to fclose after delscreen). NULL on failure.
static inline SCREEN *rs_newterm_fd(int fd, FILE **file_out) {
    FILE *out = fdopen(fd, "w");
    if (out == NULL) return NULL;
    SCREEN *screen = newterm(NULL, out, stdin);
    if (screen == NULL) { fclose(out); return NULL; }
    *file_out = out;
    return screen;
}

#endif
