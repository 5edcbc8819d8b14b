"""The department-wide form's located model: what the workbook says, each value
remembering the cell it came from (``auditor.values.Value``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditor.findings import Finding
from auditor.values import Value


@dataclass
class Line:
    """A labelled row of a table: its label cell and its values by column key."""

    key: str
    label: Value
    values: dict[str, Value] = field(default_factory=dict)

    def get(self, column: str) -> Value | None:
        return self.values.get(column)


@dataclass
class Table:
    """A table located under its title: its lines by key and where its columns are."""

    key: str
    sheet: str
    title: Value | None
    columns: dict[str, str] = field(default_factory=dict)  # column key -> column letter
    lines: dict[str, Line] = field(default_factory=dict)
    extra_lines: list[Line] = field(default_factory=list)  # labelled rows we do not know

    def value(self, line: str, column: str) -> Value | None:
        ln = self.lines.get(line)
        return ln.get(column) if ln else None

    def has(self, line: str) -> bool:
        return line in self.lines


@dataclass
class Cover:
    year: Value | None = None
    department: Value | None = None
    code: Value | None = None
    filler: Value | None = None
    phone: Value | None = None
    date: Value | None = None
    unit: Value | None = None
    title: Value | None = None   # the cover's title line that states the year: （2023年度）


@dataclass
class Indicator:
    """A 三级指标 row of the scoring table, or a 一级/二级 group above such rows."""

    level: int
    name: str
    label: Value
    points: Value | None = None      # 分值
    score: Value | None = None       # 自评得分
    criteria: Value | None = None    # 评分标准
    reason: Value | None = None      # 得分说明（扣分原因）
    declared_points: Value | None = None  # 分值 written into a group's label, e.g. 履职效能（46分）
    subtotal_points: Value | None = None  # from a 小计 row
    subtotal_score: Value | None = None
    children: list["Indicator"] = field(default_factory=list)
    parent: "Indicator | None" = field(default=None, repr=False)

    def leaves(self) -> list["Indicator"]:
        """The scored (三级) indicators under this one, in order; the tree is fixed once read."""
        cached = self.__dict__.get("_leaves")
        if cached is None:
            cached = [self] if self.level == 3 else []
            for c in self.children:
                cached.extend(c.leaves())
            self.__dict__["_leaves"] = cached
        return cached

    @property
    def path(self) -> str:
        parts, node = [], self
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return " / ".join(reversed(parts))


@dataclass
class Scoring:
    sheet: str
    roots: list[Indicator] = field(default_factory=list)  # 一级指标
    total_points: Value | None = None   # 合计 分值
    total_score: Value | None = None    # 合计 自评得分
    grade: Value | None = None          # 自评等级

    def leaves(self) -> list[Indicator]:
        """The scored indicators (三级), in order; the tree is fixed once read."""
        cached = self.__dict__.get("_leaves")
        if cached is None:
            cached = [leaf for r in self.roots for leaf in r.leaves()]
            self.__dict__["_leaves"] = cached
        return cached

    def find(self, name_part: str) -> list[Indicator]:
        return [i for i in self.leaves() if name_part in i.name]


@dataclass
class Target:
    level1: str
    level2: str
    name: str
    label: Value
    target: Value           # 指标值
    achieved: Value         # 实际完成值
    status: Value           # 完成情况
    deviation: Value        # 偏差原因分析


@dataclass
class Workbook:
    path: str
    unit: str = "万元"                 # 金额单位 as the workbook states it
    cover: Cover = field(default_factory=Cover)
    income: Table | None = None
    expense_economic: Table | None = None   # 支出情况（按经济分类）
    expense_nature: Table | None = None     # 支出情况（按支出性质）
    execution_rate: Value | None = None     # 预算执行率（%）, as stated
    sangong: Table | None = None            # 三公经费
    targets: list[Target] = field(default_factory=list)
    targets_sheet: str | None = None
    scoring: Scoring | None = None
    # What the reader could not find or parse: structure findings, located.
    problems: list[Finding] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)

    @property
    def department(self) -> str:
        v = self.cover.department
        return v.text if v is not None and v.text else ""

    @property
    def year(self) -> int | None:
        v = self.cover.year
        if v is not None and v.is_number:
            return int(v.number)
        if v is not None and v.text:
            digits = "".join(ch for ch in v.text if ch.isdigit())
            if len(digits) >= 4:
                return int(digits[:4])
        return None

    @property
    def wan_factor(self) -> Decimal:
        """Multiply an amount in the workbook's own unit by this to get 万元."""
        return Decimal("0.0001") if self.unit == "元" else Decimal(1)
