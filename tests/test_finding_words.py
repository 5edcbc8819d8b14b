"""Words a clerk can act on: amounts with their unit and thousands separators, the same
decimals on both sides, cells named in words, no maths symbols, an over-budget 决算 never
given an 应为 that invites changing it."""
from __future__ import annotations

from pathlib import Path

from auditor.api import check_file
from auditor.codes import REGISTRY, render
from tests.rules.harness import build

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _found(result, code, cell):
    return next(f for f in result.findings if f.code == code and f.location.cell == cell)


def test_amounts_carry_their_unit_separators_and_the_same_decimals():
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    assert "应为各项收入之和 4,940.00万元，填报为 4,950.00万元" in render(_found(result, "B001", "B11"))
    assert "14.20万元，填报为 14.50万元" in render(_found(result, "T003", "C3"))
    assert render(_found(result, "B012", "G10")).endswith("应为 26.00%，填报为 62.00%")


def test_a_yuan_workbook_says_yuan(tmp_path):
    path = build({"data": {"cover.unit": "元"}, "cells": {"收支情况!D11": 5200}}, tmp_path)
    f = _found(check_file(path, select=["B001"]), "B001", "D11")
    assert "5,199.03元，填报为 5,200.00元" in render(f)


def test_over_budget_is_said_as_at_most_the_budget_and_by_how_much():
    f = _found(check_file(SAMPLES / "planted-faults-2023.xlsx"), "T001", "C6")
    assert f.expected == "≤ 3.00（超支 2.60万元）" and f.actual == "5.60"
    assert "超支 2.60万元" in render(f)


def test_cells_are_named_in_words_and_phrases_quoted_whole():
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    assert "“收入·一般公共预算财政拨款收入·决算占比（%）”" in render(_found(result, "B014", "E3"))
    assert "“未盘点的不得分”" in render(_found(result, "P008", "G31"))


def test_no_maths_symbols_in_any_message():
    for rule in REGISTRY.values():
        for template in [*rule.message.values(), *(t for v in rule.variants.values() for t in v.values())]:
            assert not any(sym in template for sym in ("≠", "÷", "×", " = ", "<", ">")), (rule.code, template)
