"""When is a stated figure wrong?  Interval arithmetic on what printed digits stand for.

A figure printed with d decimals stands for every exact value that rounds to it.  A
stated figure is inconsistent only when its interval cannot meet the interval that exact
arithmetic on its (themselves rounded) inputs allows: XBRL calculation 1.1 semantics,
with no tolerance chosen by hand.  Amounts are kept to two decimals of their unit, so an
amount's interval is never wider than ±0.005 of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

AMOUNT_DECIMALS = 2

CONSISTENT = "consistent"
TRUNCATED = "truncated"
WRONG = "wrong"


@dataclass(frozen=True)
class Interval:
    lo: Fraction
    hi: Fraction

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k) -> "Interval":
        k = Fraction(k)
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __truediv__(self, other: "Interval") -> "Interval | None":
        """None when the divisor's interval holds zero: nothing can be said."""
        if other.lo <= 0 <= other.hi:
            return None
        ends = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(ends), max(ends))

    def meets(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2


def exact(value) -> Interval:
    f = Fraction(value)
    return Interval(f, f)


def stated(value: Decimal, decimals: int) -> Interval:
    """The values a figure printed with ``decimals`` decimals stands for, when rounded."""
    half = Fraction(1, 2 * 10 ** decimals)
    f = Fraction(value)
    return Interval(f - half, f + half)


def amount(value: Decimal, decimals: int | None) -> Interval:
    return stated(value, max(decimals or 0, AMOUNT_DECIMALS))


def truncated(value: Decimal, decimals: int) -> Interval:
    """The values a figure stands for when its writer cut digits off instead of rounding."""
    step = Fraction(1, 10 ** decimals)
    f = Fraction(value)
    return Interval(f, f + step) if f >= 0 else Interval(f - step, f)


def sum_of(intervals) -> Interval:
    total = Interval(Fraction(0), Fraction(0))
    for i in intervals:
        total = total + i
    return total


def judge(value: Decimal, decimals: int, allowed: Interval) -> str:
    if stated(value, decimals).meets(allowed):
        return CONSISTENT
    if decimals > 0 and truncated(value, decimals).meets(allowed):
        return TRUNCATED
    return WRONG


def show(x: Fraction | Decimal | float, decimals: int = 2) -> str:
    """A figure for a message, printed as a reviewer would write it."""
    q = Decimal(1).scaleb(-decimals)
    d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else Decimal(str(x))
    return str(d.quantize(q))
