"""The located model of the 项目支出绩效自评表: one ``Project`` per table, several per file.

Every variant (national, Yunnan's split target, Sichuan's execution block, Hubei's
20/40/40 form) is read into these same classes, so the rules never ask which layout a
table had; only the pack (weights, the execution denominator, bands) differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from auditor.findings import Finding
from auditor.values import Value

# Funding lines: the total and its 其中 rows (national and Sichuan names).
FUND_PARTS = ("fiscal", "carryover", "special", "unit_funds", "other")
# Amount columns of the funding block; ``budget`` is the year's budget (全年预算数(A),
# 调整后预算数, Hubei's 预算数(A)), ``budget_initial`` the 年初预算数.
AMOUNT_COLUMNS = ("budget_initial", "budget", "actual")


@dataclass
class FundLine:
    key: str                     # total, fiscal, carryover, special, unit_funds, other
    label: Value
    values: dict[str, Value] = field(default_factory=dict)  # budget_initial budget actual points rate score reason

    def get(self, column: str) -> Value | None:
        return self.values.get(column)


@dataclass
class Indicator:
    """A 三级 row of the indicator table."""

    group: str                   # the weight group: the 一级 (national) or 年度绩效目标n (Hubei)
    level1: str
    level2: str
    name: str
    label: Value                 # the 三级 cell
    target: Value                # 年度指标值 (or 指标值 of a split target)
    achieved: Value              # 实际完成值 / 全年实际值 / 实际完成值(B)
    points: Value                # 分值 / 权重
    score: Value                 # 得分
    reason: Value                # 偏差原因分析及改进措施 / 未完成原因…
    nature: Value | None = None  # 指标性质 of a split target (≥, ≤, =, 定性)
    unit: Value | None = None    # 度量单位 of a split target

    @property
    def target_text(self) -> str:
        """The target as one expression: ``≥`` ``90`` ``%`` read together as ``≥90%``."""
        text = self.target.text
        if self.nature is not None and self.nature.text and self.nature.text not in ("定性", "定量"):
            text = self.nature.text + text
        if self.unit is not None and self.unit.text and not text.endswith(self.unit.text):
            text += self.unit.text
        return text

    @property
    def qualitative(self) -> bool:
        return self.nature is not None and "定性" in self.nature.text

    @property
    def achieved_text(self) -> str:
        text = self.achieved.text
        if self.unit is not None and self.unit.text and text and self.achieved.is_number:
            text += self.unit.text  # a bare number in the unit of its target
        return text


@dataclass
class Group:
    """The indicators under one 一级 label (or one Hubei 年度绩效目标 block)."""

    name: str                    # without its points: 产出指标, 年度绩效目标1
    label: Value
    declared_points: Value | None = None   # 产出指标（50分）
    subtotal_points: Value | None = None   # a 小计 row's 分值
    subtotal_score: Value | None = None
    indicators: list[Indicator] = field(default_factory=list)
    # False for a block whose grid has no 分值 column (Hubei as printed): its label's points
    # are the block's, and its rows have none to add up
    rows_have_points: bool = True

    @property
    def label_points(self) -> Value | None:
        """The points only its label states, for a block whose grid has no 分值 column."""
        if self.rows_have_points or self.declared_points is None or not self.declared_points.is_number:
            return None
        return self.declared_points


@dataclass
class Project:
    sheet: str
    file: str
    name: Value | None = None          # 项目名称
    department: Value | None = None    # 主管部门
    implementer: Value | None = None   # 实施单位
    year_cell: Value | None = None
    year: int | None = None
    # 填报日期 where the form prints one (Hubei's header line): None where it prints none,
    # a blank Value at its cell where the label is there and the date is not
    fill_date: Value | None = None
    variant: str = "national"          # national, split-target, sichuan, hubei
    funds: dict[str, FundLine] = field(default_factory=dict)
    fund_header: Value | None = None   # the funding block's label (项目资金 / 预算执行情况（20分）)
    execution_declared: Value | None = None  # the execution points in that label
    goal_expected: Value | None = None # 年度总体目标: 预期目标
    goal_actual: Value | None = None   # 实际完成情况
    groups: list[Group] = field(default_factory=list)
    total_points: Value | None = None  # 总分 分值
    total_score: Value | None = None   # 总分 得分
    grade: Value | None = None
    # the text fields after the grid, by key (labels.TEXT_FIELDS): 评价结论, 存在问题, 改进措施 …
    texts: dict[str, Value] = field(default_factory=dict)
    unit: str = "万元"                 # the table's amounts are in it (a "（元）" in its head says 元)

    @property
    def title(self) -> str:
        """The project's name as findings name it: its 项目名称, else its sheet."""
        return self.name.text if self.name is not None and self.name.text else self.sheet

    @property
    def indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]

    @property
    def region(self) -> str | None:
        """The province whose printed rules this table's layout follows (its pack)."""
        return self.variant if self.variant in ("hubei", "sichuan") else None

    @property
    def label_points(self) -> list[Value]:
        """The points of blocks whose rows state none (Hubei's 年度绩效目标N（40分）)."""
        return [g.label_points for g in self.groups if g.label_points is not None]

    @property
    def total(self) -> FundLine | None:
        return self.funds.get("total")

    def execution(self, column: str) -> Value | None:
        """A figure of the execution row (the 年度资金总额 row: 分值, 执行率, 得分)."""
        line = self.total
        return line.get(column) if line else None


@dataclass
class ProjectBook:
    """A workbook of project tables: the model ``Form.read`` returns for the project form."""

    path: str
    projects: list[Project] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    unit: str = "万元"

    @property
    def department(self) -> str:
        for p in self.projects:
            if p.department is not None and p.department.text:
                return p.department.text
        return ""

    @property
    def year(self) -> int | None:
        return next((p.year for p in self.projects if p.year), None)

    @property
    def region(self) -> str | None:
        """The province whose variant the tables follow, when it changes the rules."""
        return next((p.region for p in self.projects if p.region), None)

    @property
    def wan_factor(self) -> Decimal:
        return Decimal(1)
