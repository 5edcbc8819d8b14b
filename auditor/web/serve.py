"""``auditor serve``: starting the server with waitress, and adding bureau accounts."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from auditor.limits import MiB
from auditor.web.app import Config, create_app

# multipart boundaries and the report's field around the files themselves
REQUEST_OVERHEAD = 1 * MiB


class WeakPassword(ValueError):
    """A password ``auth.weak_password`` refuses."""


class BadName(ValueError):
    """An account name the users table cannot hold (1 to 100 characters, no NUL)."""


def add_user(config: Config, name: str, password: str) -> bool:
    """Create ``name`` (or set its password when it exists, ending its sessions and enabling
    it again); True when it was created.  Raises WeakPassword."""
    from auditor.web.auth import hash_password, weak_password
    from auditor.web.store import Store

    if not 1 <= len(name) <= 100 or "\x00" in name:
        raise BadName(name)
    if weak_password(password, name):
        raise WeakPassword(name)
    os.umask(0o077)  # the database it may create is the owner's alone
    Path(config.data).mkdir(mode=0o700, parents=True, exist_ok=True)
    store = Store(config.database_url)
    hashed = hash_password(password)
    if store.user(name) is not None:
        store.set_password(name, hashed)
        store.log("console", "set-password", name)
        return False
    store.add_user(name, hashed)
    store.log("console", "add-user", name)
    return True


def disable_user(config: Config, name: str) -> bool:
    """Disable ``name`` and end its every session; False when there is no such account.
    ``--add-user`` with a new password enables it again."""
    from auditor.web.store import Store

    store = Store(config.database_url)
    if not store.end_sessions(name, disable=True):
        return False
    store.log("console", "disable-user", name)
    return True


def serve(config: Config, host: str, port: int) -> None:
    from auditor.web import connections
    from auditor.web.app import too_large

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    os.umask(0o077)  # every file the server writes (the database, uploads, copies) is the owner's alone
    app = create_app(config)
    checker = app.extensions["auditor.checker"]
    checker.warm()
    threads = connections.threads_for(checker.workers, config.queue)
    # the app's own cap answers an upload over it; waitress's, a little above (the multipart
    # around the files), refuses a body from its Content-Length before reading it
    server = connections.create(app, host, port, threads=threads, max_body=config.max_upload_bytes + REQUEST_OVERHEAD,
                                header_seconds=config.header_seconds, body_seconds=config.body_seconds,
                                too_large=lambda path, accept: too_large(app, path, accept))
    try:
        server.run()
    finally:
        checker.close()
