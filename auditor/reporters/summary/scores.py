"""The 指标得分 sheet: the rule pack's standard indicators, one column each in the pack's
order with their 分值 in the header, matched by indicator key (so “三公” and "三公" are one
column); each department's own indicators in a long table beside it (department,
indicator, 分值, 得分), since no two departments share them.  A 分值 other than the pack's
or the cohort's (findings P011, D005) is red, with what it should be in a note."""
from __future__ import annotations

import heapq
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


def write(book: Book) -> None:
    s = book.sheet("scores")
    w, fmt = book.w, book.fmt
    standard = list({i.key: i for i in book.run.standard_indicators}.values())
    col_of = {ind.key: c for c, ind in enumerate(standard, start=len(FRONT))}
    ws = s.at(0)
    for c in range(len(FRONT)):
        ws.write_blank(0, c, None, fmt["head"])
    ws.write_string(0, 0, w["level2"], fmt["head"])
    for ind, c in zip(standard, col_of.values()):
        ws.write_string(0, c, ind.level2, fmt["head"])
    own_col = len(FRONT) + len(standard) + 1     # one blank column between the two tables
    own_heads = [w["department"], w["level2"], w["indicator"], w["points"], w["score"]]
    ws.write_string(0, own_col, w["own"], fmt["head"])
    for c in range(own_col + 1, own_col + len(own_heads)):
        ws.write_blank(0, c, None, fmt["head"])
    s.header([w[k] for k in FRONT] + [f"{ind.name}（{plain(ind.points)}分）" if ind.points is not None else ind.name
                                      for ind in standard], row=1)
    s.header(own_heads, row=1, col=own_col)

    def note_of(note):
        return clip(w["points_off"].format(got=note[0], want=note[1]))

    def departments():   # the left table: a row per file with a score or indicators
        checked = (a for a in book.files if a.indicators or a.score_stated is not None)
        for row, a in enumerate(checked, start=2):
            def put(row=row, a=a):
                s.text(row, 0, a.department)
                s.text(row, 1, a.path)
                s.number(row, 2, a.score_stated, fmt["score"])
                s.number(row, 3, a.score_recomputed, fmt["score"])
                for c, ind, note in _split(a, col_of)[0]:
                    s.number(row, c, ind.score, fmt["red"] if note else fmt["score"])
                    if note:
                        s.at(row).write_comment(row, c, note_of(note))
                last[0] = row
            yield row, put

    def own():           # the right table: a row per indicator of a department's own
        theirs = ((a.department, ind, note) for a in book.files for ind, note in _split(a, col_of)[1])
        for row, (department, ind, note) in enumerate(theirs, start=2):
            def put(row=row, department=department, ind=ind, note=note):
                s.text(row, own_col, department)
                s.text(row, own_col + 1, ind.level2)
                s.text(row, own_col + 2, ind.name)
                s.number(row, own_col + 3, ind.points, fmt["red"] if note else fmt["score"])
                if note:
                    s.at(row).write_comment(row, own_col + 3, note_of(note))
                s.number(row, own_col + 4, ind.score, fmt["score"])
            yield row, put

    # The two tables side by side are written a row at a time (constant memory): each is
    # a stream of its rows, from a pass of its own over the files (holding the tables'
    # rows until the other caught up would grow with the run), merged in row order.
    last = [1]
    for _, put in heapq.merge(departments(), own(), key=lambda item: item[0]):
        put()
    s.fit({0: 20, 1: 24, own_col: 20, own_col + 2: 30}, default_cap=12)
    s.ws.set_column(own_col - 1, own_col - 1, 3)
    s.ws.freeze_panes(2, 1)
    s.print_setup((0, 1))
    if last[0] > 1:
        s.ws.autofilter(1, 0, last[0], own_col - 2)
