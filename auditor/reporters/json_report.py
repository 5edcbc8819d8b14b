"""The JSON report, schema version 1 (documented in README.md)."""
from __future__ import annotations

import json
from decimal import Decimal

from auditor.findings import Severity
from auditor.codes import render

SCHEMA_VERSION = 1


def _number(x):
    if x is None:
        return None
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return x


def file_dict(r, lang: str = "zh") -> dict:
    return {
        "path": r.path,
        "status": r.status,
        "department": r.department or None,
        "year": r.year,
        "report": r.report,
        "score": {"stated": _number(r.score_stated), "recomputed": _number(r.score_recomputed),
                  "grade": r.grade_stated, "grade_recomputed": r.grade_recomputed},
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": render(f, lang),
             "location": f.location.as_dict(), "related": [loc.as_dict() for loc in f.related],
             "expected": f.expected, "actual": f.actual}
            for f in r.findings
        ],
    }


def report_dict(results, lang: str = "zh") -> dict:
    files = [file_dict(r, lang) for r in results]
    return {
        "version": SCHEMA_VERSION,
        "files": files,
        "totals": {
            "files": len(files),
            "unreadable": sum(1 for r in results if r.status != "checked"),
            "errors": sum(r.count(Severity.ERROR) for r in results),
            "warnings": sum(r.count(Severity.WARNING) for r in results),
            "infos": sum(r.count(Severity.INFO) for r in results),
        },
    }


class JsonReporter:
    def __init__(self, lang: str = "zh", color: bool = False):
        self.lang = lang

    def render(self, results) -> str:
        return json.dumps(report_dict(results, self.lang), ensure_ascii=False, indent=2)


