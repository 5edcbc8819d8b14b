"""Console output that never dies on an encoding, a missing stream or an old console.

A Chinese Windows console, or output redirected there, is GBK: it cannot encode U+2212
in an English message or a rare character (䶮) in a department's name, and cp1252 cannot
encode any Chinese at all.  A finding shown with a replacement character is still a
finding; a UnicodeEncodeError loses every line after it.  Under pythonw or a windowed
exe there is no stdout or stderr at all (None): nothing is shown and nothing raises.  A
Windows console shows colour codes as colour only once colorama has switched it on (or
translates them, on consoles older than Windows 10's); without colorama, no colour.
"""
from __future__ import annotations

import os
import sys


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
