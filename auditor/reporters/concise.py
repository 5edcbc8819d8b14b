"""One finding per line, ``file:sheet!cell: CODE message``: the shape of ruff's and
flake8's concise output, for grep and for editors that jump to a location.

A report's line is ``file:line``; a finding about the whole file, ``file``.  Line breaks
and control characters in a message (a department's text is data) are shown escaped, so
one finding stays one line.
"""
from __future__ import annotations

import re

from auditor.codes import render
from auditor.reporters.base import TextReporter, register

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


@register
class ConciseReporter(TextReporter):
    name, writes = "concise", "one finding per line: file:sheet!cell: CODE message"

    def render(self, report) -> str:
        lines = []
        for r in report.files:
            for f in r.findings:
                lines.append(one_line(f"{self.where(r.path, f.location)}: {f.code} {render(f, self.lang)}"))
        return "\n".join(lines)

    @staticmethod
    def where(path: str, loc) -> str:
        if loc.line is not None:
            return f"{loc.file or path}:{loc.line}"
        if loc.sheet and loc.cell:
            return f"{loc.file or path}:{loc.sheet}!{loc.cell}"
        if loc.sheet:
            return f"{loc.file or path}:{loc.sheet}"
        return loc.file or path
