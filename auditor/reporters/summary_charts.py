"""The 图表 sheet of summary.xlsx: score distribution, grade counts, most frequent rules.

Each chart reads a small table written beside it on the same sheet, so the numbers
behind a bar are there to check.
"""
from __future__ import annotations

from collections import Counter

# Bands a reviewer reads totals in: the grade bounds, with 优 split where most totals fall.
BUCKETS = [("<60", None, 60), ("60–69", 60, 70), ("70–79", 70, 80), ("80–84", 80, 85), ("85–89", 85, 90),
           ("90–94", 90, 95), ("95–100", 95, None)]
GRADES = ["优", "良", "中", "差"]
TOP_RULES = 10

TITLES = {"zh": {"sheet": "图表", "dist": "自评总分分布", "bucket": "分数段", "files": "部门数",
                 "grades": "自评等级", "grade": "等级", "rules": "问题最多的规则", "rule": "规则",
                 "count": "问题数"},
          "en": {"sheet": "图表", "dist": "Distribution of total scores", "bucket": "Band", "files": "Departments",
                 "grades": "Stated grades", "grade": "Grade", "rules": "Most frequent rules", "rule": "Rule",
                 "count": "Findings"}}


def bucket_counts(totals) -> list[tuple[str, int]]:
    counts = Counter()
    for t in totals:
        for label, low, high in BUCKETS:
            if (low is None or t >= low) and (high is None or t < high):
                counts[label] += 1
                break
    return [(label, counts[label]) for label, _, _ in BUCKETS]


def add_charts(wb, fmt, files, rule_counts, lang: str = "zh") -> None:
    t = TITLES.get(lang, TITLES["zh"])
    ws = wb.add_worksheet(t["sheet"])
    name = t["sheet"]
    totals = [a.score_stated if a.score_stated is not None else a.score_recomputed for a in files]
    grades = Counter(a.grade_stated for a in files if a.grade_stated)
    tables = [
        ("dist", t["bucket"], bucket_counts([x for x in totals if x is not None]), "column"),
        ("grades", t["grade"], [(g, grades[g]) for g in GRADES], "column"),
        ("rules", t["rule"], [(code, n) for code, n, _ in rule_counts[:TOP_RULES]], "bar"),
    ]
    ws.set_column(0, 0, 12)
    row = 0
    for key, head, rows, kind in tables:
        ws.write_string(row, 0, head, fmt["head"])
        ws.write_string(row, 1, t["files"] if key != "rules" else t["count"], fmt["head"])
        for i, (label, n) in enumerate(rows, start=row + 1):
            ws.write_string(i, 0, label)
            ws.write_number(i, 1, n)
        if rows:
            chart = wb.add_chart({"type": kind})
            chart.add_series({"name": t[key], "categories": [name, row + 1, 0, row + len(rows), 0],
                              "values": [name, row + 1, 1, row + len(rows), 1],
                              "data_labels": {"value": True}})
            chart.set_title({"name": t[key]})
            chart.set_legend({"none": True})
            if kind == "bar":
                chart.set_y_axis({"reverse": True})
            chart.set_size({"width": 560, "height": 300})
            ws.insert_chart(row, 3, chart)
        row += max(len(rows) + 2, 17)  # leave room for the chart beside the table
