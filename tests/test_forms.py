"""The registry of forms: what is registered, how a workbook's form is detected."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor import forms
from auditor.api import check_file
from auditor.codes import REGISTRY
from auditor.forms.department.template import build_book
from auditor.book import Book, Sheet, emit
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


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.xls*")), ids=lambda p: p.name)
def test_every_sample_is_detected_as_the_department_form(path):
    match = forms.detect(_index(path))
    assert match.form == "department" and match.recognised
    assert check_file(path).form == "department"


def test_a_workbook_with_one_part_of_five_is_still_the_department_form(tmp_path):
    book = build_book(base_data())
    book.sheets = [s for s in book.sheets if s.name == "自评评分表"]
    emit(book, tmp_path / "one.xlsx")
    match = forms.detect(_index(tmp_path / "one.xlsx"))
    assert match.form == "department" and match.recognised
    assert match.seen == ("自评评分表",) and len(match.missing) == 4


def test_a_workbook_in_no_known_form_gets_one_finding(tmp_path):
    staff = Sheet("人员名单")
    book = Book([staff])
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
