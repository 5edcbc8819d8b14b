"""Adding a form, as docs/architecture.md says: one folder and one line of registration.

``tests/toyform/`` is a third form (a staff list) written the way a contributor would: its
form class, its model and its rules in its own folder, nothing edited outside it.  These
tests register it with one line and check a workbook in it end to end, then state how
detection chooses between forms (``auditor.forms.detect``).
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from auditor import forms
from auditor import rules as R
from auditor.api import check_file, run_report
from auditor.codes import FAMILIES, REGISTRY, WARNING, Rule, register, render, rules_in_order
from auditor.forms.base import Match
from auditor.forms.template_book import Sheet, TemplateBook, emit

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture
def registered():
    """Register what a test adds (forms, rules, families), and take it all back after."""
    saved = dict(forms.FORMS), dict(REGISTRY), dict(FAMILIES), set(R._LOADED)
    loaded = set(sys.modules)
    env = os.environ.get(forms.MODULES_ENV)
    yield
    if env is None:
        os.environ.pop(forms.MODULES_ENV, None)
    else:
        os.environ[forms.MODULES_ENV] = env
    forms.FORMS.clear(), forms.FORMS.update(saved[0])
    REGISTRY.clear(), REGISTRY.update(saved[1])
    FAMILIES.clear(), FAMILIES.update(saved[2])
    R._LOADED.clear(), R._LOADED.update(saved[3])
    for name in set(sys.modules) - loaded:
        if name.startswith("tests.toyform"):
            del sys.modules[name]


def _staff(path: Path, rows) -> Path:
    staff = Sheet("人员名单")
    for r, row in enumerate([("姓名", "职务"), *rows]):
        for c, text in enumerate(row):
            staff.put(r, c, text)
    emit(TemplateBook([staff]), path)
    return path


def test_a_third_form_is_read_and_checked_after_one_line_of_registration(registered, tmp_path):
    forms.load_module("tests.toyform")   # the one line (here, and in every worker it starts)

    path = _staff(tmp_path / "staff.xlsx", [("张三", "科员"), ("李四", "")])
    result = check_file(path)
    assert result.form == "toy-staff"
    assert [(f.code, f.location.sheet, f.location.cell) for f in result.findings] == [("Z001", "人员名单", "B3")]
    assert render(result.findings[0], "zh") == "“李四”未填写职务"
    # its family takes its declared place in the catalogue, and its name is said once
    assert FAMILIES["Z"].forms == ("toy-staff",)
    codes = [r.code for r in rules_in_order()]
    assert codes.index("Z001") > max(i for i, c in enumerate(codes) if c[0] == "N")
    assert codes.index("Z001") < min(i for i, c in enumerate(codes) if c[0] == "D")
    assert forms.title("toy-staff", "en") == "Staff list"
    # a consistent staff list gets nothing; the other forms still get their own
    assert check_file(_staff(tmp_path / "ok.xlsx", [("张三", "科员")])).findings == []
    assert check_file(SAMPLES / "audit-bureau-2023.xlsx").form == "department"
    assert not REGISTRY["Z001"].applies_to("department")


def test_everything_downstream_takes_the_third_form(registered, tmp_path):
    import json

    import openpyxl

    from auditor.reporters import REPORTERS
    from auditor.rules.reference import as_markdown

    forms.load_module("tests.toyform")
    path = _staff(tmp_path / "staff.xlsx", [("李四", "")])
    result = check_file(path)
    copy = io.BytesIO()
    REPORTERS["annotated"]("zh", data=path.read_bytes()).write(result, copy)
    sheet = openpyxl.load_workbook(io.BytesIO(copy.getvalue()))["审核意见"]
    assert sheet["A1"].value == "人员名单 审核意见"           # headed by the form's own name
    out = io.StringIO()
    REPORTERS["json"]("zh").write(run_report([result]), out)
    (f,) = json.loads(out.getvalue())["files"]
    assert f["form"] == "toy-staff" and f["findings"][0]["code"] == "Z001"
    reference = as_markdown("zh")
    assert "## Z: 人员名单" in reference and "表式: 人员名单表." in reference
    blank = io.BytesIO()
    forms.get("toy-staff").write_template(blank, 2023)
    assert blank.getvalue()[:2] == b"PK"


def test_a_rule_of_an_undeclared_family_is_refused_when_registered(registered):
    with pytest.raises(ValueError, match="no family 'Q' is declared"):
        @register
        class Orphan(Rule):
            """Nothing."""
            code, name, severity, tags = "Q001", "orphan", WARNING, ()
            message = {"zh": "无", "en": "none"}


def test_a_family_is_declared_once(registered):
    from auditor.codes import declare_family

    with pytest.raises(ValueError, match="declared twice"):
        declare_family("B", {"zh": "别的", "en": "other"}, rank=10)
    with pytest.raises(ValueError, match="rank 10 is taken"):
        declare_family("Y", {"zh": "新", "en": "new"}, rank=10)


def _contender(score: float):
    """A form that scores ``score`` on every workbook."""
    class Contender(forms.Form):
        id = f"contender-{score}"
        name = {"zh": "对手表", "en": "contender"}

        def recognise(self, index):
            return Match(self.id, score, ("anything",))

    return Contender


def test_detection_takes_the_highest_score_and_a_tie_goes_to_the_first_registered(registered, tmp_path):
    from auditor.forms.department.template import build_book
    from tests.rules.base_data import base_data

    book = build_book(base_data())
    book.sheets = [s for s in book.sheets if s.name == "自评评分表"]   # the department form scores 1/5
    emit(book, tmp_path / "one.xlsx")
    idx = lambda: forms.index(str(tmp_path / "one.xlsx"), "xlsx")  # noqa: E731

    forms.register_form(_contender(0.2))          # equal: the department form, registered first
    assert forms.detect(idx()).form == "department"
    forms.register_form(_contender(0.4))          # higher: the contender
    assert forms.detect(idx()).form == "contender-0.4"
    # a whole match ends the contest: a form registered later is not asked
    forms.register_form(_contender(1.0))
    whole = forms.index(str(SAMPLES / "renhua-zuzhibu-2023.xlsx"), "xlsx")
    assert forms.detect(whole).form == "department"
