"""Shared by the web tests: an app on a fresh data folder, uploads, a bureau login."""
from __future__ import annotations

import atexit
import io
import os
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
# its own report: a workbook sent without one is N001, a warning (需核实), not 通过
CONSISTENT_REPORT = CONSISTENT.with_suffix(".txt")
PASSWORD = "correct horse battery"


def make_app(data: Path, **kw):
    kw.setdefault("database", fresh_database())
    app = create_app(Config(data=data, workers=kw.pop("workers", 1), **kw))
    app.config["TESTING"] = False  # errors go through the handlers, as in production
    return app


# AUDITOR_TEST_POSTGRES: a PostgreSQL server's URL (postgresql+psycopg://user:pw@host/db)
# whose user may create databases.  Given, every app of the web tests gets a database of
# its own there instead of SQLite in its data folder (.ci/run does this in a third run).
POSTGRES = os.environ.get("AUDITOR_TEST_POSTGRES")
_CREATED: list[str] = []


def fresh_database() -> str | None:
    """A new, empty PostgreSQL database's URL (dropped when the tests end), or None for
    the app's default, SQLite."""
    if not POSTGRES:
        return None
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "auditor_test_" + secrets.token_hex(6)
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    if not _CREATED:
        atexit.register(_drop_created)
    _CREATED.append(name)
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


def _drop_created() -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        for name in _CREATED:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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


def module_app(users: bool = True, **kw):
    """A test module's ``app`` fixture: one app on a fresh data folder for the module (``kw``
    for ``make_app``), with the bureau account ``reviewer`` unless ``users`` is False."""
    @pytest.fixture(scope="module")
    def app(tmp_path_factory):
        app = make_app(tmp_path_factory.mktemp("data"), **kw)
        if users:
            add_user(app)
        yield app
        app.extensions["auditor.checker"].close()
    return app


def round_with(bureau, *names: str, year: int = 2023) -> tuple[int, str]:
    """A new round of ``year`` with ``names`` (each sent twice: a duplicate is ignored):
    its id and the first department's code."""
    r = bureau.post("/bureau/rounds", data={"csrf": csrf(bureau, "/bureau/"), "year": str(year),
                                             "form": "部门整体支出绩效自评表", "deadline": "2030-03-31T18:00"})
    round_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    bureau.post(f"/bureau/rounds/{round_id}/departments",
                data={"csrf": csrf(bureau, f"/bureau/rounds/{round_id}"), "names": "".join(f"{n}\n{n}\n" for n in names)})
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", page).group(1)
    return round_id, code


def codes_of(bureau, round_id: int) -> dict[str, str]:
    """Each department's code in a round, by name, as the dashboard lists them."""
    page = bureau.get(f"/bureau/rounds/{round_id}").get_data(as_text=True)
    return dict(re.findall(r'departments/\d+">([^<]+)</a>.*?<code>([A-Z0-9-]{14})</code>', page, re.S))


def dies(*args):
    """A check that kills its worker, as a native crash does (for ``Checker``'s tests)."""
    os._exit(3)


def slow(value, seconds: float):
    """An innocent check that is still running when another kills its worker."""
    import time

    time.sleep(seconds)
    return value


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



def nothing(*args):
    """A worker's answer of nothing (a notice past its time limit)."""
    return None
