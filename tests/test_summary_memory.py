"""summary.xlsx of a province's run is written in memory that does not grow with the run:
rows go to disk as they are written (xlsxwriter's constant_memory), and a batch's files
are read from their spill one at a time, never all at once."""
import io
import tracemalloc
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from auditor.api import check_file, run_report
from auditor.reporters.summary import write_summary
from auditor.report.spill import Spilled

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def departments(n: int) -> list:
    """``n`` departments, each the planted-faults sample (many findings, own indicators) under its own name."""
    base = check_file(SAMPLES / "planted-faults-2023.xlsx")
    return [replace(base, path=f"d{i:04d}.xlsx", department=f"测试局{i:04d}") for i in range(n)]


def peak_while_writing(files) -> int:
    run = run_report(Spilled(files))
    tracemalloc.start()
    try:
        write_summary(io.BytesIO(), run)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_summary_does_not_hold_the_run_in_memory():
    small, large = peak_while_writing(departments(20)), peak_while_writing(departments(120))
    per_file = (large - small) / 100
    # Held whole (before), each of these files cost about 60 KB; what stays is xlsxwriter's
    # list of links and row heights, under 3 KB.
    assert per_file < 8_000, f"{per_file:.0f} bytes per file"


def cells(data: bytes) -> dict:
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: ([[c.value for c in row] for row in ws.iter_rows()],
                       {k: d.height for k, d in ws.row_dimensions.items() if d.height},
                       {k: d.width for k, d in ws.column_dimensions.items() if d.width})
            for ws in wb.worksheets}


def test_a_summary_from_the_spill_is_the_summary_from_memory():
    files = departments(3) + [check_file(SAMPLES / "renhua-zuzhibu-2023.xlsx")]
    spilled, held = io.BytesIO(), io.BytesIO()
    write_summary(spilled, run_report(Spilled(files)))
    write_summary(held, run_report(files))
    assert cells(spilled.getvalue()) == cells(held.getvalue())


def test_every_sheet_is_written_from_one_pass_a_pass(monkeypatch):
    # The measuring pass reads each file once; the real one once, and once more for the
    # 指标得分 sheet's own-indicator table, drawn on as far as its rows are due.  Each sheet
    # reading the files for itself read each about eleven times.
    files = departments(30)
    run = run_report(Spilled(files))
    reads, read = [0], Spilled.__getitem__

    def counted(self, i):
        reads[0] += 1
        return read(self, i)

    monkeypatch.setattr(Spilled, "__getitem__", counted)
    write_summary(io.BytesIO(), run)
    assert reads[0] <= 3 * len(files), reads[0]
