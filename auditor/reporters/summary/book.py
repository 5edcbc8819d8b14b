"""What every sheet of summary.xlsx shares: the run in the reviewer's order, its reviews,
the words, the formats, and a worksheet that writes typed cells and fits its columns.

A province's summary has tens of thousands of rows, so it is written in xlsxwriter's
``constant_memory`` mode: each row goes to disk when the next one starts, and must be
written whole, rows in order, its height set before it is left.  A row's height follows
from the widths of its columns, which are known only once every row has been seen; so
the sheets are written twice (``write_summary``): first into a ``Book`` that writes
nothing and only measures (``measuring``), which leaves each sheet's ``Layout``, then for
real with those layouts known from the first row on.

Everything a department typed is written with ``write_string`` (``Sheet.text``), so a name
such as ``=HYPERLINK(...)`` stays text; the only links are ours (``Book.link``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditor.findings import Severity
from auditor.report import FileReport, RunReport
from auditor.reporters.annotated.findings_sheet import display_width, shown_format
from auditor.reporters.review import Review
from auditor.reporters.summary.words import W
from auditor.words import LANGS, words

MAX_TEXT = 2000
CUT = "…[截断]"
ANNOTATED, NOTICES = "annotated", "notices"
MAX_LINES = 12
FINDINGS_SHEET = "审核意见"   # the annotated copy's own sheet: where a finding with no cell is listed
SEVERITY_WORDS = {lang: {s: words(lang)[f"severity.{s}"] for s in ("error", "warning", "info")} for lang in LANGS}
_NUMBER = re.compile(r"[-+]?\d+(?:\.(\d+))?(%?)")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clip(text) -> str:
    """A cell's text from untrusted input: a string, cut with a visible marker when long; a
    lone surrogate (which UTF-8 cannot hold) kept as the ``_xD800_`` escape Excel reads back."""
    s = "" if text is None else str(text)
    s = s if len(s) <= MAX_TEXT else s[: MAX_TEXT - len(CUT)] + CUT
    return _LONE_SURROGATE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(width - 2, 1)
    return sum(max(1, math.ceil(display_width(line) / per_line)) for line in str(text).split("\n"))


def _worst_first(a) -> tuple:
    return (-a.count(Severity.ERROR), -a.count(Severity.WARNING), a.department or a.path, a.path)


def order(files: list[FileReport]) -> list[FileReport]:
    """Who needs the reviewer first: most errors, then most warnings, then by name."""
    if hasattr(files, "reordered"):  # a batch's files on disk (auditor.report.spill) stay there, unread
        return files.reordered(_worst_first)
    return sorted(files, key=_worst_first)


@dataclass
class Layout:
    """What measuring a sheet found: its columns' widths and its header row's height."""

    widths: dict[int, int]
    head_height: float | None


class _Nothing:
    """A workbook, worksheet, format or chart that takes every call and writes nothing: the
    measuring pass's.  Each instance is its own object, so formats stay distinguishable."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: _Nothing()


MEASURING = _Nothing


@dataclass
class Book:
    """One summary being written: each sheet module's ``write(book)`` adds its sheet."""

    wb: object                          # the xlsxwriter Workbook
    fmt: dict
    lang: str
    run: RunReport
    files: list[FileReport]             # in ``order``
    reviews: dict[str, Review]
    layouts: dict[str, Layout] = field(default_factory=dict)   # by sheet key, left by measuring
    measuring: bool = False
    known: dict = field(default_factory=dict)   # what the measuring pass counted, for the real one
    _formats: dict = field(default_factory=dict)

    @property
    def w(self) -> dict:
        return W.get(self.lang, W["zh"])

    @property
    def compared(self) -> bool:
        return self.run.previous is not None

    def sheet(self, key: str, name: str | None = None) -> "Sheet":
        """A new worksheet, named ``name`` or by the words for ``key`` (its layout's key)."""
        return Sheet(self.wb.add_worksheet(name or self.w[key]), self, key)

    def link(self, a: FileReport, sheet: str | None = None, cell: str | None = None) -> str | None:
        """The link into ``a``'s annotated copy (at ``sheet``!``cell``), None when it has none.
        The target is a file name we chose; the department's own text never becomes a link,
        and a sheet name is quoted as a reference, never parsed as one."""
        name = self.run.annotated.get(a.path)
        if not name:
            return None
        url = f"external:{ANNOTATED}/{name}"
        if sheet:
            url += "#'" + sheet.replace("'", "''") + "'!" + (cell or "A1")
        return url

    def number_format(self, spec: str):
        """A cached format for ``spec`` (``0.00%``, ``#,##0.00``)."""
        if spec not in self._formats:
            self._formats[spec] = self.wb.add_format({"num_format": spec, "valign": "top"})
        return self._formats[spec]


class Sheet:
    """A worksheet with typed writes (strings always as strings, numbers as numbers) that
    remembers how wide each column's content is, to fit the columns when done."""

    def __init__(self, ws, book: Book, key: str):
        self.ws, self.book, self.fmt, self.key = ws, book, book.fmt, key
        self.layout = None if book.measuring else book.layouts.get(key)
        self.widths: dict[int, int] = {}
        self.heads = {}
        self.row: int | None = None   # the row being written
        self.lines = 1                # how many lines its wrapped text takes

    def _seen(self, c: int, width: int) -> None:
        self.widths[c] = max(self.widths.get(c, 0), width)

    def at(self, r: int):
        """The worksheet, to write row ``r`` (rows in order): a row left is given its height."""
        if r != self.row:
            self._leave()
            self.row = r
        return self.ws

    def _leave(self) -> None:
        # Neither Excel nor LibreOffice grows a row to its wrapped text on opening a file
        # that does not say how tall it is: each row is set from its text, 15 pt a line.
        if self.lines > 1:
            self.ws.set_row(self.row, 15 * min(self.lines, MAX_LINES) + 2)
        self.lines = 1

    def text(self, r, c, value, fmt=None):
        text, fmt = clip(value), fmt or self.fmt["top"]
        ws = self.at(r)
        if text:
            ws.write_string(r, c, text, fmt)
            if self.layout is not None:   # widths measured: only the row's height is left to find
                if fmt is self.fmt["wrap"]:
                    self.lines = max(self.lines, wrapped_lines(text, self.layout.widths[c]))
            elif fmt is self.fmt["wrap"]:
                self._seen(c, max(display_width(line) for line in text.split("\n")))
            else:
                self._seen(c, display_width(text))
        else:  # an empty shared string reads back as "" rather than as an empty cell
            ws.write_blank(r, c, None, fmt)

    def number(self, r, c, value, fmt=None):
        fmt = fmt or self.fmt["top"]
        ws = self.at(r)
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif not math.isfinite(float(value)):  # past what a cell's double holds: shown as written
            self.text(r, c, value, fmt)
        else:
            ws.write_number(r, c, float(value), fmt)
            if self.layout is None:
                self._seen(c, len(f"{float(value):,.2f}"))

    def value(self, r, c, text, fmt=None):
        """A stated or expected value: a number as a number (``37.05%`` as 37.05% of
        Excel's), anything else (``< 3``, ``未完成``) as text."""
        m = _NUMBER.fullmatch(str(text or "").replace(",", "").strip())
        if m is None:
            return self.text(r, c, text, fmt)
        try:
            number = Decimal(m.group(0).rstrip("%"))
        except InvalidOperation:
            return self.text(r, c, text, fmt)
        places = len(m.group(1) or "")
        if m.group(2):
            self.number(r, c, number / 100, self.book.number_format(shown_format(places, percent=True)))
        else:
            self.number(r, c, number, self.book.number_format(shown_format(places)))

    def url(self, r, c, url: str | None, label: str, fmt=None):
        if url:
            self.at(r).write_url(r, c, url, self.fmt["link"], clip(label))
            if self.layout is None:
                self._seen(c, display_width(label))
        else:
            self.text(r, c, label, fmt)

    def header(self, names: list[str], row: int = 0, col: int = 0):
        """Our own headers (never a department's text), fitted by ``fit``."""
        ws = self.at(row)
        for c, name in enumerate(names, start=col):
            ws.write_string(row, c, name, self.fmt["head"])
            self.heads[c] = name
        self.head_row = row
        if self.layout is not None and self.layout.head_height is not None:
            ws.set_row(row, self.layout.head_height)

    heads: dict[int, str]
    head_row: int | None = None

    def fit(self, caps: dict[int, int] | None = None, default_cap: int = 40, minimum: int = 5) -> None:
        """Columns as wide as their content (up to a cap; longer text wraps), wide enough
        for their header in at most three lines, and the header row as tall as it wraps to."""
        self._leave()
        if not self.book.measuring:   # the widths the measuring pass found
            for c, width in self.layout.widths.items():
                self.ws.set_column(c, c, width)
            return
        caps = caps or {}
        lines = 1
        widths: dict[int, int] = {}
        for c in range(max(list(self.widths) + list(self.heads), default=-1) + 1):
            head = self.heads.get(c, "")
            width = min(max(self.widths.get(c, 0), minimum) + 2, caps.get(c, default_cap))
            widths[c] = width = max(width, math.ceil(display_width(head) / 3) + 2)
            if head:
                lines = max(lines, math.ceil(display_width(head) / max(width - 2, 1)))
        self.book.layouts[self.key] = Layout(widths, 15 * min(lines, 4) + 3 if self.head_row is not None else None)

    def print_setup(self, title_rows: tuple[int, int] = (0, 0), pages_wide: int = 1,
                    title_columns: tuple[int, int] | None = None) -> None:
        """Printed for a meeting: A4 landscape, ``pages_wide`` pages wide, the header (and
        ``title_columns``) on every page."""
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(pages_wide, 0)
        self.ws.repeat_rows(*title_rows)
        if title_columns is not None:
            self.ws.repeat_columns(*title_columns)
