"""What the server refuses or answers plainly: NUL, ids and dates past any clock, too many
versions, downloads kept in no cache, a long department name in the log."""
from __future__ import annotations

import pytest

from tests.web_support import CONSISTENT, PLANTED, csrf, module_app, round_with, upload


app = module_app()


def test_nul_in_a_field_is_400(bureau, client):
    round_id, _ = round_with(bureau, "民政局")
    r = bureau.post(f"/bureau/rounds/{round_id}/departments",
                    data={"csrf": csrf(bureau, f"/bureau/rounds/{round_id}"), "names": "统计\x00局"})
    assert r.status_code == 400
    r = client.post("/bureau/login", data={"csrf": csrf(client, "/bureau/login"), "name": "a\x00", "password": "x"})
    assert r.status_code == 400
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": "AB\x00"})
    assert r.status_code == 400


@pytest.mark.parametrize("path", ["/bureau/rounds/99999999999999999999", "/bureau/departments/9223372036854775808",
                                  "/bureau/submissions/18446744073709551616/source"])
def test_an_id_past_the_databases_integers_is_400(bureau, path):
    assert bureau.get(path).status_code == 400


@pytest.mark.parametrize("deadline", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_deadline_no_clock_reaches_is_400(bureau, deadline):
    r = bureau.post("/bureau/rounds", data={"csrf": csrf(bureau, "/bureau/"), "year": "2023", "deadline": deadline})
    assert r.status_code == 400


def test_downloads_and_pages_are_kept_in_no_cache(app, bureau, client):
    round_id, code = round_with(bureau, "交通局")
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": code})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    store = app.extensions["auditor.store"]
    (sub,) = store.submissions(store.department_by_code(code)["id"])
    for kind in ("source", "notice"):
        got = bureau.get(f"/bureau/submissions/{sub['id']}/{kind}")
        assert got.status_code == 200 and got.headers["Cache-Control"] == "no-store"
        assert "ETag" not in got.headers and "Last-Modified" not in got.headers


def test_one_code_sends_at_most_so_many_versions(app, bureau, client, monkeypatch):
    from auditor.web import public

    monkeypatch.setattr(public, "MAX_VERSIONS", 2)
    _, code = round_with(bureau, "水利局")
    for _ in range(2):
        assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT),
                                           "code": code}).status_code == 200
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": code})
    assert r.status_code == 429 and "已达上限" in r.get_data(as_text=True)
    store = app.extensions["auditor.store"]
    assert store.version_count(store.department_by_code(code)["id"]) == 2


def test_a_department_named_at_length_submits_and_is_logged(app, bureau, client):
    """The log's actor column holds 100 characters: a 200-character department name once
    failed every submission after it was stored (on PostgreSQL, which enforces lengths)."""
    name = "仁化县" + "某" * 190 + "局"
    _, code = round_with(bureau, name)
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": code})
    assert r.status_code == 200 and "第 1 版" in r.get_data(as_text=True)
    entries, _ = app.extensions["auditor.store"].log_entries(action="submit")
    assert any(e["actor"].startswith("部门:仁化县某") and len(e["actor"]) <= 100 for e in entries)


def test_a_notice_is_built_in_a_worker_and_one_past_its_limits_is_503(app, bureau, client, monkeypatch):
    import io

    import docx

    from auditor.web import bureau as bureau_views
    from tests.web_support import nothing

    _, code = round_with(bureau, "文广局")
    client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code})
    store = app.extensions["auditor.store"]
    (sub,) = store.submissions(store.department_by_code(code)["id"])
    checker = app.extensions["auditor.checker"]
    ran, real = [], checker.run
    monkeypatch.setattr(checker, "run", lambda fn, *a: ran.append(fn.__name__) or real(fn, *a))
    r = bureau.get(f"/bureau/submissions/{sub['id']}/notice")
    assert r.status_code == 200 and ran == ["notice_bytes"]
    assert "文广局" in "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)
    monkeypatch.setattr(bureau_views, "notice_bytes", nothing)
    assert bureau.get(f"/bureau/submissions/{sub['id']}/notice").status_code == 503


def test_a_notice_past_its_time_limit_is_stopped_with_or_without_an_alarm():
    """Without SIGALRM (Windows, the simulated-Windows run) the notice is written in a child
    process killed at the deadline; with it, the alarm stops it.  Either way: None, in far
    less time than the notice of 40,000 findings takes to write."""
    import time

    from auditor.web.checking import Upload, check_upload, notice_bytes

    file = check_upload(Upload(str(PLANTED), PLANTED.name), None, None)["file"]
    assert notice_bytes(file, None, "文广局", 2023, 1, "2024-03-01")[:2] == b"PK"  # within the default limit
    file = dict(file, findings=file["findings"] * (40_000 // len(file["findings"]) + 1))
    started = time.monotonic()
    assert notice_bytes(file, None, "文广局", 2023, 1, "2024-03-01", seconds=0.2) is None
    assert time.monotonic() - started < 10
