"""The narrative report beside the workbook (自评报告): reading it and what it states.

``read_report(path)`` gives a ``Report`` (numbered lines, paragraphs, sentences);
``extract(report)`` gives what it states (``Facts``), each figure with its sentence.

The names below load their module on first use (PEP 562): most workbooks arrive without
a report, and a check should not pay for compiling the report's patterns.
"""
from __future__ import annotations

import importlib

_WHERE = {
    "Change": "extract", "Facts": "extract", "Figure": "extract", "IndicatorClaim": "extract",
    "Stated": "extract", "extract": "extract",
    "Paragraph": "read", "Report": "read", "ReportUnreadable": "read", "Sentence": "read",
    "decode_text": "read", "normalize": "read", "read_report": "read",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
