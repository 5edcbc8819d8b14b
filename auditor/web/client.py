"""A standard-library client for the server's upload API, for scripts, the tests and the load bench.

``post_files("http://127.0.0.1:8000/api/check", {"workbook": ("a.xlsx", data)})`` sends one
multipart request and returns its status, headers and body; nothing here needs the web extras.
"""
from __future__ import annotations

import http.client
import secrets
import urllib.parse


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
