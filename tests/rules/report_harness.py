"""Rule cases for a narrative report sent alone (``form = "report"``): the case's ``text``,
one line a paragraph, written as .txt, as .docx (python-docx, a paragraph a line) and
as a PDF (that .docx printed by LibreOffice).

A PDF breaks long lines where its page does, so a PDF case expects the codes only; the
.txt and .docx cases expect the line (the .docx's paragraph) too.  A case with ``tables``
(each a list of rows, each a list of cell texts, written after the text) runs as .docx
only: a .txt has no tables, and a PDF's text layer keeps no cells.  The PDFs are printed
in one LibreOffice run the first time a PDF case asks, and skipped where there is none.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FORMATS = ("txt", "docx", "pdf")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_PRINTED: dict[str, Path] = {}


def variants(case: dict):
    """The case as a .txt, a .docx and a PDF; the PDF expects where as ``pdf``."""
    for fmt in (("docx",) if case.get("tables") else FORMATS):
        out = dict(case, format=fmt)
        if fmt == "pdf":
            out["expect"] = sorted({e.split()[0] + " pdf" for e in case.get("expect", [])})
        yield fmt, out


def lines_of(case: dict) -> list[str]:
    return case["text"].strip("\n").splitlines()


def write_docx(lines: list[str], path: Path, tables=()) -> Path:
    """A paragraph a line, then each table (its cells a paragraph each, row by row)."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
    document.save(str(path))
    return path


def build_report_case(case: dict, folder: Path) -> Path:
    fmt = case.get("format", "txt")
    if fmt == "txt":
        path = folder / "case.txt"
        path.write_text("\n".join(lines_of(case)) + "\n", encoding="utf-8")
        return path
    if fmt == "docx":
        return write_docx(lines_of(case), folder / "case.docx", case.get("tables", ()))
    pdf = _printed(case["text"])
    path = folder / "case.pdf"
    shutil.copyfile(pdf, path)
    return path


def _printed(text: str) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if not _PRINTED:
        _print_all()
    if text not in _PRINTED:
        pytest.skip("LibreOffice made no PDF of this case")
    return _PRINTED[text]


def _print_all() -> None:
    """Every report case's PDF, in one LibreOffice run (one start-up, not one per case)."""
    from tests.rules.harness import load_cases

    folder = Path(tempfile.mkdtemp(prefix="report-cases-"))
    texts = sorted({case["text"] for _, _, case in load_cases() if case.get("form") == "report" and not case.get("tables")})
    docs = [write_docx(lines_of({"text": t}), folder / f"c{i}.docx") for i, t in enumerate(texts)]
    try:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(folder)] + [str(d) for d in docs],
                       check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"LibreOffice could not convert: {exc}")
    for text, doc in zip(texts, docs):
        if doc.with_suffix(".pdf").exists():
            _PRINTED[text] = doc.with_suffix(".pdf")
