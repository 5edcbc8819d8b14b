"""The verdict, main problems and the comparison of two versions, over JSON report files."""
from __future__ import annotations

from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.findings import Finding, Location, Severity


def _f(code, severity, message, sheet="收支情况", cell="G3", line=None, subject=None):
    d = {"code": code, "severity": severity, "message": message,
         "location": {"file": "a.xlsx", "sheet": sheet, "cell": cell, "line": line}, "related": [],
         "expected": None, "actual": None}
    if subject is not None:
        d["subject"] = subject
    return d


def _file(*findings, status="checked"):
    return {"path": "a.xlsx", "status": status, "findings": list(findings)}


def test_verdict_by_worst_severity():
    assert verdict.verdict(_file(_f("B012", "error", "x"), _f("T001", "warning", "y"))) == verdict.RETURN
    assert verdict.verdict(_file(_f("T001", "warning", "y"), _f("N001", "info", "z"))) == verdict.VERIFY
    assert verdict.verdict(_file(_f("N001", "info", "z"))) == verdict.PASS
    assert verdict.verdict(_file()) == verdict.PASS
    assert verdict.verdict(_file(_f("S025", "error", "bomb"), status="unreadable")) == verdict.UNREADABLE


def test_main_problems_errors_first_with_their_place_and_no_infos():
    f = _file(_f("N001", "info", "未找到报告"), _f("T001", "warning", "超预算", "三公经费", "C6"),
              _f("B012", "error", "增减率应为 37.05%", "收支情况", "G3"),
              _f("N014", "warning", "报告第152行照抄", None, None, 152))
    assert verdict.main_problems(f) == ["收支情况!G3：增减率应为 37.05%", "三公经费!C6：超预算", "报告第152行照抄"]
    assert verdict.main_problems(f, 1) == ["收支情况!G3：增减率应为 37.05%"]
    assert verdict.main_problems(_file(_f("S025", "error", "压缩炸弹", None, None), status="unreadable")) == ["压缩炸弹"]


def test_subject_from_arguments():
    at = Location("a.xlsx", "自评评分表", "F3")
    assert baseline.subject(Finding("P001", Severity.ERROR, at, {"indicator": "农村饮水"})) == "农村饮水"
    assert baseline.subject(Finding("B001", Severity.ERROR, at, {"column": "年初预算数"})) == "年初预算数"
    assert baseline.subject(Finding("T003", Severity.ERROR, at, {"item": "公务接待费", "column": "决算数"})) \
        == "公务接待费 / 决算数"
    assert baseline.subject(Finding("P004", Severity.ERROR, at, {})) == ""


def test_compare_matches_by_rule_and_subject_not_cell():
    before = _file(_f("B012", "error", "增减率应为 37.05%，填报为 37.3%", cell="G3", subject="财政拨款 增减率"),
                   _f("P001", "error", "得分 4 超出范围", "自评评分表", "F3", subject="农村饮水"),
                   _f("P004", "error", "全部指标分值之和为 102，应为 100", "自评评分表", "D37"))
    # a row was inserted above (every cell moved down), P001 was fixed, the P004 figures changed
    after = _file(_f("B012", "error", "增减率应为 37.05%，填报为 37.4%", cell="G4", subject="财政拨款 增减率"),
                  _f("P004", "error", "全部指标分值之和为 101，应为 100", "自评评分表", "D38"),
                  _f("T001", "warning", "公务接待费超预算", "三公经费", "C6", subject="公务接待费"))
    c = baseline.compare(before, after)
    assert [(f["code"], m) for f, m in c.marked] == [("B012", baseline.KEPT), ("P004", baseline.KEPT),
                                                     ("T001", baseline.ADDED)]
    assert [f["code"] for f in c.fixed] == ["P001"]
    assert c.counts() == {baseline.ADDED: 1, baseline.KEPT: 2, baseline.FIXED: 1}


def test_compare_one_to_one_and_first_version():
    same = _f("G003", "error", "未填写偏差原因", "绩效目标完成情况", "G3", subject="维修数量")
    before = _file(same, dict(same, location=dict(same["location"], cell="G5")))
    after = _file(same)
    c = baseline.compare(before, after)
    assert c.counts() == {baseline.ADDED: 0, baseline.KEPT: 1, baseline.FIXED: 1}
    assert baseline.compare(None, after).counts() == {baseline.ADDED: 1, baseline.KEPT: 0, baseline.FIXED: 0}
    # an unreadable previous version: everything in the readable one is new, nothing is "fixed"
    broken = _file(_f("S021", "error", "损坏", None, None), status="unreadable")
    assert baseline.compare(broken, after).counts()[baseline.ADDED] == 1
    assert baseline.compare(after, broken).counts()[baseline.FIXED] == 0


def test_with_subjects_on_a_real_check():
    from auditor.api import check_file
    from auditor.reporters.json_report import file_dict

    r = check_file("sample_workbooks/renhua-zuzhibu-2023.xlsx", report="sample_workbooks/renhua-zuzhibu-2023.txt")
    d = baseline.with_subjects(file_dict(r), r.findings)
    b012 = next(f for f in d["findings"] if f["code"] == "B012")
    assert b012["subject"] == "一般公共预算财政拨款收入·增减率（%）"
    assert baseline.compare(d, d).counts()[baseline.KEPT] == len(d["findings"])


def test_a_message_naming_the_file_matches_across_a_renamed_resubmission():
    before = dict(_file(_f("N001", "info", "未找到与工作簿配套的自评报告（a.xlsx）", None, None)), path="a.xlsx")
    after = dict(_file(_f("N001", "info", "未找到与工作簿配套的自评报告（a-v2.xlsx）", None, None)), path="a-v2.xlsx")
    assert baseline.compare(before, after).counts()[baseline.KEPT] == 1
