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

    @classmethod
    def of(cls, desc: Description, year: int | None) -> "DescribedPack":
        return cls(desc, desc.scoring, year=year, source=f"description:{desc.id}",
                   grades=[(g, low) for g, low in desc.scoring.grades])

    def level1_points(self, name: str) -> float | None:
        """The points the form fixes for a 一级 (by its name, points aside), if it fixes any."""
        from auditor.labels import norm, points_in_label

        key = norm(points_in_label(name)[0])
        return next((p for n, p in self.scoring.level1 if norm(n) == key), None)
