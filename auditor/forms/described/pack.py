"""A described form's pack: its scoring, as its description says (``[scoring]``)."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.forms.base import Pack
from auditor.forms.described.description import Description, Scoring


@dataclass
class DescribedPack(Pack):
    description: Description
    scoring: Scoring
    year: int | None = None
    borrowed_for: int | None = None
    source: str = ""
    grades: list = field(default_factory=list)
    checks: dict = field(default_factory=dict)   # [checks]: thresholds, as a built-in pack's

    @classmethod
    def of(cls, desc: Description, year: int | None) -> "DescribedPack":
        """The description's scoring for ``year``.  A year outside its ``years`` is checked by
        it all the same (a form is rarely reprinted each year), as the nearest year it was
        printed for, and the engine says so (S010), as for a built-in form's pack."""
        borrowed = None
        if not desc.covers(year):
            borrowed, year = year, min(max(year, desc.years[0]), desc.years[1])
        return cls(desc, desc.scoring, year=year, borrowed_for=borrowed, source=f"description:{desc.id}",
                   grades=[(g, low) for g, low in desc.scoring.grades], checks=dict(desc.checks))

    def level1_points(self, name: str) -> float | None:
        """The points the form fixes for a 一级 (by its name, points aside), if it fixes any."""
        from auditor.labels import norm, points_in_label

        key = norm(points_in_label(name)[0])
        return next((p for n, p in self.scoring.level1 if norm(n) == key), None)
