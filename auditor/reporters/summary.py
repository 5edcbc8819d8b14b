"""summary.xlsx: the batch at a glance, one workbook a reviewer can sort and filter.

Sheets: 汇总 (one row per file), 问题清单 (every finding), 指标得分 (departments ×
indicators), 规则统计 (findings per rule) and 图表.  It judges nothing itself: what it
marks (duplicates, points off) are findings, D002/D004 and P011/D005, shown where they belong.  Everything a department typed is
written with ``write_string``, so a name such as ``=HYPERLINK(...)`` stays text; the only
links are ours (to the annotated copies).  The output depends on nothing but its inputs:
rows are sorted and the document's created date is fixed.
"""
from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

from auditor.findings import Severity
from auditor.codes import REGISTRY, render
from auditor.report import RunReport
from auditor.reporters.base import Reporter, register
from auditor.reporters.summary_charts import add_charts

MAX_TEXT = 2000
CUT = "…[截断]"
FIXED_DATE = datetime.datetime(2000, 1, 1)
# The findings the 汇总 sheet's 重复 column shows, and the words it shows them by.
DUPLICATE_CODES = (("D002", "dup_code"), ("D004", "dup_name"))
# The findings that mark an indicator's 分值 as off (the pack's, the cohort's).
POINTS_CODES = ("P011", "D005")
SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}

W = {
    "zh": {
        "summary": "汇总", "findings": "问题清单", "scores": "指标得分", "rules": "规则统计",
        "department": "部门名称", "code": "部门编码", "year": "年度", "file": "文件", "status": "状态",
        "stated": "自评总分", "recomputed": "复核总分", "diff": "差额", "grade": "自评等级",
        "grade_re": "复核等级", "errors": "错误", "warnings": "警告", "income": "本年收入合计（决算，万元）",
        "expense": "本年支出合计（决算，万元）", "exec_stated": "预算执行率（填报，%）",
        "exec_re": "预算执行率（复核，%）", "sg_budget": "三公经费预算合计（万元）",
        "sg_actual": "三公经费决算合计（万元）", "dup": "重复", "note": "说明", "copy": "审核副本",
        "open": "打开", "total": "合计", "checked": "已审核", "unreadable": "无法读取",
        "dup_code": "部门编码重复", "dup_name": "部门名称重复", "no_copy": "未生成审核副本：",
        "severity": "严重程度", "rule": "规则", "where": "位置", "message": "问题",
        "rule_name": "规则名称", "count": "问题数", "affected": "涉及部门数",
        "level2": "二级指标", "points_off": "分值 {got}，应为 {want}", "files": "个文件",
    },
    "en": {
        "summary": "汇总", "findings": "问题清单", "scores": "指标得分", "rules": "规则统计",
        "department": "Department", "code": "Code", "year": "Year", "file": "File", "status": "Status",
        "stated": "Total (stated)", "recomputed": "Total (recomputed)", "diff": "Difference",
        "grade": "Grade (stated)", "grade_re": "Grade (recomputed)", "errors": "Errors",
        "warnings": "Warnings", "income": "Income total, actual (10k yuan)",
        "expense": "Expenditure total, actual (10k yuan)", "exec_stated": "Execution rate, stated (%)",
        "exec_re": "Execution rate, recomputed (%)", "sg_budget": "Three public expenses, budget (10k yuan)",
        "sg_actual": "Three public expenses, actual (10k yuan)", "dup": "Duplicate", "note": "Note",
        "copy": "Annotated copy", "open": "open", "total": "Total", "checked": "checked",
        "unreadable": "unreadable", "dup_code": "same code as another file",
        "dup_name": "same department as another file", "no_copy": "no annotated copy: ",
        "severity": "Severity", "rule": "Rule", "where": "Where", "message": "Message",
        "rule_name": "Rule name", "count": "Findings", "affected": "Departments",
        "level2": "Group", "points_off": "points {got}, expected {want}", "files": "files",
    },
}
# The 汇总 sheet's sheet names stay Chinese in both languages: links and habits use them.
for _w in W.values():
    _w.update(summary="汇总", findings="问题清单", scores="指标得分", rules="规则统计")


def clip(text) -> str:
    """A cell's text from untrusted input: a string, cut with a visible marker when long."""
    s = "" if text is None else str(text)
    return s if len(s) <= MAX_TEXT else s[: MAX_TEXT - len(CUT)] + CUT


def _num(x) -> float | None:
    return None if x is None else float(x)


class _Sheet:
    """A worksheet with typed writes: strings always as strings, numbers as numbers."""

    def __init__(self, ws, fmt):
        self.ws, self.fmt = ws, fmt

    def text(self, r, c, value, fmt=None):
        text = clip(value)
        if text:
            self.ws.write_string(r, c, text, fmt)
        else:  # an empty shared string reads back as "" rather than as an empty cell
            self.ws.write_blank(r, c, None, fmt)

    def number(self, r, c, value, fmt=None):
        if value is None:
            self.ws.write_blank(r, c, None, fmt)
        else:
            self.ws.write_number(r, c, float(value), fmt)

    def header(self, names: list[str], widths: list[int]):
        for c, (name, width) in enumerate(zip(names, widths)):
            self.text(0, c, name, self.fmt["head"])
            self.ws.set_column(c, c, width)
        self.ws.freeze_panes(1, 0)


@register
class SummaryReporter(Reporter):
    name, writes, binary = "summary", "summary.xlsx: the run at a glance, one row per file", True

    def write(self, report: RunReport, fh: BinaryIO) -> None:
        write_summary(fh, report, lang=self.lang)


def write_summary(target: BinaryIO | str, report: RunReport, *, lang: str = "zh") -> None:
    """Write summary.xlsx for a run, its files sorted by path."""
    w = W.get(lang, W["zh"])
    files = sorted(report.files, key=lambda a: a.path)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "in_memory": True})
    wb.set_properties({"title": "部门整体支出绩效自评 审核汇总", "created": FIXED_DATE, "author": "auditor"})
    fmt = _formats(wb)
    _summary(wb.add_worksheet(w["summary"]), fmt, w, files, report.annotated, report.annotate_errors)
    _findings(wb.add_worksheet(w["findings"]), fmt, w, files, lang)
    _scores(wb.add_worksheet(w["scores"]), fmt, w, files, report.standard_indicators)
    counts = rule_counts(files)
    _rules(wb.add_worksheet(w["rules"]), fmt, w, counts, lang)
    add_charts(wb, fmt, files, counts, lang)
    for ws in wb.worksheets():  # printed for a meeting: landscape, one page wide
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
    wb.close()


def _formats(wb) -> dict:
    f = wb.add_format
    return {
        "head": f({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}),
        "amount": f({"num_format": "#,##0.00"}),
        "score": f({"num_format": "0.##"}),
        "bold": f({"bold": True}),
        "bold_amount": f({"bold": True, "num_format": "#,##0.00", "top": 1}),
        "bold_top": f({"bold": True, "top": 1}),
        "red": f({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        "amber": f({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
        "green": f({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        "pale_green": f({"bg_color": "#E2F0D9"}),
        "grey": f({"font_color": "#808080"}),
        "link": f({"font_color": "#0563C1", "underline": 1}),
        "wrap": f({"text_wrap": True, "valign": "top"}),
    }


def duplicates(a) -> list[str]:
    """The 重复 flags of one file: the duplicate findings (D002, D004) it has."""
    codes = {f.code for f in a.findings}
    return [flag for code, flag in DUPLICATE_CODES if code in codes]


def _reason(a, lang: str) -> str:
    for sev in (Severity.ERROR, Severity.WARNING):
        for f in a.findings:
            if f.severity == sev:
                return f"{f.code} {render(f, lang)}"
    return ""


def _summary(ws, fmt, w, files, annotated, annotate_errors) -> None:
    s = _Sheet(ws, fmt)
    cols = ["department", "code", "year", "file", "status", "stated", "recomputed", "diff", "grade", "grade_re",
            "errors", "warnings", "income", "expense", "exec_stated", "exec_re", "sg_budget", "sg_actual",
            "dup", "note", "copy"]
    widths = [28, 10, 7, 30, 9, 9, 9, 8, 8, 8, 7, 7, 14, 14, 11, 11, 12, 12, 14, 40, 10]
    s.header([w[c] for c in cols], widths)
    ix = {c: i for i, c in enumerate(cols)}
    sums: dict[str, Decimal] = defaultdict(Decimal)
    row = 0
    for row, a in enumerate(files, start=1):
        s.text(row, ix["department"], a.department)
        s.text(row, ix["code"], a.code)
        s.number(row, ix["year"], a.year)
        s.text(row, ix["file"], a.path)
        s.text(row, ix["status"], w.get(a.status.value, a.status.value))
        s.number(row, ix["stated"], a.score_stated, fmt["score"])
        s.number(row, ix["recomputed"], a.score_recomputed, fmt["score"])
        diff = None
        if a.score_stated is not None and a.score_recomputed is not None:
            diff = a.score_stated - a.score_recomputed
        s.number(row, ix["diff"], diff, fmt["score"])
        s.text(row, ix["grade"], a.grade_stated or "")
        s.text(row, ix["grade_re"], a.grade_recomputed or "")
        s.number(row, ix["errors"], a.count(Severity.ERROR))
        s.number(row, ix["warnings"], a.count(Severity.WARNING))
        for key, figure in (("income", "income.total"), ("expense", "expense.total"), ("sg_budget", "sangong.budget"),
                            ("sg_actual", "sangong.actual")):
            value = a.figures.get(figure)
            s.number(row, ix[key], value, fmt["amount"])
            if value is not None:
                sums[key] += value
        s.number(row, ix["exec_stated"], a.figures.get("execution.stated"), fmt["amount"])
        s.number(row, ix["exec_re"], a.figures.get("execution.recomputed"), fmt["amount"])
        s.text(row, ix["dup"], "；".join(w[f] for f in duplicates(a)))
        note = _reason(a, "en" if w is W["en"] else "zh") if not a.checked else ""
        if a.path in annotate_errors:
            note = (note + " " if note else "") + w["no_copy"] + annotate_errors[a.path]
        s.text(row, ix["note"], note)
        if a.path in annotated:
            # The target is a file name we chose; the department's own text never becomes a link.
            ws.write_url(row, ix["copy"], f"external:annotated/{annotated[a.path]}", fmt["link"], w["open"])
        sums["errors"] += a.count(Severity.ERROR)
        sums["warnings"] += a.count(Severity.WARNING)
    last = row
    total_row = last + 1
    s.text(total_row, 0, f"{w['total']}（{len(files)} {w['files']}）" if w is W["zh"] else
           f"{w['total']} ({len(files)} {w['files']})", fmt["bold_top"])
    for c in range(1, len(cols)):
        ws.write_blank(total_row, c, None, fmt["bold_top"])
    for key in ("errors", "warnings"):
        s.number(total_row, ix[key], sums[key], fmt["bold_top"])
    for key in ("income", "expense", "sg_budget", "sg_actual"):
        s.number(total_row, ix[key], sums[key], fmt["bold_amount"])
    if last >= 1:
        ws.autofilter(0, 0, last, len(cols) - 1)
        _summary_colours(ws, fmt, w, ix, last)


def _summary_colours(ws, fmt, w, ix, last) -> None:
    def cf(col, options):
        ws.conditional_format(1, col, last, col, options)

    cf(ix["errors"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["red"]})
    cf(ix["warnings"], {"type": "cell", "criteria": ">", "value": 0, "format": fmt["amber"]})
    cf(ix["diff"], {"type": "cell", "criteria": "!=", "value": 0, "format": fmt["red"]})
    cf(ix["status"], {"type": "cell", "criteria": "==", "value": f'"{w["unreadable"]}"', "format": fmt["red"]})
    cf(ix["dup"], {"type": "formula", "criteria": f"=LEN(${_col(ix['dup'])}2)>0", "format": fmt["amber"]})
    for col in (ix["grade"], ix["grade_re"]):
        for grade, colour in (("优", "green"), ("良", "pale_green"), ("中", "amber"), ("差", "red")):
            cf(col, {"type": "cell", "criteria": "==", "value": f'"{grade}"', "format": fmt[colour]})
    # A recomputed grade that differs from the stated one is what a reviewer looks for first.
    g, gr = _col(ix["grade"]), _col(ix["grade_re"])
    ws.conditional_format(1, ix["grade_re"], last, ix["grade_re"],
                          {"type": "formula", "criteria": f"=AND(${gr}2<>\"\",${gr}2<>${g}2)",
                           "format": fmt["red"]})


def _col(c: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(c)


def _where(f) -> str:
    loc = f.location
    if loc.sheet and loc.cell:
        return f"{loc.sheet}!{loc.cell}"
    if loc.line is not None:
        return f"{loc.file or ''}:{loc.line}"
    return loc.sheet or ""


def _findings(ws, fmt, w, files, lang) -> None:
    s = _Sheet(ws, fmt)
    s.header([w["department"], w["file"], w["severity"], w["rule"], w["where"], w["message"]],
             [24, 30, 8, 7, 22, 90])
    words = SEVERITY_WORDS.get(lang, SEVERITY_WORDS["zh"])
    row = 0
    for a in files:
        for f in a.findings:
            row += 1
            s.text(row, 0, a.department)
            s.text(row, 1, a.path)
            s.text(row, 2, words[f.severity.value])
            s.text(row, 3, f.code)
            s.text(row, 4, _where(f))
            s.text(row, 5, render(f, lang))
    if row:
        ws.autofilter(0, 0, row, 5)
        ws.conditional_format(1, 2, row, 2, {"type": "cell", "criteria": "==", "value": f'"{words["error"]}"',
                                             "format": fmt["red"]})
        ws.conditional_format(1, 2, row, 2, {"type": "cell", "criteria": "==", "value": f'"{words["warning"]}"',
                                             "format": fmt["amber"]})


def indicator_columns(files, standard: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """[(二级指标, 三级指标)] in a stable order: the rule pack's ``standard`` ones first, then
    the departments' own, each under the 二级指标 most files put it in."""
    names_std = {name for _, name in standard}
    level2: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, tuple] = {}
    for a in files:
        for pos, ind in enumerate(a.indicators):
            if ind.name in names_std:
                continue
            level2[ind.name][ind.level2] += 1
            first_seen.setdefault(ind.name, (ind.level1, pos))
    own = sorted(level2, key=lambda n: (first_seen[n][0], _top(level2[n]), -sum(level2[n].values()), n))
    return list(standard) + [(_top(level2[n]), n) for n in own]


def points_off(a) -> dict:
    """Where a file's indicators are worth other than they should be: 分值 cell -> the 分值 expected."""
    return {f.location: f.expected for f in a.findings if f.code in POINTS_CODES}


def _top(c: Counter) -> str:
    return min(c, key=lambda k: (-c[k], k))


def _scores(ws, fmt, w, files, standard) -> None:
    s = _Sheet(ws, fmt)
    checked = [a for a in files if a.indicators]
    columns = indicator_columns(checked, standard)
    s.text(0, 0, w["level2"], fmt["head"])
    s.text(1, 0, w["department"], fmt["head"])
    s.text(0, 1, "", fmt["head"])
    s.text(1, 1, w["file"], fmt["head"])
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 26)
    for c, (l2, name) in enumerate(columns, start=2):
        s.text(0, c, l2, fmt["head"])
        s.text(1, c, name, fmt["head"])
    total_col = len(columns) + 2
    s.text(0, total_col, "", fmt["head"])
    s.text(1, total_col, w["stated"], fmt["head"])
    ws.set_column(2, total_col, 9)
    ws.set_row(1, 60)
    ws.freeze_panes(2, 2)
    col_of = {name: c for c, (_, name) in enumerate(columns, start=2)}
    for row, a in enumerate(checked, start=2):
        s.text(row, 0, a.department)
        s.text(row, 1, a.path)
        off_at = points_off(a)
        for ind in a.indicators:
            c = col_of.get(ind.name)
            if c is None:
                continue
            want = off_at.get(ind.points_at) if ind.points_at is not None else None
            off = ind.points is not None and want is not None
            s.number(row, c, ind.score, fmt["red"] if off else fmt["score"])
            if off:
                ws.write_comment(row, c, w["points_off"].format(got=_plain(ind.points), want=_plain(want)))
        s.number(row, total_col, a.score_stated, fmt["score"])
    if checked:
        ws.autofilter(1, 0, len(checked) + 1, total_col)


def _plain(x) -> str:
    d = Decimal(x)
    return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")


def rule_counts(files) -> list[tuple[str, int, int]]:
    """(code, findings, files affected), most frequent first."""
    n: Counter = Counter()
    affected: dict[str, set] = defaultdict(set)
    for a in files:
        for f in a.findings:
            n[f.code] += 1
            affected[f.code].add(a.path)
    return sorted(((c, n[c], len(affected[c])) for c in n), key=lambda t: (-t[1], t[0]))


def _rules(ws, fmt, w, counts, lang) -> None:
    s = _Sheet(ws, fmt)
    s.header([w["rule"], w["rule_name"], w["severity"], w["count"], w["affected"], w["message"]],
             [7, 24, 8, 8, 10, 70])
    words = SEVERITY_WORDS.get(lang, SEVERITY_WORDS["zh"])
    for row, (code, count, affected) in enumerate(counts, start=1):
        rule = REGISTRY.get(code)
        s.text(row, 0, code)
        s.text(row, 1, rule.name if rule else "")
        s.text(row, 2, words[rule.severity.value] if rule else "")
        s.number(row, 3, count)
        s.number(row, 4, affected)
        s.text(row, 5, rule.summary() if rule else "")
    if counts:
        ws.autofilter(0, 0, len(counts), 5)
