"""Reporters turn a report into what people read: terminal text, JSON, the summary
workbook, the annotated workbook copy.  ``REPORTERS`` (name -> class) loads each on
first use: ``auditor check`` writing text does not import xlsxwriter, the summary or
the annotator (a third of its start-up once did)."""
from __future__ import annotations

import importlib
from collections.abc import Mapping

# name -> (the module that registers it, whether it writes one file per workbook), so that
# a command can list the formats without importing them (a test keeps this true)
BUILT_IN = {"text": ("text", False), "concise": ("concise", False), "json": ("json_report", False), "summary": ("summary", False),
            "annotated": ("annotated.reporter", True), "notice": ("notice", True)}


class _Registry(Mapping):
    """The built-in reporters, each imported when first asked for, and any registered."""

    def __getitem__(self, name: str):
        from auditor.reporters.base import REPORTERS

        if name not in REPORTERS and name in BUILT_IN:
            importlib.import_module(f"{__name__}.{BUILT_IN[name][0]}")
        return REPORTERS[name]

    def __delitem__(self, name: str) -> None:  # unregistering, as a test does
        from auditor.reporters.base import REPORTERS

        del REPORTERS[name]

    def __iter__(self):
        from auditor.reporters.base import REPORTERS

        return iter(dict.fromkeys([*BUILT_IN, *REPORTERS]))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def run_formats() -> tuple[str, ...]:
    """The reporters of a whole run (not the per-file ones), importing none that is built in."""
    from auditor.reporters.base import REPORTERS

    return tuple(name for name in _Registry()
                 if not (BUILT_IN[name][1] if name in BUILT_IN else REPORTERS[name].per_file))


def __getattr__(name: str):
    if name == "REPORTERS":
        return _Registry()
    raise AttributeError(name)
