"""Reporters turn a report into what people read: terminal text, JSON, the summary
workbook, the annotated workbook copy.  ``REPORTERS`` (name -> class) loads them on
first use, so importing one reporter does not load the others."""
from __future__ import annotations

import importlib

# the modules that register the built-in reporters
_BUILT_IN = ("text", "json_report", "summary", "annotated", "notice")


def __getattr__(name: str):
    if name == "REPORTERS":
        for module in _BUILT_IN:
            importlib.import_module(f"{__name__}.{module}")
        from auditor.reporters.base import REPORTERS

        return REPORTERS
    raise AttributeError(name)
