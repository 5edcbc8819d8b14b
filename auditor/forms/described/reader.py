"""Read a workbook in a described form: every block found by its labels, never by address.

The tolerance is today's readers': labels compared after ``labels.norm`` (full-width,
spaces, numbering, 其中), points in labels (``产出指标（50分）``), merged cells read at their
anchor (``CellReader``), numbers typed as text, with 万元/元 or full-width digits
(``numbers``), formulas read by their cached value, .xls through the same grids.
"""
from __future__ import annotations

import re
from decimal import Decimal

from auditor.codes.structure import MissingColumn, MissingTable
from auditor.findings import Location
from auditor.forms.described.description import Description
from auditor.forms.described.model import DescribedBook, FundLine, Level, Row
from auditor.labels import match_columns, norm, points_in_label
from auditor.numbers import NUMBER, parse_number
from auditor.reader.cells import CellReader
from auditor.ooxml.refs import cell_name
from auditor.reader.grid import Grid
from auditor.values import Value

YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_HEAD_ROWS = 400        # where a form's blocks are looked for; a form is a page or two
_NUMBER_ROLES = {"opening", "adjusted", "execution", "rate", "points", "score", "coefficient", "level1_points",
                 "level2_points"}
_SINGLE_ROLES = ("points", "score", "method", "reason")   # one cell over the fund rows
_TEXT_ROLES = {"label", "method", "reason", "note", "target", "target_adjusted", "achieved", "unit", "nature",
               "core", "name", "level1", "level2"}


def labels_of(grid: Grid, memo: dict) -> list[tuple[int, int, str]]:
    """(row, col, normal form) of the sheet's own text cells (no cell a merge covers), in
    reading order; worked out once per sheet and kept in the index's memo for every form."""
    key = ("described-labels", grid.name)
    if key not in memo:
        anchors = grid.merge_anchor()
        out = []
        for (r, c), cell in grid.cells.items():
            if r <= _HEAD_ROWS and isinstance(cell.value, str) and (r, c) not in anchors:
                n = norm(cell.value)
                if n:
                    out.append((r, c, n))
        memo[key] = sorted(out)
    return memo[key]


def signs_seen(desc: Description, labels: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The signs of ``desc`` the sheet shows: ``title`` for any of its titles, then each label."""
    texts = [n for _, _, n in labels]
    seen = []
    if any(norm(t) in n for t in desc.titles for n in texts):
        seen.append("title")
    seen += [s for s in desc.signs if any(norm(s) in n for n in texts)]
    return tuple(seen)


def _words(words) -> tuple[str, ...]:
    return tuple(norm(w) for w in words)


def _find(labels, words, after: int = 0, exact_first: bool = True):
    """(row, col, text) of the first label that is one of ``words`` (or, failing that,
    starts with one), at or below row ``after``."""
    words = _words(words)
    if exact_first:
        hit = next(((r, c, n) for r, c, n in labels if r >= after and points_in_label(n)[0] in words), None)
        if hit:
            return hit
    return next(((r, c, n) for r, c, n in labels if r >= after and n.startswith(words)), None)


def _spec(columns) -> list[tuple[str, tuple[str, ...]]]:
    """The column spec with its longest words tried first: 得分计算方法 before 得分."""
    spec = [(role, _words(words)) for role, words in columns]
    return sorted(spec, key=lambda rw: -max((len(w) for w in rw[1]), default=0))


def _header_row(labels, columns, need: tuple[str, ...], after: int = 0):
    """(row, {role: col}) of the first row whose headers hold every role of ``need``."""
    spec = _spec(columns)
    by_row: dict[int, dict[int, str]] = {}
    for r, c, n in labels:
        if r >= after:
            by_row.setdefault(r, {})[c] = n
    for r, texts in by_row.items():
        cols = match_columns(texts, spec)
        if all(k in cols for k in need):
            return r, cols
    return None


def read_book(desc: Description, grids: list[Grid], path: str, sheet_names: list[str], memo: dict) -> DescribedBook:
    """The workbook's model: each block looked for on the sheets showing the form, the best first
    (Hunan prints its 基础数据表 and its 评价指标表 as two sheets)."""
    book = DescribedBook(path=path, form=desc.id, sheet=grids[0].name, sheet_names=sheet_names)
    sheets = [(CellReader(g, path, book.problems, unit=desc.unit), labels_of(g, memo)) for g in grids]
    cr, labels = sheets[0]
    _year(book, cr, labels)
    field_words = [w for f in desc.fields for w in f.labels]
    for f in desc.fields:
        v = _labelled(cr, labels, f.labels, f.printed, field_words)
        if v is not None:
            book.fields[f.key] = v
    after = _first(sheets, lambda c, ls: _funds(desc, c, ls, book), desc.funds, book,
                   desc.funds.labels[0] if desc.funds and desc.funds.labels else "资金情况")
    _first(sheets, lambda c, ls: _goal(desc, c, ls, book), desc.goal_labels, book,
           desc.goal_labels[0] if desc.goal_labels else "")
    _first(sheets, lambda c, ls: _grid(desc, c, ls, book, after if c is cr else 0), desc.grid, book, "绩效指标")
    for table in desc.tables:
        _first(sheets, lambda c, ls: _table(table, c, ls, book), table, book, table.printed)
    if book.total_score is None and desc.total:
        book.total_score = _labelled(cr, labels, desc.total, desc.total[0], field_words, number=True)
    if desc.grade:
        book.grade = _labelled(cr, labels, desc.grade, desc.grade[0], field_words)
    for t in desc.texts:
        v = _labelled(cr, labels, t.labels, t.printed, field_words)
        if v is not None:
            book.texts[t.key] = v
    return book


def _first(sheets, read, wanted, book: DescribedBook, table: str) -> int:
    """The row where ``read`` found its block on the first sheet that has it (0 on another
    sheet); where no sheet has it, one S002 at the form's sheet."""
    if not wanted:
        return 0
    for i, (cr, labels) in enumerate(sheets):
        row = read(cr, labels)
        if row is not None:
            return row if i == 0 else 0
    book.problems.append(MissingTable.at(Location(book.path, book.sheet), table=table))
    return 0


def year_in(labels) -> tuple[int, int, int] | None:
    """(row, col, year) of the 评价年度 a sheet's head states (``2023年度``), or None."""
    for r, c, n in labels[:12]:
        m = YEAR_RE.search(n)
        if m and "年度" in n:
            return r, c, int(m.group(1))
    return None


def _year(book: DescribedBook, cr: CellReader, labels) -> None:
    found = year_in(labels)
    if found is not None:
        r, c, book.year = found
        book.year_cell = cr.value(r, c, "年度", number=False)


def _labelled(cr: CellReader, labels, words, what: str, others, number: bool = False) -> Value | None:
    """A field's value: after the colon in its label's cell (``单位（盖章）：某局``), else the
    first filled cell right of the label, unless that cell is the next label (then blank)."""
    hit = _find(labels, words)
    if hit is None:
        return None
    r, c, n = hit
    word = next((w for w in _words(words) if n.startswith(w)), "")
    rest = n[len(word):]
    if rest.startswith(":") or (rest and not rest.startswith("(")):
        text = cr.text(r, c)
        value = re.split(r"[:：]", text, maxsplit=1)[-1].strip() if re.search(r"[:：]", text) else ""
        if value:
            return cr.after_colon(r, c, value, what, number=number)
    v = cr.right_of(r, c, what, number=number)
    if v.text and any(norm(v.text).startswith(norm(o)) for o in others):   # blank: the next label is no value
        beside = c + 1
        while cr.anchors.get((r, beside)) == (r, c):
            beside += 1
        return Value(cr.sheet, cell_name(r, beside), file=cr.file)
    return v


def _funds(desc: Description, cr: CellReader, labels, book: DescribedBook) -> int | None:
    funds = desc.funds
    found = _rows_block(cr, labels, funds.columns, funds.rows, ("execution", funds.denominator), book,
                        funds.labels[0] if funds.labels else "资金情况")
    if found is None:
        return None
    book.funds, row = found
    for line in book.funds:
        _rate_as_percent(line.get("rate"), line.get("execution"), line.get(funds.denominator))
    return row


def _table(table, cr: CellReader, labels, book: DescribedBook) -> int | None:
    found = _rows_block(cr, labels, table.columns, table.rows, tuple(r for r, _ in table.columns), book,
                        table.printed)
    if found is None:
        return None
    book.data[table.key], row = found
    for value, num, den in table.ratios:
        for line in book.data[table.key]:
            _rate_as_percent(line.get(value), line.get(num), line.get(den))
    return row


def _rows_block(cr: CellReader, labels, columns, rows, need, book: DescribedBook, title: str):
    """(the lines of a block of labelled rows under a header row, its last row), or None where
    no row shows the ``need`` headers.  The rows are matched by label, in any order; a row spec
    with no labels is the first unlabelled row of figures (a block of one row)."""
    found = _header_row(labels, columns, need)
    if found is None:
        return None
    header, cols = found
    for role, words in columns:
        if role not in cols and role != "label":
            book.problems.append(MissingColumn.at(Location(book.path, cr.sheet), table=title, column=words[0]))
    figures = [c for role, c in cols.items() if role != "label"]
    first = min(figures)
    lines, todo, row = [], list(rows), header
    while todo and row < min(header + 3 * len(rows) + 3, cr.grid.max_row):
        row += 1
        texts = [(c, n) for r, c, n in labels if r == row and c < first]
        label = "".join(n for _, n in texts)
        spec = _match_row(todo, label)
        if spec is None:
            unlabelled = next((s for s in todo if not s.labels), None)
            if unlabelled is not None and not label and any(cr.raw(row, c) is not None for c in figures):
                spec = unlabelled
            elif lines:
                break
            else:
                continue
        todo.remove(spec)
        col = texts[-1][0] if texts else (cols.get("label") or first - 1)
        line = FundLine(cr.value(row, col, spec.printed or title, number=False), key=spec.key, role=spec.role,
                        group=spec.group)
        for role, c in cols.items():
            if role == "label" or (role in _SINGLE_ROLES and spec.role != "total"):
                continue
            what = f"{spec.printed or title} {_printed(columns, role)}"
            line.values[role] = cr.value(row, c, what, number=role in _NUMBER_ROLES or role not in _TEXT_ROLES)
        lines.append(line)
    return lines, row


def _printed(columns, role: str) -> str:
    return next((words[0] for r, words in columns if r == role), role)


def _match_row(todo, label: str):
    if not label:
        return None
    for spec in todo:
        if any(label == norm(w) for w in spec.labels):
            return spec
    for spec in todo:
        if any(norm(w) in label for w in spec.labels):
            return spec
    return None


def _rate_as_percent(rate: Value | None, actual: Value | None, base: Value | None) -> None:
    """A bare rate such as 0.9598 is a fraction when, times 100, it is nearer what the
    amounts give than it is itself."""
    if rate is None or rate.kind != NUMBER or rate.percent_marked or abs(rate.number) > Decimal("1.5"):
        return
    if actual is None or base is None or not actual.is_number or not base.is_number or not base.number:
        return
    ratio = actual.number / base.number * 100
    if abs(rate.number * 100 - ratio) < abs(rate.number - ratio):
        rate.number = rate.number.scaleb(2)
        rate.decimals = max(0, (rate.decimals or 0) - 2)
        rate.percent_marked = True


def _goal(desc: Description, cr: CellReader, labels, book: DescribedBook) -> int | None:
    hit = _find(labels, desc.goal_labels)
    if hit is None:
        return None
    near = [(r, c, n) for r, c, n in labels if hit[0] <= r <= hit[0] + 3 and (r, c) != hit[:2]]
    for text in desc.goal:
        sub = _find(near, text.labels)
        if sub is None:
            continue
        r, c, _ = sub
        header_like = sum(1 for rr, _, n in near if rr == r and any(n.startswith(w) for t in desc.goal
                                                                        for w in _words(t.labels))) > 1
        book.goal[text.key] = cr.value(r + 1, c, text.printed, number=False) if header_like \
            else cr.right_of(r, c, text.printed)
    return hit[0]


def _grid(desc: Description, cr: CellReader, labels, book: DescribedBook, after: int) -> int | None:
    grid = desc.grid
    need = ("score",) + (("name",) if grid.has("name") else ())
    found = _header_row(labels, grid.columns, need, after)
    if found is None:
        return None
    header, cols = found
    for role, words in grid.columns:
        if role not in cols:
            book.problems.append(MissingColumn.at(Location(book.path, cr.sheet), table="绩效指标", column=words[0]))
    stops = _words([w for t in desc.texts for w in t.labels] + list(desc.grade))
    total_words = _words(grid.total)
    levels: dict[tuple[int, int], Level] = {}
    level1 = level2 = None
    blank_run = 0
    name_col = cols.get("name")
    for row in range(header + 1, min(cr.grid.max_row, header + _HEAD_ROWS) + 1):
        own = [n for r, c, n in labels if r == row]
        if any(n.startswith(total_words) for n in own if total_words):
            book.total_points = cr.value(row, cols["points"], "总分 分值") if "points" in cols else None
            book.total_score = cr.value(row, cols["score"], "总分 得分")
            return row
        if any(n.startswith(stops) for n in own if stops):
            return row
        if "level1" in cols:
            level1 = _level(cr, cols, row, levels, book, 1) or level1
        if "level2_points" in cols:   # 二级 with points of their own (Hunan): a level as 一级 is
            level2 = _level(cr, cols, row, levels, book, 2) or level2
        name = cr.text(row, name_col) if name_col else ""
        if not name and all(cr.raw(row, c) is None for c in cols.values()):
            blank_run += 1
            if blank_run >= 3:
                return row
            continue
        blank_run = 0
        if not name:
            continue
        ind = Row(cr.value(row, name_col, "指标名称", number=False), name=name, level1=level1,
                  level2=cr.text(row, cols["level2"]) if "level2" in cols else "", parent=level2 or level1)
        for role, c in cols.items():
            if role in ("level1", "level1_points", "level2", "level2_points", "name"):
                continue
            ind.values[role] = cr.value(row, c, f"“{name}”{_printed(grid.columns, role)}",
                                        number=role in _NUMBER_ROLES)
        book.rows.append(ind)
    return header


def _level(cr: CellReader, cols: dict, row: int, levels: dict, book: DescribedBook, depth: int) -> Level | None:
    col = cols[f"level{depth}"]
    at = cr.anchors.get((row, col), (row, col))
    if at in levels:
        return levels[at]
    text = cr.text(row, col)
    if not text:
        return None
    name, points = points_in_label(text)
    label = cr.value(*at, "一级指标" if depth == 1 else "二级指标", number=False)
    level = Level(norm(name), label, depth=depth)
    if points is not None:
        parsed = parse_number(points)
        level.points = Value(label.sheet, label.cell, label.raw, parsed.kind, parsed.number, parsed.decimals,
                             file=label.file)
    elif f"level{depth}_points" in cols:
        level.points = cr.value(row, cols[f"level{depth}_points"], f"{name} 分值")
    levels[at] = level
    book.levels.append(level)
    return level
