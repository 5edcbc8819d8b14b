"""The application factory: configuration, the data folder, security headers, errors."""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from flask import Flask, Request, abort, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from auditor.limits import MiB
from auditor.web.auth import SESSION_HOURS, csrf_token
from auditor.web.checking import Checker
from auditor.web import quotas, uploads
from auditor.web.store import Store, local_time

log = logging.getLogger("auditor.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass
class Config:
    data: Path
    database: str | None = None           # default: SQLite in the data folder
    max_upload_bytes: int = 32 * MiB       # the whole request: workbook and report together
    workers: int | None = None             # check processes (default: cores, at most 4)
    queue: int = 32                        # checks that may wait for a worker before 503
    download_minutes: int = 30             # how long a pre-check's annotated copy can be fetched
    secure_cookies: bool = False           # set behind HTTPS
    precheck_quota_mib: int = 2048         # pre-checks kept for their copy: at most this in all
    precheck_quota_per_address_mib: int = 256  # and this from one address
    free_floor_mib: int = 1024             # below this much free disk, uploads get 503
    sweep_seconds: float = 60              # expired pre-checks and a crash's leftovers removed this often
    header_seconds: float = 20             # a request's headers arrive within this of its first byte
    body_seconds: float = 300              # and its body within this (32 MiB at 110 KB/s)
    lang: str = "zh"
    clock: Callable[[], float] = time.time  # the login throttles' and quotas' (seconds since the epoch)
    extra: dict = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return self.database or "sqlite:///" + str((self.data / "auditor.db").resolve()).replace("\\", "/")


class UploadRequest(Request):
    """Uploads are streamed into the data folder's tmp/ (anonymous files, gone on close),
    never held in memory and never named by the name they were sent under."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return tempfile.SpooledTemporaryFile(max_size=256 * 1024, mode="w+b", dir=self.environ["auditor.tmp"])


def prepare(data: Path) -> None:
    """The data folder and its parts, the owner's alone (0700; its files 0600 by the umask
    ``serve`` sets): departments' files, the database and the cookie key are no one else's."""
    data.mkdir(parents=True, exist_ok=True)
    for folder in (data, *(data / sub for sub in ("tmp", "precheck", "files", "annotated", "summaries"))):
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)


def secret_key(data: Path) -> bytes:
    """The cookie-signing key: drawn on first start, kept in the data folder (owner only)."""
    path = data / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    return path.read_bytes()


def create_app(config: Config) -> Flask:
    data = Path(config.data).resolve()
    prepare(data)
    app = Flask(__name__)
    app.request_class = UploadRequest
    app.config.update(
        SECRET_KEY=secret_key(data), MAX_CONTENT_LENGTH=config.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_COOKIE_NAME="auditor_session", PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        SESSION_REFRESH_EACH_REQUEST=False,  # the cookie's expiry is its login's (auth.current_user keeps it)
        AUDITOR=config, DATA=data, PROPAGATE_EXCEPTIONS=False)
    store = app.extensions["auditor.store"] = Store(config.database_url)
    app.extensions["auditor.checker"] = Checker(config.workers, config.queue)
    # in the database: every server process on it, and a restart, count the same
    app.extensions["auditor.throttles"] = quotas.throttles(store.engine, config.clock)
    ledger = quotas.Ledger(store.engine, config.precheck_quota_mib * MiB, config.precheck_quota_per_address_mib * MiB,
                           config.clock)
    app.extensions["auditor.ledger"] = ledger
    app.extensions["auditor.sweeper"] = uploads.sweep_every(data, ledger, config.sweep_seconds)
    app.jinja_env.globals.update(csrf_token=csrf_token, local_time=local_time)
    tmp = str(data / "tmp")

    @app.before_request
    def _tmp():
        request.environ["auditor.tmp"] = tmp
        if request.method == "POST" and request.endpoint in UPLOADS and uploads.low_on_space() is not None:
            abort(503, description="disk")  # before the upload is read: a full disk fails nothing half-way
        refuse_out_of_range()

    @app.after_request
    def _headers(resp):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"  # download links are secrets
        if not request.path.startswith("/static/"):
            # a department's file, its findings, a bureau page: kept in no cache, revalidated by none
            resp.headers["Cache-Control"] = "no-store"
            for name in ("ETag", "Last-Modified"):
                resp.headers.pop(name, None)
        return resp

    @app.teardown_request
    def _cleanup(exc):
        for path in g.pop("private_files", ()):
            try:
                os.unlink(path)
            except OSError:
                pass

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        return _error(e.code or 500, e)

    @app.errorhandler(Exception)
    def _crash(e: Exception):  # logged here, never shown: no stack trace in any response
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _error(500, e)

    from auditor.web import bureau, public
    app.register_blueprint(public.bp)
    app.register_blueprint(bureau.bp)
    return app


# the database's integer ids: a path's id beyond it is malformed, not merely unknown
MAX_ID = 2 ** 31 - 1


def refuse_out_of_range() -> None:
    """400 for what no page takes: an id past the database's integers, and NUL in a field
    (PostgreSQL's text cannot hold it; no name or code has one)."""
    from flask import abort

    if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in (request.view_args or {}).values()):
        abort(400)
    if request.method == "POST" and request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        fields = list(request.form.values()) + [f.filename or "" for f in request.files.values()]
    else:
        fields = []
    if any("\x00" in v for v in fields + list(request.args.values())):
        abort(400)


UPLOADS = ("public.check_page", "public.api_check")

MESSAGES = {
    400: "请求无效（表单已过期请刷新页面后重试）。",
    403: "没有权限。",
    404: "页面不存在或链接已过期。",
    405: "不支持该请求方式。",
    413: "上传的文件过大。",
    503: "审核任务繁忙，请稍后重试。",
    500: "服务器内部错误，请稍后重试。",
}


def _error(code: int, e: Exception):
    message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if code == 413:
        limit = request.max_content_length or 0
        message = f"上传的文件过大（上限 {limit // MiB} MiB）。"
    disk = code == 503 and getattr(e, "description", None) == "disk"
    if disk:
        message = "服务器存储空间不足，暂不接收上传，请稍后重试或联系财政局。"
    headers = {"Retry-After": "600" if disk else "5"} if code == 503 else {}
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        resp = jsonify(error=code, message=message)
    else:
        resp = render_template("error.html", code=code, message=message)
    return resp, code, headers


def too_large(app: Flask, path: str, accept: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """The app's 413 (Chinese page, JSON under /api/) for a body the server refused unread:
    (status line, headers, body)."""
    with app.test_request_context(path, headers={"Accept": accept or "*/*"}):
        resp = app.process_response(app.make_response(_error(413, None)))
        return resp.status, [(k, v) for k, v in resp.headers.items() if k.lower() != "content-length"], resp.get_data()
