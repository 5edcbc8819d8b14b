"""What the bureau sees (login required): rounds and their codes, the dashboard, versions, downloads, the log."""
from __future__ import annotations

import datetime as dt
import io
import secrets
import shutil
import tempfile
from pathlib import Path

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request, send_file, session,
                   url_for)

from auditor.report import verdict
from auditor.baseline import compare as baseline
from auditor.reporters.safe_output import safe_name
from auditor.web import identity, log_words, uploads
from auditor.web.auth import check_csrf, check_login, log_in, login_required
from auditor.web.checking import DEFAULT_FORM, Busy, WorkerDied, notice_bytes, summarise_round
from auditor.web.store import local_time, result_of

bp = Blueprint("bureau", __name__, url_prefix="/bureau")


def _store():
    return current_app.extensions["auditor.store"]


def _log(action: str, detail: str = "") -> None:
    _store().log(g.user, action, detail, request.remote_addr)


# how much of an unknown login name the log keeps: names are the attacker's to choose
LOGGED_NAME = 40


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        check_csrf()
        name, address = request.form.get("name", "")[:100], request.remote_addr or ""
        per_account, per_address = current_app.extensions["auditor.throttles"]
        wait = max(per_account.wait(name), per_address.wait(address))  # counted in the database
        if wait:  # refused before any hashing
            return (render_template("login.html", error=f"登录失败次数过多，请 {-(-wait // 60)} 分钟后再试。"),
                    429, {"Retry-After": str(wait)})
        row = check_login(_store(), name, request.form.get("password", ""))
        if row is not None:
            per_account.forget(name)
            log_in(row)
            _store().log(name, "login", "", address)
            target = request.args.get("next", "")
            # only our own paths: never an open redirect
            return redirect(target if target.startswith("/bureau/") and "//" not in target else url_for(".home"))
        per_account.failed(name)
        per_address.failed(address)
        shown = name if len(name) <= LOGGED_NAME else name[:LOGGED_NAME - 1] + "…"
        _store().log(shown or "?", "login-failed", "", address)
        return render_template("login.html", error="用户名或密码错误。"), 401
    return render_template("login.html")


@bp.post("/logout")
@login_required
def logout():
    check_csrf()
    _store().end_sessions(g.user)  # every session of this account, not only this cookie
    _log("logout")
    session.clear()
    return redirect(url_for(".login"))


@bp.get("/")
@login_required
def home():
    return render_template("bureau/home.html", rounds=_store().rounds(), default_form=DEFAULT_FORM,
                           this_year=dt.date.today().year - 1)


@bp.post("/rounds")
@login_required
def add_round():
    check_csrf()
    try:
        year = int(request.form.get("year", ""))
        deadline = dt.datetime.fromisoformat(request.form.get("deadline", ""))
    except ValueError:
        abort(400)
    if not 2000 <= year <= 2100 or not 2000 <= deadline.year <= 2100:  # nor a date no clock reaches
        abort(400)
    # the form gives the server's local time; stored as UTC
    deadline = deadline.astimezone().astimezone(dt.timezone.utc).replace(tzinfo=None)
    form = (request.form.get("form") or DEFAULT_FORM).strip()[:100]
    round_id = _store().add_round(year, form, deadline, g.user)
    _log("add-round", f"round {round_id}: {year} {form}")
    return redirect(url_for(".round_page", round_id=round_id))


def _round_or_404(round_id: int):
    r = _store().round(round_id)
    if r is None:
        abort(404)
    return r


# who needs the bureau first: a workbook that names someone else, then by verdict, then most errors
ATTENTION = {v: i for i, v in enumerate((verdict.UNREADABLE, verdict.RETURN, verdict.VERIFY, verdict.PASS))}
MISSING = "未报送"


def _rows(r) -> list[dict]:
    """Each department of round ``r`` with its latest standing version, what it says of itself
    (``identity.mismatches``), in the order the bureau should look at them."""
    rows = []
    for dep, latest, count in _store().departments(r["id"]):
        file = result_of(latest) if latest else None
        rows.append({"dep": dep, "latest": latest, "count": count, "file": file,
                     "problems": verdict.main_problems(file) if file else [],
                     "marks": identity.mismatches(file, dep["name"], r["year"]),
                     "late": latest is not None and latest["created_at"] > r["deadline"],
                     "verdict": latest["verdict"] if latest else MISSING})
    rows.sort(key=lambda x: (not x["marks"], ATTENTION.get(x["verdict"], len(ATTENTION)),
                             -(x["latest"]["errors"] if x["latest"] else 0),
                             -(x["latest"]["warnings"] if x["latest"] else 0), x["dep"]["name"]))
    return rows


@bp.get("/rounds/<int:round_id>")
@login_required
def round_page(round_id: int, notice_form: dict | None = None, notice_error: str | None = None, status: int = 200):
    r = _round_or_404(round_id)
    rows = _rows(r)
    tally = {v: sum(1 for x in rows if x["verdict"] == v) for v in verdict.VERDICTS}
    shown = request.args.get("verdict", "")
    choices = [*verdict.VERDICTS, MISSING]
    if shown not in choices:
        shown = ""
    return render_template("bureau/round.html", round=r, rows=[x for x in rows if not shown or x["verdict"] == shown],
                           tally=tally, missing=sum(1 for x in rows if not x["latest"]), shown=shown, choices=choices,
                           mismatched=sum(1 for x in rows if x["marks"]), notice=_notice_form(round_id, notice_form),
                           notice_error=notice_error), status


def _notice_form(round_id: int, shown: dict | None) -> dict:
    """The round page's form of notice settings: its labels (in the service's language), the
    longest each may be, the values (as kept, or as just typed when refused)."""
    from auditor.reporters import notice_settings

    saved = _store().notice_settings(round_id)
    return {"words": notice_settings.words(current_app.config["AUDITOR"].lang), "fields": notice_settings.KEYS,
            "limits": notice_settings.LIMITS, "saved": saved, "entered": saved if shown is None else shown}


@bp.post("/rounds/<int:round_id>/notice")
@login_required
def set_notice(round_id: int):
    """The round's notice settings, checked as the command line's file is; a value refused
    gives the page again with what was typed and why (400)."""
    from auditor.reporters import notice_settings

    check_csrf()
    _round_or_404(round_id)
    typed = {k: request.form.get(k, "")[:notice_settings.LIMITS[k] * 4] for k in notice_settings.KEYS}
    try:
        settings = notice_settings.check(typed, current_app.config["AUDITOR"].lang)
    except notice_settings.SettingsError as exc:
        return round_page(round_id, notice_form=typed, notice_error=str(exc), status=400)
    _store().set_notice_settings(round_id, settings, g.user, request.remote_addr)
    return redirect(url_for(".round_page", round_id=round_id) + "#notice")


@bp.post("/rounds/<int:round_id>/departments")
@login_required
def add_departments(round_id: int):
    check_csrf()
    _round_or_404(round_id)
    names = [n.strip()[:200] for n in request.form.get("names", "").splitlines() if n.strip()]
    for name in dict.fromkeys(names):
        if _store().department_named(round_id, name) is None:
            _store().add_department(round_id, name)
            _log("add-department", f"round {round_id}: {name}")
    return redirect(url_for(".round_page", round_id=round_id))


@bp.get("/departments/<int:department_id>")
@login_required
def department_page(department_id: int):
    dep = _store().department(department_id)
    if dep is None:
        abort(404)
    r = _round_or_404(dep["round_id"])
    versions, previous = [], None
    for sub in _store().submissions(department_id):
        file = result_of(sub)
        versions.append({"sub": sub, "file": file, "comparison": baseline.compare(previous, file),
                         "marks": identity.mismatches(file, dep["name"], r["year"])})
        if sub["withdrawn_at"] is None:  # a withdrawn version is no one's "before"
            previous = file
    versions.reverse()  # the latest first
    return render_template("bureau/department.html", dep=dep, round=r, versions=versions, place=verdict.place,
                           ADDED=baseline.ADDED, KEPT=baseline.KEPT, FIXED=baseline.FIXED)


def _submission(submission_id: int):
    sub = _store().submission(submission_id)
    if sub is None:
        abort(404)
    return sub, _store().department(sub["department_id"])


# what each download is: the submission's column holding our path, and its name's prefix
STORED = {"annotated": ("annotated", "审核-"), "source": ("stored", "")}


@bp.get("/submissions/<int:submission_id>/<any(annotated, source):kind>")
@login_required
def stored_file(submission_id: int, kind: str):
    """The department's file as sent, or its annotated copy."""
    sub, dep = _submission(submission_id)
    column, prefix = STORED[kind]
    stored = sub[column] or (_make_annotated(sub) if kind == "annotated" else None)
    if not stored:
        abort(404)
    path = current_app.config["DATA"] / stored
    _log(f"download-{kind}", f"submission {submission_id}")
    return uploads.send(path, f"{prefix}{dep['name']}-v{sub['version']}{path.suffix}")


def _make_annotated(sub) -> str | None:
    """A version's annotated copy, made on its first download (most are never asked for)
    and kept: our path of it, or None for a file that has none."""
    from auditor.web.checking import Upload
    from auditor.web.public import make_copy

    if sub["status"] != "checked":
        return None
    data: Path = current_app.config["DATA"]
    report = Upload(str(data / sub["report_stored"]), sub["report_name"]) if sub["report_stored"] else None
    name = make_copy(Upload(str(data / sub["stored"]), sub["filename"]), report, str(data / "annotated"),
                     f"{sub['id']}-{secrets.token_urlsafe(8)}")
    if name is None:
        return None
    _store().set_annotated(sub["id"], f"annotated/{name}")
    return f"annotated/{name}"


@bp.post("/submissions/<int:submission_id>/withdraw")
@login_required
def withdraw(submission_id: int):
    """Withdraw a version (a file that should not count): kept and shown, no longer the latest."""
    check_csrf()
    sub, dep = _submission(submission_id)
    _store().withdraw(submission_id, g.user, f"{dep['name']} v{sub['version']} (submission {submission_id})",
                      request.remote_addr)
    return redirect(url_for(".department_page", department_id=dep["id"]) + f"#v{sub['version']}")


@bp.get("/submissions/<int:submission_id>/notice")
@login_required
def notice(submission_id: int):
    sub, dep = _submission(submission_id)
    r = _round_or_404(dep["round_id"])
    before = _store().previous(dep["id"], sub["version"])
    try:  # built in a worker, under the per-file limits: never in a request thread
        data = current_app.extensions["auditor.checker"].run(
            notice_bytes, result_of(sub), result_of(before) if before else None, dep["name"], r["year"],
            sub["version"], local_time(sub["created_at"]), current_app.config["AUDITOR"].lang,
            _store().notice_settings(r["id"]))
    except (Busy, WorkerDied):
        data = None
    if data is None:
        abort(503)
    _log("download-notice", f"submission {submission_id}")
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=safe_name(f"审核意见-{dep['name']}-v{sub['version']}.docx"),
                     mimetype=uploads.XLSX_TYPES[".docx"])


@bp.get("/rounds/<int:round_id>/summary.xlsx")
@login_required
def summary(round_id: int):
    """The round's summary.xlsx: the batch's own, over each department's latest version."""
    r = _round_or_404(round_id)
    data: Path = current_app.config["DATA"]
    rows = sorted(_rows(r), key=lambda x: x["dep"]["name"])
    latest = [(x["dep"], x["latest"]) for x in rows if x["latest"] is not None]
    if not latest:
        return render_template("error.html", code=404, message="本轮尚无部门报送，暂无汇总表。"), 404
    work = Path(tempfile.mkdtemp(dir=data / "summaries"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        taken: set[str] = set()
        shown: dict[int, str] = {}
        for dep, sub in latest:  # named by department: the summary's 文件 column reads as a list of them
            stem = safe_name(dep["name"])
            if stem.casefold() in taken:  # two names that are the same once made safe
                stem = f"{stem}-{dep['id']}"
            taken.add(stem.casefold())
            shown[dep["id"]] = f"{stem}{Path(sub['stored']).suffix}"
            stored = data / sub["stored"]
            shutil.copyfile(stored, inputs / f"{stem}{stored.suffix}")
            if sub["report_stored"]:
                rep = data / sub["report_stored"]
                shutil.copyfile(rep, inputs / f"{stem}{rep.suffix}")
        out = work / "summary.xlsx"
        try:
            current_app.extensions["auditor.checker"].run(summarise_round, str(inputs), str(out), "zh",
                                                          _roster(rows, shown))
        except Busy:
            abort(503)
        except WorkerDied:
            abort(503)
        if not out.exists():
            abort(404)
        body = io.BytesIO(out.read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _log("download-summary", f"round {round_id}")
    return send_file(body, as_attachment=True, download_name=f"summary-{r['year']}-{round_id}.xlsx",
                     mimetype=uploads.XLSX_TYPES[".xlsx"])


ROSTER_HEAD = ["部门", "报送情况", "结论", "错误", "警告", "工作簿填报单位", "工作簿年度", "报送时间", "汇总表中的文件",
               "身份核对"]


def _roster(rows: list[dict], shown: dict[int, str]) -> dict:
    """The export's first sheet: every department of the round, those that sent nothing too,
    and a workbook that names another department or year marked."""
    out = []
    for x in rows:
        sub, file = x["latest"], x["file"] or {}
        if sub is None:
            out.append([x["dep"]["name"], MISSING, "", None, None, "", None, "", "", ""])
            continue
        state = f"第 {sub['version']} 版" + ("（逾期）" if x["late"] else "")
        out.append([x["dep"]["name"], state, sub["verdict"], sub["errors"], sub["warnings"], file.get("department") or "",
                    file.get("year"), local_time(sub["created_at"]), shown.get(x["dep"]["id"], ""), "；".join(x["marks"])])
    return {"title": "报送情况", "head": ROSTER_HEAD, "rows": out}


@bp.get("/log")
@login_required
def audit_log():
    """The log a page at a time, filtered by actor or action (a flood of failed logins
    under made-up names buries nothing)."""
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= 100_000:
        abort(400)
    actor, action = request.args.get("actor", "")[:100], request.args.get("action", "")[:60]
    entries, more = _store().log_entries(page, actor=actor, action=action)
    w = log_words.words(current_app.config["AUDITOR"].lang)
    return render_template("bureau/log.html", entries=log_words.entries(entries, w), page=page, more=more,
                           actor=actor, action=action, w=w,
                           actions=[(a, log_words.action_name(a, w)) for a in _store().log_actions()])

