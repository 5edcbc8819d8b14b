"""What the server keeps: accounts, rounds and their department codes, submissions, the audit log.

SQLAlchemy Core with portable types only, so the same code runs on the embedded SQLite
file and on a PostgreSQL server (``--database postgresql+psycopg://...``).  The bytes of
a submission live under the data folder, named by the submission's id, never by the name
they were uploaded under; the database holds their hash.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from typing import Callable

from sqlalchemy import (BigInteger, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, create_engine, func, insert, select, update)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # bumped by a logout, a new password or disabling: every session signed with an older one ends
    Column("session_version", Integer, nullable=False, server_default="0"),
    Column("disabled", Integer, nullable=False, server_default="0"))

rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("form", String(100), nullable=False),
    Column("deadline", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(100), nullable=False))

departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", Integer, ForeignKey("rounds.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("code", String(40), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("round_id", "name"))

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("stored", String(200), nullable=False),   # our path under the data folder
    Column("report_name", String(300)),
    Column("report_sha256", String(64)),
    Column("report_stored", String(200)),
    Column("created_at", DateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("result", Text, nullable=False),   # the JSON report's file, findings with subjects
    Column("annotated", String(200)),          # our path of its annotated copy, if one was made
    UniqueConstraint("department_id", "version"))

# A version the bureau withdrew (a file that should never have counted): kept, and shown
# as withdrawn, but no longer the department's latest, in the summary or compared against.
# A table of its own, so that a data folder from before it gains it by create_all alone.
withdrawals = Table(
    "withdrawals", metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id"), primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("by", String(100), nullable=False))

# What the bureau prints on every notice of a round (auditor.reporters.notice_settings): the
# settings as JSON, checked before they are kept.  A table of its own, so that a database from
# before it gains it by create_all alone, and a round without a row has no settings.
round_notices = Table(
    "round_notices", metadata,
    Column("round_id", Integer, ForeignKey("rounds.id"), primary_key=True),
    Column("settings", Text, nullable=False),
    Column("at", DateTime, nullable=False),
    Column("by", String(100), nullable=False))

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("detail", Text, nullable=False),
    Column("address", String(64)))

# Failed logins and the pre-checks kept for their copy (auditor.web.quotas): in the database,
# not in a server process's memory, so that every process on it and a restart count the same.
# Times are seconds since the epoch (a wall clock: a process's monotonic clock is its own).
login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),      # what is throttled: "account", "address"
    Column("subject", String(200), nullable=False),  # which one: the name, the address
    Column("at", Float, nullable=False),
    Index("ix_login_failures_subject", "kind", "subject", "at"),
    Index("ix_login_failures_at", "kind", "at"))

kept_prechecks = Table(
    "kept_prechecks", metadata,
    Column("token", String(64), primary_key=True),
    Column("address", String(64), nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("expires", Float, nullable=False),
    Index("ix_kept_prechecks_expires", "expires"))

# One row per quota: a transaction that admits against it updates its row first, which
# makes the next one wait (a row lock on PostgreSQL, the write lock on SQLite), so two
# processes cannot both find room for the last share.
quota_locks = Table(
    "quota_locks", metadata,
    Column("name", String(40), primary_key=True),
    Column("turns", BigInteger, nullable=False))

# Codes a clerk reads off a notice and types: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def now() -> dt.datetime:
    """UTC, without tzinfo: every dialect stores that the same way."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


_NOT_IN_A_CODE = re.compile(r"[\s\-‐‑‒–—―－_]+")


def plain_code(typed: str) -> str:
    """A code as typed (lower case, spaces, with or without its hyphens, full-width dashes)
    in the form it is stored: XXXX-XXXX-XXXX."""
    raw = _NOT_IN_A_CODE.sub("", typed or "").upper()
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if len(raw) == 12 else raw


class Store:
    def __init__(self, url: str):
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, future=True, pool_pre_ping=True, **kwargs)
        # each failure is another server, started at once, having created a table or index
        # first: every try gets further, so there are at most as many tries as those
        tries = 1 + sum(1 + len(t.indexes) for t in metadata.sorted_tables)
        for attempt in range(tries):
            try:
                metadata.create_all(self.engine)
                _add_missing_columns(self.engine)
                break
            except (OperationalError, ProgrammingError, IntegrityError):
                if attempt == tries - 1:
                    raise

    # --- accounts and the log -------------------------------------------------------------

    def add_user(self, name: str, password_hash: str) -> None:
        with self.engine.begin() as c:
            c.execute(insert(users).values(name=name, password_hash=password_hash, created_at=now()))

    def set_password(self, name: str, password_hash: str) -> None:
        """A new password ends every session signed in with the old one."""
        with self.engine.begin() as c:
            c.execute(update(users).where(users.c.name == name).values(
                password_hash=password_hash, disabled=0, session_version=users.c.session_version + 1))

    def end_sessions(self, name: str, disable: bool = False) -> bool:
        """End every session of ``name`` (a logout ends them all), and disable it if asked;
        False when there is no such account."""
        values = {"session_version": users.c.session_version + 1}
        if disable:
            values["disabled"] = 1
        with self.engine.begin() as c:
            return c.execute(update(users).where(users.c.name == name).values(**values)).rowcount > 0

    def user(self, name: str):
        with self.engine.connect() as c:
            return c.execute(select(users).where(users.c.name == name)).mappings().first()

    def log(self, actor: str, action: str, detail: str = "", address: str | None = None) -> None:
        with self.engine.begin() as c:
            c.execute(_log_row(actor, action, detail, address))

    def log_entries(self, page: int = 1, per_page: int = 100, actor: str = "", action: str = ""):
        """One page of the log, the newest first, optionally of one actor (its name contains
        ``actor``) or one action; and whether there is a next page."""
        q = select(audit_log)
        if actor:
            q = q.where(audit_log.c.actor.contains(actor, autoescape=True))
        if action:
            q = q.where(audit_log.c.action == action)
        with self.engine.connect() as c:
            rows = list(c.execute(q.order_by(audit_log.c.id.desc()).offset((page - 1) * per_page)
                                  .limit(per_page + 1)).mappings())
        return rows[:per_page], len(rows) > per_page

    def log_actions(self) -> list[str]:
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(select(audit_log.c.action).distinct().order_by(audit_log.c.action))]

    # --- rounds and departments -----------------------------------------------------------

    def add_round(self, year: int, form: str, deadline: dt.datetime, actor: str) -> int:
        with self.engine.begin() as c:
            return c.execute(insert(rounds).values(year=year, form=form, deadline=deadline, created_at=now(),
                                                   created_by=actor)).inserted_primary_key[0]

    def rounds(self):
        with self.engine.connect() as c:
            return list(c.execute(select(rounds).order_by(rounds.c.year.desc(), rounds.c.id.desc())).mappings())

    def round(self, round_id: int):
        with self.engine.connect() as c:
            return c.execute(select(rounds).where(rounds.c.id == round_id)).mappings().first()

    def notice_settings(self, round_id: int) -> dict[str, str]:
        """The round's notice settings (empty when none were set)."""
        with self.engine.connect() as c:
            row = c.execute(select(round_notices.c.settings).where(round_notices.c.round_id == round_id)).first()
        return json.loads(row[0]) if row else {}

    def set_notice_settings(self, round_id: int, settings: dict[str, str], actor: str, address: str | None) -> None:
        """Replace the round's notice settings (already checked), logged in the same transaction."""
        values = {"settings": json.dumps(settings, ensure_ascii=False), "at": now(), "by": actor[:100]}
        for attempt in range(2):  # a second bureau user's first save at the same moment: then an update
            try:
                with self.engine.begin() as c:
                    done = c.execute(update(round_notices).where(round_notices.c.round_id == round_id)
                                     .values(**values)).rowcount
                    if not done:
                        c.execute(insert(round_notices).values(round_id=round_id, **values))
                    c.execute(_log_row(actor, "notice-settings", f"round {round_id}", address))
                return
            except IntegrityError:
                if attempt:
                    raise

    def add_department(self, round_id: int, name: str) -> str:
        for _ in range(5):  # a clash of 60 random bits is not expected; retried all the same
            code = new_code()
            try:
                with self.engine.begin() as c:
                    c.execute(insert(departments).values(round_id=round_id, name=name, code=code, created_at=now()))
                return code
            except IntegrityError:
                if self.department_named(round_id, name) is not None:
                    raise
        raise RuntimeError("could not draw a unique code")

    def department_named(self, round_id: int, name: str):
        with self.engine.connect() as c:
            q = select(departments).where(departments.c.round_id == round_id, departments.c.name == name)
            return c.execute(q).mappings().first()

    def department(self, department_id: int):
        with self.engine.connect() as c:
            return c.execute(select(departments).where(departments.c.id == department_id)).mappings().first()

    def department_by_code(self, code: str):
        code = plain_code(code)
        with self.engine.connect() as c:
            row = c.execute(select(departments, rounds.c.year, rounds.c.form, rounds.c.deadline)
                            .join(rounds, rounds.c.id == departments.c.round_id)
                            .where(departments.c.code == code)).mappings().first()
        return row

    def departments(self, round_id: int):
        """Each department of a round with its latest submission (or None) and how many it sent."""
        with self.engine.connect() as c:
            deps = list(c.execute(select(departments).where(departments.c.round_id == round_id)
                                  .order_by(departments.c.name)).mappings())
            ids = select(departments.c.id).where(departments.c.round_id == round_id)
            counts = dict(c.execute(select(submissions.c.department_id, func.count())
                                    .where(submissions.c.department_id.in_(ids))
                                    .group_by(submissions.c.department_id)).all())
            latest_ids = select(func.max(submissions.c.id)).where(submissions.c.department_id.in_(ids), _standing()) \
                .group_by(submissions.c.department_id)
            latest = {r["department_id"]: r for r in c.execute(
                select(submissions).where(submissions.c.id.in_(latest_ids))).mappings()}
        return [(d, latest.get(d["id"]), counts.get(d["id"], 0)) for d in deps]

    # --- submissions ----------------------------------------------------------------------

    def add_submission(self, department_id: int, logged: tuple[str, Callable[[int], str], str | None],
                       **values) -> dict:
        """A new version (never an overwrite): the next number, taken under the unique
        constraint so two uploads at once cannot both be version n.  ``logged`` is the log's
        (actor, detail given the version's number, address), written in the same transaction:
        a version is never kept without its line in the log, nor logged without being kept."""
        actor, detail, address = logged
        for _ in range(20):
            try:
                with self.engine.begin() as c:
                    top = c.execute(select(func.max(submissions.c.version))
                                    .where(submissions.c.department_id == department_id)).scalar() or 0
                    row = dict(values, department_id=department_id, version=top + 1, created_at=now())
                    row["result"] = json.dumps(row["result"], ensure_ascii=False)
                    row["id"] = c.execute(insert(submissions).values(**row)).inserted_primary_key[0]
                    c.execute(_log_row(actor, "submit", detail(top + 1), address))
                    return row
            except IntegrityError:
                continue
        raise RuntimeError("could not number the submission")

    def submissions(self, department_id: int):
        """Every version, oldest first, each with ``withdrawn_at`` (None unless withdrawn)."""
        with self.engine.connect() as c:
            q = select(submissions, withdrawals.c.at.label("withdrawn_at")) \
                .outerjoin(withdrawals, withdrawals.c.submission_id == submissions.c.id) \
                .where(submissions.c.department_id == department_id).order_by(submissions.c.version)
            return list(c.execute(q).mappings())

    def version_count(self, department_id: int) -> int:
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from(submissions)
                             .where(submissions.c.department_id == department_id)).scalar()

    def previous(self, department_id: int, before_version: int | None = None):
        """The latest standing version (before ``before_version``, if given), or None: what a
        new version is compared with, without loading the whole history."""
        with self.engine.connect() as c:
            q = select(submissions).where(submissions.c.department_id == department_id, _standing())
            if before_version is not None:
                q = q.where(submissions.c.version < before_version)
            return c.execute(q.order_by(submissions.c.version.desc()).limit(1)).mappings().first()

    def submission(self, submission_id: int):
        with self.engine.connect() as c:
            return c.execute(select(submissions).where(submissions.c.id == submission_id)).mappings().first()

    def set_annotated(self, submission_id: int, path: str) -> None:
        with self.engine.begin() as c:
            c.execute(update(submissions).where(submissions.c.id == submission_id).values(annotated=path))

    def withdraw(self, submission_id: int, actor: str, detail: str, address: str | None) -> bool:
        """Withdraw a version, logged in the same transaction; False if it already was."""
        with self.engine.begin() as c:
            if c.execute(select(withdrawals).where(withdrawals.c.submission_id == submission_id)).first():
                return False
            c.execute(insert(withdrawals).values(submission_id=submission_id, at=now(), by=actor[:100]))
            c.execute(_log_row(actor, "withdraw", detail, address))
        return True


def _add_missing_columns(engine) -> None:
    """A data folder from an earlier version gains the columns added since (each has a
    server default, so existing rows read as before); create_all adds only tables."""
    from sqlalchemy import inspect as inspect_db, text

    found = inspect_db(engine)
    for table in metadata.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        for col in table.columns:
            if col.name not in have and col.server_default is not None:
                kind = col.type.compile(dialect=engine.dialect)
                with engine.begin() as c:
                    c.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {col.name} {kind} NOT NULL "
                                   f"DEFAULT {col.server_default.arg}"))


def _standing():
    """Versions not withdrawn."""
    return submissions.c.id.not_in(select(withdrawals.c.submission_id))


def _log_row(actor: str, action: str, detail: str, address: str | None):
    return insert(audit_log).values(at=now(), actor=actor[:100], action=action, detail=detail[:2000],
                                    address=(address or "")[:64])


def result_of(row) -> dict:
    return json.loads(row["result"])


def local_time(value: dt.datetime | None) -> str:
    """A stored UTC time as the server's local time, to the minute."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
