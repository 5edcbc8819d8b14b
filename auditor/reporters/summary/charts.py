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


def top_rules(counts, severity: str, lang: str) -> list[tuple[str, int]]:
    """The ``TOP_RULES`` rules of ``severity`` that found most, from the rules' ``Tally``."""
    out = [(f"{code} {title(code, lang)}", n) for code, n, _ in counts
           if code in REGISTRY and REGISTRY[code].severity.value == severity]
    return out[:TOP_RULES]


class Charts:
    """Written in the real pass only: nothing here is fitted to its content."""

    def __init__(self, book: Book):
        self.book = book
        if book.measuring:
            return
        self.ws = book.wb.add_worksheet(book.w["charts"])
        self.totals, self.stated, self.recomputed, self.rates = [], Counter(), Counter(), []

    def add(self, a, r) -> None:
        if self.book.measuring:
            return
        self.totals.append(a.score_stated if a.score_stated is not None else a.score_recomputed)
        self.stated.update([a.grade_stated] if a.grade_stated else [])
        self.recomputed.update([a.grade_recomputed] if a.grade_recomputed else [])
        rate = (a.figures.get("execution.stated"), a.figures.get("execution.recomputed"))
        if rate != (None, None):
            self.rates.append((a.department or a.path, *rate))

    def end(self) -> None:
        book = self.book
        if book.measuring:
            return
        t, ws, stated, recomputed = section("summary.charts", book.lang), self.ws, self.stated, self.recomputed
        self.rates.sort(key=lambda r: r[0])
        counts = book.known["rule_counts"]
        tables = [
            ("dist", [t["bucket"], t["files"]], bucket_counts([x for x in self.totals if x is not None]), "column",
             True),
            ("grades", [t["grade"], t["stated"], t["recomputed"]], [(g, stated[g], recomputed[g]) for g in GRADES],
             "column", True),
            ("errors", [t["rule"], t["count"]], top_rules(counts, "error", book.lang), "bar", True),
            ("warnings", [t["rule"], t["count"]], top_rules(counts, "warning", book.lang), "bar", True),
            ("execution", [t["department"], t["exec_stated"], t["exec_re"]],
             [(name, _f(s), _f(r)) for name, s, r in self.rates], "bar", False),
        ]
        ws.set_column(0, 0, 30)
        ws.set_column(1, 2, 10)
        row = 0
        for key, heads, rows, kind, whole in tables:
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
                _chart(book, ws, key, t, heads, rows, row, kind, whole, height)
            row += max(len(rows) + 2, math.ceil(height / 20) + 2)  # leave room for the chart beside the table


def _f(x):
    return None if x is None else float(x)


def _chart(book, ws, key, t, heads, rows, row, kind, counts, height) -> None:
    name = book.w["charts"]
    chart = book.wb.add_chart({"type": kind})
    for c in range(1, len(heads)):
        # The numbers a chart shows until recalculated are given with it: a row written in
        # constant memory is gone before the chart is, so xlsxwriter cannot read them back.
        chart.add_series({"name": [name, row, c], "categories": [name, row + 1, 0, row + len(rows), 0],
                          "values": [name, row + 1, c, row + len(rows), c],
                          "name_data": [heads[c]], "categories_data": [clip(r[0]) for r in rows],
                          "values_data": [None if r[c] is None else f"{r[c]:.16g}" for r in rows],
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
