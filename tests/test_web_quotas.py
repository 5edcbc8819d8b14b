"""Login throttles and pre-check quotas are counted in the database: two server processes on
one database share them, a restart keeps them, and they end with their window (a clock of
the test's own, never a sleep), their rows deleted."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from tests.web_support import PASSWORD, PLANTED, add_user, login, make_app, upload


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def servers(tmp_path):
    """``start()``: another server on the same data folder and database, as a second process
    (or the same one restarted) would be, all on one clock."""
    clock, started = Clock(), []

    def start():
        database = started[0].config["AUDITOR"].database if started else None
        app = make_app(tmp_path / "data", clock=clock, **({"database": database} if started else {}))
        started.append(app)
        return app

    start.clock = clock
    yield start
    for app in started:
        app.extensions["auditor.sweeper"].set()
        app.extensions["auditor.checker"].close()


def _rows(app, table) -> int:
    with app.extensions["auditor.store"].engine.connect() as c:
        return c.execute(select(func.count()).select_from(table)).scalar()


def test_failed_logins_are_counted_across_servers_and_restarts_until_their_window_ends(servers):
    from auditor.web.quotas import PER_ACCOUNT, WINDOW
    from auditor.web.store import login_failures

    first, second = servers(), servers()
    add_user(first)
    for i in range(PER_ACCOUNT):  # the wrong passwords shared out between the two servers
        assert login((first if i % 2 else second).test_client(), password="wrong password").status_code == 401
    assert login(first.test_client()).status_code == 429
    assert login(second.test_client()).status_code == 429
    restarted = servers()
    r = login(restarted.test_client())
    assert r.status_code == 429 and 0 < int(r.headers["Retry-After"]) <= WINDOW
    servers.clock.now += WINDOW + 1
    assert login(restarted.test_client()).status_code == 302
    # the failures past the window are deleted by the next failure, not kept for ever
    assert login(second.test_client(), name="someone", password="wrong password").status_code == 401
    assert _rows(first, login_failures) == 2  # the new failure's account and address


def test_pre_check_quotas_are_shared_across_servers_and_restarts_until_the_copies_expire(servers):
    from auditor.web import uploads
    from auditor.web.store import kept_prechecks

    first, second = servers(), servers()
    size = PLANTED.stat().st_size
    for app in (first, second):
        ledger = app.extensions["auditor.ledger"]
        ledger.per_address, ledger.total = 2 * size, 10 * size

    def kept(app) -> bool:
        return "Link" in app.test_client().post("/api/check", data={"workbook": upload(PLANTED)}).headers

    assert kept(first) and kept(second)
    assert not kept(first) and not kept(second)  # the address's share is spent, whichever server it asks
    restarted = servers()
    restarted.extensions["auditor.ledger"].per_address = 2 * size
    assert not kept(restarted) and restarted.extensions["auditor.ledger"].used("127.0.0.1") == 2 * size
    servers.clock.now += first.config["AUDITOR"].download_minutes * 60 + 1
    assert restarted.extensions["auditor.ledger"].used() == 0
    uploads.sweep(first.config["DATA"], first.extensions["auditor.ledger"])
    assert _rows(first, kept_prechecks) == 0  # the expired rows are gone
    assert kept(restarted)


def test_the_ledger_admits_within_both_quotas(servers):
    ledger = servers().extensions["auditor.ledger"]
    ledger.total, ledger.per_address = 100, 60
    expires = servers.clock.now + 60
    assert ledger.admit("a", "10.0.0.1", 60, expires)
    assert not ledger.admit("b", "10.0.0.1", 1, expires)  # the address's share
    assert ledger.admit("c", "10.0.0.2", 40, expires)
    assert not ledger.admit("d", "10.0.0.3", 1, expires)  # the total
    assert ledger.used() == 100 and ledger.used("10.0.0.2") == 40
    servers.clock.now = expires
    assert ledger.admit("d", "10.0.0.3", 1, expires + 60) and ledger.prune() == 2


def test_servers_admitting_at_once_never_share_out_more_than_the_quota(servers):
    """Eight servers (engines of their own) ask at once for the last share: one gets it."""
    import threading

    from auditor.web.quotas import Ledger
    from auditor.web.store import Store

    url = servers().config["AUDITOR"].database_url
    expires = servers.clock.now + 60
    for round_ in range(3):
        ledgers = [Ledger(Store(url).engine, 100 * (round_ + 1), 1000, servers.clock) for _ in range(8)]
        gate, admitted = threading.Barrier(len(ledgers)), []

        def ask(i, ledger):
            gate.wait()
            if ledger.admit(f"{round_}-{i}", f"10.0.{round_}.{i}", 100, expires):
                admitted.append(i)

        threads = [threading.Thread(target=ask, args=(i, ledger)) for i, ledger in enumerate(ledgers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(admitted) == 1 and ledgers[0].used() == 100 * (round_ + 1)
        for ledger in ledgers:
            ledger.engine.dispose()
