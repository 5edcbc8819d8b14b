"""What `auditor check` finds in the bundled samples: exactly what was planted, nothing else."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.codes import render
from auditor.api import check_file, pair_report
from auditor.findings import Severity

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
CONSISTENT = ["audit-bureau-2023.xlsx", "archives-yuan-2023.xlsx", "science-assoc-drift-2023.xlsx",
              "forestry-legacy-2023.xls"]

# The rule each planted fault is a case of, by its cell (planted-faults.json says what was planted).
PLANTED_CODES = {
    "收支情况!B11": "B001", "收支情况!B13": "B002", "收支情况!C32": "B007", "收支情况!C22": "B008",
    "收支情况!C26": "B005", "收支情况!E18": "B009", "收支情况!E22": "B010", "收支情况!F6": "B011",
    "收支情况!G10": "B012", "收支情况!B34": "B013", "收支情况!E3": "B014",
    "三公经费!C6": "T001", "三公经费!B7": "T002", "三公经费!C3": "T003", "三公经费!E5": "T005",
    "自评评分表!F3": "P001", "自评评分表!B10": "P013", "自评评分表!D37": "P004", "自评评分表!D38": "P006",
    "自评评分表!G22": "P007", "自评评分表!G31": "P008", "自评评分表!G11": "P009", "自评评分表!G19": "P010",
    "自评评分表!F9": "X001", "自评评分表!F36": "X002", "自评评分表!D24": "P011",
    "绩效目标完成情况!F3": "G002", "绩效目标完成情况!G5": "G003",
}


def _where(f) -> str:
    return f"{f.location.sheet}!{f.location.cell}"


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_samples_give_no_error_and_no_warning(name):
    # each comes with its report, as a department sends them (a missing one is N001, a warning)
    result = check_file(SAMPLES / name, report=pair_report(SAMPLES / name))
    assert result.status == "checked"
    assert [(f.code, _where(f)) for f in result.findings if f.severity != Severity.INFO] == []


def test_reference_workbook_gives_exactly_one_error_the_37_3_cell():
    result = check_file(SAMPLES / "renhua-zuzhibu-2023.xlsx")
    errors = [(f.code, _where(f)) for f in result.findings if f.severity == Severity.ERROR]
    assert errors == [("B012", "收支情况!G3")]
    f = next(f for f in result.findings if f.code == "B012")
    assert (f.expected, f.actual) == ("37.05", "37.30")  # the same decimals on both sides
    assert (result.score_stated, result.score_recomputed, result.grade_stated) == (95, 95, "优")


def test_reference_pair_reports_the_37_3_sentence_and_no_other_error():
    workbook = SAMPLES / "renhua-zuzhibu-2023.xlsx"
    result = check_file(workbook, report=pair_report(workbook))
    assert [(f.code, _where(f)) for f in result.findings if f.severity == Severity.ERROR] == \
        [("B012", "收支情况!G3")]
    sentence = [f for f in result.findings if f.location.line == 152]
    assert [f.code for f in sentence] == ["N014"]
    assert "37.3%" in sentence[0].args["sentence"]
    assert any(r.cell == "G3" for r in sentence[0].related)


def test_every_planted_fault_is_found_at_its_cell():
    planted = json.loads((SAMPLES / "planted-faults.json").read_text("utf-8"))
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    # a fault that follows from another is said once, folded into the finding that explains it
    found = {(f.code, _where(f)) for f in result.findings} | \
        {(g.code, _where(g)) for f in result.findings for g in f.args.get("folded", ())}
    for fault in planted:
        where = f"{fault['sheet']}!{fault['cell']}"
        assert (PLANTED_CODES[where], where) in found, fault["fault"]
    assert len(planted) == len(PLANTED_CODES)


def test_one_changed_points_cell_is_one_finding_saying_what_it_does_to_its_parents():
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    points = [(f.code, _where(f)) for f in result.findings if f.code in ("P002", "P004", "P011", "P013")]
    assert points == [("P011", "自评评分表!D24"), ("P013", "自评评分表!B10")]
    d24 = next(f for f in result.findings if f.code == "P011")
    assert {_where(g) for g in d24.args["folded"]} >= {"自评评分表!B23", "自评评分表!A16"}
    assert "采购管理" in render(d24) and "由此" in render(d24)
