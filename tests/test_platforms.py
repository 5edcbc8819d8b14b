"""What holds without POSIX: start methods, worker caps, and the same report either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from auditor.processes import start as processes

ROOT = Path(__file__).resolve().parent.parent
SIMULATED = ROOT / ".ci" / "simulated-windows"
SAMPLES = ROOT / "sample_workbooks"


def _python(code: str, simulated: bool = False) -> str:
    path = os.pathsep.join([str(SIMULATED), str(ROOT)] if simulated else [str(ROOT)])
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": path}, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


CONTEXT = "from auditor.processes.start import context; print(context().get_start_method())"


@pytest.mark.parametrize("method", ["spawn", "forkserver", "fork"])
def test_a_start_method_the_caller_set_is_kept(method):
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    assert _python(f"import multiprocessing; multiprocessing.set_start_method({method!r}); {CONTEXT}") == method


def test_fork_only_where_it_is_the_default_and_no_thread_runs():
    default = _python("import multiprocessing; print(multiprocessing.get_all_start_methods()[0])")
    assert _python(CONTEXT) == default
    # a thread in the parent (a web server's, a GUI's) makes fork unsafe
    with_thread = ("import threading, time; threading.Thread(target=time.sleep, args=(5,), daemon=True).start(); "
                   + CONTEXT)
    assert _python(with_thread) == ("spawn" if default == "fork" else default)
    assert _python(CONTEXT, simulated=True) == "spawn"


def test_context_does_not_fix_the_start_method():
    assert _python(f"{CONTEXT}; import multiprocessing; print(multiprocessing.get_start_method(allow_none=True))"
                   ).splitlines()[-1] == "None"


def test_workers_are_capped_on_windows(monkeypatch):
    assert processes.max_workers(0) == 1
    assert processes.max_workers(200) == 200
    monkeypatch.setattr(sys, "platform", "win32")
    assert processes.max_workers(200) == 61 and processes.max_workers(8) == 8


def test_the_simulation_removes_what_windows_lacks():
    got = _python("import os, signal, multiprocessing, importlib.util; "
                  "print(hasattr(os, 'fork'), hasattr(signal, 'SIGALRM'), hasattr(signal, 'setitimer'), "
                  "hasattr(signal, 'pthread_sigmask'), importlib.util.find_spec('resource') is None, "
                  "multiprocessing.get_all_start_methods())", simulated=True)
    assert got == "False False False False True ['spawn']"


def test_a_batch_reports_the_same_in_both_modes(tmp_path):
    reports = {}
    for simulated in (False, True):
        out = tmp_path / ("simulated" if simulated else "posix")
        _python(f"import sys; from auditor.cli import main; sys.argv = ['auditor', 'batch', {str(SAMPLES)!r}, "
                f"'--out', {str(out)!r}, '--jobs', '2', '--no-annotate']; main()", simulated)
        reports[simulated] = (out / "report.json").read_bytes()
    assert reports[True] == reports[False]
    # every workbook, and each report with no workbook of its name (Hunan's 自评报告 .docx)
    alone = [p for p in SAMPLES.glob("*.docx") if not any(SAMPLES.glob(p.stem + ".xls*"))]
    assert alone and json.loads(reports[True])["totals"]["files"] == len(list(SAMPLES.glob("*.xls*"))) + len(alone)
