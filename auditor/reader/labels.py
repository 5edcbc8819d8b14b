"""Labels as departments write them, and what each one means in the model.

Everything is located by label, never by address.  A label is compared after
normalising: full-width to half-width, no spaces, （）→(), no 其中： prefix, no list
numbering (一、 1. (1)), no trailing colon.  Keys are the model's domain names.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ENUM_RE = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．])")
_POINTS_RE = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def norm(text) -> str:
    if text is None:
        return ""
    return _norm(str(text))


@lru_cache(maxsize=8192)  # the same few hundred labels recur in every workbook
def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    s = _ENUM_RE.sub("", s)
    if s.startswith("其中:"):
        s = s[3:]
    elif s.startswith("其中"):
        s = s[2:]
    return s.rstrip(":")


@lru_cache(maxsize=8192)
def indicator_key(name: str) -> str:
    """An indicator name for matching across the table, the pack and the report: the
    label's normal form without quotes, brackets or spaces (“三公”经费 = "三公"经费 = 三公经费)."""
    return re.sub(r"[\"'“”‘’「」『』《》()（）\s]", "", norm(name))


def points_in_label(text: str) -> tuple[str, str | None]:
    """``履职效能（46分）`` → (``履职效能``, ``46``)."""
    m = _POINTS_RE.search(text or "")
    if not m:
        return (text or "").strip(), None
    return (text[: m.start()] + text[m.end():]).strip(), m.group(1)


# Sheets, matched by keyword in the sheet's name; ``markers`` find a renamed sheet by content.
SHEETS = {
    "cover": {"keywords": ("封面", "基本信息"), "markers": ("部门名称", "填报人")},
    "budget": {"keywords": ("收支",), "markers": ("收入情况", "本年收入合计")},
    "sangong": {"keywords": ("三公",), "markers": ("公务接待费", "因公出国")},
    "targets": {"keywords": ("绩效目标",), "markers": ("实际完成值", "偏差原因")},
    "scoring": {"keywords": ("评分",), "markers": ("自评得分", "自评等级")},
}
SHEET_TITLES = {"cover": "封面", "budget": "收支情况", "sangong": "三公经费",
                "targets": "绩效目标完成情况", "scoring": "自评评分表"}

COVER = {  # label → key, first match wins
    "评价年度": "year", "年度": "year", "部门名称": "department", "单位名称": "department",
    "部门编码": "code", "单位编码": "code", "填报人": "filler", "联系电话": "phone",
    "填报日期": "date", "金额单位": "unit",
}

# Tables of the 收支 sheet: key → words that must all be in the title.
BUDGET_TABLES = {
    "expense_economic": ("支出情况", "经济分类"),
    "expense_nature": ("支出情况", "支出性质"),
    "income": ("收入情况",),
}

# What the first column of a table is headed: 项目 in the template, 科目 or 类别 in some
# departments' own layouts.
LABEL_HEADERS = ("项目", "科目", "类别")

# Column headers: key → patterns tried in order (a header matches its first pattern found).
COLUMNS = [
    ("label", LABEL_HEADERS),
    ("change_rate", ("增减率", "增长率", "变动率")),
    ("change", ("增减额", "增减", "变动额")),
    ("share", ("占比", "比重")),
    ("rate", ("执行率",)),
    ("budget_initial", ("年初预算",)),
    ("budget_adjusted", ("调整后预算", "调整预算")),
    ("actual", ("决算",)),
    ("budget", ("预算",)),
]
PERCENT_COLUMNS = {"share", "change_rate", "rate"}

INCOME_LINES = [
    ("total", "本年收入合计"), ("grand_total", "收入总计"), ("carryover", "年初结转和结余"),
    ("non_fiscal_surplus", "使用非财政拨款结余"), ("general_public", "一般公共预算"),
    ("gov_fund", "政府性基金"), ("state_capital", "国有资本"), ("higher_subsidy", "上级补助"),
    ("operating", "事业收入"), ("business", "经营收入"), ("affiliated", "附属单位"),
    ("other", "其他收入"),
]
INCOME_SOURCES = ["general_public", "gov_fund", "state_capital", "higher_subsidy", "operating",
                  "business", "affiliated", "other"]
ECONOMIC_LINES = [
    ("total", "本年支出合计"), ("wages", "工资福利"), ("goods_services", "商品和服务"),
    ("household", "对个人和家庭"), ("capital", "资本性"), ("other", "其他支出"),
]
ECONOMIC_CLASSES = ["wages", "goods_services", "household", "capital", "other"]
NATURE_LINES = [
    ("total", "本年支出合计"), ("grand_total", "支出总计"), ("carryover_end", "年末结转和结余"),
    ("basic", "基本支出"), ("personnel", "人员经费"), ("public_use", "公用经费"),
    ("project", "项目支出"),
]
SANGONG_LINES = [
    ("vehicles", "公务用车购置及运行"), ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_running", "运行维护费"), ("abroad", "因公出国"), ("reception", "公务接待"),
    ("total", "合计"),
]
# The label a reviewer knows, per table: 其他 is 其他收入 in one table and 其他支出 in another.
LINE_NAMES = {
    "income": {"general_public": "一般公共预算财政拨款收入", "gov_fund": "政府性基金预算财政拨款收入",
               "state_capital": "国有资本经营预算财政拨款收入", "higher_subsidy": "上级补助收入",
               "operating": "事业收入", "business": "经营收入", "affiliated": "附属单位上缴收入",
               "other": "其他收入", "total": "本年收入合计", "carryover": "年初结转和结余",
               "non_fiscal_surplus": "使用非财政拨款结余", "grand_total": "收入总计"},
    "expense_economic": {"wages": "工资福利支出", "goods_services": "商品和服务支出",
                         "household": "对个人和家庭的补助", "capital": "资本性支出", "other": "其他支出",
                         "total": "本年支出合计"},
    "expense_nature": {"basic": "基本支出", "personnel": "人员经费", "public_use": "公用经费",
                       "project": "项目支出", "total": "本年支出合计", "carryover_end": "年末结转和结余",
                       "grand_total": "支出总计"},
    "sangong": {"abroad": "因公出国（境）费", "vehicles": "公务用车购置及运行维护费",
                "vehicle_purchase": "公务用车购置费", "vehicle_running": "公务用车运行维护费",
                "reception": "公务接待费", "total": "三公经费合计"},
}


def line_name(table: str, key: str) -> str:
    return LINE_NAMES.get(table, {}).get(key, key)


COLUMN_NAMES = {"budget_initial": "年初预算数", "budget_adjusted": "调整后预算数", "actual": "决算数",
                "share": "决算占比（%）", "change": "增减额", "change_rate": "增减率（%）",
                "budget": "预算数", "rate": "执行率（%）"}

TARGET_COLUMNS = [("level1", ("一级指标",)), ("level2", ("二级指标",)), ("name", ("三级指标",)),
                  ("achieved", ("实际完成", "完成值")), ("target", ("指标值", "目标值")),
                  ("status", ("完成情况",)), ("deviation", ("偏差原因", "原因分析"))]
SCORING_COLUMNS = [("level1", ("一级指标",)), ("level2", ("二级指标",)), ("name", ("三级指标",)),
                   ("points", ("分值",)), ("criteria", ("评分标准",)), ("score", ("自评得分", "得分")),
                   ("reason", ("得分说明", "扣分原因", "说明"))]


def match_line(label: str, lines: list[tuple[str, str]]) -> str | None:
    n = norm(label)
    if not n:
        return None
    for key, pattern in lines:
        if pattern in n:
            return key
    return None


def match_columns(headers: dict[int, str], spec) -> dict[str, int]:
    """Map column keys to column numbers, each header used once, patterns tried in order."""
    out: dict[str, int] = {}
    taken: set[int] = set()
    for key, patterns in spec:
        for col, text in sorted(headers.items()):
            if col in taken:
                continue
            n = norm(text)
            if any(p in n for p in patterns):
                out[key] = col
                taken.add(col)
                break
    return out
