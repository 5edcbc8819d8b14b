"""Shared arithmetic for the rules: a Value's interval, and the sum and ratio checks.

Every check here judges a stated figure against what exact arithmetic on its inputs
allows (``auditor.precision``).  A formula without a cached value, or text where a
number belongs, makes a check say nothing: the reader has already reported that cell.
"""
from __future__ import annotations

from typing import Iterable

from auditor import precision as P
from auditor.model import Value
from auditor.forms.department.model import Table


_ZERO = P.exact(0)  # shared: intervals are never changed once made


def amount(v: Value | None) -> P.Interval | None:
    """The interval an amount cell stands for; blank and not-applicable count as zero."""
    if v is None:
        return _ZERO
    if v.is_blank:
        return _ZERO
    if not v.is_number:
        return None
    if v.interval is None:
        v.interval = P.amount(v.number, v.decimals)
    return v.interval


def amounts(values: Iterable[Value | None]) -> P.Interval | None:
    total = _ZERO
    for v in values:
        i = amount(v)
        if i is None:
            return None
        total = total + i
    return total



def sum_mismatch(total: Value | None, parts: list[Value | None]) -> tuple[str, str] | None:
    """(expected, actual) when a stated total cannot be the sum of its stated parts."""
    if total is None or total.uncached or (not total.is_number and not total.is_blank):
        return None
    allowed = amounts(parts)
    if allowed is None:
        return None
    stated = amount(total)
    if total.is_blank:
        if allowed.lo <= 0 <= allowed.hi:
            return None
        return P.show(allowed.mid), "空"
    if stated.meets(allowed):
        return None
    return P.show(allowed.mid), total.text


def ratio_verdict(stated: Value | None, numerator: P.Interval | None, denominator: P.Interval | None,
                  scale: int = 100) -> tuple[str, str, str] | None:
    """(verdict, expected, actual) for a stated ratio, or None when nothing can be judged."""
    if stated is None or not stated.is_number or numerator is None or denominator is None:
        return None
    allowed = numerator / denominator
    if allowed is None:
        return None
    allowed = allowed.scale(scale)
    verdict = P.judge(stated.number, stated.decimals or 0, allowed)
    if verdict == P.CONSISTENT:
        return None
    decimals = max(stated.decimals or 0, 2)
    return verdict, P.show(allowed.mid, decimals), stated.text if not stated.percent_marked else str(stated.number)


def column_values(table: Table | None, lines: Iterable[str], column: str) -> list[Value | None]:
    if table is None:
        return []
    return [table.value(k, column) for k in lines if table.has(k)]


def value_at(table: Table | None, line: str, column: str) -> Value | None:
    return table.value(line, column) if table is not None else None
