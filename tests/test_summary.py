"""summary.xlsx from batch results: safe strings, duplicates, the indicator matrix, determinism."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from auditor.api import run_report
from auditor.batch import Options, add_cohort
from auditor.codes import REGISTRY
from auditor.findings import Location
from auditor.report import FileReport, Indicator, Member, RunReport, Status
from auditor.reporters import REPORTERS
from auditor.reporters.summary import CUT, MAX_TEXT, duplicates, write_summary
from auditor.reporters.summary_charts import bucket_counts
from auditor.codes.unreadable import CorruptFile

D = Decimal
FIGURES = {"income.total": D("100.5"), "expense.total": D("90"), "expense.budget": D("100"),
           "execution.stated": D("90"), "execution.recomputed": D("90.00"), "sangong.budget": D("2"),
           "sangong.actual": D("1.5")}


def at(path, cell, sheet="自评评分表"):
    return Location(path, sheet, cell)


def audited(path, department, code="401001", total="95", own_points=3, extra=None):
    a = FileReport(path, Status.CHECKED, source="/in/" + path, form="department", department=department, year=2023,
                   code=code, score_stated=D(total), score_recomputed=D(total), grade_stated="优",
                   grade_recomputed="优", figures=dict(FIGURES))
    a.indicators = [
        Indicator("管理效率", "管理效率", "预算项目事前绩效评估", D(5), D(5), at(path, "D10")),
        Indicator("履职效能", "整体效能", "全县干部培训", D(own_points), D(own_points), at(path, "D11")),
    ]
    if extra:
        extra.points_at = at(path, "D12")
        a.indicators.append(extra)
    a.member = Member(path, department, code, at(path, "B3", "封面"), at(path, "B2", "封面"),
                      own_points=[("全县干部培训", D(own_points), at(path, "D11"))])
    return a


def unreadable(path, detail):
    return FileReport(path, Status.UNREADABLE, [CorruptFile.at(Location(path), detail=detail)], "/in/" + path)


def build(files, lang="zh", annotated=None) -> openpyxl.Workbook:
    """The summary of a batch of ``files``, with the batch's cohort findings added."""
    add_cohort(files, Options())
    buf = io.BytesIO()
    REPORTERS["summary"](lang).write(run_report(files, annotated=annotated), buf)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


def test_untrusted_strings_stay_text_and_long_ones_are_cut():
    files = [audited("a.xlsx", '=HYPERLINK("http://x","y")'), audited("b.xlsx", "http://evil.example/" + "长" * 5000)]
    wb = build(files, annotated={"a.xlsx": "a.xlsx"})
    ws = wb["汇总"]
    assert ws["A2"].value == '=HYPERLINK("http://x","y")' and ws["A2"].data_type == "s"
    assert ws["A2"].hyperlink is None and ws["A3"].hyperlink is None
    long = ws["A3"].value
    assert len(long) == MAX_TEXT and long.endswith(CUT)
    assert ws["U2"].value == "打开" and ws["U2"].hyperlink.target.replace("\\", "/") == "annotated/a.xlsx"


def test_unreadable_row_gives_its_reason_and_duplicates_are_flagged():
    bad = unreadable("z.xlsx", "cut short")
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局"), audited("c.xlsx", "甲局", code="401002"), bad]
    ws = build(files)["汇总"]
    rows = {r[3]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[3]}
    assert rows["z.xlsx"][4] == "无法读取" and "S021" in rows["z.xlsx"][19] and "cut short" in rows["z.xlsx"][19]
    assert rows["a.xlsx"][18] == "部门编码重复；部门名称重复"
    assert rows["b.xlsx"][18] == "部门编码重复"
    assert rows["c.xlsx"][18] == "部门名称重复"
    assert rows["z.xlsx"][18] is None and duplicates(bad) == []


def test_totals_row_sums_amounts_in_wan():
    ws = build([audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2")])["汇总"]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0].startswith("合计")
    assert total[12] == 201 and total[16] == 4 and total[17] == 3


def test_indicator_matrix_highlights_points_off_the_pack_or_the_cohort():
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2"),
             audited("c.xlsx", "丙局", code="3", own_points=4,
                     extra=Indicator("管理效率", "预算执行", "预算编制约束性", D(5), D(5)))]
    # the pack's judgement is rule P011's (its own cases test it); the summary shows it
    files[2].findings.append(REGISTRY["P011"].at(at("c.xlsx", "D12"), expected="4", actual="5",
                                                 indicator="预算编制约束性", year="2023"))
    ws = build(files)["指标得分"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["部门名称", "文件", "预算项目事前绩效评估", "预算编制约束性"]  # standard first
    own = header.index("全县干部培训") + 1
    std = header.index("预算编制约束性") + 1
    assert ws.cell(row=5, column=own).comment is not None      # 4 where the cohort gives 3
    assert ws.cell(row=3, column=own).comment is None
    assert ws.cell(row=5, column=std).comment is not None      # the pack gives 4
    assert ws.cell(row=5, column=3).comment is None
    assert ws.cell(row=5, column=own).comment.text == "分值 4，应为 3"
    assert [f.code for f in files[2].findings] == ["P011", "D005"]   # the cohort's is rule D005


def test_findings_and_rule_sheets():
    bad = unreadable("z.xlsx", "x")
    wb = build([audited("a.xlsx", "甲局"), bad])
    rows = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert rows == [(None, "z.xlsx", "错误", "S021", None, rows[0][5])]
    assert list(wb["规则统计"].iter_rows(min_row=2, max_col=5, values_only=True)) == [
        ("S021", "corrupt-file", "错误", 1, 1)]
    assert "图表" in wb.sheetnames


def test_same_input_same_bytes():
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2")]
    one, two = io.BytesIO(), io.BytesIO()
    write_summary(one, run_report(files))
    write_summary(two, run_report(list(reversed(files))))
    assert one.getvalue() == two.getvalue()


def test_english_headers():
    ws = build([audited("a.xlsx", "甲局")], lang="en")["汇总"]
    assert ws["A1"].value == "Department" and ws["E2"].value == "checked"


def test_score_buckets():
    counts = dict(bucket_counts([D(59.5), D(60), D(89.9), D(90), D(100)]))
    assert counts == {"<60": 1, "60–69": 1, "70–79": 0, "80–84": 0, "85–89": 1, "90–94": 1, "95–100": 1}
