"""The JSON report, schema version 1 (documented in README.md)."""
from __future__ import annotations

import json
import math
import re
from decimal import Decimal

from auditor.findings import Severity
from auditor.codes import render

SCHEMA_VERSION = 1


def _number(x):
    if x is None:
        return None
    if isinstance(x, Decimal):
        if not x.is_finite() or abs(x) >= 2 ** 53:  # no JSON reader holds it as a number: say it as text
            return str(x)
        return int(x) if x == x.to_integral_value() else float(x)
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data) -> str:
    """Strict JSON (RFC 8259): never NaN or Infinity, and a lone surrogate a workbook held
    (``&#xD800;``), which no UTF-8 can encode, kept as its ``\\ud800`` escape."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


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
        return dumps(report_dict(results, self.lang))


