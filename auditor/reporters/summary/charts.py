"""The 图表 sheet: totals by band, stated against recomputed grades, the rules that found
most errors and most warnings (by name), and each department's execution rate.

Each chart reads a small table written beside it on the same sheet, so the numbers behind
a bar are there to check.  Counts are whole numbers, and their axes step by whole numbers.
"""
from __future__ import annotations

import math
from collections import Counter

from auditor.codes import REGISTRY
from auditor.words import code_title as title, section
from auditor.reporters.summary.book import Book, clip
from auditor.reporters.summary.rules import rule_counts

# Bands a reviewer reads totals in: the grade bounds, with 优 split where most totals fall.
BUCKETS = [("<60", None, 60), ("60–69", 60, 70), ("70–79", 70, 80), ("80–84", 80, 85), ("85–89", 85, 90),
           ("90–94", 90, 95), ("95–100", 95, None)]
GRADES = ["优", "良", "中", "差"]
TOP_RULES = 10

def bucket_counts(totals) -> list[tuple[str, int]]:
    counts = Counter()
    for t in totals:
        for label, low, high in BUCKETS:
            if (low is None or t >= low) and (high is None or t < high):
                counts[label] += 1
                break
    return [(label, counts[label]) for label, _, _ in BUCKETS]


def count_axis(largest: float) -> dict:
    """A count axis from 0 in whole steps (never 0.5, 1.5 …), about eight of them at most."""
    step = max(1, math.ceil(largest / 8))
    return {"min": 0, "max": step * max(1, math.ceil(largest / step)), "major_unit": step, "num_format": "0"}


def top_rules(files, severity: str, lang: str) -> list[tuple[str, int]]:
    out = [(f"{code} {title(code, lang)}", n) for code, n, _ in rule_counts(files)
           if code in REGISTRY and REGISTRY[code].severity.value == severity]
    return out[:TOP_RULES]


def write(book: Book) -> None:
    t = section("summary.charts", book.lang)
    ws = book.wb.add_worksheet(book.w["charts"])
    files = book.files
    totals = [a.score_stated if a.score_stated is not None else a.score_recomputed for a in files]
    stated = Counter(a.grade_stated for a in files if a.grade_stated)
    recomputed = Counter(a.grade_recomputed for a in files if a.grade_recomputed)
    rates = [(a.department or a.path, a.figures.get("execution.stated"), a.figures.get("execution.recomputed"))
             for a in files if a.figures.get("execution.stated") is not None
             or a.figures.get("execution.recomputed") is not None]
    rates.sort(key=lambda r: r[0])
    tables = [
        ("dist", [t["bucket"], t["files"]], bucket_counts([x for x in totals if x is not None]), "column", True),
        ("grades", [t["grade"], t["stated"], t["recomputed"]], [(g, stated[g], recomputed[g]) for g in GRADES],
         "column", True),
        ("errors", [t["rule"], t["count"]], top_rules(files, "error", book.lang), "bar", True),
        ("warnings", [t["rule"], t["count"]], top_rules(files, "warning", book.lang), "bar", True),
        ("execution", [t["department"], t["exec_stated"], t["exec_re"]],
         [(name, _f(s), _f(r)) for name, s, r in rates], "bar", False),
    ]
    ws.set_column(0, 0, 30)
    ws.set_column(1, 2, 10)
    row = 0
    for key, heads, rows, kind, counts in tables:
        for c, head in enumerate(heads):
            ws.write_string(row, c, head, book.fmt["head"])
        for i, values in enumerate(rows, start=row + 1):
            ws.write_string(i, 0, clip(values[0]))
            for c, v in enumerate(values[1:], start=1):
                if v is None:
                    ws.write_blank(i, c, None)
                else:
                    ws.write_number(i, c, v)
        height = 300 if kind == "column" else max(300, 60 + 22 * len(rows) * (len(heads) - 1))
        if rows:
            _chart(book, ws, key, t, heads, rows, row, kind, counts, height)
        row += max(len(rows) + 2, math.ceil(height / 20) + 2)  # leave room for the chart beside the table


def _f(x):
    return None if x is None else float(x)


def _chart(book, ws, key, t, heads, rows, row, kind, counts, height) -> None:
    name = book.w["charts"]
    chart = book.wb.add_chart({"type": kind})
    for c in range(1, len(heads)):
        chart.add_series({"name": [name, row, c], "categories": [name, row + 1, 0, row + len(rows), 0],
                          "values": [name, row + 1, c, row + len(rows), c],
                          "data_labels": {"value": True, "num_format": "0" if counts else "0.00"},
                          "gap": 60})
    chart.set_title({"name": t[key]})
    if len(heads) > 2:
        chart.set_legend({"position": "bottom"})
    else:
        chart.set_legend({"none": True})
    values_axis = count_axis(max((max((v or 0) for v in r[1:]) for r in rows), default=1)) if counts \
        else {"min": 0, "num_format": "0"}
    if kind == "bar":   # a bar chart's values run along x; its categories read top-down
        chart.set_x_axis(values_axis)
        chart.set_y_axis({"reverse": True})
    else:
        chart.set_y_axis(values_axis)
    chart.set_size({"width": 640, "height": min(height, 3000)})
    ws.insert_chart(row, 4, chart)
