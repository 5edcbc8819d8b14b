"""Turning what a department typed into a number, and remembering how precisely it was typed.

Departments write ``5,199.03``, ``５１９９．０３``, ``－８８８．５６``, ``（123.4）`` for a negative,
``95.98%``, ``0.9598`` under a percent format, ``37.3`` in a ``（%）`` column, ``12万元``,
and ``-``/``--``/``—``/``/`` for "not applicable".  The decimals a figure was shown with
matter: they say which interval of exact values the printed figure stands for.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

NUMBER = "number"
BLANK = "blank"
NOT_APPLICABLE = "na"
TEXT = "text"

_NA_TOKENS = {"-", "--", "---", "—", "——", "–", "/", "//", "\\", "无", "n/a", "na", "不适用", "*"}
_NUMBER_RE = re.compile(r"^([+-]?)(\d+(?:\.\d*)?|\.\d+)$")
# 分 is the unit of points and scores (分值 "3分"), the others are amounts
_UNIT_RE = re.compile(r"(万元|千元|亿元|元|万|分)$")
# A float that came out of a spreadsheet carries binary noise past this many decimals.
_FLOAT_DECIMALS = 10
# No figure of a 自评 workbook comes near 10^15 (a county's whole budget, in 元, is below
# 10^11), and Excel itself keeps 15 significant digits.  Beyond it a "number" (1E+40, a
# 400-digit text) is not a figure but something no arithmetic here may be asked to hold:
# read as text, it is a finding (S005) at its cell instead of an overflow further on.
MAX_MAGNITUDE = Decimal(10) ** 15
_MAX_FLOAT = float(MAX_MAGNITUDE)


class Parsed(NamedTuple):
    """A cell's content as a number (a tuple: one is made per numeric cell read)."""

    kind: str
    number: Decimal | None = None
    decimals: int | None = None
    percent_sign: bool = False
    unit: str | None = None

    @property
    def is_number(self) -> bool:
        return self.kind == NUMBER


def normalize_text(text: str) -> str:
    """Full-width to half-width, odd minus signs to '-', no spaces of any kind."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2212", "-").replace("\ufe63", "-")
    return re.sub(r"\s+", "", text)


def decimals_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _from_float(value: float) -> Decimal:
    if value.is_integer():
        return Decimal(int(value))  # General format shows 88.0 as 88
    r = repr(value)
    d = Decimal(r)
    # the digits after the point say it without building the tuple (no point: exponent form)
    if ("e" in r or len(r) - r.index(".") - 1 > _FLOAT_DECIMALS) and decimals_of(d) > _FLOAT_DECIMALS:
        d = d.quantize(Decimal(1).scaleb(-_FLOAT_DECIMALS)).normalize()
        if decimals_of(d) == 0:
            d = d.quantize(Decimal(1))
    return d


def parse_number(raw, *, percent_format: bool = False, format_decimals: int | None = None) -> Parsed:
    """Parse one cell's content.

    ``percent_format``: the cell is shown as a percentage, so 0.9598 means 95.98.
    ``format_decimals``: the decimals its number format shows; the figure states exactly
    what is shown, rounded or padded to those decimals.
    """
    if type(raw) is float:  # most numeric cells: tested first, and no tuple of types built
        if raw != raw or raw - raw != 0 or abs(raw) > _MAX_FLOAT:  # NaN, an infinity (inf - inf is NaN), or no figure
            return Parsed(TEXT)
        return _stated(_from_float(raw), percent_format, format_decimals)
    if raw is None:
        return Parsed(BLANK)
    if isinstance(raw, bool):
        return Parsed(TEXT)
    if isinstance(raw, (datetime, date)):
        return Parsed(TEXT)
    if isinstance(raw, float):  # a float of another type (numpy's): read as the float it is
        return parse_number(float(raw), percent_format=percent_format, format_decimals=format_decimals)
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
        if not value.is_finite() or _beyond(value):
            return Parsed(TEXT)
        return _stated(value, percent_format, format_decimals)
    return parse_text(str(raw))


def _beyond(value: Decimal) -> bool:
    """Whether ``value`` is past any figure (``MAX_MAGNITUDE``)."""
    return abs(value) > MAX_MAGNITUDE


def _stated(value: Decimal, percent_format: bool, format_decimals: int | None) -> Parsed:
    """A number as its cell shows it: scaled by a percent format, to the format's decimals."""
    if percent_format:
        value = value.scaleb(2)
    if format_decimals is not None:
        # What the format prints is what is stated: 37.3 shown as 37.30 states 37.30.
        try:
            value = value.quantize(_quantum(format_decimals))
            return Parsed(NUMBER, value, format_decimals, percent_format)
        except InvalidOperation:  # more digits than a spreadsheet holds: keep them all
            pass
    return Parsed(NUMBER, value, decimals_of(value), percent_format)


@lru_cache(maxsize=64)
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def parse_text(text: str) -> Parsed:
    s = normalize_text(text)
    if not s:
        return Parsed(BLANK)
    if s.lower() in _NA_TOKENS or set(s) <= set("-—–/"):
        return Parsed(NOT_APPLICABLE)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    unit = None
    m = _UNIT_RE.search(s)
    if m:
        unit, s = m.group(1), s[: m.start()]
        unit = "万元" if unit == "万" else unit  # "5199.03万" is how many write 万元
    percent = False
    if s.endswith("%"):
        percent, s = True, s[:-1]
    s = s.replace(",", "")
    m = _NUMBER_RE.match(s)
    if not m:
        return Parsed(TEXT)
    try:
        value = Decimal(m.group(2))
    except InvalidOperation:
        return Parsed(TEXT)
    if _beyond(value):
        return Parsed(TEXT)
    if m.group(1) == "-":
        negative = not negative
    if negative:
        value = -value
    return Parsed(NUMBER, value, decimals_of(value), percent_sign=percent, unit=unit)


_FORMAT_DECIMALS_RE = re.compile(r"0\.(0+)")


@lru_cache(maxsize=1024)  # a workbook has a handful of formats and thousands of cells
def format_info(number_format: str | None) -> tuple[bool, int | None]:
    """(is a percent format, decimals it shows) for an Excel number format code."""
    if not number_format or number_format == "General":
        return False, None
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    percent = "%" in section
    m = _FORMAT_DECIMALS_RE.search(section)
    if m:
        return percent, len(m.group(1))
    if re.search(r"[0#]", section):
        return percent, 0
    return percent, None
