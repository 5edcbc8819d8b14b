"""The reviewer's marked-up copy of a department's workbook.

Each finding's cell is filled by severity and carries a note (批注); a 审核意见 sheet is
put first. The copy is made by editing the .xlsx package, never by loading and saving
it with openpyxl (which drops cached values, sparklines, shapes and rich comments):
every part the annotation does not need is copied byte for byte. What cannot be kept
is named in the findings sheet and logged, never dropped silently.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from auditor.findings import Finding
from auditor.reporters.annotated.editor import Annotator, note
from auditor.reporters.annotated.findings_sheet import Header
from auditor.ooxml.edit import Package, Unsupported, write_package
from auditor.reporters.annotated.values_copy import values_copy
from auditor.reporters.safe_output import atomic_write, inside, safe_name

__all__ = ["Header", "AnnotateError", "AnnotateResult", "AnnotatedCopy", "annotate", "annotated_copy",
           "write_annotated"]

log = logging.getLogger("auditor.annotate")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"





class AnnotateError(ValueError):
    """The file cannot be annotated at all (not a workbook, encrypted, damaged)."""


@dataclass
class AnnotateResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def write_annotated(source, out_dir, findings: Sequence[Finding], header: Header, lang: str = "zh",
                    *, name: str | None = None, durable: bool = True, data: bytes | None = None) -> Path:
    """Write ``out_dir/<source's file name>`` (``.xls`` becomes ``.xlsx``) and return its path.

    ``name`` overrides the output's file name (e.g. the name a file was uploaded under);
    either way it is made safe and cannot leave ``out_dir``. Anything the copy could
    not keep is logged as a warning and listed in the findings sheet.
    """
    result = annotate(source, out_dir, findings, header, lang, name=name, durable=durable, data=data)
    for warning in result.warnings:
        log.warning("%s: %s", result.path.name, warning)
    return result.path


def annotate(source, out_dir, findings: Sequence[Finding], header: Header, lang: str = "zh",
             *, name: str | None = None, durable: bool = True, data: bytes | None = None) -> AnnotateResult:
    """The copy of ``source`` (or of ``data``, its bytes, when given) written into ``out_dir``."""
    source = Path(source)
    if data is None:
        data = source.read_bytes()     # read once; the source is never opened for writing
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy = annotated_copy(data, source, findings, header, lang)
    base = safe_name(name or source.name)
    target = inside(out_dir, f"{base.rpartition('.')[0] or base}.{copy.extension}")
    if target.exists() and source.exists() and os.path.samefile(target, source):
        raise AnnotateError(f"{target} is the source itself; choose another output directory")
    atomic_write(target, copy.write, durable=durable)
    return AnnotateResult(target, copy.notes)


@dataclass
class AnnotatedCopy:
    """The edited package of one workbook, ready to be written; ``extension`` is the one
    its content calls for (``.xls`` becomes ``xlsx``)."""

    pkg: Package
    replaced: dict
    added: dict
    extension: str
    notes: list[str]

    def write(self, fh) -> None:
        write_package(self.pkg, fh, self.replaced, self.added)


def annotated_copy(data: bytes, source: Path, findings: Sequence[Finding], header: Header,
                   lang: str = "zh") -> "AnnotatedCopy | ReportCopy":
    """Annotate the workbook ``data``; ``source`` names it (findings in other files are not marked).
    A .docx report sent alone (``header.form`` "report") is annotated as a document."""
    if header.form == "report":
        from auditor.reporters.annotated.document import annotated_report

        try:
            return annotated_report(data, findings, lang)
        except Exception as exc:   # python-docx raises many kinds on what it cannot edit
            raise AnnotateError(f"{source.name}: cannot be annotated ({type(exc).__name__}: {exc})") from exc
    notes: list[str] = []
    if data[:8] == OLE2_MAGIC:
        kind = "xls"
    elif data[:4] == b"PK\x03\x04":
        kind = "zip"
    else:
        raise AnnotateError(f"{source.name}: neither an .xlsx package nor a legacy .xls workbook")
    try:
        pkg, replaced, added, extension = _build(data, kind, source, findings, header, lang, notes)
    except Exception as exc:   # calamine, zipfile and our own refusals alike
        raise AnnotateError(f"{source.name}: cannot be annotated ({type(exc).__name__}: {exc})") from exc
    return AnnotatedCopy(pkg, replaced, added, extension, notes)


def _build(data: bytes, kind: str, source: Path, findings, header, lang, notes):
    """The edited package: in place when possible, else from a values-only rebuild."""
    if kind == "xls":
        notes.append(note("legacy_xls", lang))
        data = values_copy(data)
    before = list(notes)
    try:
        pkg = Package(data)
        annotator = Annotator(pkg, source, findings, header, lang, notes)
        replaced, added = annotator.build()
        pkg.check_copied(replaced)
    except Unsupported as exc:
        if kind == "xls":
            raise
        notes[:] = before + [note("rebuilt", lang, reason=str(exc))]
        pkg = Package(values_copy(data))
        annotator = Annotator(pkg, source, findings, header, lang, notes)
        replaced, added = annotator.build()
    return pkg, replaced, added, annotator.extension
