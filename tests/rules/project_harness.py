"""Rule cases for the project form: tests/rules/cases/J0xx.toml, marked ``form = "project"``.

Each case starts from the consistent project of ``project_base`` in the case's ``layout``
(national unless it says), patches it (``data``: dotted keys into the project;
``indicator``: fields of the indicator of that name), writes it, then types ``cells``
over it (so nothing follows them, as when a department types over a formula).  ``also``
adds more tables to the file: the base again, each with the fields given (``sheet`` 项目2, …).

A case with ``printed = "sichuan"`` or ``"hubei"`` starts instead from that province's
consistent sample as FORMS.md prints the form (scripts/printed_project_samples.py), with
the same ``data``, ``indicator`` and ``cells``; the sheet is 项目1.

``formulas`` (``{"项目1!E16" = "100%"}``) leaves a cell as a formula with no saved result,
as openpyxl writes any string typed with a leading ``=``: the target ``=100%`` so written.
"""
from __future__ import annotations

import copy
import re
import sys
import zipfile
from pathlib import Path

from auditor.forms.template_book import emit
from auditor.forms.project.template import build_projects
from tests.rules.harness import _patch
from tests.rules.project_base import base_in


def build_project_case(case: dict, folder: Path) -> Path:
    if "printed" in case:
        return _build_printed_case(case, folder)
    project = base_in(case.get("layout", "national"))
    for dotted, value in case.get("data", {}).items():
        _patch(project, dotted, value)
    for name, fields in case.get("indicator", {}).items():
        next(i for i in project["indicators"] if i["name"] == name).update(fields)
    for name in case.get("drop_indicators", []):
        project["indicators"] = [i for i in project["indicators"] if i["name"] != name]
    others = []
    for i, fields in enumerate(case.get("also", []), start=2):  # more tables: the base with these fields
        other = base_in(case.get("layout", "national"))
        other.update({"sheet": f"项目{i}", "name": f"{other['name']}{i}", **fields})
        others.append(other)
    book = build_projects([project] + others)
    for ref, raw in case.get("cells", {}).items():
        book.set(ref, raw)
    path = folder / "case.xlsx"
    emit(book, path)
    _uncached(path, [s.name for s in book.sheets], case.get("formulas", {}))
    return path


def _uncached(path: Path, sheets: list[str], formulas: dict) -> None:
    """Rewrite each named cell as ``<f>formula</f><v></v>``: a formula never calculated."""
    if not formulas:
        return
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    for ref, formula in formulas.items():
        sheet, addr = ref.split("!")
        part = f"xl/worksheets/sheet{sheets.index(sheet) + 1}.xml"
        xml = parts[part].decode("utf-8")
        cell = re.compile(rf'<c r="{addr}"((?: s="\d+")?)[^>]*?(?:/>|>.*?</c>)')
        assert cell.search(xml), f"{ref} is not in the sheet"
        escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts[part] = cell.sub(lambda m: f'<c r="{addr}"{m.group(1)}><f>{escaped}</f><v></v></c>', xml,
                               count=1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def _build_printed_case(case: dict, folder: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import printed_project_samples as printed

    base, sheet = {"sichuan": (printed.SICHUAN, printed.sichuan_sheet),
                   "hubei": (printed.HUBEI, printed.hubei_sheet)}[case["printed"]]
    project = copy.deepcopy(base)
    project["sheet"] = "项目1"
    for dotted, value in case.get("data", {}).items():
        _patch(project, dotted, value)
    rows = project.get("indicators") or [i for _, block in project["blocks"] for i in block]
    for name, fields in case.get("indicator", {}).items():
        next(i for i in rows if i["name"] == name).update(fields)
    b = printed._Book("项目支出绩效自评表")
    sheet(b, project)
    for ref, raw in case.get("cells", {}).items():
        b.book.set(ref, raw)
    path = folder / "case.xlsx"
    emit(b.book, path)
    return path
