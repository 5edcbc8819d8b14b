"""What the report keeps of a workbook in a described form: its key figures (汇总), its
indicators (指标得分), the total and grade as stated and as its own scores give them."""
from __future__ import annotations

from decimal import Decimal

from auditor.report import Indicator, Member, execution_rate
from auditor.values import grade_of


def _n(v) -> Decimal | None:
    return v.number if v is not None and v.is_number else None


def summarise(model, pack, scored: bool = True) -> dict:
    total = model.total
    denominator = pack.description.funds.denominator if pack is not None and pack.description.funds else "adjusted"
    budget = _n(total.get(denominator)) if total else None
    spent = _n(total.get("execution")) if total else None
    figures = {"expense.total": spent, "expense.budget": budget,
               "execution.stated": _n(total.get("rate")) if total else None,
               "execution.recomputed": execution_rate(spent, budget)}
    indicators = [Indicator(r.level1.name if r.level1 else "", r.level2, r.name, _n(r.get("points")),
                            _n(r.get("score")), r.get("points").loc if r.get("points") is not None else None)
                  for r in model.rows]
    out = {"figures": figures, "indicators": indicators,
           "member": Member(model.path, model.department, one_per_department=False)}
    if not scored or pack is None:
        return out
    if model.total_score is not None and model.total_score.is_number:
        out["score_stated"] = model.total_score.number
    scores = [model.execution("score")] + [r.get("score") for r in model.rows]
    scores = [s for s in scores if s is not None]
    if scores and all(s.is_number or s.is_blank for s in scores):
        out["score_recomputed"] = sum((s.amount() for s in scores), Decimal(0))
        out["grade_recomputed"] = pack.grade_for(out["score_recomputed"])
    if model.grade is not None and model.grade.text:
        out["grade_stated"] = grade_of(model.grade)
    return out
