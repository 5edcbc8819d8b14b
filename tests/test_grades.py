"""Grades judged on the scores' own total, each held within its 分值, and said beside it."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auditor.api import check_file
from auditor.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def test_the_re_sum_holds_each_score_within_its_points():
    # 农村饮水安全巩固提升 scores 4 of 3: the extra point earns nothing, so 89 re-adds to 88
    result = check_file(SAMPLES / "planted-faults-2023.xlsx")
    assert (result.score_stated, result.score_recomputed) == (89, 88)
    assert (result.grade_stated, result.grade_recomputed) == ("优", "良")
    p006 = next(f for f in result.findings if f.code == "P006")
    assert p006.args["total"] == "88"


def test_the_header_puts_each_grade_beside_its_score_and_does_not_say_review():
    out = CliRunner().invoke(main, ["check", str(SAMPLES / "planted-faults-2023.xlsx")]).output
    header = out.splitlines()[0]
    assert "自评得分 填报 89分/优；重新加总 88分/良" in header
    assert "复核" not in header
