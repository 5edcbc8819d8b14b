"""The narrative report's figures set against the workbook's, and against each other.

Shares and rates are judged with the interval rule of ``auditor.precision``, from the
report's own amounts where it states them, else from the workbook's.  The N rules
(``auditor.forms.department.rules.narrative``) turn these comparisons into findings.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from auditor.values import Value
from auditor.forms.department.model import Workbook
from auditor.narrative.extract import DIRECTION_WORDS, Figure, Stated  # noqa: F401  (N011 names it here)
from auditor.narrative.read import Sentence
from auditor.numbers import NUMBER
from auditor.precision import CONSISTENT, WRONG, Interval, amount, exact, judge, show
from auditor.forms.department.vocabulary import line_name

# Where a figure the report states may stand in the workbook, tried in order: a report's
# 决算收入 may mean 本年收入合计 or 收入总计.
CANDIDATES = {
    ("income", "total"): [("income", "total"), ("income", "grand_total")],
    ("expense_economic", "total"): [("expense_economic", "total"), ("expense_nature", "total"),
                                    ("expense_nature", "grand_total")],
}
TOTALS = {"total", "grand_total", "carryover", "carryover_end"}
BUDGET_COLUMN = {"income": "budget_initial", "expense_economic": "budget_initial", "sangong": "budget"}


# --- the workbook side -------------------------------------------------------------------

def wb_amount(wb: Workbook, table: str, key: str, column: str) -> tuple[Interval | None, Value | None]:
    """A workbook amount as a 万元 interval and its cell.  A source, class or 三公 item
    the department deleted counts as zero; a total that is missing says nothing."""
    t = getattr(wb, table, None)
    if t is None:
        return None, None
    line = t.lines.get(key)
    if line is None:
        return (exact(0), None) if key not in TOTALS and t.lines else (None, None)
    v = line.get(column)
    if v is None or not (v.kind == NUMBER or v.is_blank):
        return None, v
    return amount(v.amount(), v.decimals).scale(wb.wan_factor), v


def wb_candidates(wb, table, key, column):
    for t, k in CANDIDATES.get((table, key), [(table, key)]):
        iv, cell = wb_amount(wb, t, k, column)
        if iv is not None:
            yield iv, cell


def workbook_change(wb, st: Stated) -> tuple[Interval | None, list[Value]]:
    """决算 − 预算 in the workbook, or its stated 增减额 when an amount is missing."""
    col = BUDGET_COLUMN.get(st.table)
    actual, a_cell = wb_amount(wb, st.table, st.key, "actual")
    budget, b_cell = wb_amount(wb, st.table, st.key, col) if col else (None, None)
    if actual is not None and budget is not None:
        return actual - budget, [c for c in (a_cell, b_cell) if c is not None]
    change, c_cell = wb_amount(wb, st.table, st.key, "change")
    if change is not None and c_cell is not None:
        return change, [c_cell]
    return None, []


def magnitude(iv: Interval) -> Interval:
    if iv.lo >= 0:
        return iv
    if iv.hi <= 0:
        return Interval(-iv.hi, -iv.lo)
    return Interval(Decimal(0), max(-iv.lo, iv.hi))


def as_wan(iv: Interval) -> str:
    return show(iv.mid) + "万元"


# --- the report side ---------------------------------------------------------------------

def item_name(st: Stated, what: str) -> str:
    name = line_name(st.table, st.key)
    return (name if name != st.key else st.label) + what


@dataclass
class Verdict:
    """A share or rate judged: against the report's own figures, or the workbook's."""

    st: Stated
    sentence: Sentence
    what: str
    stated: Figure
    verdict: str
    allowed: Interval
    from_workbook: bool
    related: list[Value]
    # The rate follows from the report's amounts only if its 增加/减少 is read the other
    # way round: a wrong word (N011), not wrong arithmetic.
    reversed_fits: bool = False


def total_table(st: Stated) -> str:
    """The table whose total a share is of: 基本/项目支出 are shares of 本年支出合计 too."""
    return "expense_economic" if st.table == "expense_nature" else st.table


def wb_cell(wb, table: str, key: str, column: str) -> Value | None:
    t = getattr(wb, table, None)
    return t.value(key, column) if t is not None else None


def share_verdicts(ctx) -> Iterator[Verdict]:
    """Each stated 占比: part ÷ total, from the report's amounts where it states them."""
    facts, wb = ctx.facts, ctx.wb
    for st in facts.statements():
        if st.share is None:
            continue
        total_st = facts.first(total_table(st), "total")
        part, part_cell = ((st.actual.wan(), None) if st.actual else
                           next(wb_candidates(wb, st.table, st.key, "actual"), (None, None)))
        total, total_cell = ((total_st.actual.wan(), None) if total_st and total_st.actual else
                             next(wb_candidates(wb, total_table(st), "total", "actual"), (None, None)))
        if part is None or total is None or (ratio := part / total) is None:
            continue
        allowed = ratio.scale(100)
        from_workbook = not (st.actual and total_st and total_st.actual)
        related = [c for c in (part_cell, total_cell, wb_cell(wb, st.table, st.key, "share")) if c is not None]
        yield Verdict(st, st.share_sentence or st.sentence, "占比", st.share,
                       judge(st.share.value, st.share.decimals, allowed), allowed, from_workbook, related)


def rate_verdicts(ctx) -> Iterator[Verdict]:
    """Each stated 增减率: change ÷ base, the base being 决算 − change as the report states
    them, or else the workbook's 年初预算 (or 预算 for 三公)."""
    wb = ctx.wb
    for st in ctx.facts.statements():
        ch = st.change
        if ch is None or ch.rate is None:
            continue
        used: list[Value] = []
        change = ch.signed_amount()
        from_workbook = change is None or st.actual is None
        if from_workbook and ch.last_year:
            continue  # the workbook holds nothing of last year
        reversed_fits = False
        if not from_workbook:
            base = st.actual.wan() - change
            flipped = change.scale(-1) / (st.actual.wan() + change) if ch.direction else None
            reversed_fits = flipped is not None and judge(
                ch.rate.value, ch.rate.decimals, magnitude(flipped.scale(100))) == CONSISTENT
        else:
            column = BUDGET_COLUMN.get(st.table)
            base, base_cell = wb_amount(wb, st.table, st.key, column) if column else (None, None)
            used.append(base_cell)
            if change is None:
                change, cells = workbook_change(wb, st)
                used += cells
        if change is None or base is None or (ratio := change / base) is None:
            continue
        allowed = magnitude(ratio.scale(100))
        related = [c for c in used + [wb_cell(wb, st.table, st.key, "change_rate")] if c is not None]
        what = "比上年增减率" if ch.last_year else "比预算增减率" if st.table == "sangong" else "比年初预算增减率"
        yield Verdict(st, ch.sentence, what, ch.rate, judge(ch.rate.value, ch.rate.decimals, allowed),
                       allowed, from_workbook, related, reversed_fits)


def amount_findings(rule, ctx, tables) -> Iterator:
    """Amounts (决算, 预算, 增减额) and workbook-based shares and rates of ``tables``."""
    facts, wb, report = ctx.facts, ctx.wb, ctx.report
    for st in facts.statements():
        if st.table not in tables:
            continue
        checks = [(st.actual, "actual", st.sentence, "决算数")]
        if st.budget is not None and BUDGET_COLUMN.get(st.table):
            checks.append((st.budget, BUDGET_COLUMN[st.table], st.sentence, "预算数"))
        for fig, column, sentence, what in checks:
            if fig is None:
                continue
            found = list(wb_candidates(wb, st.table, st.key, column))
            if found and not any(fig.wan().meets(iv) for iv, _ in found):
                iv, cell = found[0]
                yield rule.at(report.loc(sentence.line), expected=as_wan(iv), actual=str(fig),
                              related=[cell], line=sentence.line, place=report.where(sentence.line), item=item_name(st, what),
                              stated=str(fig), wb_value=as_wan(iv), sentence=sentence.text)
        if st.change is not None and st.change.amount is not None and not st.change.last_year:
            wb_change, cells = workbook_change(wb, st)
            # Only the size: a word saying the wrong direction is N011's finding.
            if wb_change is not None and not st.change.amount.wan().meets(magnitude(wb_change)):
                s = st.change.sentence
                yield rule.at(report.loc(s.line), expected=as_wan(magnitude(wb_change)),
                              actual=str(st.change.amount), related=cells, line=s.line, place=report.where(s.line),
                              item=item_name(st, "增减额"), stated=str(st.change.amount),
                              wb_value=as_wan(magnitude(wb_change)), sentence=s.text)
    for v in verdicts(ctx):
        if v.st.table in tables and v.from_workbook and v.verdict == WRONG:
            yield verdict_finding(rule, ctx, v, "wb_value")


def verdicts(ctx) -> list[Verdict]:
    return list(share_verdicts(ctx)) + list(rate_verdicts(ctx))


def verdict_finding(rule, ctx, v: Verdict, computed_as: str):
    """The finding for a judged share or rate; ``computed_as`` names the placeholder the
    rule's message gives the figure the amounts allow."""
    allowed, stated_ = show(v.allowed.mid) + "%", f"{v.stated.value}%"
    return rule.at(ctx.report.loc(v.sentence.line), expected=allowed, actual=stated_, related=v.related,
                   line=v.sentence.line, place=ctx.report.where(v.sentence.line), item=item_name(v.st, v.what), stated=stated_,
                   sentence=v.sentence.text, **{computed_as: allowed})
