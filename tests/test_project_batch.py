"""A mixed folder (department workbooks and project workbooks) goes through one batch: the
summary shows both (汇总 a row per file, 项目 a row per project), report.json names each
finding's project, and the annotated copy marks the project cells."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from auditor.batch import run as B

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
FILES = ["audit-bureau-2023.xlsx", "project-three-2022.xlsx", "project-planted-faults-2022.xlsx"]


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    for name in FILES:
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path_factory.mktemp("out")
    result = B.run_batch(folder, out, jobs=1)
    return result, out


def test_summary_shows_departments_and_projects(ran):
    result, out = ran
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    head = [c.value for c in wb["汇总"][1]]
    col = head.index("文件")
    files = [r[col] for r in wb["汇总"].iter_rows(min_row=2, values_only=True) if r[col]]
    assert sorted(files) == sorted(FILES)
    rows = list(wb["项目"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 + 7  # project-three and the planted file's seven
    three = [r for r in rows if r[2] == "project-three-2022.xlsx"]
    assert [r[1] for r in three] == ["2022年农村公路养护工程", "基层医疗卫生机构能力提升", "学生资助补助经费"]
    assert three[0][4:10] == (675.5, 647.85, 95.91, 100, 99.59, 99.59)
    planted = {r[3]: (r[11], r[12]) for r in rows if r[2] == "project-planted-faults-2022.xlsx"}
    assert planted == {"项目A": (3, 0), "项目B": (4, 1), "项目C": (2, 1), "项目D": (3, 2), "项目E": (3, 2),
                       "项目F": (1, 0), "项目G": (2, 4)}
    link = wb["项目"].cell(row=2, column=14).hyperlink
    assert link is not None and link.location == "'项目A'!A1"  # the copy, at the project's sheet


def test_report_json_names_each_findings_project(ran):
    _, out = ran
    data = json.loads((out / "report.json").read_text("utf-8"))
    planted = next(f for f in data["files"] if f["path"] == "project-planted-faults-2022.xlsx")
    assert planted["status"] == "checked"
    assert all(f["location"].get("project") for f in planted["findings"] if f["code"].startswith("J"))
    assert [(p["sheet"], p["score"]) for p in planted["projects"]][:2] == [("项目A", 100), ("项目B", 100.59)]
    dept = next(f for f in data["files"] if f["path"] == "audit-bureau-2023.xlsx")
    assert all("project" not in f["location"] for f in dept["findings"])


def test_annotated_copy_marks_the_project_cells(ran):
    result, out = ran
    name = result.annotated["project-planted-faults-2022.xlsx"]
    with zipfile.ZipFile(out / "annotated" / name) as zf:
        comments = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if "comments" in n)
    assert "J001" in comments and "J041" in comments and "农村公路养护（评分）" in comments


def test_cohort_sees_project_reasons_but_not_projects_as_duplicate_departments(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import project_samples as S
    from auditor.forms.template_book import emit
    from auditor.forms.project.template import build_projects

    folder = tmp_path / "in"
    folder.mkdir()
    same = S.CLINICS  # its 20-point indicator explains a deduction in 20 characters
    for name, dept in (("a.xlsx", "某县卫生健康局"), ("b.xlsx", "某县卫生健康局"), ("c.xlsx", "某县民政局")):
        emit(build_projects([{**same, "department": dept}]), folder / name)
    result = B.run_batch(folder, tmp_path / "out", jobs=1, annotate=False)
    codes = {a.path: sorted(f.code for f in a.findings if f.code.startswith("D")) for a in result.files}
    assert codes == {"a.xlsx": ["D001"], "b.xlsx": ["D001"], "c.xlsx": ["D001"]}
    d001 = next(f for f in result.files[2].findings if f.code == "D001")
    assert d001.location.project == "基层医疗卫生机构能力提升" and d001.location.cell == "I13"


def test_a_project_file_s_copy_and_notice_are_headed_by_its_form(tmp_path):
    """The 审核意见 sheet and the 审核意见书 name the form the file is in: a project
    workbook's are not headed 部门整体支出绩效自评 (as the department's still are)."""
    import docx

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("audit-bureau-2023.xlsx", "project-three-2022.xlsx", "project-three-2022.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    for lang, project, department in (("zh", "项目支出绩效自评 审核意见", "部门整体支出绩效自评 审核意见"),
                                      ("en", "Project expenditure performance self-evaluation: review ",
                                       "Department-wide expenditure performance self-evaluation: review ")):
        out = tmp_path / lang
        B.run_batch(folder, out, jobs=1, lang=lang, notices=True)
        sheet = "审核意见" if lang == "zh" else None
        for name, want in (("project-three-2022.xlsx", project), ("audit-bureau-2023.xlsx", department)):
            wb = openpyxl.load_workbook(out / "annotated" / name)
            assert (wb[sheet] if sheet else wb.worksheets[0])["A1"].value.startswith(want), (lang, name)
            notice = docx.Document(out / "notices" / name.replace(".xlsx", ".docx"))
            assert notice.paragraphs[0].text.startswith(want), (lang, name)
