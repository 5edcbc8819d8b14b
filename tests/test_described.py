"""Forms as data: each shipped description reads its consistent sample with no finding and
finds every planted fault at its cell; the reader keeps today's tolerance; a description
with mistakes is refused with each named at its line; downstream takes a described form."""
from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor import forms
from auditor.api import check_file, run_report
from auditor.forms.described import DescriptionError, parse
from auditor.forms.described.template import build
from auditor.forms.template_book import emit

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
DESCRIBED = ("guizhou-dept", "chongqing-dept", "jiangxi-unit", "national-method", "hunan-dept")
PLANTED = json.loads((SAMPLES / "described-planted-faults.json").read_text("utf-8"))


@pytest.mark.parametrize("form_id", DESCRIBED)
def test_each_consistent_sample_is_read_as_its_form_with_no_finding(form_id):
    result = check_file(SAMPLES / f"described-{form_id}-2023.xlsx")
    assert result.form == form_id
    assert result.findings == []
    scored = result.projects or [{"score": result.score_stated, "score_recomputed": result.score_recomputed}]
    assert all(p["score"] == p["score_recomputed"] and p["score"] > 90 for p in scored)


@pytest.mark.parametrize("form_id", DESCRIBED)
def test_each_planted_fault_is_found_at_its_cell_and_nothing_else(form_id):
    name = f"described-{form_id}-faulty-2023.xlsx"
    result = check_file(SAMPLES / name)
    want = {(f["code"], f["sheet"], f["cell"]) for f in PLANTED if f["file"] == name}
    assert len(want) >= 4
    assert {(f.code, f.location.sheet, f.location.cell) for f in result.findings} == want


def test_the_reference_county_form_and_the_project_form_keep_their_samples():
    assert check_file(SAMPLES / "audit-bureau-2023.xlsx").form == "department"
    assert check_file(SAMPLES / "project-roads-2022.xlsx").form == "project"


@pytest.mark.parametrize("cells,closest", [
    (("部门整体支出绩效自评表", "得分计算方法"), "贵州省部门整体支出绩效自评表"),       # under half the signs
    (("项目支出绩效自评表", "项目名称", "全年执行数（B）", "得分计算方法"), "项目支出绩效自评表（得分计算方法列"),
])
def test_fewer_signs_than_the_form_needs_make_it_only_the_closest(tmp_path, cells, closest):
    """Half a described form's signs (all of a variant's, which otherwise is its parent's) make it."""
    from auditor.codes import render
    from auditor.forms.template_book import Sheet, TemplateBook

    sheet = Sheet("Sheet1")
    for r, text in enumerate(cells):
        sheet.put(r, 0, text)
    emit(TemplateBook([sheet]), tmp_path / "x.xlsx")
    result = check_file(tmp_path / "x.xlsx")
    assert [f.code for f in result.findings] == ["S015"] and f"最接近的是“{closest}" in render(result.findings[0])


def test_a_title_alone_does_not_make_a_described_form():
    from auditor.forms.template_book import Sheet, TemplateBook

    sheet = Sheet("Sheet1")
    sheet.put(0, 0, "部门整体支出绩效自评表")
    sheet.put(1, 0, "姓名")
    path = Path(__file__).parent / "_title_only.xlsx"
    try:
        emit(TemplateBook([sheet]), path)
        result = check_file(path)
        assert [f.code for f in result.findings] == ["S015"]
        # the closest form is one whose title it bears, and the message says what it lacked
        from auditor.codes import render

        text = render(result.findings[0])
        assert "最接近的是“重庆市部门整体绩效自评表”" in text and "缺少 “财政处室”、“执行率权重”" in text
    finally:
        path.unlink(missing_ok=True)


def _guizhou(tmp_path, edit) -> Path:
    import copy
    import sys

    sys.path.insert(0, str(SAMPLES.parent / "scripts"))
    import described_samples as S

    data = copy.deepcopy(S.GUIZHOU)
    book = build(forms.get("guizhou-dept").description, data=data)
    edit(book)
    path = tmp_path / "g.xlsx"
    emit(book, path)
    return path


def test_the_reader_finds_blocks_by_label_after_drift_and_renamed_labels(tmp_path):
    sheet = "部门整体支出绩效自评表"

    def drift(book):
        s = book.sheet(sheet)
        # two rows inserted at the top, one column in front, a sheet renamed, labels as departments write them
        s.cells = {(r + 2, c + 1): v for (r, c), v in s.cells.items()}
        s.merges = [(r1 + 2, c1 + 1, r2 + 2, c2 + 1) for r1, c1, r2, c2 in s.merges]
        s.name = "Sheet1"
        s.put(6 + 2, 1 + 1, "其中：基本支出", "label")         # 其中 prefix
        s.put(13 + 2, 7 + 1, "得 分", "header")                # a space in a header
        s.put(4 + 2, 2 + 1, "年初预算数", "header")            # no (A)
        s.put(4 + 2, 3 + 1, "全年执行数（Ｂ）", "header")       # full-width letter

    result = check_file(_guizhou(tmp_path, drift))
    assert result.form == "guizhou-dept"
    assert result.findings == []


def test_numbers_typed_as_text_with_units_and_full_width_digits_are_read(tmp_path):
    def typed(book):
        book.set("部门整体支出绩效自评表!C7", "820.00万元")
        book.set("部门整体支出绩效自评表!D9", "３０")
        book.set("部门整体支出绩效自评表!H16", "15分")

    result = check_file(_guizhou(tmp_path, typed))
    assert result.findings == []


def test_a_description_with_mistakes_names_each_with_its_line():
    text = (SAMPLES.parent / "auditor/forms/described/descriptions/guizhou-dept.toml").read_text("utf-8")
    broken = text.replace('id = "guizhou-dept"', 'id = "Guizhou Dept"').replace(
        'denominator = "opening"', 'denominator = "budget"').replace("score = [\"得分\"]\nmethod", "scor = [\"得分\"]\nmethod")
    with pytest.raises(DescriptionError) as err:
        parse(broken)
    messages = "\n".join(f"{line}:{msg}" for line, msg in err.value.problems)
    lines = broken.splitlines()
    assert any("id" in m and lines[line - 1].startswith("id") for line, m in err.value.problems), messages
    assert any("denominator" in m and "denominator" in lines[line - 1] for line, m in err.value.problems), messages
    assert any("“scor”未知" in m and lines[line - 1].startswith("scor") for line, m in err.value.problems), messages
    with pytest.raises(DescriptionError, match="不是有效的 TOML"):
        parse("[form\nid=1")


def test_a_description_round_trips_through_its_export():
    desc = forms.get("chongqing-dept").description
    again = parse(desc.source)
    assert again == desc


def test_json_annotated_copy_and_summary_take_a_described_form(tmp_path):
    from auditor.reporters import REPORTERS

    path = SAMPLES / "described-guizhou-dept-faulty-2023.xlsx"
    result = check_file(path)
    out = io.StringIO()
    REPORTERS["json"]("zh").write(run_report([result]), out)
    (f,) = json.loads(out.getvalue())["files"]
    assert f["form"] == "guizhou-dept" and {x["code"] for x in f["findings"]} >= {"F001", "F003", "F013"}
    copy = io.BytesIO()
    REPORTERS["annotated"]("zh", data=path.read_bytes()).write(result, copy)
    book = openpyxl.load_workbook(io.BytesIO(copy.getvalue()))
    assert book["审核意见"]["A1"].value.startswith("贵州省部门整体支出绩效自评")
    assert book["部门整体支出绩效自评表"]["D6"].comment is not None
    summary = io.BytesIO()
    REPORTERS["summary"]("zh").write(run_report([result, check_file(SAMPLES / "described-jiangxi-unit-2023.xlsx")]),
                                      summary)
    sheets = openpyxl.load_workbook(io.BytesIO(summary.getvalue()))
    rows = [[c.value for c in r] for r in sheets[sheets.sheetnames[0]].iter_rows()]
    flat = [str(v) for r in rows for v in r if v is not None]
    assert "99.71" in flat or 99.71 in [v for r in rows for v in r]


def test_a_legacy_xls_of_a_described_form_is_read_the_same(tmp_path):
    pytest.importorskip("xlwt")
    import sys

    sys.path.insert(0, str(SAMPLES.parent / "scripts"))
    import described_samples as S
    from make_samples import write_xls

    write_xls(tmp_path / "j.xls", S.book_of("jiangxi-unit", S.JIANGXI))
    result = check_file(tmp_path / "j.xls")
    assert result.form == "jiangxi-unit" and result.findings == [] and result.score_stated == Decimal("99.71")


def test_the_national_form_with_a_method_column_is_read_a_project_per_sheet_over_the_project_form():
    result = check_file(SAMPLES / "described-national-method-faulty-2023.xlsx")
    assert result.form == "national-method"
    assert {f.location.project for f in result.findings} == {"农村公路养护", "职业技能培训"}
    assert [(p["sheet"], p["project"], str(p["rate"])) for p in result.projects] == [
        ("项目1", "农村公路养护", "104.00"), ("项目2", "职业技能培训", "85.00")]
    # the plain national form is still the project form's
    assert check_file(SAMPLES / "project-three-2022.xlsx").form == "project"


HOSTILE = [
    "", "form = 1", '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[scoring]\ntotal_points="x"',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[funds]\nrow = 3\n[funds.columns]\nexecution=["a"]',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[goal]\nlabels=["g"]\ntext=5',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[[field]]\nkey="k"\nlabels=3',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\ntotal=5',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[indicators]\ncolumns=[1]',
    '[form]\nid="ab"\nzh="x"\nen="y"\n[signs]\ntitles=["t"]\n[scoring]\nsteps=5\nexecution="steps"\nlevel1={a="x"}',
    '[form]\nid="ab"\nzh="x"\nen="y"\nyears=[2020,"x"]\nunit=5\ntables=1\nnarrows=5\n[signs]\ntitles=["t"]\nlabels={}',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_malformed_description_is_refused_with_reasons_never_a_traceback(text):
    with pytest.raises(DescriptionError) as err:
        parse(text)
    assert err.value.problems and all(isinstance(msg, str) and msg for _, msg in err.value.problems)


def test_a_batch_gives_a_described_file_its_notice_copy_and_summary_rows(tmp_path):
    import shutil

    import docx

    from auditor.batch import run as B

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("described-jiangxi-unit-faulty-2023.xlsx", "described-hunan-dept-2023.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    B.run_batch(folder, tmp_path / "out", jobs=1, lang="zh", notices=True)
    notice = docx.Document(tmp_path / "out/notices/described-jiangxi-unit-faulty-2023.docx")
    text = "\n".join(p.text for p in notice.paragraphs)
    assert notice.paragraphs[0].text.startswith("江西省单位整体支出绩效自评") and "某某县水利局" in text
    copy = openpyxl.load_workbook(tmp_path / "out/annotated/described-hunan-dept-2023.xlsx")
    assert copy.sheetnames[:3] == ["审核意见", "部门整体支出绩效评价基础数据表", "部门整体支出绩效评价指标表"]
    summary = openpyxl.load_workbook(tmp_path / "out/summary.xlsx")
    rows = [r for r in summary["汇总"].iter_rows(values_only=True)]
    assert {r[0] for r in rows[1:]} >= {"某某县水利局", "某某县农业农村局"}
    assert any(r[0] == "某某县农业农村局" and 97 in r for r in rows)
