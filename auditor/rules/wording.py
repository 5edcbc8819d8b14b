"""Reading an explanation as a reviewer does: a fault that is denied is praise.

``实际支出数未超过预算安排数`` holds 未 and says the best thing a 三公 row can say;
``未进行资产盘点`` holds 未 and admits work not done.  The difference is what the negation
applies to: a fault (超过, 发现, 出现, 存在, 违规 …) denied is the work done well; an action
(进行, 按时, 开展, 报 …) denied is the work not done.  So denied faults and neutral phrases
(无需, 不涉及) are set aside first, and only then is the text searched for the pack's
not-done words.  Every list is the pack's (``[keywords]``); the defaults below serve a
pack written before they existed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.labels import PLACEHOLDERS, says_nothing  # noqa: F401  (the one list; readers use it too)

NEGATORS = ("没有", "并未", "并无", "从未", "尚未", "均未", "未", "无", "不", "没")
# Between the negation and the fault: 未出现任何问题, 未有违规, 没有再发生.
FILLERS = ("任何", "有", "再", "曾", "过")
FAULTS = ("超过", "超出", "超支", "超标", "超预算", "突破", "发现", "出现", "发生", "存在", "违规", "违纪",
          "违法", "违反", "不合规", "闲置", "浪费", "挪用", "截留", "滞留", "失分", "扣分", "扣减", "问题",
          "事故", "投诉", "差错", "低于", "逾期", "延误", "拖欠", "虚报")
NOT_DONE = ("未", "不得分", "扣", "尚未", "没有")

# What replaces a phrase set aside: a mark that cannot join its neighbours into a new word.
_GAP = "｜"


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=16)  # one pattern per pack's lists, asked for every leaf of every workbook
def _denied_fault(negators: tuple[str, ...], fillers: tuple[str, ...], faults: tuple[str, ...]) -> re.Pattern:
    alt = lambda words: "|".join(map(re.escape, _longest_first(words)))  # noqa: E731
    return re.compile(f"(?:{alt(negators)})(?:{alt(fillers)})?(?:{alt(faults)})")


def _lists(keywords: dict) -> tuple[tuple[str, ...], ...]:
    kw = keywords or {}
    return (tuple(kw.get("negators", NEGATORS)), tuple(kw.get("negation_fillers", FILLERS)),
            tuple(kw.get("faults", FAULTS)), tuple(kw.get("not_done_exceptions", ())),
            tuple(kw.get("not_done", NOT_DONE)))


# A pack's keywords as the checks use them, by the pack's dict: every explanation of every
# workbook asks, and a pack is not changed once loaded.  The dict is kept with its entry, so
# its id cannot name another dict while the entry lives.
_PREPARED: dict[int, tuple[dict, tuple]] = {}


def _prepared(keywords: dict) -> tuple[re.Pattern, tuple[str, ...], tuple[str, ...]]:
    """(the denied-fault pattern, the neutral phrases, the not-done words), longest first."""
    entry = _PREPARED.get(id(keywords))
    if entry is not None and entry[0] is keywords:
        return entry[1]
    negators, fillers, faults, neutral, not_done = _lists(keywords)
    prepared = (_denied_fault(negators, fillers, faults), _longest_first(neutral), _longest_first(not_done))
    if len(_PREPARED) >= 16:  # a few packs per run; tests make many
        _PREPARED.clear()
    _PREPARED[id(keywords)] = (keywords, prepared)
    return prepared


def set_aside(text: str, keywords: dict) -> str:
    """``text`` with its denied faults and neutral phrases replaced by a gap mark."""
    denied, neutral, _ = _prepared(keywords)
    text = denied.sub(_GAP, text)
    for phrase in neutral:
        text = text.replace(phrase, _GAP)
    return text


def admission(text: str, keywords: dict) -> str | None:
    """The first not-done word ``text`` really says (尚未 before 未), or None."""
    rest = set_aside(text, keywords)
    for word in _prepared(keywords)[2]:
        if word in rest:
            return word
    return None


# Words before an admission, in its clause, that take it back: 不存在年中追加, 未发现…扣分.
TAKEN_BACK = ("不存在", "未发现", "没有", "避免", "防止")


def admits(sentence: str, phrase: str, taken_back: tuple[str, ...] = TAKEN_BACK, start: int = 0) -> int | None:
    """Where a normalised sentence admits ``phrase`` (from ``start`` on): its position, or
    None where it does not say it, or says it in a clause that takes it back (one of
    ``taken_back`` before it in its clause)."""
    at = sentence.find(phrase, start) if phrase else -1
    if at < 0:
        return None
    clause = sentence[:at].rsplit(",", 1)[-1]
    return None if any(word in clause for word in taken_back) else at


def overlap(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def closest(names: list[str], text: str, least: int = 3) -> list[int]:
    """The positions of the names sharing the longest run (at least ``least`` characters)
    with ``text``: how an admission that names no indicator is given to one."""
    runs = [overlap(name, text) for name in names]
    best = max(runs, default=0)
    return [i for i, n in enumerate(runs) if n == best and best >= least]
