"""Family R: the narrative report's own arithmetic, judged from its text alone.

The family's rules check the report form (a report sent with no workbook) unless a rule
says otherwise: beside a workbook the N rules already set the same figures against the
workbook's, and one wrong figure must not be reported twice.  Rules whose question no
workbook answers (a count against its list, the year and department the report names)
check a report wherever it comes.  Every finding says where it is as the reader of the
file finds it: a .txt's line, a .docx's paragraph, a PDF's page and line.
"""
from __future__ import annotations

from auditor.codes import declare_family

declare_family("R", {"zh": "自评报告自身核对", "en": "the report's own arithmetic"}, rank=75, forms=("report",))

from auditor.forms.report.rules import figures, scores, statements, tables  # noqa: E402,F401
