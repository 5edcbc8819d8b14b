"""`auditor serve` as started on a fresh install: a real server on 127.0.0.1, hit the way departments would."""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.web_support import REFERENCE, REFERENCE_REPORT, PLANTED, Server

from auditor.web.client import get, post_files


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("fresh") / "data"  # does not exist yet: created on first start
    s = Server(data, "--workers", "2").wait(60)
    yield s
    s.stop()


def test_fresh_start_answers_healthz(server):
    status, headers, body = get(server.url + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_reference_sample_gives_37_3_at_g3(server):
    status, headers, body = post_files(server.url + "/api/check", {
        "workbook": (REFERENCE.name, REFERENCE.read_bytes()), "report": (REFERENCE_REPORT.name,
                                                                        REFERENCE_REPORT.read_bytes())})
    assert status == 200
    b012 = [f for f in json.loads(body)["files"][0]["findings"] if f["code"] == "B012"][0]
    assert (b012["location"]["sheet"], b012["location"]["cell"]) == ("收支情况", "G3") and "37.30%" in b012["message"]
    link = headers["link"].split(">")[0].lstrip("<")
    status, headers, copy = get(server.url + link)
    assert status == 200 and copy[:2] == b"PK"


def test_zip_bomb_oversize_and_a_crowd_then_still_answering(server, tmp_path):
    from tests.corpus.make_corpus import write_zip_bomb

    bomb = tmp_path / "bomb.xlsx"
    write_zip_bomb(bomb)
    status, _, body = post_files(server.url + "/api/check", {"workbook": ("bomb.xlsx", bomb.read_bytes())})
    f = json.loads(body)["files"][0]
    assert status == 200 and f["status"] == "unreadable" and f["findings"][0]["code"] == "S025"

    status, _, _ = post_files(server.url + "/api/check", {"workbook": ("big.xlsx", os.urandom(60 << 20))})
    assert status == 413

    data = PLANTED.read_bytes()
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda i: post_files(server.url + "/api/check",
                                                     {"workbook": (f"dept-{i}.xlsx", data)}), range(20)))
    assert [s for s, _, _ in results] == [200] * 20
    assert all(json.loads(b)["files"][0]["path"] == f"dept-{i}.xlsx" for i, (_, _, b) in enumerate(results))
    assert get(server.url + "/healthz")[0] == 200
    assert get(server.url + "/bureau/")[0] == 302
