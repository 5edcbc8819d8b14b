"""The JSON report, schema version 1 (documented in README.md)."""
from __future__ import annotations

import json
from decimal import Decimal

from auditor.baseline import subject
from auditor.codes import render
from auditor.reporters.base import TextReporter, register

SCHEMA_VERSION = 1


def _number(x):
    if x is None:
        return None
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return x


def file_dict(r, lang: str = "zh") -> dict:
    out = {
        "path": r.path,
        "status": r.status.value,
        "form": r.form,
        "department": r.department or None,
        "year": r.year,
        "report": r.report,
        "score": {"stated": _number(r.score_stated), "recomputed": _number(r.score_recomputed),
                  "grade": r.grade_stated, "grade_recomputed": r.grade_recomputed},
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": render(f, lang),
             "location": f.location.as_dict(), "related": [loc.as_dict() for loc in f.related],
             "expected": f.expected, "actual": f.actual, "subject": subject(f)}
            for f in r.findings
        ],
    }
    if r.projects:  # reserved for the project form, which defines what each one holds
        out["projects"] = r.projects
    return out


def report_dict(run, lang: str = "zh") -> dict:
    return {
        "version": SCHEMA_VERSION,
        "files": [file_dict(r, lang) for r in run.files],
        "totals": {"files": len(run.files), "unreadable": run.unreadable, "errors": run.errors,
                   "warnings": run.warnings, "infos": run.infos},
    }


@register
class JsonReporter(TextReporter):
    name, writes = "json", "every finding of every file, in the JSON schema (version 1) of the README"

    def render(self, run) -> str:
        return json.dumps(report_dict(run, self.lang), ensure_ascii=False, indent=2)
