"""Shared arithmetic for the rules: a Value's interval, and the sum and ratio checks.

Every check here judges a stated figure against what exact arithmetic on its inputs
allows (``auditor.precision``).  A formula without a cached value, or text where a
number belongs, makes a check say nothing: the reader has already reported that cell.
"""
from __future__ import annotations

from typing import Iterable

from auditor import precision as P
from auditor.values import Value


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



def money(x) -> str:
    """An amount as a reviewer writes it: two decimals of its unit, thousands separated
    (1,054,709.06); both sides of a finding are written so."""
    from decimal import Decimal

    return f"{Decimal(str(x)).quantize(Decimal('0.01')):,}"


class Corrections(dict):
    """What a cell judged wrong should hold, by its location: the interval a rule found it
    should stand for, and the rule's finding.  A total judged later is measured against its
    parts as corrected, so that no expected value is computed from a figure itself reported
    wrong; rules that feed others run first (``Rule.level``)."""

    def amount(self, v: Value | None) -> P.Interval | None:
        """The interval ``v`` stands for once corrected: its own when nothing corrected it."""
        loc = getattr(v, "loc", None) if v is not None else None
        if loc is not None and loc in self:
            return self[loc][0]
        return amount(v)

    def amounts(self, values: Iterable[Value | None]) -> P.Interval | None:
        total = _ZERO
        for v in values:
            i = self.amount(v)
            if i is None:
                return None
            total = total + i
        return total

    def roots(self, values: Iterable[Value | None]) -> list:
        """The findings that corrected any of ``values``."""
        return [self[v.loc][1] for v in values if v is not None and getattr(v, "loc", None) in self]


NO_CORRECTIONS = Corrections()


def sum_mismatch(total: Value | None, parts: list[Value | None],
                 corrections: Corrections = NO_CORRECTIONS) -> tuple[str, str, P.Interval, bool] | None:
    """(expected, actual, allowed, follows) when a stated total cannot be the sum of its
    parts as corrected; ``follows``: it is the sum of the parts as stated, so its fix
    follows from theirs."""
    if total is None or total.uncached or (not total.is_number and not total.is_blank):
        return None
    allowed = corrections.amounts(parts)
    if allowed is None:
        return None
    stated = amount(total)
    if stated.meets(allowed):
        return None
    as_stated = amounts(parts)
    follows = as_stated is not None and stated.meets(as_stated)
    if total.is_blank:
        return money(allowed.mid), "空", allowed, follows
    return money(allowed.mid), money(total.number), allowed, follows


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
    return verdict, P.show(allowed.mid, decimals), f"{stated.number:.{decimals}f}"


def execution_shares(actual: Value | None, base: Value | None, rate: Value | None) -> list[P.Interval]:
    """The execution rate (a fraction) each way a form lets it be read: 执行数 ÷ the budget
    from the amounts, and the printed rate (a score computed from the printed rate is
    computed as the form says); what ``execution_score`` takes."""
    shares = []
    if actual is not None and actual.is_number and base is not None and base.is_number and base.number > 0:
        shares.append(amount(actual) / amount(base))
    if rate is not None and rate.is_number:
        shares.append(P.stated(rate.number, rate.decimals or 0).scale("0.01"))
    return shares


def execution_score(shares: list[P.Interval], points, cap: bool = True) -> P.Interval | None:
    """The execution 得分 allowed by the execution rate(s) ``shares`` (as fractions, each the
    interval one way of computing the rate allows: from the amounts, from the printed rate):
    min(rate, 100%) × points when ``cap``, else rate × points; None when no rate is known."""
    if not shares:
        return None
    share = P.Interval(min(s.lo for s in shares), max(s.hi for s in shares))
    if cap:
        one = P.exact(1)
        share = P.Interval(min(share.lo, one.lo), min(share.hi, one.hi))
    return share.scale(points)
