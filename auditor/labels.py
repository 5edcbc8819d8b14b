"""Labels as departments write them, compared the same way in every form.

Everything is located by label, never by address.  A label is compared after
normalising: full-width to half-width, no spaces, （）→(), no 其中： prefix, no list
numbering (一、 1. (1)), no trailing colon.  What the labels of one form are, and the
model keys they stand for, is that form's vocabulary (auditor.forms.<id>.vocabulary).
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


def named_in(key: str, by_key: dict):
    """The entry a name (an ``indicator_key``) stands for: the one of the same key, or the
    only one whose key contains it or is contained in it; None where none or several do."""
    if key in by_key:
        return by_key[key]
    near = [entry for k, entry in by_key.items() if k and (k in key or key in k)]
    return near[0] if len(near) == 1 else None


def points_in_label(text: str) -> tuple[str, str | None]:
    """``履职效能（46分）`` → (``履职效能``, ``46``)."""
    m = _POINTS_RE.search(text or "")
    if not m:
        return (text or "").strip(), None
    return (text[: m.start()] + text[m.end():]).strip(), m.group(1)


def match_line(label: str, lines: list[tuple[str, str]]) -> str | None:
    """The key of the first (key, pattern) whose pattern is in the label."""
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


# What fills a field without saying anything (FORMS.md §3): not a reason, not an analysis.
# One list for every reader and rule that asks for an explanation (P007, G003, J044, the project
# form's text fields).
PLACEHOLDERS = frozenset({
    "无", "暂无", "没有", "略", "—", "——", "-", "--", "－", "/", "／", "\\", "…", "……", "...", "同上", "如上",
    "见报告", "详见报告", "见自评报告", "详见自评报告", "见附件", "详见附件", "已完成", "基本完成", "完成",
    "n/a", "na", "无。", "空"})
_EDGES = " \t\r\n　。．.，,；;：:、“”\"'‘’（）()"


def says_nothing(text: str | None) -> bool:
    """The field is empty or holds only a placeholder (``无``, ``/``, ``同上``, ``见报告`` …)."""
    if text is None:
        return True
    core = str(text).strip(_EDGES).lower()
    return not core or core in PLACEHOLDERS
