"""Dates and years as departments write them: ``2024-08-01``, ``2024. 8. 1``, ``2024年8月1日``,
``2024/8/1``, a date typed into Excel (a serial number), and years in titles (``（2023年度）``)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from auditor.numbers import normalize_text

_DATE = re.compile(r"((?:19|20)\d{2})[年\-./](\d{1,2})[月\-./](\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_EVALUATED = re.compile(r"((?:19|20)\d{2})年度")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in the 1900 date system


def date_of(raw) -> dt.date | None:
    """The date a cell or a phrase states, or None when it states none we can read."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        if 20000 <= raw <= 80000:  # 1954 … 2119: a date typed into Excel, kept as its serial
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        return None
    m = _DATE.search(normalize_text(str(raw or "")))
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def year_in(text) -> int | None:
    """The year a title or sentence names: its ``2023年度`` where it has one (``2024年开展2023年度
    …`` evaluates 2023), else its first ``2023年``."""
    s = normalize_text(str(text or ""))
    m = _EVALUATED.search(s) or _YEAR.search(s)
    return int(m.group(1)) if m else None


def before_year_end(date: dt.date, year: int) -> bool:
    """A self-evaluation of ``year`` signed before that year was over."""
    return date <= dt.date(year, 12, 31)
