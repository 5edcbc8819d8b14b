"""A province's form added without code, as a bureau would: the blind test of docs/forms.md.

tests/blind/cost-2021-project.toml describes the 财预〔2021〕101号 / 专项债 project form (成本 20 /
产出 40 / 效益 20 / 满意度 10, plus 执行率 10). It was written from docs/forms.md alone, and
tests/blind/make_cost_form.py lays the form out from FORMS.md alone, so these tests check the
claim of docs/forms.md: a description loaded with `--forms` reads the form, is preferred over
the national project form it narrows, lets a consistent workbook through untouched and finds
each planted fault at its cell. Run through the public CLI, in a process of its own, so the
registered description does not leak into other tests.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "tests" / "blind"
FORM_ID = "cost-2021-project"

_spec = importlib.util.spec_from_file_location("make_cost_form", BLIND / "make_cost_form.py")
make_cost_form = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_cost_form)

# The rule docs/forms.md names for each planted fault.
EXPECTED_CODE = {
    "execution_rate": "F002",       # 执行率 ≠ 执行数 ÷ 全年预算数
    "score_above_points": "F010",   # 得分 above its 分值
    "level1_points": "F011",        # 效益指标（20分） over indicators of 23 points
    "total": "F015",                # 总分 ≠ Σ scores
}


def _auditor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def _check(workbook: Path, *extra: str) -> dict:
    done = _auditor("check", "--forms", str(BLIND), "--format", "json", *extra, str(workbook))
    assert done.returncode in (0, 1), done.stderr
    (report,) = json.loads(done.stdout)["files"]
    return report


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    out = tmp_path_factory.mktemp("blind")
    consistent, faulty = out / "cost-2021-consistent.xlsx", out / "cost-2021-faulty.xlsx"
    assert make_cost_form.build(consistent) == {}
    planted = make_cost_form.build(faulty, faulty=True)
    return consistent, faulty, planted


def test_the_description_is_valid():
    done = _auditor("forms", "--check", str(BLIND / f"{FORM_ID}.toml"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_consistent_workbook_has_no_error_and_no_warning(workbooks):
    consistent, _, _ = workbooks
    report = _check(consistent)
    assert report["status"] == "checked"
    assert report["form"] == FORM_ID
    noisy = [f for f in report["findings"] if f["severity"] in ("error", "warning")]
    assert noisy == []
    (project,) = report["projects"]
    assert project["budget"] == 1200 and project["actual"] == pytest.approx(1150.4)
    assert project["score"] == pytest.approx(make_cost_form.consistent_total())
    assert project["score_recomputed"] == pytest.approx(project["score"])


def test_each_planted_fault_is_found_at_its_cell_and_nothing_else(workbooks):
    _, faulty, planted = workbooks
    assert set(planted) == set(EXPECTED_CODE)
    report = _check(faulty)
    assert report["form"] == FORM_ID
    found = {(f["code"], f["location"]["sheet"], f["location"]["cell"])
             for f in report["findings"] if f["severity"] in ("error", "warning")}
    expected = {(EXPECTED_CODE[fault], sheet, cell) for fault, (sheet, cell) in planted.items()}
    assert found == expected


def test_a_project_per_sheet_each_finding_names_its_project(workbooks, tmp_path):
    # tables = "each": a second sheet is a second project, read and named on its own.
    _, faulty, planted = workbooks
    book = load_workbook(faulty)
    second = book.copy_worksheet(book[make_cost_form.SHEET])
    second.title = "乡村道路"
    second["B3"] = "某县乡村道路提升工程"
    two = tmp_path / "two-projects.xlsx"
    book.save(two)
    report = _check(two)
    named = {(f["location"]["sheet"], f["location"]["cell"], f["location"].get("project"))
             for f in report["findings"]}
    cells = [cell for _, cell in planted.values()]
    assert named == ({(make_cost_form.SHEET, c, "某县城区道路改造工程（地方政府专项债券项目）") for c in cells}
                     | {("乡村道路", c, "某县乡村道路提升工程") for c in cells})


def test_a_table_alone_names_its_project_as_a_table_of_many_does(workbooks):
    _, faulty, _ = workbooks
    report = _check(faulty)
    assert report["findings"] and {f["location"].get("project") for f in report["findings"]} == {
        "某县城区道路改造工程（地方政府专项债券项目）"}


def test_the_faulty_total_is_recomputed_from_the_printed_scores(workbooks):
    _, faulty, _ = workbooks
    (project,) = _check(faulty)["projects"]
    assert project["score"] == pytest.approx(99.26)
    assert project["score_recomputed"] == pytest.approx(104.26)


def test_a_table_without_the_social_and_ecological_cost_rows_is_still_this_form(workbooks, tmp_path):
    # A form that narrows another is that form only where all its signs are there; a
    # department that prints only 经济成本指标 must not fall back to the national form.
    consistent, _, _ = workbooks
    book = load_workbook(consistent)
    sheet = book[make_cost_form.SHEET]
    for cell in ("C14", "C15"):
        assert sheet[cell].value in ("社会成本指标", "生态环境成本指标")
        sheet[cell] = "经济成本指标"
    trimmed = tmp_path / "economic-cost-only.xlsx"
    book.save(trimmed)
    report = _check(trimmed)
    assert report["form"] == FORM_ID
    assert [f for f in report["findings"] if f["severity"] in ("error", "warning")] == []


@pytest.mark.parametrize("sample", ["project-roads-2022.xlsx", "project-three-2022.xlsx"])
def test_the_national_project_samples_stay_the_national_form(sample):
    # Registering the 101号 form must not take the 2020 national tables from family J.
    report = _check(ROOT / "sample_workbooks" / sample)
    assert report["form"] == "project"
    assert [f for f in report["findings"] if f["severity"] in ("error", "warning")] == []


def test_without_the_description_the_national_project_form_reads_it(workbooks):
    # The claim under test needs the description: without --forms the same file is the
    # national form's (family J), which judges 产出 40 / 效益 20 against its own 50 / 30.
    consistent, _, _ = workbooks
    done = _auditor("check", "--format", "json", str(consistent))
    (report,) = json.loads(done.stdout)["files"]
    assert report["form"] == "project"
    assert {f["code"] for f in report["findings"]} & {"J024"}
    # 工程验收合格率's target =100% is saved by openpyxl as a formula with no result: a
    # target all the same, never a blank one (it once gave J060 on this consistent table)
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


def test_the_national_form_judges_an_equals_target_like_any_other(workbooks, tmp_path):
    consistent, _, _ = workbooks
    book = load_workbook(consistent)
    sheet = book[make_cost_form.SHEET]
    assert (sheet["D18"].value, sheet["E18"].value) == ("工程验收合格率", "=100%")
    sheet["F18"] = "95%"  # missed, the full 10 points kept
    missed = tmp_path / "equals-target-missed.xlsx"
    book.save(missed)
    done = _auditor("check", "--format", "json", str(missed))
    (report,) = json.loads(done.stdout)["files"]
    errors = {(f["code"], f["location"]["cell"]) for f in report["findings"] if f["severity"] == "error"}
    assert ("J041", "H18") in errors and not any(code == "J060" for code, _ in errors)
