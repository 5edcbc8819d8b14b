"""A sheet the caller hands over whole (``RunReport.roster``): a title, its headers and its
rows of text, written first.  The web server's summary lists there every department of a
round, those that sent nothing included, since the files alone cannot say who is missing
or who sent another's workbook; a batch has no roster and gets no such sheet."""
from __future__ import annotations

from auditor.reporters.summary.book import Book


class Roster:
    def __init__(self, book: Book):
        self.book, self.roster = book, getattr(book.run, "roster", None)
        self.s = book.sheet("roster", self.roster["title"]) if self.roster else None
        if self.s is not None:
            self.s.header(list(self.roster["head"]))

    def add(self, a, r) -> None:
        pass

    def end(self) -> None:
        if self.s is None:
            return
        rows = self.roster["rows"]
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if isinstance(value, int) and not isinstance(value, bool):
                    self.s.number(row, col, value)
                else:
                    self.s.text(row, col, "" if value is None else str(value), self.book.fmt["wrap"])
        self.s.fit({len(self.roster["head"]) - 1: 60})
        self.s.ws.freeze_panes(1, 1)
        self.s.print_setup()
        if rows:
            self.s.ws.autofilter(0, 0, len(rows), len(self.roster["head"]) - 1)
