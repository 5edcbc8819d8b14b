"""The standard workbook (the reference county's form): the blank form a finance bureau sends out, and the
same form filled in from a department's data.

Every computed cell is a formula carrying the value Excel would compute from the cells as
they stand, so a total a department typed over flows into the shares that divide by it,
exactly as it would in Excel.  Positions come from ``auditor.forms.department.vocabulary``; the cells are
built as a ``auditor.forms.template_book.TemplateBook`` and then written.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from auditor.forms.department import vocabulary as L
from auditor.forms.template_book import TemplateBook, Sheet, emit
from auditor.forms.department.packs import Pack, for_year

_CENT = Decimal("0.01")

# --- arithmetic, the way the formulas below compute it -----------------------------------

def _num(v: Any) -> Decimal | None:
    """A cell's number; blank and text are not numbers (Excel's SUM and N() skip them)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, (int, float)):
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    return None


def _round2(x: Decimal) -> Decimal:
    return x.quantize(_CENT, rounding=ROUND_HALF_UP)


def _blank(v: Any) -> bool:
    return v is None or v == ""


def _span(cells: list[tuple[int, int]]) -> str:
    """Cell list as formula arguments, consecutive cells of a column joined into ranges."""
    parts, i = [], 0
    while i < len(cells):
        j = i
        while j + 1 < len(cells) and cells[j + 1] == (cells[j][0] + 1, cells[j][1]):
            j += 1
        a = xl_rowcol_to_cell(*cells[i])
        parts.append(a if i == j else f"{a}:{xl_rowcol_to_cell(*cells[j])}")
        i = j + 1
    return ",".join(parts)


def _compute(kind: str, sh: Sheet, args: list[tuple[int, int]]) -> tuple[str, Any]:
    """(formula, cached value) of one computed cell from the cells it refers to."""
    vals = [sh.value(*a) for a in args]
    nums = [_num(v) for v in vals]
    a = [xl_rowcol_to_cell(*x) for x in args]
    if kind == "sum":
        return f"=SUM({_span(args)})", sum((n for n in nums if n is not None), Decimal(0))
    if kind == "ratio":   # args: part, whole -> part ÷ whole in percent
        part, whole = nums
        cached = "" if not whole or _blank(vals[0]) else _round2((part or 0) / whole * 100)
        return f'=IF(OR(N({a[1]})=0,{a[0]}=""),"",ROUND(N({a[0]})/{a[1]}*100,2))', cached
    if kind == "change":  # args: base, new -> new − base
        base, new = nums
        cached = "" if base is None and new is None else (new or 0) - (base or 0)
        return f'=IF(COUNT({a[0]},{a[1]})=0,"",N({a[1]})-N({a[0]}))', cached
    if kind == "rate":    # args: base, new -> (new − base) ÷ base in percent
        base, new = nums
        cached = "" if not base else _round2(((new or 0) - base) / base * 100)
        return f'=IF(N({a[0]})=0,"",ROUND((N({a[1]})-{a[0]})/{a[0]}*100,2))', cached
    raise ValueError(kind)


# What each fixed table computes, in the order the values depend on each other:
# (line, column, kind, [(line, column), ...]).
def _sums(table: L.Table, total: str, parts: list[str], columns: list[str]) -> list:
    return [(total, c, "sum", [(p, c) for p in parts]) for c in columns]


def _shares(parts: list[str], total: str) -> list:
    # The total's own share is total ÷ total, 100, not the sum of the rounded shares above
    # it: a form that printed 100.01 there would state a wrong share.
    return [(p, "share", "ratio", [(p, "actual"), (total, "actual")]) for p in parts + [total]]


_INCOME_PARTS = L.INCOME.line_keys[:8]
_AMOUNTS3 = ["budget_initial", "budget_adjusted", "actual"]
COMPUTED = {
    "income": _sums(L.INCOME, "total", _INCOME_PARTS, _AMOUNTS3)
    + _sums(L.INCOME, "grand_total", ["total", "carryover"], _AMOUNTS3)
    + _shares(_INCOME_PARTS, "total")
    + [(ln, col, kind, [(ln, "budget_initial"), (ln, "actual")])
       for ln in L.INCOME.line_keys for col, kind in (("change", "change"), ("change_rate", "rate"))],
    "expense_economic": _sums(L.ECONOMIC, "total", L.ECONOMIC.line_keys[:5], _AMOUNTS3)
    + _shares(L.ECONOMIC.line_keys[:5], "total"),
    "expense_nature": _sums(L.NATURE, "basic", ["personnel", "public_use"], _AMOUNTS3[1:])
    + _sums(L.NATURE, "total", ["basic", "project"], _AMOUNTS3[1:])
    + _sums(L.NATURE, "grand_total", ["total", "carryover_end"], _AMOUNTS3[1:])
    + _shares(["basic", "personnel", "public_use", "project"], "total"),
    "sangong": _sums(L.SANGONG, "vehicles", ["vehicle_purchase", "vehicle_running"], ["budget", "actual"])
    + _sums(L.SANGONG, "total", ["abroad", "vehicles", "reception"], ["budget", "actual"])
    + [(ln, "change", "change", [(ln, "budget"), (ln, "actual")]) for ln in L.SANGONG.line_keys]
    + [(ln, "rate", "ratio", [(ln, "actual"), (ln, "budget")]) for ln in L.SANGONG.line_keys],
}


def _given(line_data: dict | None, column: str) -> Any:
    return None if not line_data else line_data.get(column)


def _fill_table(sh: Sheet, table: L.Table, data: dict | None) -> None:
    """Title, header, labels, typed values, then formulas (unless typed over)."""
    if table.title is not None:
        sh.merge(table.title_row, 0, table.title_row, len(table.columns) - 1, table.title, "table_title")
    for c, (_, header) in enumerate(table.columns):
        sh.put(table.header_row, c, header, "header")
    computed = {(ln, col): (kind, args) for ln, col, kind, args in COMPUTED[table.key]}
    totals = {"total", "grand_total"}
    for line, label in table.lines:
        r = table.row(line)
        sh.put(r, 0, label, "label_total" if line in totals else "label")
        for col in table.column_keys[1:]:
            typed = _given((data or {}).get(line), col)
            calc = (line, col) in computed
            sh.put(r, table.col(col), typed, "num_calc" if calc and typed is None else "num")
    for (line, col), (kind, args) in computed.items():
        if _given((data or {}).get(line), col) is not None:
            continue
        refs = [(table.row(a), table.col(b)) for a, b in args]
        text, cached = _compute(kind, sh, refs)
        if data is not None and cached == "":
            continue  # nothing to compute from: a filled form leaves the cell empty
        sh.formula(table.row(line), table.col(col), text, cached, "num_calc")


def _text_height(pairs: list[tuple[Any, float]], line_height: float = 15.0) -> float | None:
    """Row height that shows wrapped text whole: (text, column width) pairs."""
    lines = 1
    for text, width in pairs:
        if text:
            per_line = max(1, int(width / 1.9))  # CJK characters are about two units wide
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in str(text).split("\n")))
    return None if lines == 1 else lines * line_height + 3


def _cover(year: int, data: dict | None, pack: Pack) -> Sheet:
    sh = Sheet(L.SHEETS["cover"], widths={0: 16, 1: 64})
    sh.merge(0, 0, 0, 1, "部门整体支出绩效自评表", "title")
    sh.heights[0] = 32
    sh.merge(1, 0, 1, 1, f"（{year}年度）", "subtitle")
    cover = dict((data or {}).get("cover") or {})
    cover.setdefault("year", year)
    cover.setdefault("unit", "万元")
    for i, (key, label) in enumerate(L.COVER_FIELDS):
        r = L.COVER_FIRST_ROW + i
        sh.put(r, 0, label, "cover_label")
        value = cover.get(key)
        style = {"year": "cover_year", "date": "cover_date"}.get(key, "cover_value")
        sh.put(r, 1, value, style)
        sh.heights[r] = 20
    unit_cell = xl_rowcol_to_cell(L.COVER_FIRST_ROW + len(L.COVER_FIELDS) - 1, 1)
    sh.validations.append((unit_cell, {"validate": "list", "source": L.UNITS,
                                       "input_title": "金额单位", "input_message": "万元或元"}))
    r = L.COVER_FIRST_ROW + len(L.COVER_FIELDS) + 1
    sh.merge(r, 0, r, 1, "填表说明", "note_title")
    for i, note in enumerate(_instructions(pack), start=1):
        text = f"{i}. {note}"
        sh.merge(r + i, 0, r + i, 1, text, "note")
        sh.heights[r + i] = _text_height([(text, 78)], 14) or 16
    return sh


def _instructions(pack: Pack) -> list[str]:
    # Worded so that no line starts like a cover label: the reader finds cover values by label.
    own = "、".join(f"{g.level2}{g.points}分" for g in pack.groups if g.own)
    std_l1 = [k for k in pack.level1_points if not any(g.own for g in pack.groups if g.level1 == k)]
    bands, upper = [], None
    for grade, low in pack.grades:
        bands.append(f"{grade}：{low:g}分（含）以上" if upper is None and low else
                     f"{grade}：{low:g}分（含）至{upper:g}分" if low else f"{grade}：{upper:g}分以下")
        upper = low
    return [
        "本表由各部门根据本年度部门决算和绩效自评结果如实填写，随部门整体支出绩效自评报告一并报送县财政局。",
        "请勿修改工作表名称、项目名称和行次；没有发生额的项目保持空白，不要删除行。",
        "本表全部金额按本页所选单位填列（默认万元），保留两位小数。",
        "带（%）的栏目填写百分数的数值，例如95.98%填写95.98，保留两位小数。",
        "灰色底纹单元格由公式自动计算，请勿覆盖；数据有误时请修改对应的明细数据。",
        f"自评评分表中，{'、'.join(k for k in pack.level1_points if k not in std_l1)}下的三级指标由部门根据本部门绩效目标自行设置"
        f"（{own}），各三级指标分值之和须等于所属二级指标分值；{'、'.join(std_l1)}为统一指标，名称和分值不得修改。",
        "自评得分不得超过指标分值；未得满分的指标须在“得分说明（扣分原因）”栏写明扣分原因。",
        "绩效目标未完成的，须在“偏差原因分析”栏说明原因。",
        f"自评等级按总分确定：{'；'.join(bands)}。",
    ]


def _budget(data: dict | None) -> Sheet:
    sh = Sheet(L.SHEETS["budget"], widths={0: 30, 1: 14, 2: 14, 3: 14, 4: 13, 5: 15, 6: 15},
               freeze=(0, 1))
    for table in (L.INCOME, L.ECONOMIC, L.NATURE):
        _fill_table(sh, table, None if data is None else (data.get(table.key) or {}))
        sh.heights[table.header_row] = 32
    r = L.EXECUTION_ROW
    sh.put(r, 0, L.EXECUTION_LABEL, "label_total")
    typed = None if data is None else data.get("execution_rate")
    if typed is not None:
        sh.put(r, 1, typed, "num")
    else:
        total = L.ECONOMIC.row("total")
        text, cached = _compute("ratio", sh, [(total, L.ECONOMIC.col("actual")),
                                              (total, L.ECONOMIC.col("budget_adjusted"))])
        if data is None or cached != "":
            sh.formula(r, 1, text, cached, "num_calc")
        else:
            sh.put(r, 1, None, "num_calc")
    return sh


def _sangong(data: dict | None) -> Sheet:
    sh = Sheet(L.SHEETS["sangong"], widths={0: 30, 1: 14, 2: 14, 3: 18, 4: 13}, freeze=(1, 0))
    _fill_table(sh, L.SANGONG, None if data is None else (data.get("sangong") or {}))
    sh.heights[0] = 24
    return sh


def _merge_runs(sh: Sheet, col: int, rows: list[tuple[int, tuple, str | None]], style: str) -> None:
    """Merge a column down over consecutive rows of one group: (row, group key, label)."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][1] == rows[i][1] and rows[j + 1][0] == rows[j][0] + 1:
            j += 1
        sh.merge(rows[i][0], col, rows[j][0], col, rows[i][2] or None, style)
        i = j + 1


def _merge_levels(sh: Sheet, rows: list[tuple[int, dict]]) -> None:
    """一级 and 二级 cells merged down; a blank level is its own row, never merged."""
    l1 = [(i, (r.get("level1"),) if r.get("level1") else (i,), r.get("level1")) for i, r in rows]
    l2 = [(i, (r.get("level1"), r.get("level2")) if r.get("level2") else (i,), r.get("level2"))
          for i, r in rows]
    _merge_runs(sh, 0, l1, "group")
    _merge_runs(sh, 1, l2, "group")


def _targets(data: dict | None, book: TemplateBook) -> Sheet:
    sh = Sheet(L.SHEETS["targets"], widths={0: 12, 1: 12, 2: 34, 3: 14, 4: 14, 5: 10, 6: 36}, freeze=(1, 0))
    for c, (_, header) in enumerate(L.TARGET_COLUMNS):
        sh.put(0, c, header, "header")
    sh.heights[0] = 24
    rows = list((data or {}).get("targets") or []) if data is not None else []
    if data is None:
        rows = [{} for _ in range(20)]  # the blank form leaves room for the department's targets
    styles = {"name": "text", "deviation": "text"}
    for i, t in enumerate(rows, start=1):
        for c, (key, _) in enumerate(L.TARGET_COLUMNS[2:], start=2):
            sh.put(i, c, t.get(key), styles.get(key, "center"))
            if t.get("name"):
                book.anchors[("target", t["name"], key)] = f"{sh.name}!{xl_rowcol_to_cell(i, c)}"
        h = _text_height([(t.get("name"), 34), (t.get("deviation"), 36)])
        if h:
            sh.heights[i] = h
    _merge_levels(sh, list(enumerate(rows, start=1)))
    if rows:
        last = len(rows)
        sh.validations.append((f"F2:F{last + 1}", {"validate": "list", "source": L.STATUSES}))
    return sh


def _scoring_rows(data: dict | None, pack: Pack) -> list[dict]:
    """The indicator rows in pack order: the department's own rows, or blank rows left for
    them; the standard rows as given, or the pack's with score and reason filled in."""
    given = list((data or {}).get("scoring") or [])
    standard = (data or {}).get("scoring_standard") or {}
    known = {(g.level1, g.level2) for g in pack.groups}
    out = []
    for g in pack.groups:
        mine = [r for r in given if (r.get("level1"), r.get("level2")) == (g.level1, g.level2)]
        if mine:
            out += [{**r, "own": g.own} for r in mine]
        elif g.indicators:
            out += [{"level1": g.level1, "level2": g.level2, "name": i.name, "points": i.points,
                     "criteria": i.criteria, **standard.get(i.name, {})} for i in g.indicators]
        else:
            out += [{"level1": g.level1, "level2": g.level2, "own": True} for _ in range(g.items or 1)]
    out += [r for r in given if (r.get("level1"), r.get("level2")) not in known]
    return out


def _scoring(data: dict | None, pack: Pack, book: TemplateBook) -> Sheet:
    widths = {0: 10, 1: 10, 2: 24, 3: 7, 4: 40, 5: 9, 6: 50}
    sh = Sheet(L.SHEETS["scoring"], widths=widths, freeze=(1, 0))
    for c, (_, header) in enumerate(L.SCORING_COLUMNS):
        sh.put(0, c, header, "header")
    sh.heights[0] = 30
    rows = _scoring_rows(data, pack)
    for i, ind in enumerate(rows, start=1):
        sh.put(i, 2, ind.get("name"), "text")
        sh.put(i, 3, ind.get("points"), "points")
        sh.put(i, 4, ind.get("criteria"), "text")
        sh.put(i, 5, ind.get("score"), "points")
        sh.put(i, 6, ind.get("reason"), "text")
        for key, col in (("name", 2), ("points", 3), ("score", 5), ("reason", 6)):
            if ind.get("name"):
                book.anchors[("scoring", ind.get("name"), key)] = f"{sh.name}!{xl_rowcol_to_cell(i, col)}"
        h = _text_height([(ind.get("name"), widths[2]), (ind.get("criteria"), widths[4]),
                          (ind.get("reason"), widths[6])])
        sh.heights[i] = h or 20
    _merge_levels(sh, list(enumerate(rows, start=1)))
    for i, r in enumerate(rows, start=1):
        book.anchors.setdefault(("scoring_level1", r["level1"]), f"{sh.name}!A{i + 1}")
        book.anchors.setdefault(("scoring_group", r["level2"]), f"{sh.name}!B{i + 1}")
    last = len(rows)
    total_row, grade_row = last + 1, last + 2
    sh.merge(total_row, 0, total_row, 2, "合计", "label_total")
    sh.put(total_row, 4, None, "text")
    sh.put(total_row, 6, None, "text")
    for key, col in (("total_points", 3), ("total_score", 5)):
        typed = (data or {}).get(key)
        if typed is not None:
            sh.put(total_row, col, typed, "points")
        else:
            text, cached = _compute("sum", sh, [(r, col) for r in range(1, last + 1)])
            sh.formula(total_row, col, text, cached, "points_calc")
        book.anchors[("scoring_total", key)] = f"{sh.name}!{xl_rowcol_to_cell(total_row, col)}"
    sh.merge(grade_row, 0, grade_row, 2, "自评等级", "label_total")
    sh.merge(grade_row, 3, grade_row, 6, (data or {}).get("grade"), "center")
    book.anchors[("grade",)] = f"{sh.name}!{xl_rowcol_to_cell(grade_row, 3)}"
    sh.heights[total_row] = sh.heights[grade_row] = 22
    sh.validations += [
        (f"F2:F{last + 1}", {"validate": "decimal", "criteria": "between", "minimum": 0,
                             "maximum": "=$D2", "error_title": "自评得分",
                             "error_message": "自评得分应在0和该指标分值之间"}),
        (f"D2:D{last + 1}", {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}),
        (xl_rowcol_to_cell(grade_row, 3), {"validate": "list", "source": L.GRADES}),
    ]
    return sh


def build_book(data: dict | None = None, *, year: int = 2023, pack: Pack | None = None) -> TemplateBook:
    """The workbook in memory; ``data=None`` gives the blank form."""
    if data is not None:
        year = (data.get("cover") or {}).get("year") or year
    pack = pack or for_year(year)
    book = TemplateBook([])
    book.sheets += [_cover(year, data, pack), _budget(data), _sangong(data)]
    book.sheets += [_targets(data, book), _scoring(data, pack, book)]
    for table in L.TABLES.values():
        for line in table.line_keys:
            for col in table.column_keys[1:]:
                book.anchors[(table.key, line, col)] = table.ref(line, col)
    book.anchors[("execution_rate",)] = L.execution_ref()
    for key, _ in L.COVER_FIELDS:
        book.anchors[("cover", key)] = L.cover_ref(key)
    return book


def write_workbook(target, data: dict | None = None, *, year: int = 2023, pack: Pack | None = None,
                   overrides: dict | None = None) -> TemplateBook:
    """Write the standard workbook to a path or a binary file object.

    ``overrides`` maps "Sheet!A1" to a raw value typed over that cell last, without
    recomputing anything that refers to it: one planted fault stays one fault.
    Returns the ``TemplateBook`` it wrote, so callers can look up where figures landed.
    """
    book = build_book(data, year=year, pack=pack)
    for ref, raw in (overrides or {}).items():
        book.set(ref, raw)
    emit(book, target)
    return book


def write_template(path, year: int = 2023) -> None:
    """The blank standard form for ``year`` (what ``auditor template`` writes)."""
    write_workbook(path, None, year=year)
