"""Rule cases as data: tests/rules/cases/<CODE>.toml, one file per rule.

Each case starts from the consistent department of ``base_data``, plants what it says,
writes the workbook, checks it, and compares the rule's findings, as (code, where), with
what the case expects.  ``data`` patches the department's figures before writing (so the
workbook's formulas follow them); ``cells`` types raw values over cells afterwards (so
nothing follows them, as when a department types over a formula).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from auditor.api import check_file
from auditor.forms.template_book import emit
from auditor.forms.department.template import build_book
from tests.rules.base_data import base_data

CASES = Path(__file__).parent / "cases"


def load_cases():
    for path in sorted(CASES.glob("*.toml")):
        spec = tomllib.loads(path.read_text("utf-8"))
        for i, case in enumerate(spec["case"]):
            for key, value in spec.items():  # what the file says of all its cases (form, …)
                if key != "case":
                    case.setdefault(key, value)
            if case.get("form") == "report":   # a report's case runs as .txt, .docx and PDF
                from tests.rules.report_harness import variants

                for fmt, variant in variants(case):
                    yield pytest_id(path.stem, i, variant) + f"-{fmt}", path.stem, variant
                continue
            yield pytest_id(path.stem, i, case), path.stem, case


def pytest_id(code: str, i: int, case: dict) -> str:
    return f"{code}-{i}-{case.get('name', '')}"


def _patch(data: dict, dotted: str, value) -> None:
    keys = dotted.split(".")
    node = data
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value


def build(case: dict, folder: Path) -> Path:
    """The case's workbook, made by its form's builder (``BUILDERS``; the department form's
    when the case names none, the described forms' for any other)."""
    # a form without a builder of its own is a described one: its description lays it out
    return BUILDERS.get(case.get("form", "department"), _build_described_case)(case, folder)


def build_department_case(case: dict, folder: Path) -> Path:
    data = None if case.get("blank") else base_data()  # blank: the form as `auditor template` writes it
    for dotted, value in case.get("data", {}).items():
        _patch(data, dotted, value)
    for name, fields in case.get("indicator", {}).items():
        row = next(r for r in data["scoring"] if r["name"] == name)
        row.update(fields)
    book = build_book(data)
    for ref, raw in case.get("cells", {}).items():
        book.set(ref, raw)
    for ref in case.get("clear", []):
        sheet, addr = ref.split("!")
        from xlsxwriter.utility import xl_cell_to_rowcol
        book.sheet(sheet).cells.pop(xl_cell_to_rowcol(addr), None)
    book.sheets = [s for s in book.sheets if s.name not in case.get("drop_sheets", [])]
    for sheet in book.sheets:
        sheet.name = case.get("rename_sheets", {}).get(sheet.name, sheet.name)
    path = folder / "case.xlsx"
    emit(book, path)
    if case.get("hide_sheets"):
        _hide(path, case["hide_sheets"])
    if case.get("resave_with_openpyxl"):
        import openpyxl  # its save drops every formula's cached value

        openpyxl.load_workbook(path).save(path)
    return path


def _build_project_case(case: dict, folder: Path) -> Path:
    from tests.rules.project_harness import build_project_case

    return build_project_case(case, folder)


def _build_described_case(case: dict, folder: Path) -> Path:
    from tests.rules.described_harness import build_described_case

    return build_described_case(case, folder)


# A form's rule cases are built by its builder: a new form adds one line here.
def _build_report_case(case: dict, folder: Path) -> Path:
    from tests.rules.report_harness import build_report_case

    return build_report_case(case, folder)


BUILDERS = {"department": build_department_case, "project": _build_project_case, "report": _build_report_case}


def found(path: Path, code: str, case: dict) -> set[str]:
    from tests.rules.described_harness import registered

    rules_file = case.get("rules_file")  # a pack of its own, beside the cases (tests/rules/packs/)
    if rules_file is not None:
        rules_file = str(Path(__file__).parent / rules_file)
    with registered(case):
        result = check_file(path, select=[code], rules_file=rules_file, year=case.get("year"),
                            form=case.get("read_as", "auto"))
    out = set()
    for f in result.findings:
        loc = f.location
        where = f"{loc.sheet}!{loc.cell}" if loc.cell else (loc.sheet or "file")
        if loc.line is not None and not loc.sheet:   # a report's line (a PDF's lines are its page's)
            where = "pdf" if case.get("format") == "pdf" else f"line {loc.line}"
        out.add(f"{f.code} {where}")
    return out


def _hide(path: Path, names: list[str]) -> None:
    """Mark sheets hidden in workbook.xml, leaving every other part as written."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {i: zf.read(i.filename) for i in zf.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts.items():
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                for name in names:
                    text = text.replace(f'<sheet name="{name}"', f'<sheet name="{name}" state="hidden"')
                data = text.encode("utf-8")
            zf.writestr(info, data)
