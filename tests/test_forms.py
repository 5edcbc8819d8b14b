"""The registry of forms: what is registered, how a workbook's form is detected."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import forms
from auditor.api import check_file
from auditor.codes import REGISTRY
from auditor.forms.department.template import build_book
from auditor.forms.template_book import TemplateBook, Sheet, emit
from tests.rules.base_data import base_data

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _index(path: Path) -> forms.Index:
    kind = "xls" if path.suffix == ".xls" else "xlsx"
    return forms.index(str(path), kind)


def test_the_department_form_is_registered():
    assert "department" in forms.FORMS
    dept = forms.get("department")
    assert dept.id == "department" and dept.title("zh") == "部门整体支出绩效自评表"
    with pytest.raises(KeyError):
        forms.get("no-such-form")


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.glob("*.xls*") if not p.name.startswith(("project-", "described-"))),
                         ids=lambda p: p.name)
def test_every_sample_is_detected_as_the_department_form(path):
    match = forms.detect(_index(path))
    assert match.form == "department" and match.recognised
    assert check_file(path).form == "department"


def test_a_whole_match_is_not_contested(monkeypatch):
    # A department workbook with all its sheets scores 1: no later form can beat that (a
    # tie goes to the first registered), so the project form is not asked to look.
    project = forms.get("project")
    monkeypatch.setattr(type(project), "recognise", lambda self, idx: pytest.fail("the project form was asked"))
    match = forms.detect(_index(SAMPLES / "renhua-zuzhibu-2023.xlsx"))
    assert match.form == "department" and match.score == 1.0


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("project-*.xls*")), ids=lambda p: p.name)
def test_every_project_sample_is_detected_as_the_project_form(path):
    match = forms.detect(_index(path))
    assert match.form == "project" and match.score == 1.0
    assert check_file(path).form == "project"


def test_a_workbook_with_one_part_of_five_is_still_the_department_form(tmp_path):
    book = build_book(base_data())
    book.sheets = [s for s in book.sheets if s.name == "自评评分表"]
    emit(book, tmp_path / "one.xlsx")
    match = forms.detect(_index(tmp_path / "one.xlsx"))
    assert match.form == "department" and match.recognised
    assert match.seen == ("自评评分表",) and len(match.missing) == 4


def test_a_workbook_in_no_known_form_gets_one_finding(tmp_path):
    staff = Sheet("人员名单")
    book = TemplateBook([staff])
    staff.put(0, 0, "姓名")
    staff.put(0, 1, "职务")
    emit(book, tmp_path / "staff.xlsx")
    result = check_file(tmp_path / "staff.xlsx")
    assert [f.code for f in result.findings] == ["S015"]
    assert result.form is None and result.status == "checked" and result.department == ""
    assert "部门整体支出绩效自评表" in result.findings[0].args["forms"]


def test_department_rules_apply_to_the_department_form_only():
    assert REGISTRY["B001"].forms == ("department",) and REGISTRY["B001"].applies_to("department")
    assert not REGISTRY["B001"].applies_to("project")
    assert REGISTRY["S001"].forms is None and REGISTRY["S001"].applies_to("project")
    assert REGISTRY["D001"].applies_to("project")


def _staff_list(path: Path) -> Path:
    staff = Sheet("人员名单")
    staff.put(0, 0, "姓名")
    staff.put(0, 1, "职务")
    emit(TemplateBook([staff]), path)
    return path


def test_a_complete_workbook_is_detected_from_its_sheet_names_alone(tmp_path):
    """Detection costs nothing the reader would not spend: the five sheets are parsed once,
    by name, and no other sheet is looked into."""
    book = build_book(base_data())
    extra = Sheet("附表")
    extra.put(0, 0, "备注")
    book.sheets.append(extra)
    emit(book, tmp_path / "full.xlsx")
    idx = _index(tmp_path / "full.xlsx")
    match = forms.detect(idx)
    assert match.score == 1 and not idx.peeked
    assert idx.book.parsed == {"封面", "收支情况", "三公经费", "绩效目标完成情况", "自评评分表"}


def test_a_renamed_sheet_is_found_by_looking_into_the_small_sheets(tmp_path):
    book = build_book(base_data())
    book.sheet("三公经费").name = "Sheet3"
    emit(book, tmp_path / "renamed.xlsx")
    idx = _index(tmp_path / "renamed.xlsx")
    assert forms.detect(idx).score == 1 and idx.peeked


def test_forcing_a_form_reads_the_workbook_as_that_form(tmp_path):
    path = _staff_list(tmp_path / "staff.xlsx")
    result = check_file(path, form="department")
    assert result.form == "department"
    assert sorted(f.code for f in result.findings if f.code.startswith("S")) == ["S001"] * 5


def test_cli_lists_the_forms_and_takes_form(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    runner = CliRunner()
    listed = runner.invoke(main, ["forms"])
    assert listed.exit_code == 0 and listed.output.split()[:2] == ["department", "部门整体支出绩效自评表"]
    path = _staff_list(tmp_path / "staff.xlsx")
    out = runner.invoke(main, ["check", "--format", "json", str(path)])
    (f,) = json.loads(out.output)["files"]
    assert f["form"] is None and [x["code"] for x in f["findings"]] == ["S015"]
    forced = runner.invoke(main, ["check", "--format", "json", "--form", "department", str(path)])
    assert json.loads(forced.output)["files"][0]["form"] == "department"
    sample = runner.invoke(main, ["check", str(SAMPLES / "audit-bureau-2023.xlsx")])
    assert "部门整体支出绩效自评表" in sample.output.splitlines()[0]
    bad = runner.invoke(main, ["check", "--form", "no-such-form", str(path)])
    assert bad.exit_code == 2 and "department" in bad.output


def test_cli_template_writes_the_forms_blank_workbook(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    with CliRunner().isolated_filesystem(temp_dir=tmp_path):
        out = CliRunner().invoke(main, ["template", "--form", "department", "--year", "2023"])
        assert out.exit_code == 0, out.output
        written = Path(out.output.strip())
        assert written.name == "部门整体支出绩效自评表-2023.xlsx"
        assert check_file(written).form == "department"


def test_batch_takes_form(tmp_path):
    from auditor.batch.run import Options, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    _staff_list(folder / "staff.xlsx")
    auto = run_batch(folder, tmp_path / "auto", jobs=1, annotate=False, options=Options())
    forced = run_batch(folder, tmp_path / "forced", jobs=1, annotate=False, options=Options(form="department"))
    assert [f.form for f in auto.files] == [None] and [f.form for f in forced.files] == ["department"]
