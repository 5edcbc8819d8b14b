"""Rule cases for the described forms: each case starts from its form's consistent sample
(scripts/described_samples.py), changes what it says, and lays the workbook out from the
form's description.

A case may edit ``fields``, ``goal``, ``texts``, ``total`` (dicts), ``funds`` (row key →
{role: value}), ``tables`` (table key → row key → {column: value}), ``rows`` (indicator name →
{role: value}), and type raw values over cells
(``cells``).  ``description`` names a description file beside this module, registered for
the case only (a form a bureau would add), read as its own form (``read_as``).
"""
from __future__ import annotations

import contextlib
import copy
import sys
from pathlib import Path

from auditor.forms.template_book import emit

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).parent / "described"
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import described_samples as S  # noqa: E402


@contextlib.contextmanager
def registered(case: dict):
    """The case's own description registered while the case runs, and taken back after."""
    name = case.get("description")
    if not name:
        yield
        return
    import os
    import shutil
    import tempfile

    from auditor.forms import FORMS
    from auditor.forms.described import use_folder

    saved, env = dict(FORMS), os.environ.get("AUDITOR_FORMS")
    # a folder of its own, as --forms DIR: a worker process, spawned where fork is not to be
    # had (Windows, the simulated-Windows run), registers it too
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(HERE / name, folder)
        use_folder(folder)
        try:
            yield
        finally:
            FORMS.clear()
            FORMS.update(saved)
            if env is None:
                os.environ.pop("AUDITOR_FORMS", None)
            else:
                os.environ["AUDITOR_FORMS"] = env


def build_described_case(case: dict, folder: Path) -> Path:
    whole = copy.deepcopy(S.CONSISTENT[case.get("base", case["form"])])
    # a form of a table per sheet: the edits are the case's ``project``'s (the first by default)
    data = whole["projects"][case.get("project", 0)] if "projects" in whole else whole
    if "grade" in case:
        data["grade"] = case["grade"]
    for key in ("fields", "goal", "texts", "total"):
        data.setdefault(key, {}).update(case.get(key, {}))
    for line, roles in case.get("funds", {}).items():
        data["funds"].setdefault(line, {}).update(roles)
    for table, lines in case.get("tables", {}).items():
        for line, roles in lines.items():
            data["tables"][table][line].update(roles)
    for name, roles in case.get("rows", {}).items():
        next(r for r in data["rows"] if r["name"] == name).update(roles)
    with registered(case):
        book = S.book_of(case["form"], whole)
    for ref, raw in case.get("cells", {}).items():
        book.set(ref, raw)
    path = folder / "case.xlsx"
    emit(book, path)
    return path
