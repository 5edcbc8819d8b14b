"""--out is refused when it would write over inputs or beside another batch, and a folder
that cannot be written is a message and exit 3, never a traceback."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.batch.outlock import LOCK, OutputLock

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
GOOD = SAMPLES / "audit-bureau-2023.xlsx"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _one_department(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    return inputs


def _batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args), "--jobs", "1", "--lang", "en"])


def test_out_equal_to_the_input_folder_is_refused_and_nothing_is_touched(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "annotated").mkdir(parents=True)
    shutil.copy(GOOD, inputs / "summary.xlsx")            # a department's file of that name
    shutil.copy(GOOD, inputs / "annotated" / "甲局.xlsx")
    before = _tree(inputs)
    run = _batch(inputs, "--out", inputs)
    assert run.exit_code == 2, run.output
    assert "is the folder being audited" in run.output and "Traceback" not in run.output
    assert _tree(inputs) == before


def test_out_whose_annotated_folder_holds_the_inputs_is_refused(tmp_path):
    out = tmp_path / "out"
    inputs = out / "annotated"
    inputs.mkdir(parents=True)
    shutil.copy(GOOD, inputs / "甲局.xlsx")
    before = _tree(out)
    run = _batch(inputs, "--out", out)
    assert run.exit_code == 2, run.output
    assert "甲局.xlsx" in run.output and "Nothing was written" in run.output
    assert _tree(out) == before


def test_out_inside_the_input_folder_is_still_fine(tmp_path):
    inputs = _one_department(tmp_path)
    run = _batch(inputs, "--out", inputs / "output")
    assert run.exit_code == 0, run.output
    report = json.loads((inputs / "output" / "report.json").read_text("utf-8"))
    assert [f["path"] for f in report["files"]] == ["甲局.xlsx"]
    assert not (inputs / "output" / LOCK).exists()     # released and removed at the end
    assert _batch(inputs, "--out", inputs / "output").exit_code == 0   # and a rerun may take it


def test_a_second_batch_into_an_out_in_use_is_refused(tmp_path):
    inputs = _one_department(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):          # the first batch, still writing
        run = _batch(inputs, "--out", out)
        assert run.exit_code == 2, run.output
        assert "another batch is writing" in run.output
        assert sorted(p.name for p in out.iterdir()) == [LOCK]
    assert _batch(inputs, "--out", out).exit_code == 0


def test_an_out_that_cannot_be_created_is_a_message_and_exit_3(tmp_path):
    inputs = _one_department(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _batch(inputs, "--out", blocker / "out")
    assert run.exit_code == 3, run.output
    assert "Cannot write" in run.output and isinstance(run.exception, SystemExit)


def test_an_annotated_folder_that_cannot_be_made_costs_the_copies_only(tmp_path):
    inputs = _one_department(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "annotated").write_text("a file where the folder goes")
    run = _batch(inputs, "--out", out)
    assert run.exit_code == 3, run.output
    assert isinstance(run.exception, SystemExit)
    assert (out / "report.json").is_file() and (out / "summary.xlsx").is_file()
    assert "甲局.xlsx" in run.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert "S033" in [f["code"] for f in report["files"][0]["findings"]]   # the missing copy is a finding
