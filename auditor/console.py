"""Console output that never dies on an encoding, a missing stream or an old console.

A Chinese Windows console, or output redirected there, is GBK: it cannot encode U+2212
in an English message or a rare character (䶮) in a department's name, and cp1252 cannot
encode any Chinese at all.  A finding shown with a replacement character is still a
finding; a UnicodeEncodeError loses every line after it.  Under pythonw or a windowed
exe there is no stdout or stderr at all (None): nothing is shown and nothing raises.  A
Windows console shows colour codes as colour only once colorama has switched it on (or
translates them, on consoles older than Windows 10's); without colorama, no colour.

Text from a department's workbook or a file's name is data, never a terminal command:
``printable`` shows its control characters (ESC starts a sequence that can clear the
screen, set the window title or write the clipboard) and its bidi controls (which
reorder what a line appears to say) as visible escapes before anything prints it.
"""
from __future__ import annotations

import os
import re
import sys

# Unicode category Cc (C0, DEL, C1) and the bidi embeddings, overrides, isolates and marks
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text) -> str:
    """``text`` as it may reach a terminal: each control character shown as its escape
    (``\\x1b``, ``\\u202e``), everything else as it is."""
    return _UNSHOWABLE.sub(_escape, str(text))


def tolerate_unencodable() -> None:
    """Make stdout and stderr replace what their encoding cannot hold instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError, TypeError):  # detached or not a text stream of ours
            pass


def is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal; False for None, a closed stream or a pipe."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False


def use_color(stream) -> bool:
    """Colour on a terminal that shows it, unless NO_COLOR (https://no-color.org) is set."""
    if os.environ.get("NO_COLOR"):
        return False
    return is_terminal(stream) and _colour_shows()


_windows_console_fixed = False


def _colour_shows() -> bool:
    global _windows_console_fixed
    if sys.platform != "win32":
        return True
    try:
        import colorama
    except ImportError:  # the codes would print raw
        return False
    if not _windows_console_fixed:
        colorama.just_fix_windows_console()  # VT mode on Windows 10+, translation before it
        _windows_console_fixed = True
    return True


class Nowhere:
    """A stream for when there is none (pythonw): written to, shows nothing."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
