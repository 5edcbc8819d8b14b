"""The department's side of `auditor serve`, through Flask's test client: every route and error."""
from __future__ import annotations

import io
import json
import os
import re
import time

import pytest

from tests.web_support import (CONSISTENT, PLANTED, REFERENCE, REFERENCE_REPORT, csrf, make_app,
                               upload)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("data"))
    yield app
    app.extensions["auditor.checker"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def _leftovers(app) -> list[str]:
    return os.listdir(app.config["DATA"] / "tmp")


def test_healthz_and_security_headers(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_upload_page_is_chinese_and_works_without_script(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "上传自评表" in page
    # a plain multipart form: no JavaScript needed to send it
    assert 'method="post"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="workbook"' in page and 'name="report"' in page and 'name="csrf"' in page


def test_api_check_returns_the_clis_json_for_the_reference_sample(client, app):
    from auditor.api import check_file
    from auditor.report import RunReport
    from auditor.reporters.json_report import report_dict

    r = client.post("/api/check", data={"workbook": upload(REFERENCE), "report": upload(REFERENCE_REPORT)})
    assert r.status_code == 200
    got = r.get_json()
    b012 = [f for f in got["files"][0]["findings"] if f["code"] == "B012"]
    assert b012 and b012[0]["location"]["sheet"] == "收支情况" and b012[0]["location"]["cell"] == "G3"
    assert "37.30%" in b012[0]["message"] and b012[0]["expected"] == "37.05"
    # the same document the CLI writes, the upload's names in place of our private paths
    cli = report_dict(RunReport([check_file(REFERENCE, report=REFERENCE_REPORT)]))
    text = json.dumps(cli, ensure_ascii=False).replace(str(REFERENCE_REPORT), REFERENCE_REPORT.name) \
        .replace(str(REFERENCE), REFERENCE.name)
    assert got == json.loads(text)
    assert not _leftovers(app)


def test_annotated_copy_downloads_once_its_link_is_known_and_expires(client, app):
    import zipfile

    r = client.post("/api/check", data={"workbook": upload(PLANTED)})
    link = re.match(r"<([^>]+)>", r.headers["Link"]).group(1)
    got = client.get(link)
    assert got.status_code == 200 and got.data[:2] == b"PK"
    assert "attachment" in got.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(got.data)).namelist()
    assert "xl/workbook.xml" in names
    assert client.get("/download/" + "A" * 43).status_code == 404
    assert client.get("/download/..%2F..%2Fsecret_key").status_code == 404
    token = link.rsplit("/", 1)[1]
    meta = app.config["DATA"] / "precheck" / f"{token}.json"  # what the pre-check keeps
    info = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps(dict(info, expires=time.time() - 1)), encoding="utf-8")
    assert client.get(link).status_code == 404


def test_check_page_shows_findings_table_and_download(client):
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(REFERENCE),
                                    "report": upload(REFERENCE_REPORT)})
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "部门整体支出绩效自评表" in page                      # the form it was read as
    assert "收支情况!G3" in page and "37.3%" in page and "37.05" in page
    for head in ("位置", "问题", "应为", "实为"):
        assert f"<th>{head}</th>" in page
    assert "退回修改" in page and 'id="download"' in page


def test_check_page_refuses_a_post_without_its_csrf_token(client):
    r = client.post("/check", data={"workbook": upload(CONSISTENT)})
    assert r.status_code == 400 and "Traceback" not in r.get_data(as_text=True)


def test_a_zip_bomb_is_an_unreadable_file(client, tmp_path):
    from tests.corpus.make_corpus import write_zip_bomb

    bomb = tmp_path / "bomb.xlsx"
    write_zip_bomb(bomb)
    r = client.post("/api/check", data={"workbook": upload(bomb)})
    f = r.get_json()["files"][0]
    assert r.status_code == 200 and f["status"] == "unreadable" and f["findings"][0]["code"] == "S025"
    assert "Link" not in r.headers


def test_an_upload_over_the_limit_is_413(client, app):
    big = io.BytesIO(b"PK\x03\x04" + os.urandom(1024) * (60 * 1024))  # 60 MiB
    r = client.post("/api/check", data={"workbook": (big, "big.xlsx")})
    assert r.status_code == 413 and r.get_json()["error"] == 413
    assert not _leftovers(app)
    assert client.get("/healthz").status_code == 200


def test_missing_workbook_is_400_and_unknown_route_404_in_json_and_html(client):
    r = client.post("/api/check", data={})
    assert r.status_code == 400 and r.get_json()["error"] == 400
    r = client.get("/nowhere")
    assert r.status_code == 404 and "页面不存在" in r.get_data(as_text=True)
    assert client.get("/api/check").status_code == 405


def test_upload_names_never_reach_a_path_and_are_escaped(client, app, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(PLANTED)
    hostile = '<img src=x onerror=alert(1)>'
    ws = wb["自评评分表"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "农村饮水安全巩固提升":
                cell.value = hostile
    path = tmp_path / "hostile.xlsx"
    wb.save(path)
    name = '../../' + hostile + '.xlsx'
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(path, name)})
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    data = app.config["DATA"]
    assert not (data.parent / "etc").exists() and not list(data.parent.glob("*onerror*"))
    names = [p.name for p in (data / "precheck").iterdir()]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}(\.(workbook|report))?\.(xlsx|json|txt)", n) for n in names), names
    assert not _leftovers(app)


def test_a_full_queue_is_503_with_retry_after(tmp_path):
    app = make_app(tmp_path / "data", queue=0)
    checker = app.extensions["auditor.checker"]
    assert checker.slots.acquire(blocking=False)  # the one worker is busy
    try:
        r = app.test_client().post("/api/check", data={"workbook": upload(CONSISTENT)})
        assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    finally:
        checker.slots.release()
        checker.close()


def test_an_unexpected_error_is_500_without_a_trace(tmp_path, monkeypatch):
    app = make_app(tmp_path / "data")
    store = app.extensions["auditor.store"]

    def broken(*a, **k):
        raise RuntimeError("secret detail /etc/passwd")
    monkeypatch.setattr(store, "department_by_code", broken)
    client = app.test_client()
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": "X"})
    body = r.get_data(as_text=True)
    assert r.status_code == 500 and "secret detail" not in body and "Traceback" not in body


def test_a_wrong_submission_code_stores_nothing(client, app):
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": "NOPE-NOPE-NOPE"})
    assert r.status_code == 400 and "提交码无效" in r.get_data(as_text=True)
    assert not list((app.config["DATA"] / "files").iterdir())


def test_no_message_names_our_private_files(client, app):
    r = client.post("/api/check", data={"workbook": upload(PLANTED, "水务局.xlsx")})
    text = r.get_data(as_text=True)
    assert str(app.config["DATA"]) not in text and "/tmp/" not in text
    n001 = [f for f in r.get_json()["files"][0]["findings"] if f["code"] == "N001"]
    assert n001 and "水务局.docx" in n001[0]["message"]
