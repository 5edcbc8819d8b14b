"""The bureau's particulars on a round's notices (审核单位, 文号, 审核依据, 报送期限, 联系人, 电话):
set in the round's page, checked as the command line's settings file is, kept per round, on
every notice of that round and no other; and the notices in the service's language."""
from __future__ import annotations

import io
import re

import pytest

from tests.web_support import PLANTED, csrf, fresh_database, login, make_app, add_user, module_app, round_with, upload

app = module_app()

SETTINGS = {"bureau": "仁化县财政局", "number": "仁财绩〔2024〕12号", "basis": "《仁化县2023年度部门整体支出绩效自评工作方案》",
            "deadline": "2024年9月30日", "contact": "张三", "phone": "0751-6300000"}


def _set(client, round_id: int, values: dict):
    return client.post(f"/bureau/rounds/{round_id}/notice",
                       data={"csrf": csrf(client, f"/bureau/rounds/{round_id}"), **values})


def _notice_text(app, bureau, client, code: str) -> str:
    """The bureau's download of the notice of ``code``'s first version (a returned file: the
    deadline is stated), as its paragraphs' text."""
    import docx

    assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code}).status_code == 200
    store = app.extensions["auditor.store"]
    (sub,) = store.submissions(store.department_by_code(code)["id"])
    r = bureau.get(f"/bureau/submissions/{sub['id']}/notice")
    assert r.status_code == 200
    return "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)


def test_settings_are_saved_shown_and_on_the_rounds_notices_only(app, bureau, client):
    round_id, code = round_with(bureau, "水务局")
    other_id, other_code = round_with(bureau, "林业局")
    r = _set(bureau, round_id, SETTINGS)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/bureau/rounds/{round_id}#notice")
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert "审核意见书落款" in page and "审核单位" in page and "报送期限" in page
    for value in SETTINGS.values():
        assert f'value="{value}"' in page
    assert app.extensions["auditor.store"].notice_settings(round_id) == SETTINGS

    text = _notice_text(app, bureau, client, code)
    for said in ("仁化县财政局", "仁财绩〔2024〕12号", "根据《仁化县2023年度部门整体支出绩效自评工作方案》",
                 "请于2024年9月30日前", "联系人：张三，联系电话：0751-6300000", "仁化县财政局（盖章）"):
        assert said in text
    # another round's notices carry none of it, and its page shows none
    other = _notice_text(app, bureau, client, other_code)
    assert "林业局" in other and not any(v in other for v in SETTINGS.values())
    assert 'value="仁化县财政局"' not in bureau.get(f"/bureau/rounds/{other_id}").get_data(as_text=True)
    log = bureau.get("/bureau/log").get_data(as_text=True)
    assert "设置审核意见书落款" in log and f"轮次 {round_id}" in log

    # saved again with fields emptied: those are gone from the notices
    assert _set(bureau, round_id, {"bureau": "仁化县财政局"}).status_code == 302
    assert app.extensions["auditor.store"].notice_settings(round_id) == {"bureau": "仁化县财政局"}


@pytest.mark.parametrize("field, value, said", [
    ("deadline", "9月底", "报送期限应为日期"),
    ("deadline", "2024-02-30", "报送期限应为日期"),
    ("basis", "《方案》" * 80, "审核依据过长：最多 300 个字"),
    ("bureau", "仁化县\n财政局", "审核单位含有换行或控制字符"),
])
def test_a_bad_value_is_refused_in_chinese_and_nothing_is_kept(app, bureau, field, value, said):
    round_id, _ = round_with(bureau, "交通局")
    assert _set(bureau, round_id, SETTINGS).status_code == 302
    r = _set(bureau, round_id, dict(SETTINGS, **{field: value}))
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and said in page and 'role="alert"' in page
    assert app.extensions["auditor.store"].notice_settings(round_id) == SETTINGS  # the earlier ones stand


def test_settings_are_data_in_the_page_and_in_the_notice(app, bureau, client):
    round_id, code = round_with(bureau, "文广局")
    hostile = {"bureau": "<script>alert(1)</script>", "contact": '=HYPERLINK("http://x","y")', "phone": "\" onmouseover=\"x"}
    assert _set(bureau, round_id, hostile).status_code == 302
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '" onmouseover="x' not in page
    text = _notice_text(app, bureau, client, code)
    # plain text in the notice: as typed, nothing made of it
    assert "<script>alert(1)</script>（盖章）" in text and '联系人：=HYPERLINK("http://x","y")' in text


def test_a_department_cannot_change_them(app, bureau, client):
    round_id, _ = round_with(bureau, "民政局")
    assert _set(bureau, round_id, SETTINGS).status_code == 302
    # a department has a code, not a login: the form is the bureau's
    r = client.post(f"/bureau/rounds/{round_id}/notice", data={"csrf": csrf(client), "bureau": "别的单位"})
    assert r.status_code == 302 and "/bureau/login" in r.headers["Location"]
    # nor can a page elsewhere make the bureau's browser send it
    assert bureau.post(f"/bureau/rounds/{round_id}/notice", data={"bureau": "别的单位"}).status_code == 400
    assert app.extensions["auditor.store"].notice_settings(round_id) == SETTINGS
    token = csrf(bureau, f"/bureau/rounds/{round_id}")
    assert bureau.post("/bureau/rounds/999999/notice", data={"csrf": token, **SETTINGS}).status_code == 404


def test_a_database_from_before_gains_the_table(tmp_path):
    from auditor.web.store import Store, round_notices

    url = fresh_database() or f"sqlite:///{(tmp_path / 'old.db').as_posix()}"
    old = Store(url)
    round_id = old.add_round(2023, "部门整体支出绩效自评表", __import__("datetime").datetime(2030, 1, 1), "reviewer")
    round_notices.drop(old.engine)  # as a database of an earlier version has it
    old.engine.dispose()
    store = Store(url)
    assert store.notice_settings(round_id) == {}
    store.set_notice_settings(round_id, {"bureau": "仁化县财政局"}, "reviewer", None)
    assert store.notice_settings(round_id) == {"bureau": "仁化县财政局"}
    store.engine.dispose()


def test_the_notices_follow_the_services_language(tmp_path):
    import docx

    english = make_app(tmp_path / "data", lang="en")
    try:
        add_user(english)
        bureau, client = english.test_client(), english.test_client()
        assert login(bureau).status_code == 302
        round_id, code = round_with(bureau, "Water Bureau")
        r = _set(bureau, round_id, {"deadline": "next month"})
        assert r.status_code == 400 and "Deadline must be a date" in r.get_data(as_text=True)
        assert _set(bureau, round_id, SETTINGS).status_code == 302
        assert 'for="notice-bureau">Reviewing bureau</label>' in bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
        client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code})
        store = english.extensions["auditor.store"]
        (sub,) = store.submissions(store.department_by_code(code)["id"])
        d = docx.Document(io.BytesIO(bureau.get(f"/bureau/submissions/{sub['id']}/notice").data))
        text = "\n".join(p.text for p in d.paragraphs)
        assert "review notice" in text and "Please correct and resubmit by 2024年9月30日." in text
        assert "审核意见书" not in text and not re.search("经审核|处理意见|须更正", text)
    finally:
        english.extensions["auditor.checker"].close()
