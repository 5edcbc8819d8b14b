"""What the report keeps of a checked department workbook (``DepartmentForm.summarise``):
its code, key figures, indicators, scores and what the cohort checks need, so that the
report, the batch and the summary never open the located model themselves."""
from __future__ import annotations

from decimal import Decimal

from auditor.findings import Location
from auditor.forms.department.model import Workbook
from auditor.values import capped_sum, grade_of
from auditor.report import MIN_REASON_CHARS, Indicator, Member, execution_rate, normalize_reason

# The key figures of a department workbook the summary shows, in 万元 (or % for rates).
FIGURES = ("income.total", "expense.total", "expense.budget", "execution.stated", "execution.recomputed",
           "sangong.budget", "sangong.actual")


def summarise(wb: Workbook, pack, scored: bool = True) -> dict:
    """``auditor.report.FileReport`` fields of a department workbook; without scores when
    ``scored`` is False (a blank form is not graded)."""
    out = {"code": wb.cover.code.text if wb.cover.code is not None else "",
           "figures": department_figures(wb), "indicators": scoring_indicators(wb)}
    if scored:
        out.update(scores(wb, pack))
    out["member"] = member(wb, out, pack)
    return out


def _number(v) -> Decimal | None:
    return v.number if v is not None and v.is_number else None


def department_figures(model: Workbook) -> dict[str, Decimal | None]:
    """The key figures (``FIGURES``) of a department workbook's located model, in 万元
    whatever unit the workbook used."""
    def amount(table, line: str, column: str) -> Decimal | None:
        n = _number(table.value(line, column) if table is not None else None)
        return None if n is None else n * model.wan_factor

    expense = model.expense_economic if model.expense_economic is not None and model.expense_economic.has("total") \
        else model.expense_nature
    spent, budget = amount(expense, "total", "actual"), amount(expense, "total", "budget_adjusted")
    return {
        "income.total": amount(model.income, "total", "actual"),
        "expense.total": spent,
        "expense.budget": budget,
        "execution.stated": _number(model.execution_rate),
        "execution.recomputed": execution_rate(spent, budget),
        "sangong.budget": amount(model.sangong, "total", "budget"),
        "sangong.actual": amount(model.sangong, "total", "actual"),
    }


def scoring_indicators(model: Workbook) -> list[Indicator]:
    """The 三级指标 of the scoring table, with their 分值 and 得分."""
    if model.scoring is None:
        return []
    out = []
    for leaf in model.scoring.leaves():
        l1 = leaf.parent.parent.name if leaf.parent and leaf.parent.parent else ""
        l2 = leaf.parent.name if leaf.parent else ""
        out.append(Indicator(l1, l2, leaf.name, _number(leaf.points), _number(leaf.score),
                             leaf.points.loc if leaf.points is not None else None))
    return out


def scores(wb: Workbook, pack) -> dict:
    """The total score and grade as stated, and as the scores and the pack's bands give them."""
    out: dict = {}
    sc = wb.scoring
    if sc is None:
        return out
    if sc.total_score is not None and sc.total_score.is_number:
        out["score_stated"] = sc.total_score.number
    leaves = list(sc.leaves())
    total = capped_sum((leaf.points, leaf.score) for leaf in leaves) if leaves else None
    if total is not None:
        out["score_recomputed"] = total
        out["grade_recomputed"] = pack.grade_for(total)
    if sc.grade is not None and sc.grade.text:
        out["grade_stated"] = grade_of(sc.grade)
    return out


def member(wb: Workbook, summary: dict, pack) -> Member:
    """What the cohort checks need of this workbook, located in it."""
    at = lambda v: v.loc if v is not None else None  # noqa: E731
    m = Member(wb.path, wb.department, summary["code"].strip(), at(wb.cover.code), at(wb.cover.department))
    sc = wb.scoring
    if sc is None:
        return m
    stated = summary.get("score_stated")
    m.total = stated if stated is not None else summary.get("score_recomputed")
    m.total_loc = at(sc.total_score) or Location(wb.path, sc.sheet)
    standard = {i.name for i in pack.standard_indicators()}
    for leaf in sc.leaves():
        # only what the copied-reason check could match: short texts cost pickling, nothing more
        if leaf.reason is not None and len(normalize_reason(leaf.reason.text)) >= MIN_REASON_CHARS:
            m.reasons.append((leaf.name, leaf.reason.text, at(leaf.reason)))
        if leaf.name not in standard and leaf.points is not None and leaf.points.is_number:
            m.own_points.append((leaf.name, leaf.points.number, leaf.points.loc))
    return m
