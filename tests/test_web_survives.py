"""`auditor serve` left running: a check that kills its worker costs only its own file, a
bureau can withdraw a version, and the round's summary answers whatever was stored."""
from __future__ import annotations

import io
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.corpus.make_corpus import looping_xls
from tests.web_support import CONSISTENT, PLANTED, Server, codes_of, csrf, dies, module_app, round_with, slow, upload


app = module_app(workers=2)


def test_checks_in_flight_when_another_kills_its_worker_are_retried_and_only_it_fails():
    from auditor.web.checking import Checker, WorkerDied

    checker = Checker(workers=2, queue=4)
    try:
        checker.warm()
        answers = {}

        def innocent():
            answers["innocent"] = checker.run(slow, 42, 2.0)

        t = threading.Thread(target=innocent)
        t.start()
        time.sleep(0.5)  # the innocent check is in its worker when the other kills the pool's
        with pytest.raises(WorkerDied):
            checker.run(dies)
        t.join(60)
        assert answers == {"innocent": 42}
        assert checker.run(slow, 7, 0) == 7  # and the pool serves again
    finally:
        checker.close()


def test_a_check_that_kills_its_worker_is_no_departments_version(app, bureau, client, monkeypatch):
    from auditor.web import public

    round_id, code = round_with(bureau, "档案馆")
    monkeypatch.setattr(public, "check_upload", dies)
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "S028" in page and 'id="not-submitted"' in page and "已报送" not in page
    dep = app.extensions["auditor.store"].department_by_code(code)
    assert app.extensions["auditor.store"].submissions(dep["id"]) == []
    assert "未报送" in bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)


def test_a_bureau_withdraws_a_version_and_the_log_says_who(app, bureau, client):
    import openpyxl

    round_id, code = round_with(bureau, "林业局")
    for path in (PLANTED, CONSISTENT):
        assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(path), "code": code}).status_code == 200
    store = app.extensions["auditor.store"]
    dep = store.department_by_code(code)
    first, second = store.submissions(dep["id"])
    assert bureau.post(f"/bureau/submissions/{second['id']}/withdraw").status_code == 400  # its CSRF token
    token = csrf(bureau, f"/bureau/departments/{dep['id']}")
    r = bureau.post(f"/bureau/submissions/{second['id']}/withdraw", data={"csrf": token})
    assert r.status_code == 302
    page = bureau.get(f"/bureau/departments/{dep['id']}").get_data(as_text=True)
    assert page.count("已撤回") == 1 and "撤回此版" in page  # v1 can still be withdrawn, v2 is marked
    dash = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    assert "第 1 版" in dash and "第 2 版" not in dash  # the latest standing version counts
    summary = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(summary.data))["汇总"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert any("林业局" in str(v) for row in rows for v in row)
    log = bureau.get("/bureau/log").get_data(as_text=True)
    assert "<td>撤回版本</td>" in log and f"林业局 第 2 版（报送记录 {second['id']}）" in log
    # a third version is compared with the first: the withdrawn one is no one's "before"
    third = client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code})
    text = third.get_data(as_text=True)
    assert "第 3 版" in text and "已整改 0 项" in text and "新增 0 项" in text


def test_an_empty_rounds_summary_says_so(bureau):
    round_id, _ = round_with(bureau, "财政局")
    r = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    assert r.status_code == 404 and "本轮尚无部门报送" in r.get_data(as_text=True)


def test_the_summary_keeps_departments_whose_names_differ_only_once_made_safe(bureau, client):
    import openpyxl

    round_id, _ = round_with(bureau, "局[1]", "局[1].")
    codes = codes_of(bureau, round_id)
    assert len(codes) == 2
    for name, code in codes.items():
        assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED, f"{name}.xlsx"),
                                           "code": code}).status_code == 200
    summary = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    assert summary.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(summary.data))["汇总"]
    names = [str(c.value) for row in ws.iter_rows() for c in row if c.value and "局[1]" in str(c.value)]
    assert len(names) == 2, names


def test_a_stored_file_that_would_kill_its_reader_does_not_break_the_summary(app, bureau, client):
    """A looping .xls stored before the guard refused it: the summary still answers."""
    import openpyxl

    data = looping_xls("directory")
    if data is None:
        pytest.skip("xlwt is not installed")
    round_id, code = round_with(bureau, "审计局")
    assert client.post("/check", data={"csrf": csrf(client), "workbook": upload(PLANTED), "code": code}).status_code == 200
    store = app.extensions["auditor.store"]
    (sub,) = store.submissions(store.department_by_code(code)["id"])
    (app.config["DATA"] / sub["stored"]).write_bytes(data)  # as if it had been kept then
    summary = bureau.get(f"/bureau/rounds/{round_id}/summary.xlsx")
    assert summary.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(summary.data))["汇总"]
    assert any("审计局" in str(c.value) for row in ws.iter_rows() for c in row)


def test_one_looping_xls_among_concurrent_uploads_costs_only_itself(tmp_path):
    """Through the real server: one anonymous .xls whose directory loops, sent among other
    departments' workbooks, is its own S021; every other upload gets its own findings."""
    from auditor.web.client import post_files

    data = looping_xls("directory")
    if data is None:
        pytest.skip("xlwt is not installed")
    server = Server(tmp_path / "data", "--workers", "2").wait(60)
    try:
        planted = PLANTED.read_bytes()
        sends = [("loop.xls", data)] + [(f"dept-{i}.xlsx", planted) for i in range(5)]
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda f: post_files(server.url + "/api/check", {"workbook": f}), sends))
        files = [json.loads(body)["files"][0] for _, _, body in answers]
        assert [s for s, _, _ in answers] == [200] * 6
        assert files[0]["status"] == "unreadable" and [f["code"] for f in files[0]["findings"]] == ["S021"]
        for f in files[1:]:
            assert f["status"] != "unreadable" and "S028" not in {x["code"] for x in f["findings"]}
    finally:
        server.stop()
    assert not re.search(r"panicked|RUST_BACKTRACE", server_log(tmp_path))


def server_log(tmp_path) -> str:
    return "".join(p.read_text(errors="replace") for p in tmp_path.glob("server-*.log"))
