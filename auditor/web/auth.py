"""Bureau accounts: passwords through scrypt (the standard library's, a vetted memory-hard
KDF), sessions in Flask's signed cookie checked against the account on every request (its
session version, whether it is disabled, an absolute lifetime), a CSRF token per session
checked on every form.  Failed logins are throttled per address and per account before any
password is hashed (``auditor.web.quotas``)."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time

from flask import abort, g, redirect, request, session, url_for

# scrypt's interactive-login parameters (RFC 7914 suggests N=2^14..2^20): ~50 ms, 16 MiB
N, R, P, DKLEN = 2 ** 14, 8, 1, 32
MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=DKLEN, maxmem=MAXMEM)
    return "scrypt${}${}${}${}${}".format(N, R, P, _b64(salt), _b64(key))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want), maxmem=MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


@functools.lru_cache(maxsize=1)
def _dummy() -> str:
    """Verified against when the name is unknown: as slow as a wrong password."""
    return hash_password(secrets.token_hex(8))


def check_login(store, name: str, password: str):
    """The account's row when ``password`` is its password and it is not disabled, else None."""
    row = store.user(name)
    ok = verify_password(password, row["password_hash"] if row else _dummy())
    return row if ok and row is not None and not row["disabled"] else None


# --- passwords a bureau may choose ---------------------------------------------------------

MIN_PASSWORD = 10


def weak_password(password: str, name: str = "") -> bool:
    """Whether ``password`` is too weak: shorter than MIN_PASSWORD, of one kind of character
    only (``12345678``, ``abcdefghij``), or the account's own name in it."""
    kinds = (any(c.isalpha() for c in password), any(c.isdigit() for c in password),
             any(not c.isalnum() for c in password))
    return (len(password) < MIN_PASSWORD or sum(kinds) < 2 or len(set(password)) < 4
            or bool(name) and name.casefold() in password.casefold())


# --- sessions ----------------------------------------------------------------------------

# however often it is used, a session ends this long after its login
SESSION_HOURS = 8


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="csrf")


def current_user(store) -> str | None:
    """The signed-in account, if its session still stands: the account exists and is not
    disabled, the session's version is the account's (no logout, new password or disabling
    since), and it began less than SESSION_HOURS ago.  A session that does not stand is cleared."""
    name = session.get("user")
    if not name:
        return None
    row = store.user(name)
    since = session.get("since", 0)
    if (row is None or row["disabled"] or session.get("version") != row["session_version"]
            or not isinstance(since, (int, float)) or time.time() - since > SESSION_HOURS * 3600):
        session.clear()
        return None
    return name


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        from flask import current_app

        user = current_user(current_app.extensions["auditor.store"])
        if not user:
            return redirect(url_for("bureau.login", next=request.path))
        g.user = user
        return view(*args, **kwargs)
    return wrapped


def log_in(row) -> None:
    session.clear()  # a fresh session (and CSRF token) at login: no fixation
    session["user"] = row["name"]
    session["version"] = row["session_version"]
    session["since"] = int(time.time())
    session.permanent = True
    csrf_token()
