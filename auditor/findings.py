"""Findings are data. A rule yields them; a reporter renders them.

The message template lives with the rule's declaration (see ``auditor.codes.base``)
and its arguments live here, kept apart until a reporter renders them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from auditor.ooxml.refs import col_number


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


def by_paragraph(file: str | None) -> bool:
    """A .docx report's lines are its paragraphs, numbered as Word users count them: a
    finding there is said to be in 第12段, in its message and in every location column."""
    return str(file or "").lower().endswith(".docx")


@dataclass(frozen=True)
class Location:
    """Where a finding points: a workbook cell, or a line of the narrative report."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    project: str | None = None  # the project's name, for a cell of a project table

    def as_dict(self) -> dict[str, Any]:
        out = {"file": self.file, "sheet": self.sheet, "cell": self.cell, "line": self.line}
        if self.project is not None:  # department-form JSON stays as it was
            out["project"] = self.project
        return out

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.line is not None:
            return f"line {self.line}"
        return self.file or ""

    def moved_to(self, file: str | None) -> "Location":
        """The same place in ``file`` (a batch's relative name): made directly, not by
        ``dataclasses.replace``, which costs twice as much and a batch moves every location."""
        return Location(file, self.sheet, self.cell, self.line, self.project)


@dataclass
class Finding:
    code: str
    severity: Severity
    location: Location
    args: dict[str, Any] = field(default_factory=dict)
    related: tuple[Location, ...] = ()
    expected: str | None = None
    actual: str | None = None

    def sort_key(self):
        loc = self.location
        return (self.severity.rank, loc.file or "", loc.sheet or "", _cell_order(loc.cell),
                loc.line or 0, self.code)


def _cell_order(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), col_number(letters))
