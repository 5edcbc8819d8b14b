"""The located model of a workbook in a described form: the same classes for every
description, so the generic rules (family F) never ask which province a table came from."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.findings import Finding
from auditor.values import Value


@dataclass
class Cells:
    """A row of a block: its cells by column role (a role the form does not print is absent)."""
    label: Value
    values: dict[str, Value] = field(default_factory=dict)

    def get(self, role: str) -> Value | None:
        return self.values.get(role)


@dataclass
class FundLine(Cells):
    key: str = ""
    role: str = "part"             # total | part
    group: str = ""


@dataclass
class Level:
    """A 一级 (or 二级) label over its rows, with the points its label or its column carries."""
    name: str
    label: Value
    points: Value | None = None     # 产出指标（50分） or the 自评权重 column, as a located number
    depth: int = 1                  # 1: 一级; 2: a 二级 with points of its own


@dataclass
class Row(Cells):
    """One indicator row of the grid."""
    name: str = ""
    level1: Level | None = None
    level2: str = ""
    parent: Level | None = None     # the nearest level over it (a 二级 with points, else the 一级)

    def under(self, level: Level) -> bool:
        return self.level1 is level or self.parent is level


@dataclass
class DescribedBook:
    path: str
    form: str
    sheet: str = ""
    sheet_names: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    fields: dict[str, Value] = field(default_factory=dict)
    funds: list[FundLine] = field(default_factory=list)
    data: dict[str, list[FundLine]] = field(default_factory=dict)   # the data tables' rows, by table key
    goal: dict[str, Value] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    total_points: Value | None = None
    total_score: Value | None = None
    grade: Value | None = None
    texts: dict[str, Value] = field(default_factory=dict)
    year: int | None = None
    year_cell: Value | None = None
    others: list["DescribedBook"] = field(default_factory=list)   # the other tables, one per sheet

    @property
    def tables(self) -> list["DescribedBook"]:
        return [self] + self.others

    @property
    def title(self) -> str:
        """What a table is called in findings of a form of many: its name field, else its sheet."""
        v = self.fields.get("name")
        return v.text if v is not None and v.text else self.sheet

    @property
    def department(self) -> str:
        for key in ("department", "unit"):
            v = self.fields.get(key)
            if v is not None and v.text:
                return v.text
        return ""

    @property
    def total(self) -> FundLine | None:
        return next((ln for ln in self.funds if ln.role == "total"), None)

    def execution(self, role: str) -> Value | None:
        """The execution block's single cell of a role (分值, 得分): merged over the rows, or
        repeated on each, it is read on the total row."""
        total = self.total
        return total.get(role) if total is not None else None
