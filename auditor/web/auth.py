"""Bureau accounts: passwords through scrypt (the standard library's, a vetted memory-hard
KDF), sessions in Flask's signed cookie, a CSRF token per session checked on every form."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

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


def check_login(store, name: str, password: str) -> bool:
    row = store.user(name)
    ok = verify_password(password, row["password_hash"] if row else _dummy())
    return ok and row is not None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="csrf")


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = session.get("user")
        if not user:
            return redirect(url_for("bureau.login", next=request.path))
        g.user = user
        return view(*args, **kwargs)
    return wrapped


def log_in(name: str) -> None:
    session.clear()  # a fresh session (and CSRF token) at login: no fixation
    session["user"] = name
    session.permanent = True
    csrf_token()
