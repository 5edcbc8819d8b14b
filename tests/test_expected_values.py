"""Expected values bottom-up: never computed from a figure itself reported wrong; the odd
one out among tables that should agree; a fix that follows from another folded into it."""
from __future__ import annotations

from pathlib import Path

from auditor.api import check_file
from tests.rules.harness import build

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _at(result, code, where):
    sheet, cell = where.split("!")
    found = [f for f in result.findings if f.code == code and (f.location.sheet, f.location.cell) == (sheet, cell)]
    assert len(found) == 1, [(f.code, str(f.location)) for f in result.findings]
    return found[0]


def test_planted_totals_are_measured_against_their_parts_as_corrected():
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    # 收入总计 = 本年收入合计 + 结转, and 本年收入合计 (4950) is itself wrong: its lines give 4940
    assert _at(result, "B002", "收支情况!B13").expected == "4,940.00"
    # 三公 合计 增减额: 公务用车 增减额 is itself wrong (-0.50 for -0.80)
    assert _at(result, "T002", "三公经费!D7").expected == "1.80"


def test_the_odd_table_out_is_the_one_two_others_disagree_with():
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    odd = _at(result, "B008", "收支情况!C22")  # by class 5720; by nature and 本年收入合计 5700
    assert odd.expected == "5,700.00"
    assert not [f for f in result.findings if f.code == "B008" and f.location.cell == "B30"]
    # the execution rate is measured against the corrected 调整后预算
    assert _at(result, "B013", "收支情况!B34").expected == "87.72"
    assert _at(result, "X001", "自评评分表!F9").args["rate"] == "87.72"
    # and so is a rate the explanation states: one rate in the whole notice, not 87.41 beside 87.72
    assert _at(result, "X010", "自评评分表!G9").expected == "87.72"


def test_where_nothing_decides_no_expected_value_is_given(tmp_path):
    path = build({"data": {"expense_nature.project.actual": 104.64, "income.general_public.actual": 5100.00}},
                 tmp_path)
    f = _at(check_file(path, select=["B008"]), "B008", "收支情况!C30")
    assert f.expected is None and f.args["variant"] == "undecided"


def test_a_total_right_for_its_parts_as_stated_is_named_with_the_part_not_reported_again(tmp_path):
    # 本年收入合计 typed over: 收入总计 (its formula) follows it, right for the figures as stated
    path = build({"cells": {"收支情况!D11": 5200, "收支情况!D13": 5200}}, tmp_path)
    result = check_file(path, select=["B001", "B002"])
    assert [(f.code, f.location.cell) for f in result.findings] == [("B001", "D11")]
    assert "D13" in [r.cell for r in result.findings[0].related]


def test_the_class_line_at_fault_is_named_when_the_total_agrees_with_both_other_views(tmp_path):
    path = build({"data": {"expense_nature.personnel.actual": 5024.39, "expense_nature.public_use.actual": 174.64,
                           "expense_nature.project.actual": 0},
                  "cells": {"收支情况!D18": 184.64}}, tmp_path)
    f = _at(check_file(path, select=["B003"]), "B003", "收支情况!D18")
    assert (f.expected, f.actual) == ("174.64", "184.64")
