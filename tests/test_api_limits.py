"""The per-file time limit covers the rules too: a check that runs away is reported, not waited on.
Off the main thread (a web server's request thread), where SIGALRM cannot interrupt, the
limit still holds: the check runs in a process the caller kills at the deadline."""
import threading
import time
from pathlib import Path

import pytest

from auditor.api import check
from auditor.guards import Limits, Timeout
from auditor.report import Status
from auditor.rules import REGISTRY
from auditor.processes.pool import call_with_deadline

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "audit-bureau-2023.xlsx"


@pytest.mark.posix("the runaway rule is a monkeypatch, which a spawned checking process does not see "
                   "(tests/test_parent_limits.py holds a slow workbook to a deadline everywhere)")
def test_a_rule_that_never_returns_costs_one_file_not_the_batch(monkeypatch, forked_workers):
    def forever(ctx):
        while True:
            time.sleep(0.01)
        yield  # pragma: no cover

    monkeypatch.setattr(REGISTRY["B001"], "check", forever)
    start = time.monotonic()
    result = check(SAMPLE, limits=Limits(max_seconds=0.5))
    assert time.monotonic() - start < 5
    assert result.status == Status.UNREADABLE
    assert [f.code for f in result.findings] == ["S028"]


@pytest.mark.posix("the alarm of this process is what is under test")
def test_past_a_fallback_this_process_s_alarm_gives_it():
    from auditor.processes.workers import call_with_timeout, fall_back_to

    def slow():
        fall_back_to("first part", 0.3)
        time.sleep(30)
        return "whole"

    start = time.monotonic()
    assert call_with_timeout(20, slow) == "first part"
    assert time.monotonic() - start < 5
    with pytest.raises(Timeout):  # no fallback: the deadline as before
        call_with_timeout(0.2, never_returns)


def test_off_the_main_thread_a_fallback_is_what_a_stopped_check_gives():
    assert _in_thread(call_with_deadline, 20, _falls_back) == "first part"


def _falls_back():
    from auditor.processes.workers import fall_back_to

    fall_back_to("first part", 0.3)
    never_returns()


def test_within_the_limit_nothing_changes():
    assert check(SAMPLE, limits=Limits(max_seconds=30)).status == "checked"


def _in_thread(fn, *args, **kwargs):
    out = {}

    def target():
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:
            out["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join(60)
    assert not t.is_alive()
    if "error" in out:
        raise out["error"]
    return out["value"]


def never_returns(*_):
    while True:
        time.sleep(0.01)


def test_the_deadline_holds_off_the_main_thread():
    start = time.monotonic()
    with pytest.raises(Timeout):
        _in_thread(call_with_deadline, 1.0, never_returns)
    assert time.monotonic() - start < 15


def test_a_check_off_the_main_thread_is_bounded_and_otherwise_the_same():
    over = _in_thread(check, SAMPLE, limits=Limits(max_seconds=0.001))
    assert over.status == Status.UNREADABLE and [f.code for f in over.findings] == ["S028"]
    here = check(SAMPLE)
    there = _in_thread(check, SAMPLE, limits=Limits(max_seconds=60))
    assert there.status == Status.CHECKED
    assert there.findings == here.findings and there.score_stated == here.score_stated
    assert there.source == str(SAMPLE)


def test_bytes_and_file_objects_are_checked_like_the_path():
    by_path = check(SAMPLE)
    data = SAMPLE.read_bytes()
    by_bytes = check(data, name=str(SAMPLE))
    with open(SAMPLE, "rb") as fh:
        by_file = check(fh, name=str(SAMPLE))
    assert by_bytes.findings == by_path.findings == by_file.findings
    assert by_bytes.figures == by_path.figures and by_bytes.source is None and by_path.source == str(SAMPLE)
    # the name's extension is what the content is compared with (S023)
    renamed = check(data, name="upload.xls")
    assert "S023" in {f.code for f in renamed.findings}
    assert {f.location.file for f in renamed.findings} == {"upload.xls"}
