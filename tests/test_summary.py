"""summary.xlsx from batch results: the reviewer's order and verdicts, safe strings,
duplicates, links into the copies, the indicator sheet, baselines, determinism."""
from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from auditor.api import run_report
from auditor.batch.run import Options
from tests.batch_support import add_cohort
from auditor.codes import REGISTRY
from auditor.findings import Finding, Location, Severity
from auditor.report import FileReport, Indicator, Member, RunReport, Status
from auditor.reporters import REPORTERS
from auditor.reporters.summary import CUT, MAX_TEXT, duplicates, write_summary
from auditor.reporters.summary.charts import bucket_counts, count_axis
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


def build(files, lang="zh", annotated=None, previous=None) -> openpyxl.Workbook:
    """The summary of a batch of ``files``, with the batch's cohort findings added."""
    add_cohort(files, Options())
    buf = io.BytesIO()
    REPORTERS["summary"](lang).write(run_report(files, annotated=annotated, previous=previous), buf)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


def table(ws, head_row=1) -> list[dict]:
    """The rows of a sheet as {header: value}, the totals row left out."""
    head = [c.value for c in ws[head_row]]
    out = []
    for row in ws.iter_rows(min_row=head_row + 1):
        values = dict(zip(head, (c.value for c in row)))
        values["links"] = {h: c.hyperlink.target.replace("\\", "/") + ("#" + c.hyperlink.location
                                                                       if c.hyperlink.location else "")
                           for h, c in zip(head, row) if c.hyperlink}
        values["cells"] = dict(zip(head, row))
        if not str(values[head[0]] or "").startswith(("合计", "注意")):
            out.append(values)
    return out



def test_most_errors_first_with_the_verdict_and_main_problems():
    bad = audited("b.xlsx", "乙局", code="2")
    bad.findings.append(REGISTRY["P006"].at(at("b.xlsx", "D38"), expected="良", actual="优", total="89",
                                            grade="良", stated="优"))
    warned = audited("c.xlsx", "丙局", code="3")
    warned.findings.append(REGISTRY["P013"].at(at("c.xlsx", "A2"), expected="46", actual="47", group="履职效能",
                                               got="47", want="46", year="2023"))
    rows = table(build([audited("a.xlsx", "甲局"), warned, bad, unreadable("z.xlsx", "cut short")])["汇总"])
    # one error each: then by name (an unreadable file has none: by its path)
    assert [(r["文件"], r["审核结论"]) for r in rows] == [("z.xlsx", "无法审核"), ("b.xlsx", "退回修改"),
                                                        ("c.xlsx", "需核实"), ("a.xlsx", "通过")]
    assert rows[1]["主要问题"].startswith("自评评分表!D38：") and "优" in rows[1]["主要问题"]
    assert "cut short" in rows[0]["主要问题"] and rows[3]["主要问题"] is None


def test_untrusted_strings_stay_text_and_long_ones_are_cut():
    files = [audited("a.xlsx", '=HYPERLINK("http://x","y")'), audited("b.xlsx", "http://evil.example/" + "长" * 5000)]
    rows = {r["文件"]: r for r in table(build(files, annotated={"a.xlsx": "a.xlsx"})["汇总"])}
    a, b = rows["a.xlsx"], rows["b.xlsx"]
    assert a["部门名称"] == '=HYPERLINK("http://x","y")' and a["cells"]["部门名称"].data_type == "s"
    assert set(a["links"]) == {"审核副本"} and not b["links"]
    assert len(b["部门名称"]) == MAX_TEXT and b["部门名称"].endswith(CUT)
    assert a["审核副本"] == "打开" and a["links"]["审核副本"] == "annotated/a.xlsx"


def test_duplicates_are_flagged_and_the_header_and_names_stay_in_view():
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局"), audited("c.xlsx", "甲局", code="401002")]
    ws = build(files)["汇总"]
    rows = {r["文件"]: r for r in table(ws)}
    assert rows["a.xlsx"]["重复"] == "部门编码重复；部门名称重复"
    assert rows["b.xlsx"]["重复"] == "部门编码重复" and rows["c.xlsx"]["重复"] == "部门名称重复"
    assert duplicates(unreadable("z.xlsx", "x")) == []
    assert ws.freeze_panes == "C2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # a header as wide as it is tall enough for: no header is cut off
    assert ws.row_dimensions[1].height >= 15 * 2


def test_totals_row_sums_amounts_in_wan_and_counts_verdicts():
    ws = build([audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2")])["汇总"]
    head = [c.value for c in ws[1]]
    total = dict(zip(head, (c.value for c in ws[ws.max_row])))
    assert total["部门名称"].startswith("合计")
    assert total["本年收入合计（决算，万元）"] == 201 and total["三公经费预算合计（万元）"] == 4
    assert total["三公经费决算合计（万元）"] == 3 and total["主要问题"] == "通过 2"


def test_a_grade_mismatch_is_red_whatever_the_grade():
    ws = build([audited("a.xlsx", "甲局")])["汇总"]
    head = [c.value for c in ws[1]]
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[head.index("按重新加总的等级")]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules if column in str(cf.sqref)]
    first = min(rules, key=lambda r: r.priority)
    assert first.type == "expression" and "<>" in first.formula[0] and first.stopIfTrue
    assert first.dxf.fill.bgColor.rgb.endswith("FFC7CE")     # red, before any grade's colour


def test_indicator_sheet_by_key_standard_first_own_in_a_long_table():
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2"),
             audited("c.xlsx", "丙局", code="3", own_points=4,
                     extra=Indicator("管理效率", "预算执行", "预算编制约束性", D(5), D(5)))]
    files[1].indicators.append(Indicator("管理效率", "运行成本", "“三公”经费控制情况", D(1), D(1)))
    files[2].indicators.append(Indicator("管理效率", "运行成本", '"三公"经费控制情况', D(1), D("0.5")))
    # the pack's judgement is rule P011's (its own cases test it); the summary shows it
    files[2].findings.append(REGISTRY["P011"].at(at("c.xlsx", "D12"), expected="4", actual="5",
                                                 indicator="预算编制约束性", year="2023"))
    ws = build(files)["指标得分"]
    header = [c.value for c in ws[2]]
    assert header[:6] == ["部门名称", "文件", "自评总分", "重新加总得分", "预算项目事前绩效评估（5分）", "预算编制约束性（4分）"]
    sangong = [h for h in header if h and "三公" in h]
    assert len(sangong) == 1                                   # one column whatever the quotes
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True) if r[1]}
    assert rows["c.xlsx"][header.index(sangong[0])] == 0.5 and rows["b.xlsx"][header.index(sangong[0])] == 1
    own = header.index("指标")
    long = [r[own - 2:own + 3] for r in ws.iter_rows(min_row=3, values_only=True) if r[own]]
    assert [r[0] for r in long] == ["丙局", "乙局", "甲局"] and {r[2] for r in long} == {"全县干部培训"}
    assert "全县干部培训" not in header
    paths = [r[1] for r in ws.iter_rows(min_row=3, values_only=True)]
    c_row, a_row = 3 + paths.index("c.xlsx"), 3 + paths.index("a.xlsx")
    std = header.index("预算编制约束性（4分）") + 1
    assert ws.cell(row=c_row, column=std).comment.text == "分值 5，应为 4"
    assert ws.cell(row=a_row, column=std).comment is None
    own_points = next(ws.cell(row=r, column=own + 2) for r in range(3, 6) if ws.cell(row=r, column=own - 1).value == "丙局")
    assert own_points.comment.text == "分值 4，应为 3"             # the cohort's, rule D005
    assert [f.code for f in files[2].findings] == ["P011", "D005"]


def test_findings_sheet_links_each_finding_to_its_cell_with_numbers_as_numbers():
    a = audited("a.xlsx", "甲局")
    a.sheets = ["封面", "收支情况", "自评评分表"]
    a.findings.append(REGISTRY["B012"].at(Location("a.xlsx", "收支情况", "G3"), expected="37.05%", actual="37.3%",
                                          what="财政拨款", column="增减率（%）", want="37.05%", got="37.3%"))
    a.findings.append(REGISTRY["P004"].at(at("a.xlsx", "D37"), expected="100", actual="102", got="102", want="100"))
    bad = unreadable("z.xlsx", "x")
    rows = table(build([a, bad], annotated={"a.xlsx": "a.xlsx"})["问题清单"])
    by_code = {r["代码"]: r for r in rows}
    b012 = by_code["B012"]
    assert b012["规则名称"] == "较年初预算增减率计算错误" and b012["位置"] == "收支情况!G3"
    assert b012["links"]["位置"] == "annotated/a.xlsx#'收支情况'!G3"
    assert b012["应为"] == 0.3705 and b012["cells"]["应为"].number_format == "0.00%"
    assert b012["实为"] == 0.373 and b012["cells"]["实为"].number_format == "0.0%"
    assert by_code["P004"]["应为"] == 100 and by_code["P004"]["links"]["位置"] == "annotated/a.xlsx#'自评评分表'!D37"
    assert by_code["S021"]["文件"] == "z.xlsx" and not by_code["S021"]["links"]   # no copy to open


def test_rule_sheet_names_rules_in_chinese():  # auditor.words' titles
    wb = build([audited("a.xlsx", "甲局"), unreadable("z.xlsx", "x")])
    assert list(wb["规则统计"].iter_rows(min_row=2, max_col=5, values_only=True)) == [
        ("S021", "文件已损坏", "错误", 1, 1)]
    assert "图表" in wb.sheetnames


def test_a_baseline_marks_findings_new_or_kept_and_lists_what_was_fixed():
    before = audited("a.xlsx", "甲局")
    before.findings = [REGISTRY["P004"].at(at("a.xlsx", "D37"), expected="100", actual="102", got="102", want="100"),
                       REGISTRY["P006"].at(at("a.xlsx", "D38"), expected="良", actual="优", total="89", grade="良",
                                           stated="优")]
    from auditor.reporters.json_report import report_dict

    previous = report_dict(run_report([before]))["files"]
    after = audited("a.xlsx", "甲局")
    after.findings = [REGISTRY["P004"].at(at("a.xlsx", "D38"), expected="100", actual="101", got="101", want="100")]
    wb = build([after], previous=previous)
    row = table(wb["汇总"])[0]
    assert (row["新增"], row["仍存在"], row["已整改"]) == (0, 1, 1)
    assert row["已整改的问题"].startswith("自评评分表!D38：") and "良" in row["已整改的问题"]
    marks = [(r["代码"], r["对比上次"], bool(r["links"])) for r in table(wb["问题清单"])]
    assert marks == [("P004", "仍存在", False), ("P006", "已整改", False)]
    assert "新增" not in [c.value for c in build([after])["汇总"][1]]   # no baseline, no such columns


def test_same_input_same_bytes():
    files = [audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2")]
    one, two = io.BytesIO(), io.BytesIO()
    write_summary(one, run_report(files))
    write_summary(two, run_report(list(reversed(files))))
    assert one.getvalue() == two.getvalue()


def test_english_headers():
    ws = build([audited("a.xlsx", "甲局")], lang="en")["汇总"]
    assert ws["A1"].value == "Department" and ws["B2"].value == "passed"


def test_score_buckets_and_whole_count_axes():
    counts = dict(bucket_counts([D(59.5), D(60), D(89.9), D(90), D(100)]))
    assert counts == {"<60": 1, "60–69": 1, "70–79": 0, "80–84": 0, "85–89": 1, "90–94": 1, "95–100": 1}
    assert count_axis(3) == {"min": 0, "max": 3, "major_unit": 1, "num_format": "0"}
    assert count_axis(29)["major_unit"] == 4 and count_axis(29)["max"] == 32


def test_main_problems_are_the_weightiest_not_the_first():
    from auditor.report.verdict import main_problems

    file = {"status": "checked", "findings": [
        {"code": "T002", "severity": "error", "message": "三公经费合计（预算数）应为三项之和"},
        {"code": "T003", "severity": "error", "message": "公务用车购置及运行维护费应为两项之和"},
        {"code": "B013", "severity": "error", "message": "预算执行率应为 87.72%"},
        {"code": "T001", "severity": "error", "message": "公务接待费决算数超过预算数"},
        {"code": "P006", "severity": "error", "message": "对应等级为“良”，填报为“优”"},
        {"code": "P008", "severity": "warning", "message": "得满分，但…"}]}
    assert [p[:4] for p in main_problems(file, 3)] == ["对应等级", "公务接待", "预算执行"]


def test_a_batch_of_several_years_says_so_and_amounts_keep_two_decimals():
    a, b = audited("a.xlsx", "甲局"), audited("b.xlsx", "乙局", code="2")
    b.year = 2022
    a.figures["income.total"] = Decimal("203.126542")
    ws = build([a, b])["汇总"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("2022、2023" in c for c in cells)
    head = [c.value for c in ws[1]]
    values = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "甲局"][0]
    assert values[head.index("本年收入合计（决算，万元）")] == 203.13


def test_rule_statistics_say_what_is_checked_in_chinese():
    a = audited("a.xlsx", "甲局")
    a.findings = [Finding("B013", Severity.ERROR, Location("a.xlsx", "收支情况", "B34"), expected="87.72", actual="92")]
    ws = build([a])["规则统计"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "B013")
    about = row[head.index("检查内容")]
    assert about.startswith("预算执行率应为") and "The stated" not in about
