"""R012: a table printed in the report whose rows and columns must add up: a 合计 column
followed by its 其中 parts, and a 汇总 (合计) row over the rows below or above it.

Hunan's 自评报告 form prints 年度收入情况（万元）: 机构名称 | 收入合计 | 其中：上年结转 |
公共财政拨款 | 政府基金拨款 | 纳入专户管理的非税收入拨款 | 其他, rows 汇总 / 1、局机关 /
2、二级机构.  Any table of that shape is judged the same way; a table of another shape
(no 合计 column, or no 其中 after it) is not judged at all.  Only a .docx keeps its tables:
a .txt or a PDF's text gives no cells to add.
"""
from __future__ import annotations

import re
from collections import namedtuple

from auditor.codes import ERROR, register
from auditor.codes.bilingual import Bilingual
from auditor.forms.report.rules.base import ReportRule
from auditor.numbers import BLANK, NOT_APPLICABLE, NUMBER, normalize_text, parse_text
from auditor.precision import Interval, exact, show, stated, sum_of

_TOTAL = re.compile(r"合计|总计")
_PARTS_START = "其中"
# A column after the parts that is no part of them: another total, a rate, a note.
_NOT_A_PART = re.compile(r"合计|总计|率|占比|比重|备注|说明|%")
_SUMMARY_ROW = re.compile(r"^(?:汇总|合计|总计)")
# A row below an institution's (（1）…, 其中…): its figures are in its parent's already.
_SUB_ROW = re.compile(r"^(?:[（(]\s*\d+\s*[)）]|其中|含)")
_PREFIX = re.compile(r"^其中[:：]?")
# 其中 lists some parts or all: a 其他 column says all (Hunan's 收入 table); without one the
# parts may fall short of the 合计, and only parts that exceed it are wrong.
_REST = re.compile(r"^其他|^其它")


# A table of the shape: each column's name (for the message), the rows below its header,
# the 合计 column's index and its 其中 columns' (0-based).
_Shape = namedtuple("_Shape", "heads data total parts complete")


def _figure(cell) -> tuple[Interval, str, int] | None:
    """The interval a printed amount stands for, the amount as printed and its decimals;
    blank or a dash is zero, as in a workbook; text or a percentage: None (nothing to add)."""
    parsed = parse_text(cell.text)
    if parsed.kind in (BLANK, NOT_APPLICABLE):
        return exact(0), (cell.text.strip() or "空"), 2
    if parsed.kind != NUMBER or parsed.percent_sign:
        return None
    return stated(parsed.number, parsed.decimals), show(parsed.number, parsed.decimals), parsed.decimals


def _shape(table) -> _Shape | None:
    rows = table.rows
    width = min((len(r) for r in rows), default=0)
    if width < 4:
        return None
    # the header: the rows above the first that holds a figure right of its label
    first = next((i for i, r in enumerate(rows)
                  if any(parse_text(c.text).kind == NUMBER for c in r[1:width])), None)
    if not first:
        return None
    heads, chains = [], []
    for col in range(width):
        chain = []
        for r in rows[:first]:
            text = normalize_text(r[col].text)
            if text and text not in chain:
                chain.append(text)
        chains.append("".join(chain))
        heads.append(_PREFIX.sub("", chain[-1]) if chain else "")
    total = next((c for c in range(1, width - 1) if _TOTAL.search(heads[c])), None)
    if total is None or _PARTS_START not in chains[total + 1]:
        return None
    parts = []
    for col in range(total + 1, width):
        if _NOT_A_PART.search(heads[col]):
            break
        parts.append(col)
    if len(parts) < 2:
        return None
    complete = any(_REST.match(heads[c]) for c in parts)
    return _Shape(heads, [r[:width] for r in rows[first:]], total, parts, complete)


@register
class ReportTableDoesNotAdd(ReportRule):
    """A table in the report (a .docx's) does not add up: a row's 合计 is not the sum of its 其中 columns, or the 汇总 row is not the sum of the rows it sums.

    The table's header has a 合计 column followed by 其中 parts (年度收入情况: 收入合计 |
    其中：上年结转 | 公共财政拨款 | …), and a 汇总 or 合计 row sums the institutions' rows,
    column by column.  Without a 其他 column the 其中 parts need not be all of the 合计:
    then only parts that exceed it are wrong.  Figures are judged at the precision they are printed with; a blank
    or a dash is zero.  Tables of another shape are not judged; .txt and PDF reports keep
    no tables.
    Bad: ``1、局机关 | 310.00 | 20.00 | 250.00 | 20.00 | 10.00 | 0`` (its sources make 300.00).
    Good: ``1、局机关 | 300.00 | 20.00 | 250.00 | 20.00 | 10.00 | 0``.
    """

    code = "R012"
    action = {"zh": "请核对该表的合计与各分项，使其相符",
              "en": "Check the table's totals against its parts so that they agree"}
    name = "report-table-sums"
    severity = ERROR
    forms = None   # a table in the report: no workbook states it, so beside one too
    message = {"zh": "报告{place}{basis}应为 {computed}，填报为 {stated}",
               "en": "Report {place} should be {computed}, {basis}; it is {stated}"}

    def check(self, ctx):
        if ctx.report is None:
            return
        for table in getattr(ctx.report, "tables", ()):
            shape = _shape(table)
            if shape is not None:
                yield from self._judge(ctx, table, shape)

    def _judge(self, ctx, table, shape):
        """The 汇总 row's parts against the rows' first (those are the figures nothing is
        derived from), then each row's 合计 against its parts as corrected, then the 汇总's
        合计 against the rows' 合计 as corrected: no expected value comes from a figure
        itself found wrong, and no cell is reported twice."""
        corrected: dict = {}   # (row, col) -> the interval a cell found wrong should hold
        summaries = [r for r in shape.data if _SUMMARY_ROW.match(normalize_text(r[0].text))]
        members = [r for r in shape.data if r not in summaries]
        by_columns = len(summaries) == 1 and members and not any(_SUB_ROW.match(normalize_text(r[0].text)) for r in members)
        column_basis = Bilingual("按所汇总各行之和", "the sum of the rows it totals")
        if by_columns:   # else no single 汇总 over rows of one level: nothing to add down the columns
            yield from self._down(ctx, table, shape, summaries[0], members, shape.parts, corrected, column_basis)
        row_basis = Bilingual("按本行“其中”各列之和", "the sum of the row's 其中 columns")
        for row in shape.data:
            total = _figure(row[shape.total])
            parts = [self._value(row, c, corrected) for c in shape.parts]
            if total is None or None in parts:
                continue
            allowed = sum_of(parts)
            if not total[0].meets(allowed) and (shape.complete or allowed.lo > total[0].hi):
                corrected[(row[0].row, shape.total)] = allowed
                yield self._finding(ctx, table, shape, row[shape.total], total, allowed, row_basis)
        if by_columns:
            yield from self._down(ctx, table, shape, summaries[0], members, [shape.total], corrected, column_basis)

    @staticmethod
    def _value(row, col, corrected) -> Interval | None:
        if (row[0].row, col) in corrected:
            return corrected[(row[0].row, col)]
        figure = _figure(row[col])
        return None if figure is None else figure[0]

    def _down(self, ctx, table, shape, summary, members, columns, corrected, basis):
        for col in columns:
            stated_sum = _figure(summary[col])
            figures = [self._value(r, col, corrected) for r in members]
            if stated_sum is None or None in figures or (summary[0].row, col) in corrected:
                continue
            allowed = sum_of(figures)
            if not stated_sum[0].meets(allowed):
                corrected[(summary[0].row, col)] = allowed
                yield self._finding(ctx, table, shape, summary[col], stated_sum, allowed, basis)

    def _finding(self, ctx, table, shape, cell, figure, allowed: Interval, basis):
        stated, printed, decimals = figure
        computed = show(allowed.mid, max(decimals, 2))
        printed = show(stated.mid, max(decimals, 2))  # both sides to the same decimals
        place = Bilingual(f"表{table.number}第{cell.row}行“{shape.heads[cell.column - 1]}”列",
                          f"table {table.number}, row {cell.row}, column “{shape.heads[cell.column - 1]}”")
        return self.at(ctx.report.loc(cell.line), expected=computed, actual=printed,
                       place=place, stated=printed, computed=computed, basis=basis)
