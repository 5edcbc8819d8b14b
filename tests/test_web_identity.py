"""Whose workbook it is: a workbook naming another department or year than its code's is
marked everywhere the bureau looks; the export lists every department; files are kept by
what they are; the dashboard puts who needs attention first."""
from __future__ import annotations

import io
import re


from tests.web_support import CONSISTENT, CONSISTENT_REPORT, PLANTED, codes_of, csrf, module_app, round_with, upload

ARCHIVES = "仁化县档案馆"
MARK = "工作簿填报单位为仁化县审计局，与提交码所属单位仁化县档案馆不一致"
YEAR_MARK = "工作簿年度为2023，与本轮报送年度2025不一致"


app = module_app()


def _sheet(data: bytes, title: str) -> list[list]:
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data))[title]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_another_departments_workbook_of_another_year_is_marked_everywhere(bureau, client):
    round_id, _ = round_with(bureau, ARCHIVES, "仁化县财政局", year=2025)
    codes = codes_of(bureau, round_id)
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": codes[ARCHIVES]})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and MARK in page and YEAR_MARK in page and "已报送" in page
    dash = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert MARK in dash and YEAR_MARK in dash and "填报单位或年度不符 1" in dash
    dep_id = re.search(r'/bureau/departments/(\d+)">' + ARCHIVES, dash).group(1)
    assert MARK in bureau.get(f"/bureau/departments/{dep_id}").get_data(as_text=True)
    summary = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    assert summary.status_code == 200
    rows = _sheet(summary.data, "报送情况")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {ARCHIVES, "仁化县财政局"}  # every department of the round
    assert by_name["仁化县财政局"][1] == "未报送"
    assert by_name[ARCHIVES][5] == "仁化县审计局" and MARK in by_name[ARCHIVES][-1] and YEAR_MARK in by_name[ARCHIVES][-1]


def test_a_workbook_under_a_shorter_name_of_its_own_department_is_not_marked(bureau, client):
    round_id, code = round_with(bureau, "审计局")
    page = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": code}) \
        .get_data(as_text=True)
    assert "已报送" in page and "不一致" not in page
    assert "不一致" not in bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)


def test_a_workbook_sent_without_an_extension_is_kept_as_what_it_is_and_summarised(app, bureau, client):
    round_id, code = round_with(bureau, "林业局")
    assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED, "自评表"),
                                       "code": code}).status_code == 200
    store = app.extensions["auditor.store"]
    (sub,) = store.submissions(store.department_by_code(code)["id"])
    assert sub["stored"].endswith(".xlsx")
    rows = _sheet(bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx").data, "报送情况")
    assert rows[1][0] == "林业局" and rows[1][-2] == "林业局.xlsx"
    overview = _sheet(bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx").data, "汇总")
    assert any("林业局" in str(v) for row in overview for v in row)


def test_the_dashboard_puts_who_needs_attention_first_and_filters_by_verdict(bureau, client):
    round_id, _ = round_with(bureau, "A审计局", "B水务局", "C民政局")
    codes = codes_of(bureau, round_id)
    for name, path in (("A审计局", CONSISTENT), ("B水务局", PLANTED)):
        report = {"report": upload(CONSISTENT_REPORT)} if path == CONSISTENT else {}
        client.post("/check", data={"csrf": csrf(client), "workbook": upload(path), "code": codes[name], **report})
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert page.index("B水务局") < page.index("A审计局")  # 退回修改 before 通过, though later by name
    passed = bureau.get(f"/bureau/rounds/{round_id}?verdict=通过").get_data(as_text=True)
    table = passed.split('id="dashboard"')[1]
    assert "A审计局" in table and "B水务局" not in table and "C民政局" not in table
    missing = bureau.get(f"/bureau/rounds/{round_id}?verdict=未报送").get_data(as_text=True).split('id="dashboard"')[1]
    assert "C民政局" in missing and "A审计局" not in missing
