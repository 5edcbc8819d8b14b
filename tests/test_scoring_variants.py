"""Scoring variants a pack switches on (auditor/rules/variants.py): what they accept is no
error of the national rules (J003, J022, J023, J024 stand down), and the judgements
themselves on plain values."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from auditor import precision as P
from auditor.api import check_file
from auditor.rules.variants import moved_weights, pass_line_share, rescaled, step_share, total_cap
from tests.rules.project_harness import build_project_case

PACKS = Path(__file__).parent / "rules" / "packs"
BUNDLED = Path(__file__).parent.parent / "auditor" / "forms" / "project" / "packs"


def codes(tmp_path, case, pack=None, select=("J",)):
    book = build_project_case(case, tmp_path)
    found = check_file(book, rules_file=str(pack) if pack else None, select=list(select)).findings
    return sorted(f.code for f in found)


def test_the_plain_judgements():
    caps = [[80, 89], [70, 79], [60, 69], [50, 59]]
    assert total_cap(Decimal("95"), caps) is None
    assert total_cap(Decimal("75"), caps) == 89 and total_cap(Decimal("49.9"), caps) == 59
    steps = [[100, 100], [80, 70], [60, 50]]
    assert [step_share(Decimal(r), steps) for r in ("100", "85", "60", "59.99")] == [100, 70, 50, 0]
    assert pass_line_share(Decimal("0.95"), 60) == Decimal("0.875") and pass_line_share(Decimal("0.5"), 60) == 0
    assert rescaled(P.exact(88), Decimal(90), 100).mid.quantize(Decimal("0.01")) == Decimal("97.78")


def test_a_rescaled_total_is_accepted_not_a_points_error(tmp_path):
    dropped = {"drop_indicators": ["项目完成及时率"], "cells": {"项目1!H21": 98.98},
               "data": {"level1_points": {"产出指标": 45, "效益指标": 30, "满意度指标": 10}}}
    assert {"J022", "J023"} <= set(codes(tmp_path, dropped))   # the national form: 95 points, not 100
    assert codes(tmp_path, dropped, PACKS / "project-rescale.toml") == []


def test_stepped_execution_is_not_judged_as_rate_times_points(tmp_path):
    stepped = {"cells": {"项目1!I6": 7, "项目1!H22": 96.5}}
    assert "J003" in codes(tmp_path, stepped)
    assert codes(tmp_path, stepped, PACKS / "project-execution-steps.toml") == []


def test_cost_group_weights_of_2021_101(tmp_path):
    cost = {"indicator": {"户均改造成本": {"level1": "成本指标", "level2": "经济成本指标", "points": 20, "score": 20},
                          "农村卫生厕所普及率": {"points": 5, "score": 5},
                          "生活垃圾无害化处理率": {"points": 5, "score": 5}},
            "data": {"level1_points": {"成本指标": 20, "产出指标": 40, "效益指标": 20, "满意度指标": 10}}}
    assert "J024" in codes(tmp_path, cost)
    assert codes(tmp_path, cost, BUNDLED / "cost-2021.toml") == []


_NO_FISCAL = {"funds.fiscal": {"budget_initial": 0, "budget": 0, "actual": 0},
              "funds.other": {"budget_initial": 300, "budget": 320, "actual": 304}}


def _cost_case(cost: int, execution: int, funds: dict) -> dict:
    return {"indicator": {"户均改造成本": {"level1": "成本指标", "level2": "经济成本指标", "points": cost, "score": cost},
                          "农村卫生厕所普及率": {"points": 5, "score": 5},
                          "生活垃圾无害化处理率": {"points": 5, "score": 5}},
            "data": {"level1_points": {"成本指标": cost, "产出指标": 40, "效益指标": 20, "满意度指标": 10},
                     "funds.total.points": execution, **funds}}


def _cost_pack(tmp_path, edit) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(edit((BUNDLED / "cost-2021.toml").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_the_weights_moved_without_fiscal_money(tmp_path):
    moved = _cost_case(30, 0, _NO_FISCAL)
    assert codes(tmp_path, moved, BUNDLED / "cost-2021.toml", ("J024",)) == []
    # the move in the pack is what accepts them: without it, 执行率 0 and 成本 30 are off the form
    unmoved = _cost_pack(tmp_path, lambda t: t.split("\n[[scoring.moves]]")[0])
    assert codes(tmp_path, moved, unmoved, ("J024",)) == ["J024", "J024"]


def test_a_required_move_leaves_only_the_moved_weights(tmp_path):
    kept = _cost_case(20, 10, _NO_FISCAL)
    assert codes(tmp_path, kept, BUNDLED / "cost-2021.toml", ("J024",)) == []
    required = _cost_pack(tmp_path, lambda t: t.replace('when = "no_fiscal_funds"',
                                                        'when = "no_fiscal_funds"\nrequired = true'))
    assert codes(tmp_path, kept, required, ("J024",)) == ["J024", "J024"]
    assert codes(tmp_path, _cost_case(30, 0, _NO_FISCAL), required, ("J024",)) == []
    assert codes(tmp_path, _cost_case(30, 0, {}), required, ("J024",)) == ["J024", "J024"]  # fiscal money spent


def test_moved_weights_on_plain_values():
    weights = {"execution": 10, "成本指标": 20, "效益指标": 20, "满意度指标": 10}
    moves = [{"from": "execution", "to": "成本指标", "when": "no_fiscal_funds"},
             {"from": "满意度指标", "to": "效益指标", "when": "absent", "required": True}]
    assert moved_weights(weights, moves, lambda when, src: False) == [weights]
    assert moved_weights(weights, [{"from": "execution", "when": "absent"}, "x"], lambda when, src: True) == [weights]
    both = moved_weights(weights, moves, lambda when, src: True)
    assert [(w["execution"], w["成本指标"], w["效益指标"], w["满意度指标"]) for w in both] == [(10, 20, 30, 0), (0, 30, 30, 0)]


def test_a_pack_that_moves_satisfaction_asks_for_none(tmp_path):
    without = {"drop_indicators": ["受益群众满意度"],
               "indicator": {"户均改造成本": {"level1": "成本指标", "level2": "经济成本指标", "points": 20, "score": 20},
                             "农村卫生厕所普及率": {"points": 5, "score": 5},
                             "生活垃圾无害化处理率": {"points": 5, "score": 5},
                             "长效管护机制": {"points": 20, "score": 20}},
               "data": {"level1_points": {"成本指标": 20, "产出指标": 40, "效益指标": 30}}}
    not_optional = _cost_pack(tmp_path, lambda t: t.replace("satisfaction_optional = true",
                                                            "satisfaction_optional = false"))
    assert codes(tmp_path, without, not_optional, ("J024", "J053")) == []
    unmoved = _cost_pack(tmp_path, lambda t: t.replace("satisfaction_optional = true", "satisfaction_optional = false")
                         .split("\n[[scoring.moves]]")[0])
    assert codes(tmp_path, without, unmoved, ("J024", "J053")) == ["J024", "J053"]
