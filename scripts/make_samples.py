"""Regenerate sample_workbooks/ from scripts/sample_data.py.

    python scripts/make_samples.py [--out DIR]

Running it twice gives identical bytes: the writers get a fixed creation date and the
openpyxl-written file is re-zipped without timestamps.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import sample_data as D  # noqa: E402
from sample_reports import write_report  # noqa: E402
from drift_sample import write_drift  # noqa: E402
from project_samples import build_project_samples  # noqa: E402
from described_samples import build_described_samples  # noqa: E402
from hunan_report_samples import build_hunan_reports  # noqa: E402

from auditor.forms.template_book import TemplateBook  # noqa: E402
from auditor.forms.department.template import build_book, write_workbook  # noqa: E402

REFERENCE_NAME = "renhua-2023-self-evaluation-report.txt"
XLSX = {
    "renhua-zuzhibu-2023.xlsx": D.RENHUA,
    "audit-bureau-2023.xlsx": D.AUDIT,
    "archives-yuan-2023.xlsx": D.ARCHIVES,
    "planted-faults-2023.xlsx": D.WATER,
}


def _dec(x) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def _rate(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def resolve(data: dict) -> dict:
    """Fill in `{execution}` / `{project_execution}` with the rates the amounts give."""
    out = copy.deepcopy(data)
    econ = out["expense_economic"]
    lines = [v for k, v in econ.items() if k != "total"]
    execution = _rate(sum(_dec(v.get("actual", 0)) for v in lines),
                      sum(_dec(v.get("budget_adjusted", 0)) for v in lines))
    project = out["expense_nature"]["project"]
    project_execution = _rate(_dec(project["actual"]), _dec(project["budget_adjusted"]))

    def fill(value):
        if isinstance(value, str):
            return value.replace("{execution}", execution).replace("{project_execution}", project_execution)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value
    return fill(out)


def planted_faults(book: TemplateBook) -> list[dict]:
    """Each planted fault at its real cell, with the value the workbook holds there."""
    out = []
    for anchor, fault, related in D.PLANTED_FAULTS:
        ref = book.anchors[anchor]
        cell = book.cell(ref)
        value = cell.value if cell is not None else None
        if isinstance(value, Decimal):
            value = float(value)
        sheet, addr = ref.split("!")
        out.append({"sheet": sheet, "cell": addr, "fault": fault, "value": None if value == "" else value,
                    "related": [book.anchors[r] for r in related]})
    return out


def write_xls(path: Path, book: TemplateBook) -> None:
    """The book's values (formulas as their cached results) in the legacy .xls format."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    box = "borders: left thin, right thin, top thin, bottom thin; align: wrap on, vert centre"
    styles = {
        "plain": xlwt.easyxf("align: wrap on, vert centre"),
        "box": xlwt.easyxf(box),
        "bold": xlwt.easyxf(box + "; font: bold on"),
        "num": xlwt.easyxf(box, num_format_str="0.00"),
    }
    for sheet in book.sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        for col, width in sheet.widths.items():
            ws.col(col).width = int(width * 256)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge(r1, r2, c1, c2, styles["box"])
        for (r, c), cell in sorted(sheet.cells.items()):
            value = cell.value
            if isinstance(value, Decimal):
                value = float(value)
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                style = styles["num"] if cell.style.startswith("num") else styles["box"]
            elif cell.style in ("header", "label_total", "group", "cover_label", "title", "table_title"):
                style = styles["bold"]
            else:
                style = styles["box"] if cell.style not in ("note", "note_title", "subtitle") else styles["plain"]
            ws.write(r, c, value, style)
    wb.save(str(path))


def _reference() -> Path | None:
    candidates = [os.environ.get("AUDITOR_REFERENCE_REPORT"),
                  ROOT.parent / "shared" / "reference" / REFERENCE_NAME,
                  ROOT / "sample_workbooks" / "renhua-zuzhibu-2023.txt"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def build_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in XLSX.items():
        book = write_workbook(out / name, resolve(data))
        written.append(out / name)
        if data is D.WATER:
            faults = out / "planted-faults.json"
            faults.write_text(json.dumps(planted_faults(book), ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")
            written.append(faults)
    science = resolve(D.SCIENCE)
    write_drift(out / "science-assoc-drift-2023.xlsx", science, build_book(science))
    written.append(out / "science-assoc-drift-2023.xlsx")
    try:
        write_xls(out / "forestry-legacy-2023.xls", build_book(resolve(D.FORESTRY)))
        written.append(out / "forestry-legacy-2023.xls")
    except ModuleNotFoundError:  # xlwt: only for regenerating the legacy sample
        print("xlwt is not installed: forestry-legacy-2023.xls was not rebuilt", file=sys.stderr)
    # the consistent departments' own reports (the reference's is its real one)
    for name, data in (("audit-bureau-2023", D.AUDIT), ("archives-yuan-2023", D.ARCHIVES),
                       ("science-assoc-drift-2023", D.SCIENCE), ("forestry-legacy-2023", D.FORESTRY)):
        written.append(write_report(out / f"{name}.txt", resolve(data)))
    written += build_project_samples(out, write_xls)
    written += build_described_samples(out)
    written += build_hunan_reports(out)
    reference, copy_to = _reference(), out / "renhua-zuzhibu-2023.txt"
    if reference is not None and reference.resolve() != copy_to.resolve():
        shutil.copyfile(reference, copy_to)
        written.append(copy_to)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_workbooks")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
