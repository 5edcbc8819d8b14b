"""Bureau accounts that end: sessions checked against the account on every request, an
absolute lifetime, login throttling that costs no hashing, a password rule, a log in pages."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.web_support import PASSWORD, add_user, csrf, login, make_app

COOKIE = "auditor_session"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path / "data")
    add_user(app)
    yield app
    app.extensions["auditor.checker"].close()


def _copy_of(app, client):
    """A second browser holding the same cookie (one copied before a logout, say)."""
    other = app.test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def _new_round(client) -> int:
    return client.post("/bureau/rounds", data={"csrf": csrf(client, "/bureau/"), "year": "2023",
                                                "form": "部门整体支出绩效自评表", "deadline": "2030-03-31T18:00"}).status_code


def test_a_cookie_copied_before_logout_opens_nothing_after_it(app):
    first = app.test_client()
    assert login(first).status_code == 302
    copy = _copy_of(app, first)
    assert copy.get("/bureau/").status_code == 200
    assert first.post("/bureau/logout", data={"csrf": csrf(first, "/bureau/")}).status_code == 302
    r = copy.get("/bureau/")
    assert r.status_code == 302 and "/bureau/login" in r.headers["Location"]


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(app):
    client = app.test_client()
    assert login(client).status_code == 302
    assert _new_round(client) == 302
    token = csrf(client, "/bureau/")
    add_user(app, password="another good passw0rd")
    r = client.post("/bureau/rounds", data={"csrf": token, "year": "2023", "deadline": "2030-03-31T18:00"})
    assert r.status_code == 302 and "/bureau/login" in r.headers["Location"]
    assert len(app.extensions["auditor.store"].rounds()) == 1
    assert login(client, password="another good passw0rd").status_code == 302


def test_disable_user_ends_every_session_and_refuses_logins(app):
    from auditor.cli import main

    client = app.test_client()
    assert login(client).status_code == 302
    data = str(app.config["DATA"])
    database = app.config["AUDITOR"].database
    args = ["serve", "--data", data] + (["--database", database] if database else [])
    r = CliRunner().invoke(main, args + ["--disable-user", "reviewer"])
    assert r.exit_code == 0, r.output
    assert client.get("/bureau/").status_code == 302
    assert login(client).status_code == 401
    assert CliRunner().invoke(main, args + ["--disable-user", "nobody"]).exit_code == 2
    log = [e["action"] for e in app.extensions["auditor.store"].log_entries()[0]]
    assert "disable-user" in log


def test_a_session_ends_hours_after_its_login_however_busy(app):
    from auditor.web.auth import SESSION_HOURS

    client = app.test_client()
    assert login(client).status_code == 302
    with client.session_transaction() as s:
        s["since"] -= SESSION_HOURS * 3600 - 60
    assert client.get("/bureau/").status_code == 200
    with client.session_transaction() as s:
        s["since"] -= 120
    assert client.get("/bureau/").status_code == 302


def test_wrong_passwords_are_throttled_per_account_before_any_hashing(app, monkeypatch):
    from auditor.web import auth
    from auditor.web.quotas import PER_ACCOUNT

    hashed = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda *a: hashed.append(1) or real(*a))
    client = app.test_client()
    for _ in range(PER_ACCOUNT):
        assert login(client, password="wrong password").status_code == 401
    assert len(hashed) == PER_ACCOUNT
    r = login(client)  # even the right password waits
    assert r.status_code == 429 and 0 < int(r.headers["Retry-After"]) <= 15 * 60
    assert "登录失败次数过多" in r.get_data(as_text=True)
    assert len(hashed) == PER_ACCOUNT  # refused without hashing
    # another account from another address is not held up by it
    add_user(app, "second", PASSWORD)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert login(other, "second").status_code == 302


def test_wrong_logins_are_throttled_per_address_whatever_the_name(app):
    from auditor.web.quotas import PER_ADDRESS

    client = app.test_client()
    for i in range(PER_ADDRESS):
        assert login(client, name=f"guess{i}", password="wrong password").status_code == 401
    assert login(client).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.3"
    assert login(elsewhere).status_code == 302


@pytest.mark.parametrize("password", ["12345678", "1234567890123", "abcdefghijkl", "short1!", "aaaaaaaa11",
                                      "reviewer2024!"])
def test_weak_passwords_are_refused(app, password):
    from auditor.cli import main
    from auditor.web.serve import WeakPassword

    with pytest.raises(WeakPassword):
        add_user(app, "reviewer", password)
    data = str(app.config["DATA"])
    r = CliRunner().invoke(main, ["serve", "--data", data, "--add-user", "reviewer"], input=f"{password}\n{password}\n")
    assert r.exit_code == 2 and "10" in r.output


def test_the_log_is_paged_filtered_and_keeps_only_the_start_of_a_made_up_name(app):
    store = app.extensions["auditor.store"]
    client = app.test_client()
    long_name = "x" * 90
    login(client, name=long_name, password="wrong password")
    for i in range(250):
        store.log("reviewer", "add-round", f"round {i}")
    assert login(client).status_code == 302
    first = client.get("/bureau/log").get_data(as_text=True)
    assert first.count("<td>新建报送轮次</td>") == 99 and "<td>add-round</td>" not in first
    assert 'id="older"' in first and 'id="newer"' not in first
    third = client.get("/bureau/log?page=3").get_data(as_text=True)
    assert 'id="newer"' in third and 'id="older"' not in third
    failed = client.get("/bureau/log?action=login-failed").get_data(as_text=True)
    assert failed.count("<td>登录失败</td>") == 1 and long_name not in failed and "x" * 39 + "…" in failed
    assert client.get("/bureau/log?page=0").status_code == 400


def test_a_database_from_before_gains_the_new_columns(tmp_path):
    """An earlier version's users table (no session version, no disabled flag) is upgraded
    in place on start, its accounts kept."""
    from sqlalchemy import create_engine, text

    from auditor.web.store import Store

    url = "sqlite:///" + str(tmp_path / "old.db")
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, "
                       "password_hash VARCHAR(300) NOT NULL, created_at DATETIME NOT NULL)"))
        c.execute(text("INSERT INTO users (name, password_hash, created_at) VALUES ('old', 'x', '2025-01-01')"))
    engine.dispose()
    row = Store(url).user("old")
    assert row["session_version"] == 0 and row["disabled"] == 0


def test_servers_starting_at_once_on_a_new_database_both_start(tmp_path):
    """Two servers on one data folder, started together: one created the tables while the
    other was about to ("table departments already exists" stopped it)."""
    import threading

    from auditor.web.store import Store

    failed = []
    for attempt in range(5):  # a race: a few tries, each on a database of its own
        url = "sqlite:///" + str(tmp_path / f"fresh-{attempt}.db")
        gate = threading.Barrier(6)

        def start():
            gate.wait()
            try:
                Store(url)
            except Exception as exc:  # what the second server died of
                failed.append(exc)

        threads = [threading.Thread(target=start) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert failed == []
