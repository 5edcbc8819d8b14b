"""The real server's own guards, over the loopback: slow connections are cut at their
deadline and cannot hold it, the queue's 503 is reachable, an oversized upload gets the
app's own answer.  Every loop here is bounded."""
from __future__ import annotations

import json
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from tests.web_support import PLANTED, Server

from auditor.web.client import get, post_files


def _slow_client(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return s


def test_slow_connections_are_cut_at_their_deadline_and_cannot_hold_the_server(tmp_path):
    server = Server(tmp_path / "data", "--workers", "1", "--header-seconds", "3").wait(60)
    clients = []
    try:
        clients = [_slow_client(server.port) for _ in range(120)]  # waitress's default limit was 100
        started = time.monotonic()
        status, _, _ = get(server.url + "/healthz", timeout=10)
        assert status == 200 and time.monotonic() - started < 5
        # each keeps sending a byte now and then (which reset waitress's idle clock) ...
        for _ in range(8):
            for c in clients:
                try:
                    c.sendall(b"X")
                except OSError:
                    pass
            time.sleep(0.5)
        # ... and each is closed all the same, 3 s after its first byte (and a sweep)
        closed = 0
        for c in clients:
            c.settimeout(5)
            try:
                closed += c.recv(1024) == b""
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
            except socket.timeout:
                pass
        assert closed == len(clients)
    finally:
        for c in clients:
            c.close()
        server.stop()


def test_the_queue_bound_engages_at_its_default(tmp_path):
    """The default queue (32) with one worker: 45 uploads at once, the ones past the queue
    answered 503 at once, instead of waiting unseen for one of waitress's 24 threads."""
    server = Server(tmp_path / "data", "--workers", "1").wait(60)
    try:
        data = PLANTED.read_bytes()
        with ThreadPoolExecutor(45) as pool:
            answers = list(pool.map(lambda i: post_files(server.url + "/api/check",
                                                         {"workbook": (f"dept-{i}.xlsx", data)}), range(45)))
        statuses = [s for s, _, _ in answers]
        assert set(statuses) <= {200, 503} and statuses.count(503) >= 1, statuses
        assert all(h.get("retry-after") for s, h, _ in answers if s == 503)
    finally:
        server.stop()


def test_an_oversized_upload_gets_the_apps_own_answer(tmp_path):
    server = Server(tmp_path / "data", "--workers", "1", "--max-upload-mib", "2").wait(60)
    try:
        big = os.urandom(4 << 20)  # past waitress's cap too: refused from its Content-Length
        status, headers, body = post_files(server.url + "/api/check", {"workbook": ("big.xlsx", big)})
        assert status == 413 and headers["content-type"].startswith("application/json")
        assert json.loads(body) == {"error": 413, "message": "上传的文件过大（上限 2 MiB）。"}
        status, headers, body = post_files(server.url + "/check", {"workbook": ("big.xlsx", big)})
        text = body.decode("utf-8")
        assert status == 413 and headers["content-type"].startswith("text/html") and "上传的文件过大" in text
        assert "Request Entity Too Large" not in text and headers.get("content-security-policy")
        assert get(server.url + "/healthz")[0] == 200
    finally:
        server.stop()
