"""Words a clerk can act on: amounts with their unit and thousands separators, the same
decimals on both sides, cells named in words, no maths symbols, an over-budget 决算 never
given an 应为 that invites changing it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.api import check_file
from auditor.codes import REGISTRY, render
from auditor.words import title
from tests.rules.described_harness import registered
from tests.rules.harness import build, load_cases

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


_SYMBOLS = ("≠", "÷", "×", " = ", "<", ">")


def test_no_maths_symbols_in_any_message_or_title():
    families = set()
    for rule in REGISTRY.values():
        families.add(rule.code[0])
        texts = [*rule.message.values(), *(t for v in rule.variants.values() for t in v.values()),
                 *rule.action.values(), title(rule, "zh")]
        for text in texts:
            assert not any(sym in text for sym in _SYMBOLS), (rule.code, text)
    # every form's families are checked, not only the department form's
    assert {"B", "P", "X", "F", "J", "R", "N"} <= families


def _rendered(case: dict, code: str, tmp_path) -> list[tuple[str, str]]:
    """Each finding of ``code`` in the rule case built from ``case``: (zh, en)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = build(case, tmp_path)
    with registered(case):
        result = check_file(path, select=[code])
    return [(render(f, "zh"), render(f, "en")) for f in result.findings if f.code == code]


@pytest.mark.parametrize("code,case,zh,en", [
    ("J001", {"cells": {"项目1!E6": 0}}, "应为其中各项之和 340.00万元，填报为 0.00万元", "340.00 万元; it is 0.00 万元"),
    ("J005", {"data": {"funds.fiscal.budget_initial": 400, "funds.fiscal.budget": 304}},
     "由年初 400.00万元 调减至与执行数 324.00万元 相等", "from 400.00 万元 to exactly what was spent (324.00 万元)"),
    ("J007", {"data": {"funds.fiscal.actual": 336}}, "全年执行数 356.00万元 超过全年预算数 340.00万元（超出 16.00万元）",
     "spent 356.00 万元, more than the year's budget 340.00 万元 (by 16.00 万元)"),
    ("J003", {"cells": {"项目1!I6": 10}}, "应为执行率乘以分值，即 9.53，填报为 10.00", "9.53; it is 10.00"),
    ("J023", {"cells": {"项目1!H22": 100}}, "应为各项得分之和 99.03，填报为 100.00", "99.03; it is 100.00"),
])
def test_project_amounts_carry_their_unit_and_scores_the_same_decimals(tmp_path, code, case, zh, en):
    (found,) = _rendered({"form": "project", **case}, code, tmp_path)
    assert zh in found[0] and en in found[1]


def test_described_amounts_carry_the_forms_unit_and_scores_the_same_decimals(tmp_path):
    (f001,) = _rendered({"form": "guizhou-dept", "funds": {"total": {"execution": 1213.60}}}, "F001", tmp_path)
    assert "1,203.60万元，填报为 1,213.60万元" in f001[0] and "1,203.60 万元; it is 1,213.60 万元" in f001[1]
    (f003,) = _rendered({"form": "guizhou-dept", "funds": {"total": {"score": 9}}}, "F003", tmp_path / "f003")
    assert f003[0].startswith("预算执行得分应为") and f003[0].endswith("填报为 9.00")


def test_a_report_tables_figure_is_said_expected_first(tmp_path):
    case = next(c for _, code, c in load_cases() if code == "R012" and c.get("expect"))
    zh, en = _rendered(case, "R012", tmp_path)[0]
    assert re.search(r"应为 [\d,]+\.\d\d，填报为 [\d,]+\.\d\d$", zh), zh
    assert re.search(r"should be [\d,.]+, the sum of .*; it is [\d,.]+$", en), en
