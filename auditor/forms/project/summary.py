"""What the batch digest and the summary take from a checked project workbook: per project,
its department, name, budget, spending, rate, points and scores (stated and recomputed)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from auditor.forms.project.model import ProjectBook
from auditor.values import capped_sum
from auditor.report import MIN_REASON_CHARS, Member, execution_rate, normalize_reason


def _n(v) -> Decimal | None:
    return v.number if v is not None and v.is_number else None


def project_rows(model: ProjectBook, denominator: str = "budget") -> list[dict]:
    rows = []
    for p in model.projects:
        total = p.total
        budget = _n(total.get(denominator)) if total else None
        actual = _n(total.get("actual")) if total else None
        scores = [p.execution("score")] + [i.score for i in p.indicators]
        points = [p.execution("points")] + [i.points for i in p.indicators]
        recomputed = capped_sum(zip(points, scores), strict=False)  # what the grade is judged on
        points += p.label_points  # a form whose points stand in its block labels (Hubei)
        rows.append({
            "sheet": p.sheet, "project": p.title,
            "department": p.department.text if p.department is not None else "",
            "year": p.year, "budget": budget, "actual": actual,
            "rate": execution_rate(actual, budget),
            "points": _n(p.total_points) if p.total_points is not None else
            sum((v.number for v in points if v is not None and v.is_number), Decimal(0)),
            "score": _n(p.total_score), "score_recomputed": recomputed if p.indicators else None,
            "grade": p.grade.text if p.grade is not None and p.grade.text else None,
            "cell": f"{p.sheet}!{p.name.cell}" if p.name is not None and p.name.cell else p.sheet,
        })
    return rows



def summarise(model: ProjectBook) -> dict:
    """``auditor.report.FileReport`` fields of a project workbook: a row per project, and the
    cohort member (its 偏差原因 for the copied-reason check; several project files of one
    department are no duplicate submission)."""
    member = Member(model.path, model.department, one_per_department=False)
    member.reasons, seen = [], set()
    for p in model.projects:
        for i in p.indicators:
            if len(normalize_reason(i.reason.text)) >= MIN_REASON_CHARS and (p.sheet, i.reason.cell) not in seen:
                seen.add((p.sheet, i.reason.cell))  # Hubei: one 原因分析 row is every indicator's reason
                member.reasons.append((i.name, i.reason.text, replace(i.reason.loc, project=p.title)))
    return {"projects": project_rows(model), "member": member}
