"""--baseline's earlier report.json, read a file at a time and kept on disk (auditor.baseline.earlier)."""
from __future__ import annotations

import copy
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from auditor.baseline import earlier
from auditor.api import check_file, run_report
from auditor.reporters.json_report import JsonReporter

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """A report.json as check and batch write it, of three samples."""
    files = [check_file(SAMPLES / name) for name in
             ("renhua-zuzhibu-2023.xlsx", "planted-faults-2023.xlsx", "project-planted-faults-2022.xlsx")]
    path = tmp_path_factory.mktemp("earlier") / "report.json"
    with open(path, "w", encoding="utf-8") as fh:
        JsonReporter("zh").write(run_report(files), fh)
    return path


def _whole(path: Path) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["files"]


def test_the_files_read_one_at_a_time_are_the_files_of_the_report(written):
    got = earlier.read(written)
    assert list(got) == _whole(written) and len(got) == 3
    assert [p.path for p in got.pairings()] == [f["path"] for f in _whole(written)]
    assert got[1]["findings"] and got[-1]["form"] == "project"


def test_a_file_longer_than_a_chunk_is_read_whole(written, monkeypatch):
    monkeypatch.setattr(earlier, "_CHUNK", 64)
    assert list(earlier.read(written)) == _whole(written)


def test_a_report_saved_by_another_tool_is_read_too(written, tmp_path):
    data = json.loads(written.read_text("utf-8"))
    resaved = tmp_path / "resaved.json"
    resaved.write_text(json.dumps({"totals": data["totals"], "files": data["files"], "version": 1},
                                  ensure_ascii=True, separators=(",", ":")), "utf-8")
    assert list(earlier.read(resaved)) == data["files"]


def test_a_report_with_a_byte_order_mark_is_read(written, tmp_path):
    marked = tmp_path / "bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + written.read_bytes())
    assert list(earlier.read(marked)) == _whole(written)


@pytest.mark.parametrize("text, why", [
    ('{\n  "version": 2,\n  "files": []}', "schema version 1"),
    ('{"version": 2, "files": []}', "schema version 1"),
    ('{\n  "version": 1,\n  "files": [\n    {"path": "a.xlsx"},\n    {"path": "b', "cannot read"),
    ('{\n  "version": 1,\n  "files": [\n    "a.xlsx"\n  ]}', "no list of files"),
    ("not json", "cannot read"),
    ('{"version": 1, "files": {}}', "no list of files"),
])
def test_a_file_that_is_not_a_report_says_why(tmp_path, text, why):
    path = tmp_path / "report.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=why):
        earlier.read(path)


def test_the_temporary_file_goes_with_the_earlier_run(written):
    got = earlier.read(written)
    name = got.name
    assert os.path.exists(name)
    got.close()
    assert not os.path.exists(name)


def test_reading_holds_a_file_at_a_time_not_the_report(written, tmp_path):
    """The peak while reading 600 files' report, against json.load's of the same file in
    the same run: the earlier run is not held in memory."""
    data = json.loads(written.read_text("utf-8"))
    files = []
    for i in range(200):
        for f in data["files"]:
            files.append(dict(copy.deepcopy(f), path=f"{i:04d}/{f['path']}"))
    big = tmp_path / "big.json"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write('{\n  "version": 1,\n  "files": [\n    ')  # as json_report.stream lays it out
        fh.write(",\n    ".join(json.dumps(f, ensure_ascii=False, indent=2).replace("\n", "\n    ") for f in files))
        fh.write('\n  ],\n  "totals": {}\n}\n')

    def peak(fn) -> tuple[int, object]:
        tracemalloc.start()
        try:
            kept = fn()
            return tracemalloc.get_traced_memory()[1], kept
        finally:
            tracemalloc.stop()

    whole, _ = peak(lambda: json.loads(big.read_text("utf-8")))
    streamed, got = peak(lambda: earlier.read(big))
    assert len(got) == 600 and got[599]["path"] == files[599]["path"]
    assert streamed * 4 < whole, (streamed, whole)
