"""Where things stand in the standard workbook (TEMPLATE.md, version 1).

The reader finds everything by label and never relies on these addresses; the template
writer, the sample generator and the tests do, so the layout lives in one place.
Rows and columns here are 0-based, as xlsxwriter counts them.
"""
from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

SHEETS = {
    "cover": "封面",
    "budget": "收支情况",
    "sangong": "三公经费",
    "targets": "绩效目标完成情况",
    "scoring": "自评评分表",
}

COVER_FIELDS = [
    ("year", "评价年度"),
    ("department", "部门名称"),
    ("code", "部门编码"),
    ("filler", "填报人"),
    ("phone", "联系电话"),
    ("date", "填报日期"),
    ("unit", "金额单位"),
]
COVER_FIRST_ROW = 2          # row 1 is the title, row 2 blank
UNITS = ["万元", "元"]

INCOME_LINES = [
    ("general_public", "一般公共预算财政拨款收入"),
    ("gov_fund", "政府性基金预算财政拨款收入"),
    ("state_capital", "国有资本经营预算财政拨款收入"),
    ("higher_subsidy", "上级补助收入"),
    ("operating", "事业收入"),
    ("business", "经营收入"),
    ("affiliated", "附属单位上缴收入"),
    ("other", "其他收入"),
    ("total", "本年收入合计"),
    ("carryover", "年初结转和结余"),
    ("grand_total", "收入总计"),
]
ECONOMIC_LINES = [
    ("wages", "工资福利支出"),
    ("goods_services", "商品和服务支出"),
    ("household", "对个人和家庭的补助"),
    ("capital", "资本性支出"),
    ("other", "其他支出"),
    ("total", "本年支出合计"),
]
NATURE_LINES = [
    ("basic", "基本支出"),
    ("personnel", "其中：人员经费"),
    ("public_use", "公用经费"),
    ("project", "项目支出"),
    ("total", "本年支出合计"),
    ("carryover_end", "年末结转和结余"),
    ("grand_total", "支出总计"),
]
SANGONG_LINES = [
    ("abroad", "因公出国（境）费"),
    ("vehicles", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "其中：公务用车购置费"),
    ("vehicle_running", "公务用车运行维护费"),
    ("reception", "公务接待费"),
    ("total", "合计"),
]

INCOME_COLUMNS = [
    ("label", "项目"),
    ("budget_initial", "年初预算数"),
    ("budget_adjusted", "调整后预算数"),
    ("actual", "决算数"),
    ("share", "决算占比（%）"),
    ("change", "较年初预算增减额"),
    ("change_rate", "较年初预算增减率（%）"),
]
ECONOMIC_COLUMNS = INCOME_COLUMNS[:5]
NATURE_COLUMNS = [INCOME_COLUMNS[0], INCOME_COLUMNS[2], INCOME_COLUMNS[3], INCOME_COLUMNS[4]]
SANGONG_COLUMNS = [
    ("label", "项目"),
    ("budget", "预算数"),
    ("actual", "决算数"),
    ("change", "决算较预算增减额"),
    ("rate", "执行率（%）"),
]
TARGET_COLUMNS = [
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("target", "指标值"),
    ("achieved", "实际完成值"),
    ("status", "完成情况"),
    ("deviation", "偏差原因分析"),
]
SCORING_COLUMNS = [
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("points", "分值"),
    ("criteria", "评分标准"),
    ("score", "自评得分"),
    ("reason", "得分说明（扣分原因）"),
]
STATUSES = ["已完成", "未完成"]
GRADES = ["优", "良", "中", "差"]

# Columns whose values are percentages written as plain numbers (95.98 means 95.98%).
PERCENT_COLUMNS = {"share", "change_rate", "rate"}
AMOUNT_COLUMNS = {"budget_initial", "budget_adjusted", "actual", "change", "budget"}


class Table:
    """One fixed table: a title row (optional), a header row, then one row per line."""

    def __init__(self, key, sheet, title, title_row, lines, columns):
        self.key, self.sheet, self.title = key, sheet, title
        self.title_row = title_row
        self.header_row = title_row + 1 if title is not None else title_row
        self.lines, self.columns = lines, columns
        self.line_keys = [k for k, _ in lines]
        self.column_keys = [k for k, _ in columns]

    def row(self, line: str) -> int:
        return self.header_row + 1 + self.line_keys.index(line)

    def col(self, column: str) -> int:
        return self.column_keys.index(column)

    @property
    def last_row(self) -> int:
        return self.header_row + len(self.lines)

    def cell(self, line: str, column: str) -> str:
        return xl_rowcol_to_cell(self.row(line), self.col(column))

    def ref(self, line: str, column: str) -> str:
        return f"{self.sheet}!{self.cell(line, column)}"


BUDGET = SHEETS["budget"]
INCOME = Table("income", BUDGET, "收入情况", 0, INCOME_LINES, INCOME_COLUMNS)
ECONOMIC = Table("expense_economic", BUDGET, "支出情况（按经济分类）", INCOME.last_row + 2,
                 ECONOMIC_LINES, ECONOMIC_COLUMNS)
NATURE = Table("expense_nature", BUDGET, "支出情况（按支出性质）", ECONOMIC.last_row + 2,
               NATURE_LINES, NATURE_COLUMNS)
SANGONG = Table("sangong", SHEETS["sangong"], None, 0, SANGONG_LINES, SANGONG_COLUMNS)
TABLES = {t.key: t for t in (INCOME, ECONOMIC, NATURE, SANGONG)}

EXECUTION_LABEL = "预算执行率（%）"
EXECUTION_ROW = NATURE.last_row + 2       # label in column A, value in column B


def execution_ref() -> str:
    return f"{BUDGET}!{xl_rowcol_to_cell(EXECUTION_ROW, 1)}"


def cover_ref(field: str) -> str:
    row = COVER_FIRST_ROW + [k for k, _ in COVER_FIELDS].index(field)
    return f"{SHEETS['cover']}!{xl_rowcol_to_cell(row, 1)}"


def column_index(columns, key: str) -> int:
    return [k for k, _ in columns].index(key)
