"""The department-wide form's vocabulary, said once: its sheets, tables, lines and columns,
how the reader recognises each (the patterns) and where the standard workbook
(the reference county's form, version 1) puts it (the layout).

The reader finds everything by label and never relies on the addresses; the template
writer, the sample generator and the tests do.  Patterns are compared with labels after
``auditor.labels.norm``.  Rows and columns of the layout are 0-based, as xlsxwriter counts.
"""
from __future__ import annotations

from typing import NamedTuple

from auditor.reader.grid import col_letter


def xl_rowcol_to_cell(row: int, col: int) -> str:
    """A1 reference of a 0-based (row, column), as xlsxwriter's: importing xlsxwriter for
    it cost every ``auditor check`` the whole writer."""
    return f"{col_letter(col + 1)}{row + 1}"

# --- sheets: part → the template's title; found by keyword in the name, or, renamed, by
# markers: labels that must all be in the sheet ----------------------------------------
SHEETS = {
    "cover": "封面",
    "budget": "收支情况",
    "sangong": "三公经费",
    "targets": "绩效目标完成情况",
    "scoring": "自评评分表",
}
SHEET_MATCH = {
    "cover": {"keywords": ("封面", "基本信息"), "markers": ("部门名称", "填报人")},
    "budget": {"keywords": ("收支",), "markers": ("收入情况", "本年收入合计")},
    "sangong": {"keywords": ("三公",), "markers": ("公务接待费", "因公出国")},
    "targets": {"keywords": ("绩效目标",), "markers": ("实际完成值", "偏差原因")},
    "scoring": {"keywords": ("评分",), "markers": ("自评得分", "自评等级")},
}

# --- the cover: its fields as the template writes them, and the other labels departments use
COVER_FIELDS = [
    ("year", "评价年度"),
    ("department", "部门名称"),
    ("code", "部门编码"),
    ("filler", "填报人"),
    ("phone", "联系电话"),
    ("date", "填报日期"),
    ("unit", "金额单位"),
]
COVER = {label: key for key, label in COVER_FIELDS} | {"年度": "year", "单位名称": "department", "单位编码": "code"}
COVER_LABELS = dict(COVER_FIELDS)
REQUIRED_COVER = ("department", "filler", "phone", "year")
COVER_FIRST_ROW = 2          # row 1 is the title, row 2 blank
UNITS = ["万元", "元"]

# --- columns: key, the patterns a header is matched by (tried in this order, each header
# used once: 增减率 before 增减, 年初预算 before 预算), and the name a reviewer knows ----------
LABEL_HEADERS = ("项目", "科目", "类别")  # what a table's first column is headed
COLUMNS = [
    ("label", LABEL_HEADERS, "项目"),
    ("change_rate", ("增减率", "增长率", "变动率"), "增减率（%）"),
    ("change", ("增减额", "增减", "变动额"), "增减额"),
    ("share", ("占比", "比重"), "决算占比（%）"),
    ("rate", ("执行率",), "执行率（%）"),
    ("budget_initial", ("年初预算",), "年初预算数"),
    ("budget_adjusted", ("调整后预算", "调整预算"), "调整后预算数"),
    ("actual", ("决算",), "决算数"),
    ("budget", ("预算",), "预算数"),
]
COLUMN_PATTERNS = [(key, patterns) for key, patterns, _ in COLUMNS]
COLUMN_NAMES = {key: name for key, _, name in COLUMNS if key != "label"}
# Columns whose values are percentages written as plain numbers (95.98 means 95.98%).
PERCENT_COLUMNS = {"share", "change_rate", "rate"}
AMOUNT_COLUMNS = {"budget_initial", "budget_adjusted", "actual", "change", "budget"}


def _headers(*keys: str, **named: str) -> list[tuple[str, str]]:
    """A table's header row: each column's name, or the template's own wording."""
    names = {"label": "项目", **COLUMN_NAMES}
    return [(k, named.get(k, names[k])) for k in keys]


# --- lines ----------------------------------------------------------------------------------
class Line(NamedTuple):
    key: str
    name: str             # as a reviewer knows it, in messages
    pattern: str          # what a label must contain to be this line
    label: str | None = None  # as the template writes it, when not the name; "" = not in the template


class Table:
    """One fixed table: how the reader knows it (title words, line patterns) and where the
    template puts it: a title row (optional), a header row, then one row per line."""

    def __init__(self, key, sheet, title, title_words, title_row, lines: list[Line], columns, totals):
        self.key, self.sheet, self.title, self.title_words = key, sheet, title, title_words
        self.title_row = title_row
        self.header_row = title_row + 1 if title is not None else title_row
        self.names = {ln.key: ln.name for ln in lines}
        # the template's rows: (key, label)
        self.lines = [(ln.key, ln.label or ln.name) for ln in lines if ln.label != ""]
        # a label holding two patterns is the longer one's line (公务用车购置及运行维护费 is
        # not 运行维护费; 三公经费合计 is 合计 only when nothing longer is in it)
        self.patterns = [(ln.key, ln.pattern) for ln in sorted(lines, key=lambda ln: -len(ln.pattern))]
        self.columns = columns
        self.totals = totals  # the lines a table cannot do without
        self.line_keys = [k for k, _ in self.lines]
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


INCOME_LINES = [
    Line("general_public", "一般公共预算财政拨款收入", "一般公共预算"),
    Line("gov_fund", "政府性基金预算财政拨款收入", "政府性基金"),
    Line("state_capital", "国有资本经营预算财政拨款收入", "国有资本"),
    Line("higher_subsidy", "上级补助收入", "上级补助"),
    Line("operating", "事业收入", "事业收入"),
    Line("business", "经营收入", "经营收入"),
    Line("affiliated", "附属单位上缴收入", "附属单位"),
    Line("other", "其他收入", "其他收入"),
    Line("total", "本年收入合计", "本年收入合计"),
    Line("carryover", "年初结转和结余", "年初结转和结余"),
    Line("non_fiscal_surplus", "使用非财政拨款结余", "使用非财政拨款结余", ""),
    Line("grand_total", "收入总计", "收入总计"),
]
INCOME_SOURCES = ["general_public", "gov_fund", "state_capital", "higher_subsidy", "operating",
                  "business", "affiliated", "other"]
ECONOMIC_LINES = [
    Line("wages", "工资福利支出", "工资福利"),
    Line("goods_services", "商品和服务支出", "商品和服务"),
    Line("household", "对个人和家庭的补助", "对个人和家庭"),
    Line("capital", "资本性支出", "资本性"),
    Line("other", "其他支出", "其他支出"),
    Line("total", "本年支出合计", "本年支出合计"),
]
ECONOMIC_CLASSES = ["wages", "goods_services", "household", "capital", "other"]
NATURE_LINES = [
    Line("basic", "基本支出", "基本支出"),
    Line("personnel", "人员经费", "人员经费", "其中：人员经费"),
    Line("public_use", "公用经费", "公用经费"),
    Line("project", "项目支出", "项目支出"),
    Line("total", "本年支出合计", "本年支出合计"),
    Line("carryover_end", "年末结转和结余", "年末结转和结余"),
    Line("grand_total", "支出总计", "支出总计"),
]
SANGONG_LINES = [
    Line("abroad", "因公出国（境）费", "因公出国"),
    Line("vehicles", "公务用车购置及运行维护费", "公务用车购置及运行"),
    Line("vehicle_purchase", "公务用车购置费", "公务用车购置费", "其中：公务用车购置费"),
    Line("vehicle_running", "公务用车运行维护费", "运行维护费"),
    Line("reception", "公务接待费", "公务接待"),
    Line("total", "三公经费合计", "合计", "合计"),
]

_AMOUNTS = ("label", "budget_initial", "budget_adjusted", "actual", "share")
INCOME_COLUMNS = _headers(*_AMOUNTS, "change", "change_rate",
                          change="较年初预算增减额", change_rate="较年初预算增减率（%）")
ECONOMIC_COLUMNS = _headers(*_AMOUNTS)
NATURE_COLUMNS = _headers("label", "budget_adjusted", "actual", "share")
SANGONG_COLUMNS = _headers("label", "budget", "actual", "change", "rate", change="决算较预算增减额")

BUDGET = SHEETS["budget"]
INCOME = Table("income", BUDGET, "收入情况", ("收入情况",), 0, INCOME_LINES, INCOME_COLUMNS,
               ("total", "grand_total"))
ECONOMIC = Table("expense_economic", BUDGET, "支出情况（按经济分类）", ("支出情况", "经济分类"),
                 INCOME.last_row + 2, ECONOMIC_LINES, ECONOMIC_COLUMNS, ("total",))
NATURE = Table("expense_nature", BUDGET, "支出情况（按支出性质）", ("支出情况", "支出性质"),
               ECONOMIC.last_row + 2, NATURE_LINES, NATURE_COLUMNS, ("total",))
SANGONG = Table("sangong", SHEETS["sangong"], None, (), 0, SANGONG_LINES, SANGONG_COLUMNS, ("total",))
TABLES = {t.key: t for t in (INCOME, ECONOMIC, NATURE, SANGONG)}
# The 收支 sheet's tables, found under their titles, tried in this order (a 支出 title that
# also says 收入情况 is a 支出 table).
BUDGET_TABLES = (ECONOMIC, NATURE, INCOME)


def line_name(table: str, key: str) -> str:
    """The label a reviewer knows, per table: 其他 is 其他收入 in one table, 其他支出 in another."""
    t = TABLES.get(table)
    return t.names.get(key, key) if t is not None else key


EXECUTION_LABEL = "预算执行率（%）"
EXECUTION_ROW = NATURE.last_row + 2       # label in column A, value in column B


def execution_ref() -> str:
    return f"{BUDGET}!{xl_rowcol_to_cell(EXECUTION_ROW, 1)}"


def cover_ref(field: str) -> str:
    row = COVER_FIRST_ROW + [k for k, _ in COVER_FIELDS].index(field)
    return f"{SHEETS['cover']}!{xl_rowcol_to_cell(row, 1)}"


# --- the targets and scoring sheets: key, the template's header, the patterns a header is
# matched by (tried in this order) -----------------------------------------------------------
TARGET_SPEC = [
    ("level1", "一级指标", ("一级指标",)),
    ("level2", "二级指标", ("二级指标",)),
    ("name", "三级指标", ("三级指标",)),
    ("target", "指标值", ("指标值", "目标值")),
    ("achieved", "实际完成值", ("实际完成", "完成值")),
    ("status", "完成情况", ("完成情况",)),
    ("deviation", "偏差原因分析", ("偏差原因", "原因分析")),
]
SCORING_SPEC = [
    ("level1", "一级指标", ("一级指标",)),
    ("level2", "二级指标", ("二级指标",)),
    ("name", "三级指标", ("三级指标",)),
    ("points", "分值", ("分值",)),
    ("criteria", "评分标准", ("评分标准",)),
    ("score", "自评得分", ("自评得分", "得分")),
    ("reason", "得分说明（扣分原因）", ("得分说明", "扣分原因", "说明")),
]
TARGET_COLUMNS = [(key, header) for key, header, _ in TARGET_SPEC]
SCORING_COLUMNS = [(key, header) for key, header, _ in SCORING_SPEC]
TARGET_PATTERNS = [(key, patterns) for key, _, patterns in TARGET_SPEC]
SCORING_PATTERNS = [(key, patterns) for key, _, patterns in SCORING_SPEC]
STATUSES = ["已完成", "未完成"]
GRADES = ["优", "良", "中", "差"]
