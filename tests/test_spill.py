"""A batch's reports on disk (auditor.report.spill) read back as they went in, and the JSON
written from them one file at a time is the JSON rendered whole."""
import io
import json
from collections import Counter
import os
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.api import check_file, run_report
from auditor.findings import Severity
from auditor.reporters.json_report import JsonReporter, report_dict
from auditor.reporters.review import reviews
from auditor.report.spill import Spilled, load

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def reports():
    return [check_file(SAMPLES / name) for name in
            ("renhua-zuzhibu-2023.xlsx", "planted-faults-2023.xlsx", "forestry-legacy-2023.xls")]


def test_spilled_reports_read_back_whole_in_any_order():
    files = reports()
    spilled = Spilled(files)
    assert len(spilled) == 3 and list(spilled) == files and spilled[1:] == files[1:]
    by_errors = spilled.reordered(lambda a: (-a.count(Severity.ERROR), a.path))
    assert list(by_errors) == sorted(files, key=lambda a: (-a.count(Severity.ERROR), a.path))
    assert [h.path for h in spilled.reordered().heads()] == sorted(a.path for a in files)
    assert load(spilled.locate(2)) == files[2]  # as a worker process reads it
    assert spilled.by_path(files[1].path) == files[1]
    for s in Severity:
        assert spilled.severity_count(s) == sum(a.count(s) for a in files)
    worst_first = lambda a: (-a.count(Severity.ERROR), a.department, a.path)  # noqa: E731
    heads = spilled.heads()
    assert [h.department for h in heads] == [a.department for a in files]
    assert list(spilled.reordered(worst_first)) == sorted(files, key=worst_first)
    assert spilled.scored_years() == Counter(a.year for a in files if a.indicators)
    name = spilled.name
    spilled.close()
    assert not os.path.exists(name)


def test_ordering_by_heads_reads_no_report(monkeypatch):
    spilled = Spilled(reports())
    monkeypatch.setattr(Spilled, "__getitem__", lambda self, i: pytest.fail("a report was read"))
    view = spilled.reordered(lambda h: (-h.count(Severity.ERROR), h.path))
    assert [h.count(Severity.ERROR) for h in view.heads()] == sorted((h.count(Severity.ERROR) for h in
                                                                      spilled.heads()), reverse=True)


def test_streamed_json_is_the_rendered_json():
    files = reports()
    for chosen in ([], files[:1], files):
        run = run_report(Spilled(chosen))
        fh = io.BytesIO()
        JsonReporter("zh").write(run, fh)
        whole = json.dumps(report_dict(run_report(chosen)), ensure_ascii=False, indent=2) + "\n"
        assert fh.getvalue().decode("utf-8") == whole


def test_reviews_of_spilled_files_are_the_reviews_of_the_files():
    files = reports()
    lazy, eager = reviews(run_report(Spilled(files))), reviews(run_report(files))
    assert sorted(lazy) == sorted(eager)
    assert all(lazy[p].verdict == eager[p].verdict and lazy[p].data == eager[p].data for p in eager)


def test_records_from_workers_end_as_the_reports_with_their_cohort_findings():
    from auditor.batch.run import Options
    from tests.batch_support import add_cohort
    from auditor.batch.collect import Collected
    from auditor.report.spill import record

    sent, held = reports(), reports()
    for files in (sent, held):   # a copy of the first under another name: D findings on both
        files.append(replace(files[0], path="copy.xlsx", member=replace(files[0].member, path="copy.xlsx")))
    done = Collected()
    for a in sent:
        done[a.path] = record(a)          # as a worker sends it: pickled there
    assert done.last.path == "copy.xlsx" and done.cohort.by_key  # the member reached the cohort
    final = done.final(Options())
    add_cohort(held, Options())
    assert list(final) == sorted(held, key=lambda a: a.path)
    assert any(f.code.startswith("D") for a in final for f in a.findings)
    assert all(a.member is None for a in final)
