"""Uploaded files into private files, and the short-lived downloads of pre-check copies."""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, g
from sqlalchemy.exc import SQLAlchemyError

from auditor.reporters.safe_output import safe_name
from auditor.web.quotas import Ledger
from auditor.web.checking import REPORT_SUFFIXES, WORKBOOK_SUFFIXES, Upload, suffix_for

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass
class Received:
    upload: Upload
    sha256: str
    size: int
    suffix: str


def receive(storage, allowed: tuple[str, ...], default: str = "unnamed") -> Received | None:
    """The uploaded file in ``storage`` copied to tmp/<random token><our suffix>; None when
    no file was sent.  The copy is removed when the request ends.  A workbook sent without
    an extension of ours gets its content's (a .xls sent as "自评表" is kept as .xls, and so
    read by the round's summary); the name it was sent under is only shown."""
    if storage is None or not storage.filename:
        return None
    data: Path = current_app.config["DATA"]
    first = storage.stream.read(1 << 20)
    suffix = suffix_for(storage.filename, allowed)
    if allowed is WORKBOOK_SUFFIXES:
        suffix = sniffed_suffix(first, suffix)
    path = data / "tmp" / (secrets.token_urlsafe(32) + suffix)
    g.setdefault("private_files", []).append(str(path))
    digest, size = hashlib.sha256(), 0
    with open(path, "xb") as out:
        for chunk in itertools.chain([first], iter(lambda: storage.stream.read(1 << 20), b"")):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Received(Upload(str(path), safe_name(storage.filename, default)), digest.hexdigest(), size, suffix)


def sniffed_suffix(head: bytes, named: str) -> str:
    """A workbook's suffix when its name gave none of ours: from its first bytes, a compound
    file .xls, a zip .xlsx.  A name's own suffix is kept (the guards read by content anyway,
    and warn of a mismatch)."""
    from auditor.formats import OLE_MAGIC, ZIP_MAGICS

    if named != ".bin":
        return named
    if head.startswith(OLE_MAGIC):
        return ".xls"
    return ".xlsx" if head[:4] in ZIP_MAGICS else named


def workbook_and_report(files) -> tuple[Received, Received | None]:
    """(the file checked, its report): the workbook and its report, or a report sent alone
    as the file checked (``auditor.api.check`` checks it as a report)."""
    workbook = receive(files.get("workbook"), WORKBOOK_SUFFIXES, "workbook.xlsx")
    report = receive(files.get("report"), REPORT_SUFFIXES, "report.txt")
    if workbook is None and report is None:
        abort(400, description="no workbook")
    return (workbook, report) if workbook is not None else (report, None)


# --- pre-checks kept for their annotated copy ------------------------------------------------
#
# A pre-check keeps the upload itself (moved, not copied, out of tmp/) for the configured
# window, not an annotated copy: the copy is made when it is first downloaded, which most
# checks never are.  precheck/<token>.json says what is kept; <token>.workbook<suffix> and
# <token>.report<suffix> are the uploads, <token>.xlsx the copy once made.

@dataclass
class Offer:
    token: str
    meta: dict

    def path(self, part: str) -> Path:
        return current_app.config["DATA"] / "precheck" / f"{self.token}.{part}{self.meta[part + '_suffix']}"


def offer(workbook: Received, report: Received | None, address: str) -> str | None:
    """Keep a pre-check's uploads for the configured window (None when the quota is spent);
    the token is the link to its annotated copy, and what 报送 sends without uploading again."""
    data: Path = current_app.config["DATA"]
    cfg = current_app.config["AUDITOR"]
    size = workbook.size + (report.size if report else 0)
    ledger: Ledger = current_app.extensions["auditor.ledger"]
    token = secrets.token_urlsafe(32)
    expires = ledger.clock() + cfg.download_minutes * 60
    if not ledger.admit(token, address, size, expires):
        return None
    meta = {"name": workbook.upload.name, "workbook_suffix": workbook.suffix, "sha256": workbook.sha256,
            "size": workbook.size, "address": address, "bytes": size, "expires": expires}
    os.replace(workbook.upload.path, data / "precheck" / f"{token}.workbook{workbook.suffix}")
    if report is not None:
        meta.update(report_name=report.upload.name, report_suffix=report.suffix, report_sha256=report.sha256,
                    report_size=report.size)
        os.replace(report.upload.path, data / "precheck" / f"{token}.report{report.suffix}")
    _write_json(data / "precheck" / f"{token}.json", meta)
    return token


def _write_json(path: Path, value: dict) -> None:
    part = path.with_name(path.name + f".{secrets.token_hex(4)}.part")
    part.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(part, path)


def offered(token: str) -> Offer | None:
    """The pre-check behind a token, if the token is valid and not expired."""
    if not TOKEN.match(token or ""):
        return None
    try:
        meta = json.loads((current_app.config["DATA"] / "precheck" / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = Offer(token, meta)
    if not isinstance(meta, dict) or meta.get("expires", 0) < time.time() or not found.path("workbook").is_file():
        return None
    return found


def kept(found: Offer) -> tuple[Received, Received | None]:
    """A pre-check's kept files as uploads again (for 报送 without uploading them again)."""
    meta = found.meta
    workbook = Received(Upload(str(found.path("workbook")), meta["name"]), meta["sha256"], meta["size"],
                        meta["workbook_suffix"])
    report = None
    if meta.get("report_name"):
        report = Received(Upload(str(found.path("report")), meta["report_name"]), meta["report_sha256"],
                          meta["report_size"], meta["report_suffix"])
    return workbook, report


def copy_of(found: Offer, make) -> Path | None:
    """The pre-check's annotated copy, made now if this is its first download; ``make`` is
    ``(workbook Upload, report Upload or None, out_dir, copy name) -> its file name or None``."""
    folder = current_app.config["DATA"] / "precheck"
    made = sorted(folder.glob(f"{found.token}.xlsx")) + sorted(folder.glob(f"{found.token}.xlsm"))
    if made:
        return made[0]
    meta = found.meta
    report = Upload(str(found.path("report")), meta["report_name"]) if meta.get("report_name") else None
    name = make(Upload(str(found.path("workbook")), meta["name"]), report, str(folder), found.token)
    return folder / name if name else None


def sweep(data: Path, ledger: Ledger | None = None, now: float | None = None) -> int:
    """Remove expired pre-checks, and what a crash left: tmp and ``.part`` files an hour
    old, and files in precheck/ an hour old with no record.  At start and on a timer (one
    listing of each folder, never a stat per request).  The expired pre-checks' shares of
    the quotas go too (at ``now``, or the ledger's clock)."""
    if ledger is not None:
        ledger.prune(now)
    now = time.time() if now is None else now
    removed, stale = 0, now - 3600
    groups: dict[str, list[Path]] = {}
    for f in (data / "precheck").iterdir():
        groups.setdefault(f.name.split(".")[0], []).append(f)
    for token, files in groups.items():
        record = next((f for f in files if f.name == f"{token}.json"), None)
        try:
            meta = json.loads(record.read_text(encoding="utf-8")) if record else None
            expired = meta["expires"] < now if meta else all(_older(f, stale) for f in files)
        except (OSError, ValueError, TypeError, KeyError):
            meta, expired = None, all(_older(f, stale) for f in files)
        if not expired:
            continue
        removed += sum(_unlink(f) for f in files)
    removed += sum(_unlink(f) for f in (data / "tmp").iterdir() if _older(f, stale))
    for folder in (data / "files", data / "annotated"):
        removed += sum(_unlink(f) for f in folder.rglob("*.part") if _older(f, stale))
    for work in (data / "summaries").iterdir():  # a summary's folder its request never removed
        if work.is_dir() and work.stat().st_mtime < stale:
            shutil.rmtree(work, ignore_errors=True)
            removed += 1
    return removed


def low_on_space() -> int | None:
    """The free MiB of the data folder's disk when below the configured floor, else None."""
    from auditor.limits import MiB

    free = shutil.disk_usage(current_app.config["DATA"]).free
    return free // MiB if free < current_app.config["AUDITOR"].free_floor_mib * MiB else None


def sweep_every(data: Path, ledger: Ledger, seconds: float) -> threading.Event:
    """Sweep now and then every ``seconds`` in a thread of its own; set the event to stop."""
    stop = threading.Event()

    def loop():
        while True:
            try:
                sweep(data, ledger)
            except (OSError, SQLAlchemyError):
                pass  # a folder removed under us, the database away: the next sweep tries again
            if stop.wait(seconds):
                return

    threading.Thread(target=loop, name="auditor-sweep", daemon=True).start()
    return stop


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime < cutoff
    except OSError:
        return False


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


def keep(path: str, sha256: str, suffix: str) -> str:
    """A submitted file's bytes kept for good under files/, by their hash: our relative path."""
    rel = f"files/{sha256[:2]}/{sha256}{suffix}"
    target = current_app.config["DATA"] / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + f".{secrets.token_hex(4)}.part")
        shutil.copyfile(path, part)
        os.replace(part, target)
    return rel


def download_name(name: str, copy: Path, prefix: str = "审核-") -> str:
    """The annotated copy's download name: the department's own, marked, with the copy's extension."""
    stem = name.rpartition(".")[0] or name
    return safe_name(f"{prefix}{stem}{copy.suffix}")


XLSX_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
              ".xls": "application/vnd.ms-excel",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              ".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8"}


def send(path: Path, name: str):
    """A file of ours, as an attachment (never rendered inline) under a safe name."""
    from flask import send_file

    return send_file(path, as_attachment=True, download_name=safe_name(name),
                     mimetype=XLSX_TYPES.get(path.suffix.lower(), "application/octet-stream"))
