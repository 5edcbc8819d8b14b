"""Console output that never dies on an encoding.

A Chinese Windows console, or output redirected there, is GBK: it cannot encode U+2212
in an English message or a rare character (䶮) in a department's name, and cp1252 cannot
encode any Chinese at all.  A finding shown with a replacement character is still a
finding; a UnicodeEncodeError loses every line after it.
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


def use_color(stream) -> bool:
    """Colour on a terminal, unless NO_COLOR (https://no-color.org) is set to anything."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False
