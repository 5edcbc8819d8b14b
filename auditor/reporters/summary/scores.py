"""The 指标得分 sheet: the rule pack's standard indicators, one column each in the pack's
order with their 分值 in the header, matched by indicator key (so “三公” and "三公" are one
column); each department's own indicators in a long table beside it (department,
indicator, 分值, 得分), since no two departments share them.  A 分值 other than the pack's
or the cohort's (findings P011, D005) is red, with what it should be in a note."""
from __future__ import annotations

from decimal import Decimal

from auditor.reporters.summary.book import Book, clip

# The findings that mark an indicator's 分值 as off (the pack's, the cohort's).
POINTS_CODES = ("P011", "D005")
FRONT = ("department", "file", "stated", "recomputed")


def points_off(a) -> dict:
    """Where a file's indicators are worth other than they should be: 分值 cell -> the 分值 expected."""
    return {f.location: f.expected for f in a.findings if f.code in POINTS_CODES}


def plain(x) -> str:
    d = Decimal(x)
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


def _split(a, col_of: dict) -> tuple[list, list]:
    """A file's indicators: (column, indicator, note) for the pack's, each in its column once,
    and (indicator, note) for the rest, the department's own; the note when its 分值 is off."""
    off_at = points_off(a)
    standard, own, filled = [], [], set()
    for ind in a.indicators:
        want = off_at.get(ind.points_at) if ind.points_at is not None else None
        note = None
        if ind.points is not None and want is not None:
            note = (plain(ind.points), plain(want))
        c = col_of.get(ind.key)
        if c is not None and c not in filled:
            filled.add(c)
            standard.append((c, ind, note))
        else:
            own.append((ind, note))
    return standard, own


class Scores:
    """The two tables side by side are written a row at a time (constant memory), rows in
    order: the left one a row per file, as the files come; the right one a row per own
    indicator, from a second pass over the files (``_own``) that is drawn on only as far
    as the left table has got, so that neither table's rows wait in memory for the other."""

    def __init__(self, book: Book):
        self.book = book
        self.s = s = book.sheet("scores")
        w, fmt = book.w, book.fmt
        standard = list({i.key: i for i in book.run.standard_indicators}.values())
        self.col_of = {ind.key: c for c, ind in enumerate(standard, start=len(FRONT))}
        ws = s.at(0)
        for c in range(len(FRONT)):
            ws.write_blank(0, c, None, fmt["head"])
        ws.write_string(0, 0, w["level2"], fmt["head"])
        for ind, c in zip(standard, self.col_of.values()):
            ws.write_string(0, c, ind.level2, fmt["head"])
        self.own_col = own_col = len(FRONT) + len(standard) + 1     # one blank column between the two tables
        own_heads = [w["department"], w["level2"], w["indicator"], w["points"], w["score"]]
        ws.write_string(0, own_col, w["own"], fmt["head"])
        for c in range(own_col + 1, own_col + len(own_heads)):
            ws.write_blank(0, c, None, fmt["head"])
        s.header([w[k] for k in FRONT] + [f"{ind.name}（{plain(ind.points)}分）" if ind.points is not None else ind.name
                                          for ind in standard], row=1)
        s.header(own_heads, row=1, col=own_col)
        self.row = 1                    # the left table's last row
        self.own_row = 1                # the right table's, when measuring
        # measuring writes nothing, so its order does not matter: the right table is fed from this pass
        self.own = None if book.measuring else _Ahead(self._own())

    def _note(self, note) -> str:
        return clip(self.book.w["points_off"].format(got=note[0], want=note[1]))

    def add(self, a, r) -> None:
        if not (a.indicators or a.score_stated is not None):
            return
        s, fmt = self.s, self.book.fmt
        self.row = row = self.row + 1
        standard, own = _split(a, self.col_of)
        if self.own is not None:
            self.own.until(row)
        s.text(row, 0, a.department)
        s.text(row, 1, a.path)
        s.number(row, 2, a.score_stated, fmt["score"])
        s.number(row, 3, a.score_recomputed, fmt["score"])
        for c, ind, note in standard:
            s.number(row, c, ind.score, fmt["red"] if note else fmt["score"])
            if note:
                s.at(row).write_comment(row, c, self._note(note))
        if self.own is None:
            for ind, note in own:
                self.own_row += 1
                self._put_own(self.own_row, a.department, ind, note)

    def _put_own(self, row, department, ind, note) -> None:
        s, fmt, c = self.s, self.book.fmt, self.own_col
        s.text(row, c, department)
        s.text(row, c + 1, ind.level2)
        s.text(row, c + 2, ind.name)
        s.number(row, c + 3, ind.points, fmt["red"] if note else fmt["score"])
        if note:
            s.at(row).write_comment(row, c + 3, self._note(note))
        s.number(row, c + 4, ind.score, fmt["score"])

    def _own(self):
        """The right table's rows, each as (row, a function that writes it)."""
        theirs = ((a.department, ind, note) for a in self.book.files for ind, note in _split(a, self.col_of)[1])
        for row, (department, ind, note) in enumerate(theirs, start=2):
            yield row, lambda row=row, d=department, ind=ind, note=note: self._put_own(row, d, ind, note)

    def end(self) -> None:
        s, own_col = self.s, self.own_col
        if self.own is not None:
            self.own.until(None)
        s.fit({0: 20, 1: 24, own_col: 20, own_col + 2: 30}, default_cap=12)
        s.ws.set_column(own_col - 1, own_col - 1, 3)
        s.ws.freeze_panes(2, 1)
        s.print_setup((0, 1))
        if self.row > 1:
            s.ws.autofilter(1, 0, self.row, own_col - 2)


class _Ahead:
    """A stream of (row, write) drawn on up to a row: what is not yet due stays unread."""

    def __init__(self, items):
        self.items, self.next = items, None

    def until(self, row: int | None) -> None:
        """Write every row before ``row`` (every row left, for None)."""
        while True:
            if self.next is None:
                self.next = next(self.items, None)
                if self.next is None:
                    return
            if row is not None and self.next[0] >= row:
                return
            self.next[1]()
            self.next = None
