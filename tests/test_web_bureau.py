"""The bureau's side of `auditor serve`: closed without a login, rounds and codes, versions, downloads, the log."""
from __future__ import annotations

import io
import re
import sys

import pytest
from click.testing import CliRunner

from tests.web_support import PASSWORD, PLANTED, csrf, login, module_app, planted_fixed, upload
from tests.web_support import round_with as _round_with


app = module_app()


@pytest.mark.parametrize("path", ["/bureau/", "/bureau/rounds/1", "/bureau/departments/1", "/bureau/log",
                                  "/bureau/submissions/1/annotated", "/bureau/submissions/1/source", "/bureau/submissions/1/notice",
                                  "/bureau/rounds/1/summary.xlsx"])
def test_bureau_is_closed_without_a_login(client, path):
    r = client.get(path)
    assert r.status_code == 302 and "/bureau/login" in r.headers["Location"]


def test_login_needs_the_right_password_and_its_csrf_token(client):
    assert login(client, password="wrong password").status_code == 401
    assert login(client, name="nobody").status_code == 401
    r = client.post("/bureau/login", data={"name": "reviewer", "password": PASSWORD})
    assert r.status_code == 400
    assert client.get("/bureau/").status_code == 302
    r = login(client)
    assert r.status_code == 302 and client.get("/bureau/").status_code == 200
    # the next= target is only ever one of ours
    token = csrf(client, "/bureau/login")
    r = client.post("/bureau/login?next=//evil.example/", data={"name": "reviewer", "password": PASSWORD,
                                                                "csrf": token})
    assert r.headers["Location"] == "/bureau/"


def test_every_bureau_form_needs_its_csrf_token(bureau):
    assert bureau.post("/bureau/rounds", data={"year": "2023", "deadline": "2030-01-01T00:00"}).status_code == 400
    assert bureau.post("/bureau/logout").status_code == 400
    assert bureau.get("/bureau/").status_code == 200


def test_submissions_are_versions_and_the_dashboard_shows_what_was_fixed(app, bureau, client, tmp_path):
    import openpyxl

    round_id, code = _round_with(bureau, "水务局")
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert page.count("水务局</a>") == 1 and "未报送" in page
    first = client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code})
    assert first.status_code == 200 and "第 1 版" in first.get_data(as_text=True)
    second = client.post("/check", data={"csrf": csrf(client), "workbook": upload(planted_fixed(tmp_path)),
                                         "code": " " + code.lower() + " "})
    text = second.get_data(as_text=True)
    assert "第 2 版" in text and "已整改 2 项" in text and "新增 2 项" in text

    dash = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert "第 2 版" in dash and "退回修改" in dash and ">2</td>" in dash  # the latest, and how many were sent
    dep_id = int(re.search(r"/bureau/departments/(\d+)", dash).group(1))
    versions = bureau.get(f"/bureau/departments/{dep_id}").get_data(as_text=True)
    assert versions.count("已整改") >= 3 and "仍存在" in versions and "自评评分表!F3" in versions

    subs = app.extensions["auditor.store"].submissions(dep_id)
    assert [s["version"] for s in subs] == [1, 2] and subs[0]["sha256"] != subs[1]["sha256"]
    assert (app.config["DATA"] / subs[0]["stored"]).read_bytes() == PLANTED.read_bytes()  # never overwritten

    annotated = bureau.get(f"/bureau/submissions/{subs[1]['id']}/annotated")
    assert annotated.status_code == 200 and annotated.data[:2] == b"PK" \
        and annotated.data != (app.config["DATA"] / subs[1]["stored"]).read_bytes()
    sent = bureau.get(f"/bureau/submissions/{subs[0]['id']}/source")
    assert sent.data == PLANTED.read_bytes() and "attachment" in sent.headers["Content-Disposition"]
    assert bureau.get(f"/bureau/submissions/{subs[0]['id']}/other").status_code == 404
    notice = bureau.get(f"/bureau/submissions/{subs[1]['id']}/notice")
    import docx

    body = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.data)).paragraphs)
    assert "水务局" in body and "已整改 2 项" in body and "退回修改" in body
    summary = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    assert summary.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(summary.data))["汇总"]
    assert any("水务局" in str(c.value) for row in ws.iter_rows() for c in row)

    log = bureau.get("/bureau/log").get_data(as_text=True)
    # in Chinese, as the rest of the bureau's pages: the actions' names, their details, the actors
    for action in ("登录", "新建报送轮次", "添加部门", "报送", "下载审核意见通知书", "下载汇总表"):
        assert f"<td>{action}</td>" in log
    assert "<td>部门：水务局</td>" in log and f"<td>轮次 {round_id}：水务局</td>" in log
    assert re.search(rf"<td>轮次 {round_id} 第 1 版 planted-faults-2023.xlsx（SHA-256 [0-9a-f]{{64}}）</td>", log)
    assert not re.search(r"<td>(login|submit|round \d|submission \d)", log)
    assert '<option value="download-notice">下载审核意见通知书</option>' in log  # the filter keeps the action's id


def test_add_user_from_the_command_line_and_without_the_extras(tmp_path, monkeypatch):
    from auditor.cli import main
    from auditor.web.auth import verify_password
    from auditor.web.store import Store

    data = tmp_path / "data"
    r = CliRunner().invoke(main, ["serve", "--data", str(data), "--add-user", "clerk"],
                           input="a long password\na long password\n")
    assert r.exit_code == 0, r.output
    row = Store("sqlite:///" + str(data / "auditor.db")).user("clerk")
    assert row["password_hash"].startswith("scrypt$") and verify_password("a long password", row["password_hash"])
    assert not verify_password("another password", row["password_hash"])
    short = CliRunner().invoke(main, ["serve", "--data", str(data), "--add-user", "x"], input="short\nshort\n")
    assert short.exit_code == 2

    for mod in [m for m in sys.modules if m == "flask" or m.startswith(("flask.", "auditor.web"))]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setitem(sys.modules, "flask", None)
    r = CliRunner().invoke(main, ["serve", "--data", str(data)])
    assert r.exit_code == 1 and "pip install 'auditor[web]'" in r.output and "Traceback" not in r.output


def test_the_log_is_told_in_english_when_the_server_speaks_it_and_unknown_details_stay_as_stored():
    from auditor.web import log_words

    rows = [{"actor": "部门:水务局", "action": "submit", "detail": "round 3 v2 a b.xlsx sha256=" + "0" * 64},
            {"actor": "console", "action": "add-user", "detail": "clerk"},
            {"actor": "reviewer", "action": "withdraw", "detail": "水务局 v2 (submission 7)"},
            {"actor": "reviewer", "action": "download-annotated", "detail": "submission 7"},
            {"actor": "reviewer", "action": "some-later-action", "detail": "round 3 cut sha256=01"}]
    en = log_words.entries(rows, log_words.words("en"))
    assert [(e["actor"], e["action"], e["detail"]) for e in en] == [
        ("Department: 水务局", "Submitted", "Round 3, version 2: a b.xlsx (SHA-256 " + "0" * 64 + ")"),
        ("Console (server command line)", "Account added", "clerk"),
        ("reviewer", "Version withdrawn", "水务局, version 2 (submission 7)"),
        ("reviewer", "Annotated copy downloaded", "Submission 7"),
        ("reviewer", "some-later-action", "round 3 cut sha256=01")]
    zh = log_words.entries(rows, log_words.words("zh"))
    assert zh[2]["detail"] == "水务局 第 2 版（报送记录 7）" and zh[3]["action"] == "下载标注副本"
