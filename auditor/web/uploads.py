"""Uploaded files into private files, and the short-lived downloads of pre-check copies."""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, g

from auditor.reporters.safe_output import safe_name
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
    no file was sent.  The copy is removed when the request ends."""
    if storage is None or not storage.filename:
        return None
    data: Path = current_app.config["DATA"]
    suffix = suffix_for(storage.filename, allowed)
    path = data / "tmp" / (secrets.token_urlsafe(32) + suffix)
    g.setdefault("private_files", []).append(str(path))
    digest, size = hashlib.sha256(), 0
    with open(path, "xb") as out:
        for chunk in iter(lambda: storage.stream.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Received(Upload(str(path), safe_name(storage.filename, default)), digest.hexdigest(), size, suffix)


def workbook_and_report(files) -> tuple[Received, Received | None]:
    """(the file checked, its report): the workbook and its report, or a report sent alone
    as the file checked (``auditor.api.check`` checks it as a report)."""
    workbook = receive(files.get("workbook"), WORKBOOK_SUFFIXES, "workbook.xlsx")
    report = receive(files.get("report"), REPORT_SUFFIXES, "report.txt")
    if workbook is None and report is None:
        abort(400, description="no workbook")
    return (workbook, report) if workbook is not None else (report, None)


# --- pre-check downloads ------------------------------------------------------------------

def offer(annotated: str | None, name: str) -> str | None:
    """Make the pre-check's annotated copy (already in precheck/) downloadable for the
    configured window; the token in its name is the link."""
    if not annotated:
        return None
    folder = current_app.config["DATA"] / "precheck"
    token = Path(annotated).stem
    minutes = current_app.config["AUDITOR"].download_minutes
    meta = {"name": name, "file": Path(annotated).name, "expires": time.time() + minutes * 60}
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def offered(token: str) -> tuple[Path, str] | None:
    """The copy behind a download token and its name, if the token is valid and not expired."""
    if not TOKEN.match(token or ""):
        return None
    folder = current_app.config["DATA"] / "precheck"
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    copy = folder / Path(str(meta.get("file", ""))).name
    if meta.get("expires", 0) < time.time() or not copy.name.startswith(token) or not copy.is_file():
        return None
    return copy, str(meta.get("name") or "workbook.xlsx")


def sweep(max_age_seconds: float) -> int:
    """Remove expired pre-check copies and any tmp file a crash left behind."""
    data: Path = current_app.config["DATA"]
    cutoff, removed = time.time() - max_age_seconds, 0
    for folder, age in ((data / "precheck", cutoff), (data / "tmp", time.time() - 3600)):
        for f in folder.iterdir():
            try:
                if f.stat().st_mtime < age:
                    f.unlink()
                    removed += 1
            except OSError:
                pass
    return removed


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
