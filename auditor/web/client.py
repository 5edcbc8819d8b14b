"""A standard-library client for the server's upload API, for scripts, the tests and the load bench.

``post_files("http://127.0.0.1:8000/api/check", {"workbook": ("a.xlsx", data)})`` sends one
multipart request and returns its status, headers and body; nothing here needs the web extras.
``LocalServer`` runs ``auditor serve`` on 127.0.0.1 for the tests and the load bench.
"""
from __future__ import annotations

import http.client
import secrets
import urllib.parse
from pathlib import Path


def multipart(files: dict[str, tuple[str, bytes]], fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = "auditor-" + secrets.token_hex(12)
    parts = []
    for name, value in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() +
                     value.encode("utf-8") + b"\r\n")
    for name, (filename, data) in files.items():
        quoted = urllib.parse.quote(filename)
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{quoted}"; '
                f"filename*=UTF-8''{quoted}\r\nContent-Type: application/octet-stream\r\n\r\n")
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_files(url: str, files: dict[str, tuple[str, bytes]], fields: dict[str, str] | None = None,
               timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    body, content_type = multipart(files, fields)
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
    try:
        try:
            conn.request("POST", u.path or "/", body, {"Content-Type": content_type})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (413) before taking the whole body: its answer is still there
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get(url: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
    try:
        conn.request("GET", u.path + (f"?{u.query}" if u.query else ""))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class LocalServer:
    """``auditor serve`` in a process of its own on 127.0.0.1 and a free port, on a fresh data
    folder; ``root``: the checkout whose ``auditor`` it runs (default: this one)."""

    def __init__(self, data: Path, *args: str, root: Path | None = None):
        import os
        import socket
        import subprocess
        import sys

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        root = root or Path(__file__).resolve().parents[2]  # this checkout (or another's) first on the path
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
        data.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(data.parent / f"server-{self.port}.log", "wb")
        # run from the checkout itself: ``-m`` puts the working folder first on the path, so
        # from elsewhere another checkout's ``auditor`` could be the one that runs
        self.proc = subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--data", str(Path(data).resolve()),
                                      "--port", str(self.port), *args], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, cwd=str(root))

    def wait(self, seconds: float = 30) -> "LocalServer":
        import time

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            assert self.proc.poll() is None, "the server exited"
            try:
                if get(self.url + "/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not answer /healthz")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
