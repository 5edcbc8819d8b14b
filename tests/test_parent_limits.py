"""Limits the parent keeps: a worker past its file's deadline or the memory limit is killed,
the file reported (S028), the worker replaced, and the rest goes on, without fork,
signals or ``resource`` (the simulated-Windows run checks that; so do the subprocesses
here, which run in that mode whatever mode the suite runs in)."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from auditor.limits import Limits, MiB
from auditor.processes.pool import Lost, supervised

ROOT = Path(__file__).resolve().parent.parent
SIMULATED = ROOT / ".ci" / "simulated-windows"
SAMPLE = ROOT / "sample_workbooks" / "audit-bureau-2023.xlsx"


# Module-level, so that a spawned worker can run them.
def _nap(seconds):
    time.sleep(seconds)  # one long native call, as a stuck reader's would be
    return seconds


def _same(x):
    return x


def _hog(mib):
    hold = bytearray(mib * MiB)  # zero-filled: resident at once
    time.sleep(30)
    return len(hold)


def _falls_back(seconds):
    from auditor.processes.workers import fall_back_to

    fall_back_to(f"first part of {seconds}", 0.5)  # the rest has 0.5 s of its own
    time.sleep(seconds)
    return f"whole {seconds}"


def test_past_a_fallback_a_stopped_worker_gives_it_and_has_a_deadline_of_its_own():
    start = time.monotonic()
    got = dict(supervised(_falls_back, [30, 0.01], 2, Limits(max_seconds=20)))
    assert time.monotonic() - start < 15  # 0.5 s after the fallback, not the 20 s deadline
    assert isinstance(got[30], Lost) and got[30].fallback == "first part of 30"
    assert got[0.01] == "whole 0.01"


def test_a_worker_past_its_deadline_is_killed_and_replaced():
    start = time.monotonic()
    got = dict(supervised(_nap, [30, 0.01, 0.02, 0.03], 2, Limits(max_seconds=0.5)))
    assert time.monotonic() - start < 15
    assert isinstance(got[30], Lost) and (got[30].finding.code, got[30].finding.args) == ("S028", {"limit": "0.5 s"})
    assert [got[s] for s in (0.01, 0.02, 0.03)] == [0.01, 0.02, 0.03]


def test_many_stuck_workers_are_all_replaced():
    got = dict(supervised(_nap, [30, 31, 32, 0.01], 2, Limits(max_seconds=0.3)))
    assert all(isinstance(got[s], Lost) for s in (30, 31, 32)) and got[0.01] == 0.01


def test_a_worker_past_the_memory_limit_is_stopped():
    (mib, outcome), = supervised(_hog, [1536], 1, Limits(max_seconds=20, max_memory_bytes=512 * MiB))
    assert isinstance(outcome, Lost), outcome
    assert (outcome.finding.code, outcome.finding.args) == ("S028", {"limit": "memory"})


def _slow_workbook(path: Path, rows: int = 60_000, columns: int = 20) -> Path:
    """A real department's workbook with a sheet of ``rows`` extra rows of figures: seconds
    to read, well inside every guard's limit."""
    from auditor.forms.department.template import write_workbook
    from tests.rules.base_data import base_data

    buf = io.BytesIO()
    write_workbook(buf, base_data())
    letters = [chr(ord("A") + c) for c in range(columns)]
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet2.xml":
                head, tail = data.split(b"</sheetData>")
                last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', head))
                extra = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}.5</v></c>' for c in letters)
                                + "</row>" for r in range(last + 1, last + 1 + rows)).encode()
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", head + extra + b"</sheetData>" + tail)
            out.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("slow")
    _slow_workbook(d / "slow.xlsx")
    (d / "fast").mkdir()
    (d / "fast" / "fast.xlsx").write_bytes(SAMPLE.read_bytes())
    return d


def _simulated_cli(*args) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SIMULATED), str(ROOT)])}
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    return run, time.monotonic() - start


def _adds_at_most(extra: float, slow: float, run_slow, run_fast, rounds: int = 3) -> tuple[float, float]:
    """The quickest of up to ``rounds`` interleaved runs of the slow command (its first
    already timed: ``slow``) and of its fast twin, tried again only while the slow one adds
    more than ``extra`` seconds: on a loaded machine one start-up can take seconds longer
    than the next, and a late kill would be late every time."""
    fast = run_fast()
    for _ in range(rounds - 1):
        if slow < fast + extra:
            break
        slow, fast = min(slow, run_slow()), min(fast, run_fast())
    return slow, fast


def test_batch_reports_a_slow_file_and_goes_on(folder, tmp_path):
    run, seconds = _simulated_cli("batch", folder, "--out", tmp_path / "out", "--jobs", "2", "--timeout", "1",
                                  "--no-annotate")
    assert run.returncode == 0, run.stderr[-2000:]
    files = {f["path"]: f for f in json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))["files"]}
    assert files["slow.xlsx"]["status"] == "unreadable"
    assert [(f["code"], f["message"]) for f in files["slow.xlsx"]["findings"]][0][0] == "S028"
    assert "1 s" in files["slow.xlsx"]["findings"][0]["message"]
    assert files["fast/fast.xlsx"]["status"] == "checked"
    # against the same batch without the slow file (starting the interpreter and spawned
    # workers costs seconds on a loaded machine): the slow one adds at most its second and
    # the kill, where unbounded it takes several
    seconds, without = _adds_at_most(
        2.5, seconds,
        lambda: _simulated_cli("batch", folder, "--out", tmp_path / "out3", "--jobs", "2", "--timeout", "1",
                               "--no-annotate")[1],
        lambda: _simulated_cli("batch", folder / "fast", "--out", tmp_path / "out2", "--jobs", "2",
                               "--timeout", "1", "--no-annotate")[1])
    assert seconds < without + 2.5, (seconds, without)


def test_check_reports_a_slow_file(folder):
    run, seconds = _simulated_cli("check", folder / "slow.xlsx", "--timeout", "1", "--format", "json")
    assert run.returncode == 1, run.stderr[-2000:]
    (only,) = json.loads(run.stdout)["files"]
    assert only["status"] == "unreadable" and [f["code"] for f in only["findings"]] == ["S028"]
    seconds, fast = _adds_at_most(
        2.5, seconds,
        lambda: _simulated_cli("check", folder / "slow.xlsx", "--timeout", "1", "--format", "json")[1],
        lambda: _simulated_cli("check", folder / "fast" / "fast.xlsx", "--timeout", "1", "--format", "json")[1])
    assert seconds < fast + 2.5, (seconds, fast)  # the same start-up; the slow file adds its second


def test_a_parent_larger_than_the_memory_cap_still_starts_its_workers():
    """A forked worker starts at its parent's size: a parent grown past the cap (a long-running
    server, a test session) starts its workers by spawning, or none could start at all."""
    from auditor.processes.start import address_space

    if address_space() == 0:
        pytest.skip("the OS does not tell this process's size cheaply")
    big = bytearray(address_space() + 64 * MiB)  # the parent now exceeds twice its old size
    try:
        cap = max(256 * MiB, address_space() // 2)
        (item, outcome), = supervised(_same, [7], 1, Limits(max_seconds=60, max_memory_bytes=cap))
        assert outcome == 7, outcome
    finally:
        del big


def test_a_fork_fixed_by_a_library_is_not_taken_for_a_choice_when_unsafe():
    """``multiprocessing.get_context()`` (any library may call it) fixes the start method to
    'fork' on Linux; a parent past the cap must still spawn its workers (the full suite hung
    120 s on a forked worker that could not start its lifeline thread)."""
    import multiprocessing

    from auditor.processes.start import address_space, context

    if "fork" not in multiprocessing.get_all_start_methods() or address_space() == 0:
        pytest.skip("no fork here, or no cheap size")
    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        pytest.skip("another start method was set for this run")
    multiprocessing.get_context()  # as a library would: the default method is now 'set'
    assert context(address_space() // 2).get_start_method() == "spawn"
