"""When is a stated figure wrong?  Interval arithmetic on what printed digits stand for.

A figure printed with d decimals stands for every exact value that rounds to it.  A
stated figure is inconsistent only when its interval cannot meet the interval that exact
arithmetic on its (themselves rounded) inputs allows: XBRL calculation 1.1 semantics,
with no tolerance chosen by hand.  Amounts are kept to two decimals of their unit, so an
amount's interval is never wider than ±0.005 of it.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
from fractions import Fraction

AMOUNT_DECIMALS = 2

CONSISTENT = "consistent"
TRUNCATED = "truncated"
WRONG = "wrong"

# Interval ends are Decimals (C arithmetic, far faster than Fraction); a quotient's ends
# are rounded outwards, so an interval never claims more precision than it has.
_EXACT = Context(prec=60)
_DOWN = Context(prec=40, rounding=ROUND_FLOOR)
_UP = Context(prec=40, rounding=ROUND_CEILING)


def _dec(x) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, Fraction):
        return _EXACT.divide(Decimal(x.numerator), Decimal(x.denominator))
    return Decimal(x)


class Interval:
    """[lo, hi], never changed once made.  A plain slotted class: the rules build a few
    hundred of these per workbook, and a frozen dataclass's __init__ costs 5x more."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo: Decimal, hi: Decimal):
        self.lo, self.hi = lo, hi

    def __eq__(self, other):
        return isinstance(other, Interval) and self.lo == other.lo and self.hi == other.hi

    def __hash__(self):
        return hash((self.lo, self.hi))

    def __repr__(self):
        return f"Interval(lo={self.lo!r}, hi={self.hi!r})"

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(_EXACT.add(self.lo, other.lo), _EXACT.add(self.hi, other.hi))

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(_EXACT.subtract(self.lo, other.hi), _EXACT.subtract(self.hi, other.lo))

    def scale(self, k) -> "Interval":
        k = _dec(k)
        a, b = _EXACT.multiply(self.lo, k), _EXACT.multiply(self.hi, k)
        return Interval(min(a, b), max(a, b))

    def __truediv__(self, other: "Interval") -> "Interval | None":
        """None when the divisor's interval holds zero: nothing can be said."""
        if other.lo <= 0 <= other.hi:
            return None
        if self.lo >= 0 and other.lo > 0:  # the usual share or rate: the ends are known, two divisions
            return Interval(_DOWN.divide(self.lo, other.hi), _UP.divide(self.hi, other.lo))
        pairs = [(self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo), (self.hi, other.hi)]
        return Interval(min(_DOWN.divide(a, b) for a, b in pairs), max(_UP.divide(a, b) for a, b in pairs))

    def meets(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def mid(self) -> Decimal:
        return _EXACT.divide(_EXACT.add(self.lo, self.hi), 2)


def exact(value) -> Interval:
    d = _dec(value)
    return Interval(d, d)


_HALF_STEPS = [Decimal(5).scaleb(-d - 1) for d in range(16)]


def stated(value: Decimal, decimals: int) -> Interval:
    """The values a figure printed with ``decimals`` decimals stands for, when rounded."""
    half = _HALF_STEPS[decimals] if 0 <= decimals < 16 else Decimal(5).scaleb(-decimals - 1)
    d = _dec(value)
    return Interval(_EXACT.subtract(d, half), _EXACT.add(d, half))


def amount(value: Decimal, decimals: int | None) -> Interval:
    return stated(value, max(decimals or 0, AMOUNT_DECIMALS))


def truncated(value: Decimal, decimals: int) -> Interval:
    """The values a figure stands for when its writer cut digits off instead of rounding."""
    step = Decimal(1).scaleb(-decimals)
    d = _dec(value)
    return Interval(d, _EXACT.add(d, step)) if d >= 0 else Interval(_EXACT.subtract(d, step), d)


def sum_of(intervals) -> Interval:
    total = Interval(Decimal(0), Decimal(0))
    for i in intervals:
        total = total + i
    return total


def judge(value: Decimal, decimals: int, allowed: Interval) -> str:
    if stated(value, decimals).meets(allowed):
        return CONSISTENT
    if decimals > 0 and truncated(value, decimals).meets(allowed):
        return TRUNCATED
    return WRONG


def sign(diff: Interval | None) -> int | None:
    """+1 or -1 where the whole of a difference lies above or below zero, 0 where it may be
    zero, None where there is none: what a word comparing two figures may say of them."""
    if diff is None:
        return None
    return 1 if diff.lo > 0 else -1 if diff.hi < 0 else 0


def contradicts(direction: int, diff: Interval) -> bool:
    """Whether a word's direction (+1 增加, -1 减少, 0 持平) cannot describe ``diff``, on
    every value its interval allows (a difference that may be zero contradicts neither)."""
    if direction > 0:
        return diff.hi < 0
    if direction < 0:
        return diff.lo > 0
    return not (diff.lo <= 0 <= diff.hi)


def show(x: Fraction | Decimal | float, decimals: int = 2) -> str:
    """A figure for a message, printed as a reviewer would write it."""
    q = Decimal(1).scaleb(-decimals)
    d = _dec(x) if isinstance(x, (Fraction, Decimal)) else Decimal(str(x))
    try:
        return str(d.quantize(q, context=_EXACT))  # 1e26 to two decimals is past the default 28 digits
    except InvalidOperation:
        return str(d)
