"""Target strings (指标值) and achieved values (实际完成值), and whether one meets the other.

Targets come as ``≥80分``, ``100%``, ``≥ 20次``, ``=100%``, ``不低于85%``, ``90%以上``,
``1500份``, with full-width comparators (``＞＝``, ``﹦``) or words (不低于, 不超过, 以内).
Qualitative targets (``有提升``, ``≤预算数``) have no number to compare: they are
``None``, and nothing is judged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from auditor.numbers import normalize_text

_PREFIX_WORDS = [
    ("大于或等于", ">="), ("大于等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("至少", ">="), ("达到", ">="), ("小于或等于", "<="), ("小于等于", "<="), ("不超过", "<="),
    ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("控制在", "<="), ("高于", ">"),
    ("大于", ">"), ("超过", ">"), ("多于", ">"), ("低于", "<"), ("小于", "<"), ("少于", "<"),
    ("等于", "="),
]
_SUFFIX_WORDS = [("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
                 ("之内", "<=")]
_SYMBOLS = [(">=", ">="), ("=>", ">="), ("≥", ">="), ("≧", ">="), ("<=", "<="), ("=<", "<="),
            ("≤", "<="), ("≦", "<="), (">", ">"), ("<", "<"), ("=", "=")]
_VALUE_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)(.*)$")


@dataclass(frozen=True)
class Goal:
    op: str            # one of >= > <= < =
    value: Decimal
    unit: str


def _clean(text: str) -> str:
    s = normalize_text(text or "").replace("﹦", "=").replace("＝", "=")
    return s.replace("≥", "≥").replace("≤", "≤")


def _quantity(s: str) -> tuple[Decimal, str] | None:
    s = s.replace(",", "")
    m = _VALUE_RE.match(s)
    if not m:
        return None
    unit = m.group(2).strip()
    # a rate unit (万元/公里, 人次/年) is two units, each held to a unit's length
    parts = unit.split("/") if unit.count("/") == 1 else [unit]
    if any(len(u) > 4 or (len(parts) > 1 and not u) for u in parts) or re.search(r"\d", unit):
        return None  # "100%全覆盖", "3个镇" … more than a unit: not a plain quantity
    return Decimal(m.group(1)), unit


def parse_goal(text) -> Goal | None:
    return _parse_goal(str(text) if text is not None else "")


@lru_cache(maxsize=4096)  # each target is asked about by several rules
def _parse_goal(text: str) -> Goal | None:
    s = _clean(text)
    if not s:
        return None
    op = None
    for word, o in _PREFIX_WORDS:
        if s.startswith(word):
            op, s = o, s[len(word):]
            break
    if op is None:
        for sym, o in _SYMBOLS:
            if s.startswith(sym):
                op, s = o, s[len(sym):]
                break
    for word, o in _SUFFIX_WORDS:
        if s.endswith(word):
            op, s = op or o, s[: -len(word)]
            break
    q = _quantity(s)
    if q is None:
        return None
    # A bare target ("100%", "1500份") is a level to reach.
    return Goal(op or ">=", q[0], q[1])


def parse_achieved(text) -> tuple[Decimal, str] | None:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Decimal(str(text)), ""
    return _parse_achieved(str(text) if text is not None else "")


@lru_cache(maxsize=4096)
def _parse_achieved(text: str) -> tuple[Decimal, str] | None:
    s = _clean(text)
    for sym, _ in _SYMBOLS:
        if s.startswith(sym):
            s = s[len(sym):]
            break
    return _quantity(s)


def meets(achieved, goal: Goal | None) -> bool | None:
    """True or False when the achieved value can be judged against the goal, else None."""
    if goal is None:
        return None
    got = parse_achieved(achieved)
    if got is None:
        return None
    value, unit = got
    if unit and goal.unit and unit != goal.unit:
        return None
    return {">=": value >= goal.value, ">": value > goal.value, "<=": value <= goal.value,
            "<": value < goal.value, "=": value == goal.value}[goal.op]


DONE = ("已完成", "完成", "是", "达成", "已达成", "达到")
NOT_DONE = ("未完成", "否", "未达成", "部分完成", "未达到")


def status_of(text: str) -> bool | None:
    s = normalize_text(text or "")
    if s in NOT_DONE or s.startswith("未"):
        return False
    if s in DONE:
        return True
    return None


MORE_IS_BETTER = (">=", ">", "=")
# The words that make a value a target (达到98% is how some write a measured value).
_TARGET_WORDS = tuple(w for w, op in _PREFIX_WORDS if op in (">=", "<=") and w != "达到")
LESS_IS_BETTER = ("<=", "<")


def completion(achieved, goal: Goal | None):
    """The share of a missed quantitative target that was reached, by the rule the project
    forms print: 实际 ÷ 目标 for a more-is-better target (≥, 不低于, 以上, =), 目标 ÷ 实际 for
    a less-is-better one (≤, 不超过, 以内).  1 when the target is met; None when the two
    cannot be compared (no number, another unit, a zero to divide by)."""
    met = meets(achieved, goal)
    if met is None:
        return None
    if met:
        return Decimal(1)
    value = parse_achieved(achieved)[0]
    if goal.op in LESS_IS_BETTER:
        return goal.value / value if value > 0 else None
    if goal.value <= 0 or value < 0:
        return None
    return min(value / goal.value, Decimal(1))


def repeats_comparator(achieved) -> bool:
    """An achieved value written as a target (``≥90%``, ``不低于85%``, ``90%以上``): it
    says what was aimed at, not what was measured."""
    s = _clean(str(achieved) if achieved is not None else "")
    if not s:
        return False
    if any(s.startswith(sym) for sym, _ in _SYMBOLS) or any(s.startswith(w) for w in _TARGET_WORDS):
        return _parse_goal(s) is not None
    return any(s.endswith(w) for w, _ in _SUFFIX_WORDS) and _parse_goal(s) is not None
