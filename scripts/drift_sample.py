"""A consistent department written the way real submissions drift from the template.

Every figure comes from the standard book built from the same data, so the drift is in
the presentation only: renamed and reordered sheets, an extra sheet, title and unit rows,
blank rows, deleted zero lines, numbers typed as text (thousands separators, full-width
digits, a unit in the cell, a negative in brackets), percentages as "99.09%" text and as
fractions under a % format, "-"/"—" for not applicable, points written into group labels
and 小计 rows.  Values only, no formulas.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from auditor.forms.template_book import TemplateBook

_FIXED = dt.datetime(2024, 1, 1)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def _f(value):
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else value


class _Writer:
    def __init__(self, ws):
        self.ws = ws

    def put(self, row, col, value, fmt=None, bold=False):
        cell = self.ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # a target such as "=100%" is text, not a formula
        cell.border = _BOX
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        return cell

    def title(self, row, text, last_col):
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        cell = self.ws.cell(row=row, column=1, value=text)
        cell.font = Font(bold=True, size=14)
        cell.alignment = Alignment(horizontal="center")

    def widths(self, *widths):
        for i, w in enumerate(widths):
            self.ws.column_dimensions[chr(ord("A") + i)].width = w


def write_drift(path: Path, data: dict, book: TemplateBook) -> None:
    def v(*anchor):
        return _f(book.cell(book.anchors[anchor]).value)

    dept = data["cover"]["department"]
    wb = Workbook()
    _cover(_Writer(wb.active), data)
    wb.active.title = "基本信息"
    _budget(_Writer(wb.create_sheet("1.收支表")), v, dept)
    _sangong(_Writer(wb.create_sheet("2.三公经费表")), v)
    notes = wb.create_sheet("附表说明")
    for i, text in enumerate(["附表说明", "1. 本表数据来源于2023年度部门决算报表，经单位负责人审核。",
                              "2. 没有发生额的项目已删除。", "3. 联系人：" + data["cover"]["filler"]], start=1):
        notes.cell(row=i, column=1, value=text)
    _scoring(_Writer(wb.create_sheet("4.自评评分表")), data, v)
    _targets(_Writer(wb.create_sheet("3.绩效目标表")), data)
    wb.properties.created = _FIXED
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).write_bytes(_stable_zip(buf.getvalue()))


def _cover(w: _Writer, data: dict) -> None:
    c = data["cover"]
    w.title(1, "2023年度部门整体支出绩效自评表", 3)
    w.put(3, 1, "评价年度：", bold=True)
    w.put(3, 3, c["year"])                      # value two columns right of its label
    w.put(5, 1, "部门名称：", bold=True)        # a blank row inserted above
    w.put(5, 2, c["department"])
    w.put(6, 1, "部门编码", bold=True)
    w.put(6, 2, int(c["code"]))                 # typed as a number
    w.put(7, 1, "填报人", bold=True)
    w.put(7, 2, c["filler"])
    w.put(8, 1, "联系电话", bold=True)
    w.put(8, 2, c["phone"])
    w.put(9, 1, "填报日期", bold=True)
    y, m, d = (int(x) for x in re.findall(r"\d+", c["date"]))
    w.put(9, 2, dt.datetime(y, m, d), fmt="yyyy-mm-dd")
    w.put(10, 1, "金额单位", bold=True)
    w.put(10, 2, c["unit"])
    w.widths(14, 30, 10)


_INCOME_HEAD = ["项目", "年初预算数", "调整后预算数", "决算数", "决算占比（%）", "较年初预算增减额", "较年初预算增减率（%）"]


def _budget(w: _Writer, v, dept: str) -> None:
    w.title(1, f"{dept}2023年度收支情况表", 7)
    w.ws.cell(row=2, column=1, value="单位：万元")
    w.ws.cell(row=4, column=1, value="收入情况").font = Font(bold=True)
    for c, h in enumerate(_INCOME_HEAD, start=1):
        w.put(5, c, h, bold=True)
    gp = lambda col: v("income", "general_public", col)  # noqa: E731
    w.put(6, 1, "一般公共预算财政拨款收入")
    w.put(6, 2, gp("budget_initial"), "0.00")
    w.put(6, 3, gp("budget_adjusted"), "0.00")
    w.put(6, 4, f"{gp('actual'):,.2f}")                          # "1,505.23" typed as text
    w.put(6, 5, f"{gp('share'):.2f}%")                           # "99.09%" typed as text
    w.put(6, 6, gp("change"), "0.00")
    w.put(6, 7, gp("change_rate"), "0.00")
    gf = lambda col: v("income", "gov_fund", col)  # noqa: E731
    w.put(7, 1, "政府性基金预算财政拨款收入")
    w.put(7, 2, gf("budget_initial"), "0.00")
    w.put(7, 3, "-")
    w.put(7, 4, "-")
    w.put(7, 5, "—")
    w.put(7, 6, f"（{-gf('change'):.2f}）")                       # a negative in brackets
    w.put(7, 7, gf("change_rate"), "0.00")
    ot = lambda col: v("income", "other", col)  # noqa: E731
    w.put(8, 1, "其他收入")
    w.put(8, 2, "—")
    w.put(8, 3, ot("budget_adjusted"), "0.00")
    w.put(8, 4, f"{ot('actual'):.2f}万元")                        # the unit typed into the cell
    w.put(8, 5, ot("share") / 100, "0.00%")                       # a fraction under a % format
    w.put(8, 6, ot("change"), "0.00")
    w.put(8, 7, "—")                                              # no opening budget: no rate
    for r, line in ((9, "total"), (10, "grand_total")):           # 年初结转和结余 (zero) deleted
        t = lambda col: v("income", line, col)  # noqa: E731
        w.put(r, 1, "本年收入合计" if line == "total" else "收入总计", bold=True)
        w.put(r, 2, t("budget_initial"), "0.00")
        w.put(r, 3, t("budget_adjusted"), "0.00")
        w.put(r, 4, f"{t('actual'):.2f}".translate(_FULL_WIDTH) if line == "total" else t("actual"), "0.00")
        w.put(r, 5, t("share"), "0.00")
        w.put(r, 6, t("change"), "0.00")
        w.put(r, 7, t("change_rate"), "0.00")

    w.ws.cell(row=13, column=1, value="支出情况（按经济分类）").font = Font(bold=True)
    for c, h in enumerate(_INCOME_HEAD[:5], start=1):
        w.put(14, c, h, bold=True)
    row = 16                                                      # a blank row under the header
    for line, label in (("wages", "工资福利支出"), ("goods_services", "商品和服务支出"),
                        ("household", "对个人和家庭的补助"), ("total", "本年支出合计")):
        w.put(row, 1, label, bold=line == "total")
        for c, col in enumerate(("budget_initial", "budget_adjusted", "actual", "share"), start=2):
            w.put(row, c, v("expense_economic", line, col), "0.00")
        row += 1

    w.ws.cell(row=21, column=1, value="支出情况（按支出性质）").font = Font(bold=True)
    for c, h in enumerate(["项目", "调整后预算数", "决算数", "决算占比（%）"], start=1):
        w.put(22, c, h, bold=True)
    row = 23
    for line, label in (("basic", "基本支出"), ("personnel", "其中：人员经费"), ("public_use", "公用经费"),
                        ("project", "项目支出"), ("total", "本年支出合计"), ("grand_total", "支出总计")):
        w.put(row, 1, label, bold=line in ("total", "grand_total"))
        w.put(row, 2, v("expense_nature", line, "budget_adjusted"), "0.00")
        w.put(row, 3, v("expense_nature", line, "actual"), "0.00")
        w.put(row, 4, v("expense_nature", line, "share"), "0.00")
        row += 1
    w.put(30, 1, "预算执行率（%）", bold=True)
    w.put(30, 3, v("execution_rate",) / 100, "0.00%")             # column B left empty
    w.widths(30, 14, 14, 14, 13, 16, 18)


def _sangong(w: _Writer, v) -> None:
    w.title(1, "2023年度“三公”经费支出情况表", 5)
    w.ws.cell(row=2, column=5, value="单位：万元")
    for c, h in enumerate(["项目", "预算数", "决算数", "决算较预算增减额", "执行率（%）"], start=1):
        w.put(3, c, h, bold=True)
    labels = [("abroad", "因公出国（境）费"), ("vehicles", "公务用车购置及运行维护费"),
              ("vehicle_purchase", "其中：公务用车购置费"), ("vehicle_running", "公务用车运行维护费"),
              ("reception", "公务接待费"), ("total", "合计")]
    for r, (line, label) in enumerate(labels, start=4):
        w.put(r, 1, label, bold=line == "total")
        budget = v("sangong", line, "budget")
        if not budget and not v("sangong", line, "actual"):
            for c, dash in enumerate(("-", "-", "—", "—"), start=2):
                w.put(r, c, dash)
            continue
        change = v("sangong", line, "change")
        w.put(r, 2, budget, "0.00")
        w.put(r, 3, v("sangong", line, "actual"), "0.00")
        w.put(r, 4, f"（{-change:.2f}）" if line == "vehicles" and change < 0 else change, "0.00")
        w.put(r, 5, v("sangong", line, "rate"), "0.00")
    w.widths(30, 12, 12, 18, 12)


def _targets(w: _Writer, data: dict) -> None:
    heads = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "完成情况", "偏差原因分析"]
    w.title(1, "2023年度部门整体支出绩效目标完成情况表", 7)
    for c, h in enumerate(heads, start=1):
        w.put(2, c, h, bold=True)
    rows = data["targets"]
    for r, t in enumerate(rows, start=3):
        for c, key in enumerate(("level1", "level2", "name", "target", "achieved", "status", "deviation"), start=1):
            w.put(r, c, t[key] or None)
    _merge_down(w, 1, [(r, t["level1"]) for r, t in enumerate(rows, start=3)])
    _merge_down(w, 2, [(r, t["level1"] + t["level2"]) for r, t in enumerate(rows, start=3)])
    w.widths(12, 12, 30, 14, 14, 10, 30)


def _merge_down(w: _Writer, col: int, rows: list[tuple[int, str]]) -> None:
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][1] == rows[i][1]:
            j += 1
        if j > i:
            w.ws.merge_cells(start_row=rows[i][0], start_column=col, end_row=rows[j][0], end_column=col)
        i = j + 1


def _scoring(w: _Writer, data: dict, v) -> None:
    heads = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分", "得分说明（扣分原因）"]
    w.title(1, "部门整体支出绩效自评评分表", 7)
    for c, h in enumerate(heads, start=1):
        w.put(2, c, h, bold=True)
    from sample_data import PACK  # the group points written into the labels come from the pack
    group_points = {g.level2: g.points for g in PACK.groups}
    r = 3
    for level1 in PACK.level1_points:
        items = [s for s in data["scoring"] if s["level1"] == level1]
        first = r
        for s in items:
            label2 = f"{s['level2']}（{group_points[s['level2']]}分）" if level1 == "履职效能" else s["level2"]
            for c, value in enumerate((f"{level1}（{PACK.level1_points[level1]}分）", label2, s["name"],
                                       s["points"], s["criteria"], s["score"], s["reason"]), start=1):
                w.put(r, c, value)
            r += 1
        _merge_down(w, 2, [(row, items[row - first]["level2"]) for row in range(first, r)])
        w.put(r, 2, "小计", bold=True)
        w.ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        w.put(r, 4, sum(s["points"] for s in items), bold=True)
        w.put(r, 6, sum(s["score"] for s in items), bold=True)
        w.ws.merge_cells(start_row=first, start_column=1, end_row=r, end_column=1)
        w.put(first, 1, f"{level1}（{PACK.level1_points[level1]}分）", bold=True)
        r += 1
    w.put(r, 1, "合计", bold=True)
    w.put(r, 4, _f(v("scoring_total", "total_points")), bold=True)
    w.put(r, 6, _f(v("scoring_total", "total_score")), bold=True)
    w.put(r + 1, 1, "自评等级", bold=True)
    w.put(r + 1, 6, data["grade"], bold=True)                   # first filled cell right of the label
    w.widths(14, 14, 24, 7, 36, 9, 44)


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and a fixed modified date, so reruns match."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
