"""Shared by the web tests: an app on a fresh data folder, uploads, a bureau login."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web extras are not installed: pip install '.[web]'")
pytest.importorskip("sqlalchemy", reason="the web extras are not installed: pip install '.[web]'")

from auditor.web import Config, create_app  # noqa: E402
from auditor.web.client import LocalServer as Server  # noqa: E402,F401

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
REFERENCE = SAMPLES / "renhua-zuzhibu-2023.xlsx"
REFERENCE_REPORT = SAMPLES / "renhua-zuzhibu-2023.txt"
PLANTED = SAMPLES / "planted-faults-2023.xlsx"
CONSISTENT = SAMPLES / "audit-bureau-2023.xlsx"
PASSWORD = "correct horse battery"


def make_app(data: Path, **kw):
    app = create_app(Config(data=data, workers=kw.pop("workers", 1), **kw))
    app.config["TESTING"] = False  # errors go through the handlers, as in production
    return app


def csrf(client, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def upload(path: Path, name: str | None = None):
    return (io.BytesIO(Path(path).read_bytes()), name or Path(path).name)


def add_user(app, name: str = "reviewer", password: str = PASSWORD) -> None:
    from auditor.web.serve import add_user as add

    add(app.config["AUDITOR"], name, password)


def login(client, name: str = "reviewer", password: str = PASSWORD):
    token = csrf(client, "/bureau/login")
    return client.post("/bureau/login", data={"name": name, "password": password, "csrf": token})


def patched(source: Path, target: Path, changes: dict[str, list[tuple[bytes, bytes]]]) -> Path:
    """``source`` with exact byte replacements in some of its package members (cached
    values stay: the workbook is not re-saved through a library)."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for old, new in changes.get(info.filename, ()):
                assert old in data, (info.filename, old)
                data = data.replace(old, new, 1)
            zout.writestr(info, data)
    return target


def planted_fixed(tmp_path: Path) -> Path:
    """The planted-faults workbook with two errors corrected: P001's score 4 of 3 points
    (now 3, which its explanation then contradicts: a new P009) and T005's rate."""
    return patched(PLANTED, tmp_path / "planted-faults-2023-v2.xlsx", {
        "xl/worksheets/sheet5.xml": [(b'<c r="F3" s="17"><v>4</v></c>', b'<c r="F3" s="17"><v>3</v></c>')],
        "xl/worksheets/sheet3.xml": [(b'<c r="E5" s="12"><v>96.67</v></c>', b'<c r="E5" s="12"><v>94.67</v></c>')]})

