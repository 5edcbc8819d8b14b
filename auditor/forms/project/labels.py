"""The words project tables are written in: their labels, headers, and what each one means.

Patterns are tried in order and each header is used once (``reader.labels.match_columns``),
so the more specific word comes first: 年初预算 before 预算数, 得分(20分*执行率) is a 得分.
"""
from __future__ import annotations

import re

from auditor.labels import norm, says_nothing

TITLE_WORDS = ("项目支出绩效自评表", "项目绩效自评表", "绩效自评表")
NAME_LABELS = ("项目名称",)
DEPARTMENT_LABELS = ("主管部门", "主管单位", "预算部门", "单位名称")  # Hubei: 单位名称 in its header line
IMPLEMENTER_LABELS = ("实施单位", "项目实施单位", "执行单位")
FILL_DATE_LABELS = ("填报日期", "填表日期")
HEADER_LINE_LABELS = ("总分",) + FILL_DATE_LABELS  # Hubei's header line: 单位名称 | 总分 | 填报日期
YEAR_LABELS = ("评价年度", "自评年度", "年度")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")

# The national form's 一级 and 二级 indicator names: a report may score one the table does
# not use (经济效益指标：不涉及，不设分值), which names no indicator of its own.
CATEGORY_NAMES = ("产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "经济效益指标",
                  "社会效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标")

FUND_COLUMNS = [
    ("score", ("得分",)),
    ("rate", ("执行率",)),
    ("budget_initial", ("年初预算",)),
    ("budget", ("全年预算", "调整后预算", "调整预算", "预算数")),
    ("actual", ("执行数", "全年执行", "实际支出", "支出数")),
    ("points", ("分值", "权重")),
    ("reason", ("原因", "说明")),
]
FUND_COLUMN_NAMES = {"budget_initial": "年初预算数", "budget": "全年预算数", "actual": "全年执行数",
                     "points": "分值", "rate": "执行率", "score": "得分", "reason": "原因说明"}
FUND_LINES = [
    ("total", ("年度资金总额", "资金总额", "合计", "总计", "总额")),  # Sichuan: 总额
    ("carryover", ("上年结转",)),
    ("special", ("财政专户",)),
    ("unit_funds", ("单位资金", "单位自有")),
    ("fiscal", ("财政拨款", "财政资金")),
    ("other", ("其他资金", "其他")),
]
FUND_LINE_NAMES = {"total": "年度资金总额", "fiscal": "当年财政拨款", "carryover": "上年结转资金",
                   "special": "财政专户管理资金", "unit_funds": "单位资金", "other": "其他资金"}
FUND_BLOCK_WORDS = ("项目资金", "预算执行情况", "资金情况", "资金")

GOAL_WORDS = ("年度总体目标", "总体目标")
# Sichuan: one field, what was achieved, with no 预期目标 beside it
GOAL_DONE_WORDS = ("年度目标完成情况",)
GOAL_EXPECTED = ("预期目标",)
GOAL_ACTUAL = ("实际完成情况", "实际完成")
TARGET_BLOCK_RE = re.compile(r"^年度绩效目标\s*[0-9一二三四五]")

INDICATOR_COLUMNS = [
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称")),
    ("reason", ("偏差原因", "未完成原因", "原因", "改进措施")),
    ("achieved", ("实际完成值", "全年实际值", "实际完成", "实际值", "完成值")),
    ("nature", ("指标性质",)),
    ("unit", ("度量单位", "计量单位", "单位")),
    ("target", ("年度指标值", "年初目标值", "目标值", "指标值")),
    ("points", ("分值", "权重")),
    ("score", ("得分",)),
]
TOTAL_WORDS = ("总分", "合计", "总计")
# The text fields after the grid (Sichuan: 评价结论, 存在问题, 改进措施; Hubei: 偏差大或目标未完成原因
# 分析, 改进措施及结果应用方案): (key, label words), the longer label first.
TEXT_FIELDS = [
    ("deviation", ("偏差大或目标未完成原因分析", "目标未完成原因分析", "偏差原因分析")),
    ("measures", ("改进措施及结果应用方案", "改进措施")),
    ("conclusion", ("评价结论", "自评结论")),
    ("problems", ("存在问题", "存在的问题")),
]
TEXT_FIELD_NAMES = {"deviation": "偏差大或目标未完成原因分析", "measures": "改进措施", "conclusion": "评价结论",
                    "problems": "存在问题", "goal": "年度目标完成情况"}

# What a field holds before anyone fills it in: the form's own instruction sentence (its
# length limit, its demand for a reason) and the placeholders a clerk types to get past a
# field (FORMS.md §3).  One list, read by the reader and every rule that asks whether a
# field says anything.
INSTRUCTION_MARKS = ("字以内", "字左右", "须说明原因", "应说明原因", "需说明原因", "请填写", "请简要", "请说明",
                     "填写说明")
GRADE_WORDS = ("自评等级", "评价等级", "绩效等级")
SUBTOTAL_WORD = "小计"


def text_field(text: str) -> str | None:
    """The key of the text field a row label names (the whole label, a remark in brackets
    aside: ``改进措施（200字以内）``), or None: an indicator named 存在问题整改率 is not one."""
    n = _REMARK_RE.sub("", norm(text)).rstrip(":")
    for key, words in TEXT_FIELDS:
        if n in words:
            return key
    return None


_REMARK_RE = re.compile(r"\([^)]*\)")


def unfilled(text: str) -> str | None:
    """Why a field's text says nothing: ``"instruction"`` (the form's own sentence left in),
    ``"placeholder"`` (无, —, 同上, 见报告 …), or None when it says something."""
    n = norm(text)
    if not n:
        return None
    if says_nothing(n):
        return "placeholder"
    if any(m in n for m in INSTRUCTION_MARKS):
        return "instruction"
    return None


def says_something(v) -> bool:
    """Whether a text cell (a ``Value`` or None) holds more than the form's sentence or a placeholder."""
    return v is not None and bool(v.text) and v.kind != "na" and unfilled(v.text) is None


def has_any(text: str, words) -> bool:
    n = norm(text)
    return any(w in n for w in words)


def starts_any(text: str, words) -> bool:
    n = norm(text)
    return any(n.startswith(w) for w in words)


def match_fund_line(text: str) -> str | None:
    n = norm(text)
    for key, words in FUND_LINES:
        if any(w in n for w in words):
            return key
    return None
