"""A located value: what one cell of a workbook says, remembering the cell it came from.

Every form's model is built of these; the models themselves are the forms' own
(auditor.forms.<id>.model)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.findings import Location
from auditor.numbers import BLANK, NOT_APPLICABLE, NUMBER

UNCACHED = "uncached"  # a formula whose result was never calculated and saved


@dataclass(slots=True)
class Value:
    """One cell as read: where it is, what was typed, what it means as a number."""

    sheet: str
    cell: str
    raw: Any = None
    kind: str = BLANK
    number: Decimal | None = None
    decimals: int | None = None
    formula: str | None = None
    file: str | None = None
    percent_marked: bool = False  # written with a % sign or shown in a percent format
    # the interval an amount stands for, kept by the rules (auditor.rules.arith.amount): a
    # Value is not changed once the reader is done with it, and one cell enters many sums
    interval: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def loc(self) -> Location:
        return Location(self.file, self.sheet, self.cell)

    @property
    def is_number(self) -> bool:
        return self.kind == NUMBER

    @property
    def is_blank(self) -> bool:
        return self.kind in (BLANK, NOT_APPLICABLE)

    @property
    def uncached(self) -> bool:
        return self.kind == UNCACHED

    @property
    def text(self) -> str:
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw).strip()

    def amount(self) -> Decimal:
        """The number, with a blank or not-applicable amount counting as zero."""
        return self.number if self.kind == NUMBER else Decimal(0)

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}={self.text!r}"


_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def grade_of(v: Value | None) -> str | None:
    """The grade a cell states, as the packs name grades (a model's summary and the rules alike): 优秀 is 优, quotes aside."""
    if v is None or not v.text:
        return None
    g = v.text.strip().strip("\"'“”‘’「」")
    return _GRADE_WORDS.get(g, g)


def capped_sum(rows, strict: bool = True):
    """The indicators' own total, each 得分 held within 0 and its 分值: what a grade is
    judged on (a typed total may itself be wrong, a score above its 分值 earns no more).
    ``rows``: (分值, 得分) Values.  ``strict``: None when a 得分 is neither a number nor
    blank; else such a 得分 counts for nothing."""
    from decimal import Decimal

    total = Decimal(0)
    for points, score in rows:
        if score is None or not (score.is_number or score.is_blank):
            if strict:
                return None
            continue
        got = score.amount()
        if points is not None and points.is_number:
            got = min(max(got, Decimal(0)), points.number)
        total += got
    return total
