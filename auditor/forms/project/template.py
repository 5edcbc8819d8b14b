"""The 项目支出绩效自评表 as cells: the blank national form, and any layout filled in.

As in the department template, every computed cell (年度资金总额, 执行率, the execution
得分, 总分) is a formula carrying the value Excel would compute from the cells as they
stand, so a figure typed over later is one fault, not a chain of them.  ``anchors`` say
where each figure landed: (sheet, "fund", line, column), (sheet, "indicator", name,
column), (sheet, "total", column), (sheet, "field", key).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from auditor.forms.template_book import TemplateBook, Sheet, emit
from auditor.forms.project.layouts import LAYOUTS, Layout

_CENT, _BASIS = Decimal("0.01"), Decimal("0.0001")
_AMOUNTS = ("budget_initial", "budget", "actual")
_WIDTHS = {"level1": 11, "level2": 12, "name": 22, "target": 13, "achieved": 13, "points": 7, "score": 7,
           "reason": 30, "nature": 8, "unit": 8}


def _num(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return None
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


def _ref(sheet: str, r: int, c: int) -> str:
    return f"{sheet}!{xl_rowcol_to_cell(r, c)}"


class _Writer:
    def __init__(self, book: TemplateBook, sh: Sheet, layout: Layout, data: dict | None):
        self.book, self.sh, self.layout, self.data = book, sh, layout, data
        self.off = 1 if layout.block_column else 0
        self.ind_cols = {k: self.off + i for i, (k, _) in enumerate(layout.indicator_columns)}
        self.width = max(self.off + len(layout.indicator_columns), self.off + 2 + len(layout.fund_columns))

    def anchor(self, key: tuple, r: int, c: int) -> None:
        self.book.anchors[(self.sh.name,) + key] = _ref(self.sh.name, r, c)

    def formula(self, r: int, c: int, text: str, cached: Any, style: str, typed: Any = "absent") -> Any:
        if typed != "absent":
            self.sh.put(r, c, typed, style.replace("_calc", ""))
            return typed
        if self.data is not None and cached == "":
            self.sh.put(r, c, None, style)
            return None
        self.sh.formula(r, c, text, cached, style)
        return cached

    # --- head -----------------------------------------------------------------------
    def head(self, year: int) -> int:
        d, sh, last = self.data or {}, self.sh, self.width - 1
        sh.merge(0, 0, 0, last, "项目支出绩效自评表", "title")
        sh.heights[0] = 30
        sh.merge(1, 0, 1, last, f"（{d.get('year') or year}年度）", "subtitle")
        self.anchor(("title", "year"), 1, 0)
        sh.put(2, 0, "项目名称", "cover_label")
        sh.merge(2, 1, 2, last, d.get("name"), "cover_value")
        mid = 1 + (last - 1) // 2
        sh.put(3, 0, "主管部门", "cover_label")
        sh.merge(3, 1, 3, mid - 1, d.get("department"), "cover_value")
        sh.put(3, mid, "实施单位", "cover_label")
        sh.merge(3, mid + 1, 3, last, d.get("implementer"), "cover_value")
        for key, r, c in (("name", 2, 1), ("department", 3, 1), ("implementer", 3, mid + 1)):
            self.anchor(("field", key), r, c)
        return 4

    # --- funds ----------------------------------------------------------------------
    def funds(self, r0: int) -> int:
        lay, sh = self.layout, self.sh
        funds = (self.data or {}).get("funds") or {}
        lines = lay.fund_lines
        hubei = not lay.block_column
        label_span = (0, 2) if hubei else (1, 2)
        first = label_span[1] + 1
        cols = {k: first + i for i, (k, _) in enumerate(lay.fund_columns)}
        header = r0
        if hubei:
            sh.merge(header, 0, header + 1, 2, lay.fund_label, "group")
        else:
            sh.merge(header, 0, header + len(lines), 0, lay.fund_label, "group")
            sh.merge(header, 1, header, 2, None, "header")
        for k, title in lay.fund_columns:
            sh.put(header, cols[k], title, "header")
        sh.heights[header] = 36
        rows = {key: header + 1 + i for i, (key, _) in enumerate(lines)}
        for key, label in lines:
            r = rows[key]
            if not hubei:
                sh.merge(r, 1, r, 2, label, "label_total" if key == "total" else "label")
            given = funds.get(key) or {}
            for k in _AMOUNTS:
                if k in cols and not (key == "total" and k not in given):
                    sh.put(r, cols[k], given.get(k), "num")
            for k in ("points", "score", "reason"):
                if k in cols and key != "total":
                    sh.put(r, cols[k], given.get(k, "—" if k != "reason" else None), "center")
            for k in cols:
                self.anchor(("fund", key, k), r, cols[k])
        total_row = rows["total"]
        parts = [rows[k] for k, _ in lines if k != "total"]
        given = funds.get("total") or {}
        for k in _AMOUNTS:
            if k in cols and parts:
                c = cols[k]
                vals = [_num(sh.value(r, c)) for r in parts]
                cached = sum((v for v in vals if v is not None), Decimal(0))
                span = f"{xl_rowcol_to_cell(parts[0], c)}:{xl_rowcol_to_cell(parts[-1], c)}"
                self.formula(total_row, c, f"=SUM({span})", cached, "num_calc", given.get(k, "absent"))
        if "points" in cols:
            sh.put(total_row, cols["points"], given.get("points"), "points")
        if "reason" in cols:
            sh.put(total_row, cols["reason"], given.get("reason"), "text")
        for key, _ in lines:
            self._rate(rows[key], cols, (funds.get(key) or {}))
        self._execution_score(total_row, cols, given)
        self.fund_points_cell = (total_row, cols["points"]) if "points" in cols else None
        self.fund_score_cell = (total_row, cols["score"])
        return (header + 2) if hubei else total_row + len(lines)

    def _rate(self, r: int, cols: dict, given: dict) -> None:
        c = cols["rate"]
        a, b = xl_rowcol_to_cell(r, cols["budget"]), xl_rowcol_to_cell(r, cols["actual"])
        base, spent = _num(self.sh.value(r, cols["budget"])), _num(self.sh.value(r, cols["actual"]))
        cached = "" if not base else (Decimal(spent or 0) / base).quantize(_BASIS, ROUND_HALF_UP)
        self.formula(r, c, f'=IF(N({a})=0,"",ROUND(N({b})/{a},4))', cached, "pct_calc", given.get("rate", "absent"))

    def _execution_score(self, r: int, cols: dict, given: dict) -> None:
        rate_cell = xl_rowcol_to_cell(r, cols["rate"])
        rate = _num(self.sh.value(r, cols["rate"]))
        if "points" in cols:
            points_ref, points = xl_rowcol_to_cell(r, cols["points"]), _num(self.sh.value(r, cols["points"]))
        else:  # Hubei: the points are in the block's label
            points = Decimal((self.data or {}).get("execution_points", 20))
            points_ref = str(points)
        cached = "" if rate is None or points is None else (min(rate, Decimal(1)) * points).quantize(_CENT, ROUND_HALF_UP)
        text = f'=IF(OR({rate_cell}="",N({points_ref})=0),"",ROUND(MIN({rate_cell},1)*{points_ref},2))'
        self.formula(r, cols["score"], text, cached, "points_calc", given.get("score", "absent"))

    # --- goal -----------------------------------------------------------------------
    def goal(self, r: int) -> int:
        goal = (self.data or {}).get("goal") or {}
        sh, last = self.sh, self.width - 1
        mid = 1 + (last - 1) // 2
        sh.merge(r, 0, r + 1, 0, "年度总体目标", "group")
        sh.merge(r, 1, r, mid, "预期目标", "header")
        sh.merge(r, mid + 1, r, last, "实际完成情况", "header")
        sh.merge(r + 1, 1, r + 1, mid, goal.get("expected"), "text")
        sh.merge(r + 1, mid + 1, r + 1, last, goal.get("actual"), "text")
        sh.heights[r + 1] = 60
        self.anchor(("goal", "expected"), r + 1, 1)
        self.anchor(("goal", "actual"), r + 1, mid + 1)
        return r + 2

    # --- indicators -----------------------------------------------------------------
    def indicator_header(self, r: int) -> None:
        for k, title in self.layout.indicator_columns:
            self.sh.put(r, self.ind_cols[k], title, "header")
        self.sh.heights[r] = 30

    def indicator_rows(self, r: int, rows: list[dict]) -> list[int]:
        sh, cols = self.sh, self.ind_cols
        labels = (self.data or {}).get("level1_points") or {}
        styles = {"name": "text", "reason": "text", "points": "points", "score": "points"}
        used = []
        for i, row in enumerate(rows):
            rr = r + i
            for k, c in cols.items():
                v = row.get(k)
                if k == "level1" and v and v in labels:
                    v = f"{v}（{labels[v]}分）"
                sh.put(rr, c, v, styles.get(k, "center"))
                if row.get("name"):
                    self.anchor(("indicator", row["name"], k), rr, c)
            used.append(rr)
            long = len(str(row.get("reason") or "")) > 28 or len(str(row.get("level2") or "")) > 6
            sh.heights[rr] = 32 if long else 20
        for key, col in (("level1", cols["level1"]), ("level2", cols["level2"])):
            _merge_runs(sh, col, [(rr, (row.get("level1"), row.get(key)) if row.get(key) else (rr,), sh.value(rr, col))
                                  for rr, row in zip(used, rows)])
        for rr, row in zip(used, rows):  # a 一级 label sits at the top of its merge
            if row.get("level1"):
                self.book.anchors.setdefault((sh.name, "level1", row["level1"]), _ref(sh.name, rr, cols["level1"]))
        return used

    def total(self, r: int, used: list[int]) -> int:
        sh, cols, d = self.sh, self.ind_cols, self.data or {}
        typed = d.get("total") or {}
        sh.merge(r, 0, r, cols["points"] - 1 if cols["points"] > 0 else 0, "总分", "label_total")
        for key, fund_cell in (("points", self.fund_points_cell), ("score", self.fund_score_cell)):
            c = cols[key]
            cells = [(rr, c) for rr in used]
            vals = [_num(sh.value(*x)) for x in cells]
            if fund_cell is not None:
                head, first = xl_rowcol_to_cell(*fund_cell), _num(sh.value(*fund_cell))
            else:
                first = Decimal(d.get("execution_points", 20))
                head = str(first)
            cached = sum((v for v in vals + [first] if v is not None), Decimal(0))
            args = ",".join([head] + [xl_rowcol_to_cell(*x) for x in cells])
            self.formula(r, c, f"=SUM({args})", cached, "points_calc", typed.get(key, "absent"))
            self.anchor(("total", key), r, c)
        for c in range(cols["points"] + 1, self.width):
            if (r, c) not in sh.cells:
                sh.put(r, c, None, "text")
        sh.heights[r] = 22
        if "grade" in d or self.data is None:
            sh.merge(r + 1, 0, r + 1, cols["points"] - 1, "自评等级", "label_total")
            sh.merge(r + 1, cols["points"], r + 1, self.width - 1, d.get("grade"), "center")
            self.anchor(("total", "grade"), r + 1, cols["points"])
            sh.validations.append((xl_rowcol_to_cell(r + 1, cols["points"]),
                                   {"validate": "list", "source": ["优", "良", "中", "差"]}))
            return r + 2
        return r + 1

    def validations(self, used: list[int]) -> None:
        if not used:
            return
        cols = self.ind_cols
        pc, sc = xl_rowcol_to_cell(0, cols["points"])[:-1], xl_rowcol_to_cell(0, cols["score"])[:-1]
        first, last = used[0] + 1, used[-1] + 1
        self.sh.validations += [
            (f"{sc}{first}:{sc}{last}", {"validate": "decimal", "criteria": "between", "minimum": 0,
                                         "maximum": f"=${pc}{first}", "error_title": "得分",
                                         "error_message": "得分应在0和该指标分值之间"}),
            (f"{pc}{first}:{pc}{last}", {"validate": "decimal", "criteria": "between", "minimum": 0,
                                         "maximum": 100}),
        ]

    def notes(self, r: int, notes: list[str]) -> None:
        last = self.width - 1
        self.sh.merge(r + 1, 0, r + 1, last, "填表说明", "note_title")
        for i, note in enumerate(notes, start=1):
            self.sh.merge(r + 1 + i, 0, r + 1 + i, last, f"{i}. {note}", "note")
            self.sh.heights[r + 1 + i] = 28


def _merge_runs(sh: Sheet, col: int, rows: list[tuple[int, tuple, Any]]) -> None:
    """Merge a column down over consecutive rows of one group: (row, group key, label)."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][1] == rows[i][1] and rows[j + 1][0] == rows[j][0] + 1:
            j += 1
        sh.merge(rows[i][0], col, rows[j][0], col, rows[i][2], "group")
        i = j + 1


_BLANK_ROWS = [("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标"),
               ("产出指标", "时效指标"), ("产出指标", "成本指标"), ("效益指标", "经济效益指标"),
               ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"),
               ("满意度指标", "服务对象满意度指标")]


def instructions(pack) -> list[str]:
    """The form's own rules, from its pack; worded so that no line starts like a label."""
    weights = "、".join(f"{k}{v}分" for k, v in pack.weights.items())
    bands = "、".join(f"{b.high:g}%–{b.low:g}%" for b in pack.bands)
    grades, upper = [], None
    for grade, low in pack.grades:
        grades.append(f"{grade}：{low:g}分（含）以上" if upper is None else
                      f"{grade}：{low:g}（含）至{upper:g}分" if low else f"{grade}：{upper:g}分以下")
        upper = low
    return [
        "每个项目填写一张表（一个工作表），金额单位为万元，保留两位小数；灰色底纹单元格为公式，请勿覆盖。",
        f"分值合计{pack.total_points}分：{pack.execution_name}{pack.execution_points}分，{weights}（特殊情况可调整）。",
        f"执行率 = 全年执行数 ÷ 全年预算数；执行得分 = 执行率 × 分值，执行率超过100%的按满分计。",
        "定量指标完成目标的得满分；未完成的按完成比例计分（正向指标 实际值÷目标值，反向指标 目标值÷实际值）。",
        f"定性指标按达成情况分档计分：{bands}。",
        "得分不得超过分值；未得满分或未完成目标的指标须填写偏差原因分析及改进措施。",
        f"自评等级：{'；'.join(grades)}。",
    ]


def project_sheet(book: TemplateBook, name: str, data: dict | None, layout: Layout, year: int, pack=None) -> Sheet:
    """One project table on a sheet of its own; ``data=None`` gives the blank national form."""
    sh = Sheet(name, freeze=None)
    book.sheets.append(sh)
    w = _Writer(book, sh, layout, data)
    r = w.head(year)
    r = w.funds(r)
    rows = list((data or {}).get("indicators") or []) if data is not None else \
        [{"level1": a, "level2": b} for a, b in _BLANK_ROWS]
    used: list[int] = []
    if layout.target_blocks:
        blocks = (data or {}).get("blocks") or {}
        for n, label in enumerate(layout.target_blocks, start=1):
            sh.merge(r, 0, r, 2, label, "label_total")
            sh.merge(r, 3, r, w.width - 1, blocks.get(n), "text")
            sh.heights[r] = 40
            w.indicator_header(r + 1)
            mine = [x for x in rows if x.get("block", 1) == n] if data is not None else rows[:4]
            used += w.indicator_rows(r + 2, mine)
            r += 2 + len(mine)
    else:
        r = w.goal(r)
        w.indicator_header(r)
        used = w.indicator_rows(r + 1, rows)
        sh.merge(r, 0, r + len(rows), 0, "绩效指标", "group")
        r += 1 + len(rows)
    r = w.total(r, used)
    w.validations(used)
    if data is None and pack is not None:
        w.notes(r, instructions(pack))
    sh.widths = {0: 12 if layout.block_column else _WIDTHS["level1"]}
    for k, c in w.ind_cols.items():
        sh.widths[c] = max(_WIDTHS.get(k, 11), sh.widths.get(c, 0))
    return sh


def list_sheet(book: TemplateBook, projects: list[dict]) -> None:
    """A 项目清单 in front, as many departments send: one row per project."""
    sh = Sheet("项目清单", widths={0: 6, 1: 36, 2: 24, 3: 14})
    for c, title in enumerate(("序号", "项目名称", "主管部门", "工作表")):
        sh.put(0, c, title, "header")
    for i, p in enumerate(projects, start=1):
        for c, v in enumerate((i, p.get("name"), p.get("department"), p.get("sheet"))):
            sh.put(i, c, v, "center" if c != 1 else "text")
    book.sheets.insert(0, sh)


def build_projects(projects: list[dict] | None, *, layout: str = "national", year: int = 2022,
                   with_list: bool = False, pack=None) -> TemplateBook:
    """A workbook of project tables, one sheet each (``projects=None``: the blank form)."""
    book = TemplateBook([], title="项目支出绩效自评表")
    lay = LAYOUTS[layout]
    if projects is None:
        project_sheet(book, "项目支出绩效自评表", None, lay, year, pack)
        return book
    for i, p in enumerate(projects, start=1):
        project_sheet(book, p.get("sheet") or f"项目{i}", p, LAYOUTS[p.get("layout", layout)], year, pack)
    if with_list:
        list_sheet(book, projects)
    return book


def write_template(fh, year: int = 2022) -> None:
    """The blank national form (what ``auditor template --form project`` writes)."""
    from auditor.forms.project.pack import for_region

    emit(build_projects(None, year=year, pack=for_region("national")), fh)
