"""What a rule's ``check`` sees: the located model, the year's pack, the narrative report."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.model import Workbook
from auditor.packs import Pack


@dataclass
class Context:
    wb: Workbook
    pack: Pack
    report: Any = None  # auditor.narrative.Report, or None when no report was given or found
    report_given: bool = False  # a report was given or found, readable or not

    @property
    def facts(self):
        """What the report states (``auditor.narrative.Facts``); None when there is no report."""
        return self.report.facts if self.report is not None else None
