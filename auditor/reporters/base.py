"""The one interface every output is written through.

A reporter has a ``name`` (what ``--format`` calls it), says what it ``writes``, and
writes one report to one open file: a ``RunReport`` for most, a ``FileReport`` for the
``per_file`` ones (the annotated copy).  Text reporters take a text or a binary file
(UTF-8), binary ones a binary file.  Registering is the ``@register`` decorator; a new
format costs one class.  A reporter renders findings through ``auditor.codes`` and knows
nothing of the rules.
"""
from __future__ import annotations

import io
from typing import BinaryIO, ClassVar, TextIO

from auditor.report import RunReport

REPORTERS: dict[str, type["Reporter"]] = {}


class Reporter:
    name: ClassVar[str]
    writes: ClassVar[str]          # one line for --help
    binary: ClassVar[bool] = False
    per_file: ClassVar[bool] = False

    def __init__(self, lang: str = "zh", *, color: bool = False):
        self.lang, self.color = lang, color

    def write(self, report: RunReport, fh: BinaryIO | TextIO) -> None:
        raise NotImplementedError


class TextReporter(Reporter):
    """A reporter whose output is one text: ``render`` it, ``write`` puts it in a file."""

    def render(self, report: RunReport) -> str:
        raise NotImplementedError

    def write(self, report: RunReport, fh: BinaryIO | TextIO) -> None:
        text = self.render(report) + "\n"
        fh.write(text if isinstance(fh, io.TextIOBase) else text.encode("utf-8"))


def register(cls: type[Reporter]) -> type[Reporter]:
    if cls.name in REPORTERS:
        raise ValueError(f"two reporters named {cls.name!r}")
    REPORTERS[cls.name] = cls
    return cls
