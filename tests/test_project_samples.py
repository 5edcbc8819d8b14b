"""What `auditor check` finds in the project samples: every planted fault at its cell by the
rule it is a case of, nothing else; the consistent tables give no error and no warning."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from auditor.api import check_file, pair_report
from auditor.findings import Severity

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
CONSISTENT = ["project-roads-2022.xlsx", "project-yunnan-clinics-2022.xlsx", "project-hubei-clinics-2022.xlsx",
              "project-three-2022.xlsx", "project-sichuan-schools-2022.xls",
              # Sichuan's and Hubei's forms as FORMS.md prints them
              "project-sichuan-printed-2022.xlsx", "project-hubei-printed-2022.xlsx"]
# each planted workbook and the list of its faults
PLANTED = [("project-planted-faults-2022.xlsx", "project-planted-faults.json"),
           ("project-sichuan-printed-faults-2022.xlsx", "project-sichuan-printed-faults.json"),
           ("project-hubei-printed-faults-2022.xlsx", "project-hubei-printed-faults.json")]


def _where(f) -> str:
    return f"{f.location.sheet}!{f.location.cell}"


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_project_samples_give_no_error_and_no_warning(name):
    """With the narrative report beside it, where there is one (project-three's)."""
    result = check_file(SAMPLES / name, report=pair_report(SAMPLES / name))
    assert (result.status, result.form) == ("checked", "project")
    assert [(f.code, _where(f)) for f in result.findings if f.severity != Severity.INFO] == []
    assert result.projects and all(p["project"] for p in result.projects)


def _planted(listing: str = "project-planted-faults.json"):
    return json.loads((SAMPLES / listing).read_text("utf-8"))


@pytest.mark.parametrize("book,listing", PLANTED)
def test_every_planted_fault_is_found_at_its_cell_by_its_rule_and_names_its_project(book, listing):
    result = check_file(SAMPLES / book)
    found = {(f.code, _where(f)): f for f in result.findings}
    for fault in _planted(listing):
        key = (fault["code"], f"{fault['sheet']}!{fault['cell']}")
        assert key in found, fault["fault"]
        assert found[key].location.project == fault["project"]


@pytest.mark.parametrize("book,listing", PLANTED)
def test_planted_sample_finds_nothing_but_what_was_planted(book, listing):
    from auditor.rules import REGISTRY

    # infos (J052's pasted reason) are planted too, and found by the test above
    planted = {(f["code"], f"{f['sheet']}!{f['cell']}") for f in _planted(listing)
               if REGISTRY[f["code"]].severity != Severity.INFO}
    result = check_file(SAMPLES / book)
    assert {(f.code, _where(f)) for f in result.findings if f.severity != Severity.INFO} == planted


def test_planted_faults_cover_every_project_rule():
    from auditor.rules import REGISTRY

    # the scoring variants speak only under a pack that switches them on, and the samples are
    # judged by the bundled ones: their cases are in tests/rules/cases (J070–J074)
    codes = {c for c, r in REGISTRY.items()
             if c.startswith("J") and type(r).__module__ != "auditor.forms.project.rules.variants"}
    assert {f["code"] for _, listing in PLANTED for f in _planted(listing)} == codes


def test_planted_cells_hold_what_was_planted():
    wb = openpyxl.load_workbook(SAMPLES / "project-planted-faults-2022.xlsx", data_only=True)
    cells = {(f["sheet"], f["cell"], f["code"]): f for f in _planted()}
    assert wb["项目A"]["E6"].value == 0                       # J001: the total left at 0
    assert wb["项目C"]["G21"].value == 100                    # J022: 总分 says 100 over 110
    assert wb["项目D"]["H14"].value == 10                     # J041: full marks on 27 of 30
    assert wb["项目E"]["F13"].value is None                   # J060: blank achieved value
    assert ("项目A", "E6", "J001") in cells and ("项目C", "G21", "J022") in cells


def test_three_projects_are_one_file_of_three_projects_behind_a_list():
    from auditor.forms.project.reader import read_projects

    model = read_projects(str(SAMPLES / "project-three-2022.xlsx"), "xlsx")
    assert model.sheet_names[0] == "项目清单"
    assert [p.title for p in model.projects] == ["2022年农村公路养护工程", "基层医疗卫生机构能力提升", "学生资助补助经费"]
    assert check_file(SAMPLES / "project-three-2022.xlsx").department == "某县人民政府办公室"


def test_summarise_gives_each_project_its_row():
    rows = check_file(SAMPLES / "project-three-2022.xlsx").projects
    assert [(r["project"], r["points"], r["score"], r["score_recomputed"]) for r in rows] == [
        ("2022年农村公路养护工程", 100, Decimal("99.59"), Decimal("99.59")),
        ("基层医疗卫生机构能力提升", 100, Decimal("98.46"), Decimal("98.46")),
        ("学生资助补助经费", 100, 100, 100)]
    assert rows[0]["budget"] == Decimal("675.50") and rows[0]["actual"] == Decimal("647.85")


def test_the_three_projects_report_is_read_for_each_project(tmp_path):
    """The bundled report agrees with its tables (above), and is really compared: each of
    its projects' figures, moved, is found at its line and named for its project."""
    from auditor.api import check
    from tests.test_project_narrative import _found

    report = (SAMPLES / "project-three-2022.txt").read_text("utf-8")
    assert pair_report(SAMPLES / "project-three-2022.xlsx") == SAMPLES / "project-three-2022.txt"
    for stated, wrong, project in (("全年执行数647.85万元", "全年执行数674.85万元", "2022年农村公路养护工程"),
                                   ("预算执行率94.60%", "预算执行率96.40%", "基层医疗卫生机构能力提升"),
                                   ("该项目自评得分100分", "该项目自评得分90分", "学生资助补助经费")):
        assert report.count(stated) == 1
        line = next(i for i, text in enumerate(report.splitlines(), 1) if stated in text)
        changed = tmp_path / "report.txt"
        changed.write_text(report.replace(stated, wrong), "utf-8")
        found = _found(check(SAMPLES / "project-three-2022.xlsx", report=changed))
        assert [(line, project)] == [(ln, pr) for _, ln, pr in found], (stated, found)


def test_each_table_is_judged_by_its_own_layout_s_pack_unless_a_pack_is_given():
    """In the planted file only 项目F is in Sichuan's layout, so only it is asked for the
    reasons Sichuan's pack asks for (J006); a pack given with --rules judges every table."""
    from auditor.api import check

    packs = SAMPLES.parent / "auditor" / "forms" / "project" / "packs"
    book = SAMPLES / "project-planted-faults-2022.xlsx"

    def j006(**kw):
        return sorted(f.location.sheet for f in check(book, select=("J006",), **kw).findings)

    assert j006() == ["项目F"]
    assert j006(rules_file=packs / "national.toml") == []
    # A–D and G raised their budgets in the year with no reason (E's cut is J005's)
    assert j006(rules_file=packs / "sichuan.toml") == ["项目A", "项目B", "项目C", "项目D", "项目F", "项目G"]


def test_printed_forms_summarise_with_the_points_their_labels_carry():
    """Hubei's rows carry no 分值: the 项目 row's points are its labels' 20 + 40 + 40, and its one
    原因分析 row (every indicator's reason) is one reason of the department, not seven."""
    from auditor.forms.project.reader import read_projects
    from auditor.forms.project.summary import summarise

    rows = check_file(SAMPLES / "project-hubei-printed-2022.xlsx").projects
    assert [(r["points"], r["score"], r["score_recomputed"], r["rate"]) for r in rows] == \
        [(100, Decimal("98.42"), Decimal("98.42"), Decimal("94.60"))]
    member = summarise(read_projects(str(SAMPLES / "project-hubei-printed-2022.xlsx"), "xlsx"))["member"]
    assert [loc.cell for _, _, loc in member.reasons] == ["B17"]
