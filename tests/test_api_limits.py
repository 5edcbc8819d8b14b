"""The per-file time limit covers the rules too: a check that runs away is reported, not waited on."""
import time
from pathlib import Path

from auditor.api import UNREADABLE, check_file
from auditor.guards import Limits
from auditor.rules import REGISTRY

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "audit-bureau-2023.xlsx"


def test_a_rule_that_never_returns_costs_one_file_not_the_batch(monkeypatch):
    def forever(ctx):
        while True:
            time.sleep(0.01)
        yield  # pragma: no cover

    monkeypatch.setattr(REGISTRY["B001"], "check", forever)
    start = time.monotonic()
    result = check_file(SAMPLE, limits=Limits(max_seconds=0.5))
    assert time.monotonic() - start < 5
    assert result.status == UNREADABLE
    assert [f.code for f in result.findings] == ["S028"]


def test_within_the_limit_nothing_changes():
    assert check_file(SAMPLE, limits=Limits(max_seconds=30)).status == "checked"
