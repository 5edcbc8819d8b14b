"""What a department sees: the upload page, the check as JSON, submitting to the bureau."""
from __future__ import annotations

import json
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for

from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.web import identity, uploads, wording
from auditor.web.auth import check_csrf
from auditor.web.checking import Busy, WorkerDied, annotated_copy, check_upload, worker_died
from auditor.web.log_words import DEPARTMENT
from auditor.web.store import now, result_of

bp = Blueprint("public", __name__)

# versions one code may send: beyond a clerk's corrections, only a script's flood
MAX_VERSIONS = 100


def _store():
    return current_app.extensions["auditor.store"]


def run_check(workbook, report) -> dict:
    """The check of one upload in the bounded pool: 503 when the queue is full.  No
    annotated copy yet: it is made if and when it is first downloaded."""
    cfg = current_app.config["AUDITOR"]
    checker = current_app.extensions["auditor.checker"]
    try:
        return checker.run(check_upload, workbook.upload, report.upload if report else None, None, cfg.lang)
    except Busy:
        abort(503)
    except WorkerDied:  # it killed its worker twice, the second time alone: it, and only it, fails
        return worker_died(workbook.upload, cfg.lang)


def make_copy(workbook, report, out_dir: str, copy_name: str) -> str | None:
    """An annotated copy made now in a worker (the first download of it): its file name, or None."""
    try:
        name, _ = current_app.extensions["auditor.checker"].run(
            annotated_copy, workbook, report, out_dir, copy_name, current_app.config["AUDITOR"].lang)
    except Busy:
        abort(503)
    except WorkerDied:
        return None
    return name


def _offer(workbook, report, out) -> str | None:
    """Keep a checked pre-check for its copy (within the quotas), or None."""
    if out["file"]["status"] != "checked":
        return None
    return uploads.offer(workbook, report, request.remote_addr or "")


@bp.get("/healthz")
def healthz():
    from sqlalchemy import text

    with _store().engine.connect() as c:
        c.execute(text("SELECT 1"))
    low = uploads.low_on_space()
    if low is not None:  # uploads are refused: a monitor must see it
        return jsonify(status="low-disk", free_mib=low), 503
    return jsonify(status="ok")


@bp.get("/")
def index():
    return render_template("index.html")


@bp.post("/api/check")
def api_check():
    workbook, report = uploads.workbook_and_report(request.files)
    out = run_check(workbook, report)
    resp = Response(json.dumps(out["report"], ensure_ascii=False, indent=2) + "\n",
                    mimetype="application/json")
    token = _offer(workbook, report, out)
    if token:
        resp.headers["Link"] = f'<{url_for("public.download", token=token)}>; rel="annotated"'
    return resp


WRONG_CODE = "提交码无效：请核对财政局下发的提交码后在下方重新填写（文件已保留，无需再次上传；仅预审时请留空）。"


@bp.post("/check")
def check_page():
    check_csrf()
    workbook, report = uploads.workbook_and_report(request.files)
    return _check_and_submit(workbook, report, (request.form.get("code") or "").strip())


@bp.post("/submit/<token>")
def submit_kept(token: str):
    """报送 a pre-check's files, kept since it was checked, under a code: nothing uploaded again."""
    check_csrf()
    found = uploads.offered(token)
    if found is None:
        abort(404)
    workbook, report = uploads.kept(found)
    return _check_and_submit(workbook, report, (request.form.get("code") or "").strip(), found.token)


def _check_and_submit(workbook, report, code: str, kept: str | None = None):
    """Check an upload (or a kept pre-check's files) and, under a valid code, keep it as the
    department's next version.  A wrong code still checks the files and keeps them, so that
    the code can be typed again without choosing the files again."""
    department = _store().department_by_code(code) if code else None
    error = WRONG_CODE if code and department is None else None
    if department is not None and _store().version_count(department["id"]) >= MAX_VERSIONS:
        return render_template("index.html", error=f"该提交码已报送 {MAX_VERSIONS} 版，已达上限，请联系财政局。"), 429
    out = run_check(workbook, report)
    file = wording.for_the_page(out["file"], workbook.upload.path)
    submitted = comparison = None
    if department is not None and not out["died"]:  # a dead worker's answer is no department's version
        submitted, comparison = _submit(department, workbook, report, out)
    token = kept or _offer(workbook, report, out)
    annotate_error = "暂存空间已满" if token is None and file["status"] == "checked" else None
    page = render_template("result.html", file=file, form=out["form"], verdict=verdict.verdict(file),
                           problems=verdict.main_problems(file), token=token, name=workbook.upload.name,
                           annotate_error=annotate_error, department=department, submitted=submitted,
                           comparison=comparison, place=verdict.place, error=error, code=code,
                           marks=identity.mismatches(file, department["name"], department["year"]) if submitted else [],
                           minutes=current_app.config["AUDITOR"].download_minutes)
    return page, 400 if error else 200


def _submit(department, workbook, report, out):
    """Keep this upload as the department's next version; compare it with the one before."""
    store = _store()
    previous = store.previous(department["id"])
    stored = uploads.keep(workbook.upload.path, workbook.sha256, workbook.suffix)
    report_stored = uploads.keep(report.upload.path, report.sha256, report.suffix) if report else None
    file = out["stored"]
    logged = (f"{DEPARTMENT}{department['name']}", lambda version: f"round {department['round_id']} v{version} "
              f"{workbook.upload.name} sha256={workbook.sha256}", request.remote_addr)
    row = store.add_submission(
        department["id"], logged, filename=workbook.upload.name, sha256=workbook.sha256, size=workbook.size,
        stored=stored, report_name=report.upload.name if report else None,
        report_sha256=report.sha256 if report else None, report_stored=report_stored, status=file["status"],
        verdict=verdict.verdict(file), errors=sum(f["severity"] == "error" for f in file["findings"]),
        warnings=sum(f["severity"] == "warning" for f in file["findings"]), result=file, annotated=None)
    comparison = baseline.compare(result_of(previous) if previous else None, file)
    row["late"] = now() > department["deadline"]
    return row, comparison


@bp.get("/download/<token>")
def download(token: str):
    found = uploads.offered(token)
    if found is None:
        abort(404)
    copy = uploads.copy_of(found, make_copy)
    if copy is None:
        abort(404)
    return uploads.send(copy, uploads.download_name(found.meta["name"], copy))
