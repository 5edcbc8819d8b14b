"""A .xls that makes python-calamine (Rust) panic: one S029 finding that says so, and not a
line of the panic or its backtrace on the console."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "sample_workbooks" / "forestry-legacy-2023.xls"


def _panicking(path: Path) -> Path:
    """The legacy sample with one byte changed, where calamine 0.37 indexes past a record
    (xls.rs: "range start index … out of range") and panics."""
    data = bytearray(LEGACY.read_bytes())
    data[1581] = 0xC0
    path.write_bytes(bytes(data))
    return path


def _calamine_panics(path: Path) -> bool:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    except BaseException as exc:  # PanicException derives from BaseException
        return type(exc).__name__ == "PanicException"
    return False


@pytest.fixture
def panicking(tmp_path) -> Path:
    path = _panicking(tmp_path / "森林.xls")
    if not _calamine_panics(path):
        pytest.skip("this python-calamine does not panic on the planted byte: nothing to keep quiet")
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    # RUST_BACKTRACE=1: the panic as a developer's shell shows it, 100-400 lines of backtrace
    env = {**os.environ, "RUST_BACKTRACE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("jobs", [[], ["--jobs", "1"]])
def test_a_panicking_xls_is_one_finding_and_no_backtrace(panicking, jobs):
    run = _run("check", "--format", "json", str(panicking))
    assert run.returncode == 1
    assert "panicked" not in run.stderr and "backtrace" not in run.stderr, run.stderr[:500]
    finding, = json.loads(run.stdout)["files"][0]["findings"]
    assert finding["code"] == "S029"
    assert "python-calamine" in finding["message"] and "out of range" in finding["message"]
    assert "Pickl" not in finding["message"]  # the panic itself cannot travel back from a worker
    out = panicking.parent / "out"
    run = _run("batch", str(panicking.parent), "--out", str(out), *jobs)
    assert run.returncode == 0 and "panicked" not in run.stderr and "backtrace" not in run.stderr, run.stderr[:500]


def test_in_process_the_panic_is_an_ordinary_error(panicking, capfd):
    from auditor.api import check

    report = check(panicking)
    assert [f.code for f in report.findings] == ["S029"]
    assert "panicked" not in capfd.readouterr().err


def test_stderr_is_left_alone_when_another_thread_may_be_writing(panicking):
    """A server's request thread reading a .xls must not silence the other threads' stderr."""
    import threading

    from auditor.reader import native

    seen = []
    worker = threading.Thread(target=lambda: seen.append(native._alone()))
    worker.start()
    worker.join()
    assert seen == [False]
    busy = threading.Event()
    other = threading.Thread(target=busy.wait)
    other.start()
    try:
        assert not native._alone()
    finally:
        busy.set()
        other.join()
    assert native._alone()
