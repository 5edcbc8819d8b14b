"""What the server keeps on disk: pre-checks within quotas, a free-space floor, leftovers
swept, files the owner's alone, annotated copies made only when asked for."""
from __future__ import annotations

import os
import re
import stat
import time

import pytest

from tests.web_support import CONSISTENT, PLANTED, Server, make_app, upload


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path / "data")
    yield app
    app.extensions["auditor.checker"].close()


def _precheck(client, address: str = "127.0.0.1"):
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/api/check", data={"workbook": upload(PLANTED)})


def test_pre_checks_are_kept_within_a_quota_per_address_and_in_all(app):
    client = app.test_client()
    ledger = app.extensions["auditor.ledger"]
    size = PLANTED.stat().st_size
    ledger.per_address, ledger.total = 2 * size, 3 * size
    assert "Link" in _precheck(client).headers and "Link" in _precheck(client).headers
    third = _precheck(client)
    assert third.status_code == 200 and third.get_json()["files"][0]["findings"]  # still checked
    assert "Link" not in third.headers  # but nothing more kept for this address
    assert "Link" in _precheck(client, "10.0.0.9").headers  # another address has its own share ...
    assert "Link" not in _precheck(client, "10.0.0.10").headers  # ... within the total
    kept = sum(f.stat().st_size for f in (app.config["DATA"] / "precheck").iterdir())
    assert kept < 3 * size + 10_000
    page = app.test_client()
    page.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    from tests.web_support import csrf

    r = page.post("/check", data={"csrf": csrf(page), "workbook": upload(PLANTED)})
    assert "暂存空间已满" in r.get_data(as_text=True)


def test_below_the_free_space_floor_uploads_get_503_and_healthz_says_why(tmp_path):
    app = make_app(tmp_path / "data", free_floor_mib=1 << 40)
    try:
        client = app.test_client()
        r = client.post("/api/check", data={"workbook": upload(CONSISTENT)})
        assert r.status_code == 503 and "存储空间不足" in r.get_json()["message"] and r.headers["Retry-After"]
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["status"] == "low-disk"
        assert client.get("/").status_code == 200
        assert not os.listdir(app.config["DATA"] / "tmp")
    finally:
        app.extensions["auditor.checker"].close()


def test_leftovers_are_swept_at_start_and_expired_pre_checks_after(tmp_path):
    from auditor.web import uploads

    data = tmp_path / "data"
    for sub in ("tmp", "precheck", "files/ab", "annotated", "summaries/tmpx"):
        (data / sub).mkdir(parents=True)
    old = time.time() - 2 * 3600
    leftovers = [data / "tmp" / "crashed-upload.xlsx", data / "files" / "ab" / "abc.xlsx.1234.part",
                 data / "annotated" / "x.xlsx.99.part", data / "precheck" / ("T" * 43 + ".workbook.xlsx"),
                 data / "summaries" / "tmpx" / "summary.xlsx"]
    kept = [data / "files" / "ab" / "abc.xlsx", data / "tmp" / "fresh.xlsx"]
    for f in leftovers + kept:
        f.write_bytes(b"x")
    for f in leftovers + kept[:1]:
        os.utime(f, (old, old))
    os.utime(data / "summaries" / "tmpx", (old, old))
    app = make_app(data)
    try:
        deadline = time.monotonic() + 10
        while any(f.exists() for f in leftovers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(f.exists() for f in leftovers) and all(f.exists() for f in kept)
        # a pre-check past its window goes at the next sweep, and its share of the quota with it
        client = app.test_client()
        token = re.search(r"/download/([^>]+)>", client.post("/api/check", data={"workbook": upload(PLANTED)})
                          .headers["Link"]).group(1)
        ledger = app.extensions["auditor.ledger"]
        assert ledger.used() > 0
        assert uploads.sweep(data, ledger, now=time.time() + 31 * 60) >= 2
        assert ledger.used() == 0 and not list((data / "precheck").iterdir())
        assert client.get(f"/download/{token}").status_code == 404
    finally:
        app.extensions["auditor.checker"].close()


def test_an_annotated_copy_is_made_when_first_downloaded(app):
    client = app.test_client()
    r = client.post("/api/check", data={"workbook": upload(PLANTED)})
    token = re.search(r"/download/([^>]+)>", r.headers["Link"]).group(1)
    folder = app.config["DATA"] / "precheck"
    assert not (folder / f"{token}.xlsx").exists()  # the check made none
    first = client.get(f"/download/{token}")
    assert first.status_code == 200 and first.data[:2] == b"PK" and (folder / f"{token}.xlsx").exists()
    assert client.get(f"/download/{token}").data == first.data  # made once


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_data_folder_is_the_owners_alone(tmp_path):
    from auditor.web.client import post_files

    data = tmp_path / "data"
    server = Server(data, "--workers", "1").wait(60)
    try:
        status, headers, _ = post_files(server.url + "/api/check", {"workbook": (PLANTED.name, PLANTED.read_bytes())})
        assert status == 200
    finally:
        server.stop()
    found = list(data.rglob("*"))
    assert any(p.suffix == ".db" for p in found) and any(p.name.endswith(".workbook.xlsx") for p in found)
    for p in [data, *found]:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode & 0o077 == 0, (p, oct(mode))
