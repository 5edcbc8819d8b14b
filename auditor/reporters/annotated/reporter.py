"""The annotated copy as a reporter: one per checked file, from the file's own bytes."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from auditor.report import FileReport
from auditor.reporters.annotated import workbook as _annotate
from auditor.reporters.annotated.workbook import Header, annotated_copy, log
from auditor.reporters.base import Reporter, register


def header_of(report: FileReport) -> Header:
    """The 审核意见 sheet's heading: who, which year, the scores stated and recomputed."""
    s = lambda x: None if x is None else str(x)  # noqa: E731
    return Header(report.department, report.year, s(report.score_stated), s(report.score_recomputed),
                  report.grade_stated, report.grade_recomputed, report.form)


@register
class AnnotatedReporter(Reporter):
    """``data`` is the workbook's bytes when the report has no ``source`` to read them from."""

    name, writes, binary, per_file = "annotated", "a copy of each workbook, its problem cells marked", True, True

    def __init__(self, lang: str = "zh", *, color: bool = False, data: bytes | None = None):
        super().__init__(lang, color=color)
        self.data = data

    def write(self, report: FileReport, fh: BinaryIO) -> None:
        copy = annotated_copy(self._bytes(report), Path(report.source or report.path), report.findings,
                              header_of(report), self.lang)
        copy.write(fh)
        for warning in copy.notes:
            log.warning("%s: %s", report.path, warning)

    def save(self, report: FileReport, out_dir, *, name: str | None = None, durable: bool = True) -> Path:
        """Write the copy into ``out_dir`` atomically, named after the file (or ``name``)
        with the extension its content calls for; return its path."""
        return _annotate.write_annotated(report.source or report.path, out_dir, report.findings, header_of(report),
                                          self.lang, name=name, durable=durable, data=self.data)

    def _bytes(self, report: FileReport) -> bytes:
        if self.data is not None:
            return self.data
        if report.source is None:
            raise ValueError(f"{report.path}: no bytes to annotate (give the reporter data=...)")
        return Path(report.source).read_bytes()
