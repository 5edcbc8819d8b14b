"""The notice's tables are built by copying one prepared row (fast, linear); what they say and
how wide they are is what building every row through python-docx gave."""
from __future__ import annotations

import copy
import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from auditor.api import check_file
from auditor.findings import Location
from auditor.reporters import notice
from auditor.reporters.notice import NoticeReporter
from auditor.reporters.review import file_dict
from auditor.words import section

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
PLANTED = SAMPLES / "planted-faults-2023.xlsx"
HOSTILE = "<w:b/>&amp; \x07=HYPERLINK(\"x\")\t\r\n  "


def _through_python_docx(doc, heads, rows, widths) -> None:
    """Every row through python-docx's own API, as the notice did before: the reference."""
    t = doc.add_table(rows=1, cols=len(heads))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, heads):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(t.add_row().cells, row):
            cell.text = notice._s(text)
    t.autofit = False
    for column, width in zip(t.columns, widths):
        column.width = width
    for row in t.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _notice(report, **kw) -> bytes:
    out = io.BytesIO()
    NoticeReporter(**kw).write(report, out)
    return out.getvalue()


def _xml(package: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml")


def _tables(package: bytes):
    """Each table's cells' text, each cell's width and the grid's, as Word and LibreOffice read them."""
    d = docx.Document(io.BytesIO(package))
    return [([[c.text for c in row.cells] for row in t.rows],
             [[c.width for c in row.cells] for row in t.rows],
             [col.width for col in t.columns], t.autofit) for t in d.tables]


def _planted_with_hostile_text():
    r = check_file(PLANTED)
    # a department's strings reach the table as 应为/实为 and in the sheet's name
    r.findings.append(dataclasses.replace(r.findings[0], location=Location(r.path, "收支<情况>", "B9"),
                                          expected=HOSTILE, actual="\t lead "))
    return r


def _cases():
    planted = _planted_with_hostile_text()
    previous = file_dict(check_file(PLANTED), "zh")
    other = file_dict(check_file(SAMPLES / "science-assoc-drift-2023.xlsx"), "zh")
    previous["findings"] = previous["findings"][::2] + other["findings"]   # some kept, some new, some fixed
    return [(planted, {"lang": "zh"}), (planted, {"lang": "en"}),
            (planted, {"lang": "zh", "previous": previous, "compared": True}),
            (check_file(SAMPLES / "project-three-2022.xlsx"), {"lang": "zh"})]


@pytest.mark.parametrize("case", range(4))
def test_the_tables_say_and_measure_what_python_docx_made_them(case, monkeypatch):
    report, kw = _cases()[case]
    fast = _notice(report, **kw)
    monkeypatch.setattr(notice, "_grid", _through_python_docx)
    slow = _notice(report, **kw)
    assert _tables(fast) == _tables(slow)
    assert _xml(fast) == _xml(slow)          # the same XML, to the byte: style, bold header, runs, breaks


def test_fixed_expectations_for_the_planted_sample():
    tables = _tables(_notice(_planted_with_hostile_text(), lang="zh"))
    texts, cell_widths, grid, autofit = tables[1]
    w = section("notice", "zh")
    assert texts[0] == [w[k] for k in ("no", "severity", "where", "problem", "expected", "actual")]
    twips = [w.twips for w in grid]
    assert twips == [567, 964, 1361, 4252, 1134, 1077]
    assert all([w.twips for w in row] == twips for row in cell_widths) and autofit is False
    assert [row[0] for row in texts[1:]] == [str(i) for i in range(1, len(texts))]
    # a department's text stays text: escaped markup, a control character replaced, breaks as breaks
    hostile = next(row for row in texts if row[2] == "收支<情况>!B9")
    assert hostile[4:] == ["<w:b/>&amp; \ufffd=HYPERLINK(\"x\")\t\n\n  ", "\t lead "]


@pytest.mark.parametrize("text", ["", "a", " a", "a ", "\u3000甲", "a\tb", "a\r\nb", "\n", "\t\t", "x\n y ", "<&>\"'"])
def test_a_runs_text_is_put_in_as_python_docx_puts_it(text):
    ours, theirs = OxmlElement("w:r"), OxmlElement("w:r")
    notice._run_text(ours, text)
    theirs.text = text
    assert docx.oxml.xmlchemy.serialize_for_reading(ours) == docx.oxml.xmlchemy.serialize_for_reading(theirs)


def test_the_work_per_finding_is_one_copied_row(monkeypatch):
    """Linear by count: python-docx is asked for the same few things whatever the number of
    findings (its per-row calls were what grew with the table), and one row is copied per finding."""
    import docx.table

    calls = {"python-docx": 0, "copies": 0}

    def counting(key, f):
        def wrapped(*a, **k):
            calls[key] += 1
            return f(*a, **k)
        return wrapped

    monkeypatch.setattr(docx.table.Table, "add_row", counting("python-docx", docx.table.Table.add_row))
    monkeypatch.setattr(docx.table._Row, "cells", property(counting("python-docx", docx.table._Row.cells.fget)))
    monkeypatch.setattr(docx.table._Cell, "text", property(docx.table._Cell.text.fget,
                                                            counting("python-docx", docx.table._Cell.text.fset)))
    monkeypatch.setattr(notice, "deepcopy", counting("copies", copy.deepcopy))
    base = check_file(PLANTED)
    seen = []
    for times in (2, 8):
        r = copy.copy(base)
        r.findings = base.findings * times
        calls.update({"python-docx": 0, "copies": 0})
        package = _notice(r, lang="zh")
        counted = calls["python-docx"], calls["copies"]
        seen.append((*counted, len(_tables(package)[1][0]) - 1))
    (docx_small, copies_small, rows_small), (docx_large, copies_large, rows_large) = seen
    assert rows_large == 4 * rows_small > 0
    assert copies_small == rows_small and copies_large == rows_large
    assert docx_small == docx_large
