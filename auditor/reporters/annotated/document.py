"""The annotated copy of a .docx report: each finding a Word comment on its sentence, the
runs of that sentence highlighted, nothing else of the document changed.

Findings number a .docx's paragraphs in reading order, table cells included
(``auditor.narrative.read.docx_paragraphs``); the copy finds each finding's paragraph by
the same count.  python-docx rewrites only the parts it edits (the body, and the
comments part it adds); every other part is copied as it was.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

from auditor.codes import render
from auditor.findings import Finding

AUTHOR = {"zh": "财政局审核", "en": "Budget review"}


@dataclass
class ReportCopy:
    """A report's annotated copy, as ``workbook.AnnotatedCopy`` is a workbook's: ``notes``
    say what it could not mark (a finding whose paragraph has no text runs is still listed
    in the summary and the notice)."""

    data: bytes
    notes: list[str]
    extension: str = "docx"

    def write(self, fh) -> None:
        fh.write(self.data)


def annotated_report(data: bytes, findings: Sequence[Finding], lang: str = "zh") -> ReportCopy:
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    from auditor.narrative.read import docx_paragraphs

    document = docx.Document(io.BytesIO(data))
    paragraphs = docx_paragraphs(document)
    notes = []
    for f in findings:
        line = f.location.line
        para = paragraphs[line - 1] if line and 0 < line <= len(paragraphs) else _first_with_text(paragraphs)
        runs = _runs_of(para, str(f.args.get("sentence") or "")) if para is not None else []
        if not runs:
            notes.append(f"{f.code}: {f.location.line}")
            continue
        for run in runs:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        document.add_comment(runs, text=f"{f.code} {render(f, lang)}", author=AUTHOR.get(lang, AUTHOR["en"]),
                             initials="审" if lang == "zh" else "R")
    out = io.BytesIO()
    document.save(out)
    return ReportCopy(out.getvalue(), notes)


def _first_with_text(paragraphs):
    return next((p for p in paragraphs if p.runs and p.text.strip()), None)


def _runs_of(para, sentence: str) -> list:
    """The paragraph's runs that hold ``sentence`` (all its runs when it is not found: the
    sentence may begin in this paragraph and run on into the next)."""
    runs = [r for r in para.runs if r.text]
    if not sentence:
        return runs
    text = "".join(r.text for r in runs)
    start = text.find(sentence.strip())
    if start < 0:
        return runs
    end, chosen, at = start + len(sentence.strip()), [], 0
    for r in runs:
        if at < end and at + len(r.text) > start:
            chosen.append(r)
        at += len(r.text)
    return chosen or runs
