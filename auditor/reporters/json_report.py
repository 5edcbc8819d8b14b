"""The JSON report, schema version 1 (documented in README.md)."""
from __future__ import annotations

import io
import json
import math
import re
from decimal import Decimal

from auditor.baseline.compare import subject
from auditor.codes import action, render
from auditor.reporters.base import TextReporter, register

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
            {"code": f.code, "severity": f.severity.value, "message": render(f, lang), "action": action(f, lang),
             "location": f.location.as_dict(), "related": [loc.as_dict() for loc in f.related],
             "expected": f.expected, "actual": f.actual, "subject": subject(f)}
            for f in r.findings
        ],
    }
    if r.projects:  # the project form's rows (auditor.forms.project.summary), numbers as numbers
        out["projects"] = [{k: _number(v) for k, v in p.items()} for p in r.projects]
    return out


def totals(run) -> dict:
    return {"files": len(run.files), "unreadable": run.unreadable, "errors": run.errors,
            "warnings": run.warnings, "infos": run.infos}


def report_dict(run, lang: str = "zh") -> dict:
    out = {"version": SCHEMA_VERSION, "files": [file_dict(r, lang) for r in run.files], "totals": totals(run)}
    if getattr(run, "passed_over", None):
        out["passed_over"] = list(run.passed_over)
    return out


def _nested(value, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels down."""
    return dumps(value).replace("\n", "\n" + "  " * depth)


def stream(run, lang: str = "zh"):
    """The text of ``render`` in pieces, one file at a time: 10,000 files' JSON is never
    one string, nor their dicts one list (json escapes a newline inside a string, so
    indenting every line of a file's text is indenting the document)."""
    yield f'{{\n  "version": {SCHEMA_VERSION},\n  "files": ['
    first = True
    for r in run.files:
        yield ("\n    " if first else ",\n    ") + _nested(file_dict(r, lang), 2)
        first = False
    yield ("]" if first else "\n  ]") + ',\n  "totals": ' + _nested(totals(run), 1)
    if getattr(run, "passed_over", None):
        yield ',\n  "passed_over": ' + _nested(list(run.passed_over), 1)
    yield "\n}"


@register
class JsonReporter(TextReporter):
    name, writes = "json", "every finding of every file, in the JSON schema (version 1) of the README"

    def render(self, run) -> str:
        return "".join(stream(run, self.lang))

    def write(self, run, fh) -> None:
        binary = not isinstance(fh, io.TextIOBase)
        for piece in stream(run, self.lang):
            fh.write(piece.encode("utf-8") if binary else piece)
        fh.write(b"\n" if binary else "\n")
