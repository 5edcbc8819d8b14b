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
    per_sheet = pack is not None and pack.description.per_sheet == "each"
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
           "member": Member(model.path, model.department, one_per_department=not per_sheet)}
    if per_sheet:   # a table per sheet: a row each, as the project form gives (summary's 项目 sheet)
        out["projects"] = [_table_row(t, denominator) for t in model.tables]
    if not scored or pack is None or per_sheet:   # each table's scores are in its own row
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


def _table_row(t, denominator: str) -> dict:
    total = t.total
    budget = _n(total.get(denominator)) if total else None
    spent = _n(total.get("execution")) if total else None
    scores = [s for s in [t.execution("score")] + [r.get("score") for r in t.rows] if s is not None]
    points = [p for p in [t.execution("points")] + [r.get("points") for r in t.rows] if p is not None]
    name = t.fields.get("name")
    return {"sheet": t.sheet, "project": t.title, "department": t.department, "year": t.year,
            "budget": budget, "actual": spent, "rate": execution_rate(spent, budget),
            "points": _n(t.total_points) if _n(t.total_points) is not None else
            sum((p.number for p in points if p.is_number), Decimal(0)),
            "score": _n(t.total_score), "score_recomputed": sum((s.amount() for s in scores if s.is_number),
                                                                Decimal(0)) if t.rows else None,
            "grade": t.grade.text if t.grade is not None and t.grade.text else None,
            "cell": f"{t.sheet}!{name.cell}" if name is not None and name.cell else t.sheet}
