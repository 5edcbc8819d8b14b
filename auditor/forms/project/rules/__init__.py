"""Family J: the 项目支出绩效自评表 (one project per table, several per file); and N015–N021,
the project report against its tables.  Importing this package declares family J and
registers every rule of the form."""
from __future__ import annotations

from auditor.codes import declare_family

declare_family("J", {"zh": "项目支出绩效自评表", "en": "project form (项目支出绩效自评表)"}, rank=50,
               forms=("project",))

from auditor.forms.project.rules import (completeness, dates, deviation, funds, narrative,  # noqa: E402,F401
                                         narrative_words, plausibility, points, scores, variants)
