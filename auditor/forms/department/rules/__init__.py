"""The department form's rules: family B (收支: declared with the shared rules, since every form's rate
checks emit its B014), families T (三公经费), P (自评评分表), G (绩效目标),
X (across its sheets) and N (its narrative report).  Importing this package declares its
families and registers every rule of the form."""
from __future__ import annotations

from auditor.codes import declare_family

FORM = ("department",)
declare_family("T", {"zh": "三公经费", "en": "three public expenses (三公经费)"}, rank=20, forms=FORM)
declare_family("P", {"zh": "自评评分表", "en": "scoring (自评评分表)"}, rank=30, forms=FORM)
declare_family("G", {"zh": "绩效目标完成情况", "en": "targets (绩效目标完成情况)"}, rank=40, forms=FORM)
declare_family("X", {"zh": "跨表核对", "en": "across sheets"}, rank=60, forms=FORM)
declare_family("N", {"zh": "自评报告", "en": "narrative report (自评报告)"}, rank=70, forms=FORM)

from auditor.forms.department.rules import (budget, cross, dates, goals, narrative, narrative_words,  # noqa: E402,F401
                                            plausibility, report_parts, sangong, scoring,
                                            stated_rates)
