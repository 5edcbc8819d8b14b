"""The ``posix`` marker: a test that is POSIX by nature (it plants a fault through fork or
tests a signal), skipped where fork, SIGALRM or ``resource`` is missing, as on Windows and
in the simulated-Windows run (.ci/simulated-windows)."""
from __future__ import annotations

import importlib.util
import os
import signal

import pytest

POSIX = hasattr(os, "fork") and hasattr(signal, "setitimer") and importlib.util.find_spec("resource") is not None


def pytest_configure(config):
    config.addinivalue_line("markers", "posix(why): POSIX by nature (fork, signals or resource); "
                                       "skipped where they are missing")


def pytest_collection_modifyitems(config, items):
    if POSIX:
        return
    for item in items:
        mark = item.get_closest_marker("posix")
        if mark is not None:
            why = mark.args[0] if mark.args else "needs fork, signals or resource"
            item.add_marker(pytest.mark.skip(reason=f"POSIX by nature: {why}"))


# --- the web tests' clients (their module's ``app``: tests.web_support.module_app) --------

@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def bureau(app):
    """A client of the module's app logged in as ``reviewer``."""
    from tests.web_support import login

    c = app.test_client()
    assert login(c).status_code == 302
    return c



@pytest.fixture
def restore():
    """Take back what a test registers (a description, --forms) and the folder it names for
    spawned workers (AUDITOR_FORMS)."""
    from auditor import forms

    saved, env = dict(forms.FORMS), os.environ.get("AUDITOR_FORMS")
    yield
    forms.FORMS.clear(), forms.FORMS.update(saved)
    if env is None:
        os.environ.pop("AUDITOR_FORMS", None)
    else:
        os.environ["AUDITOR_FORMS"] = env


@pytest.fixture
def forked_workers(monkeypatch):
    """Workers forked from this process, whatever else runs in it: for a test that plants a
    fault through a monkeypatch only a forked worker sees (marked ``posix``).  The pool itself
    forks only where that is safe, and a test session may hold threads of earlier tests (a web
    app's sweeper), after which it would spawn."""
    import multiprocessing

    import auditor.processes.pool as pool

    monkeypatch.setattr(pool, "context", lambda memory_cap=None: multiprocessing.get_context("fork"))
