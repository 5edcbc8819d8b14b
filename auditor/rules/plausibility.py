"""What a reviewer judges of plain figures beyond the arithmetic: money spent over its budget,
a part larger than its whole, a target set so low that it was beaten by far, a rate written
into a sentence, the same explanation pasted on many rows.

Each judgement is a small function of plain values (intervals of amounts, a parsed target,
a threshold from the pack), so that any form's rules, a described form's included, can call
it; the forms' rules only say which cells to hand over and where to point.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Iterable

from auditor import precision as P
from auditor.numbers import normalize_text
from auditor.rules.targets import LESS_IS_BETTER, Goal, meets, parse_achieved


def setting(pack, key: str, default):
    """A threshold of the pack's ``[checks]`` table, or the default the issue gives."""
    return (getattr(pack, "checks", None) or {}).get(key, default)


def above(part: P.Interval | None, whole: P.Interval | None) -> bool:
    """The part is larger than its whole (or the spending than its budget) whatever the
    printed figures' rounding: the least the part can be exceeds the most the whole can be."""
    return part is not None and whole is not None and part.lo > whole.hi


def excess(part: P.Interval, whole: P.Interval) -> str:
    """By how much, for a message: the printed figures' difference."""
    return P.show(part.mid - whole.mid)


# Less-is-better targets judged for 偏离度 by default: costs.  Other ceilings (受害率 ≤0.9‰,
# 安全事故 ≤3起) limit something adverse, and a good year beats them by far.
LESS_UNITS = ("元", "万元", "千元", "亿元")


def deviation(goal: Goal | None, achieved, less_units=LESS_UNITS) -> Decimal | None:
    """How far a met quantitative target was beaten, as a fraction: 实际/目标 − 1 when more is
    better, 1 − 实际/目标 when less is better (the 一体化 system's 指标偏离), the latter only
    for targets in ``less_units``.  None when the target was missed, cannot be compared, or
    has no size to measure from."""
    if goal is None or goal.value <= 0 or meets(achieved, goal) is not True:
        return None
    if goal.op in LESS_IS_BETTER and goal.unit not in less_units:
        return None
    value = parse_achieved(achieved)[0]
    share = value / goal.value
    return 1 - share if goal.op in LESS_IS_BETTER else share - 1


# A rate stated in words: 支出进度92%, 执行率为96.5%, 预算执行率达到 99.60%.  The rate word
# comes first; a comparator (≥90%, 不低于90%) or 以上/以下 after it makes it a target.
_RATE_WORDS = ("预算执行率", "资金支出率", "支出率", "执行率", "支出进度", "执行进度")
_RATE = re.compile(r"(?:" + "|".join(_RATE_WORDS) + r")(?:为|达|达到|是|:|：)?\s*"
                   r"(?P<num>\d+(?:\.\d+)?)\s*%(?!\s*(?:以上|以下|及以上|及以下))")


def stated_rates(text: str) -> list[tuple[Decimal, int, str]]:
    """Each execution rate a text states as a measured value: (value in percent, printed
    decimals, the words as written)."""
    s = normalize_text(text or "")
    out = []
    for m in _RATE.finditer(s):
        num = m.group("num")
        out.append((Decimal(num), len(num.split(".")[1]) if "." in num else 0, m.group(0)))
    return out


def repeated(texts: Iterable[tuple[object, str]], min_chars: int, min_count: int) -> list[list]:
    """The items that share one text of at least ``min_chars`` characters, in groups of at
    least ``min_count``: (item, text) pairs in, lists of items out, in first-seen order."""
    groups: dict[str, list] = defaultdict(list)
    for item, text in texts:
        key = re.sub(r"\s+", "", normalize_text(text or ""))
        if len(key) >= min_chars:
            groups[key].append(item)
    return [items for items in groups.values() if len(items) >= min_count]


def rate_claims(text: str, whole: bool) -> list[tuple[Decimal, int, str]]:
    """The execution rates a cell states: the whole cell when it is an achieved value
    (``96.5%``), else each one its sentence states (``支出进度92%``)."""
    if not whole:
        return stated_rates(text)
    q = parse_achieved(text)
    if q is None or q[1] != "%":
        return []
    num = str(q[0])
    return [(q[0], len(num.split(".")[1]) if "." in num else 0, normalize_text(text))]


def misstated_rates(claims, allowed: P.Interval | None):
    """(verdict, words) of each stated rate that the amounts' rate (in percent) cannot be,
    judged at its printed precision: ``precision.WRONG`` or ``precision.TRUNCATED``."""
    if allowed is None:
        return []
    out = []
    for value, decimals, words in claims:
        verdict = P.judge(value, decimals, allowed)
        if verdict != P.CONSISTENT:
            out.append((verdict, words))
    return out
