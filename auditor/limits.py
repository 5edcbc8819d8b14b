"""Per-file limits: what the guards, the reader and the workers hold every input to."""
from __future__ import annotations

from dataclasses import dataclass

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """Per-file limits.  Real workbooks stay orders of magnitude below every default.

    A county 自评 workbook is a few sheets of a few hundred rows: tens of zip members,
    well under 10 MiB uncompressed, sheet XML compressing about 10:1.
    """

    # zip members in one .xlsx; Excel writes ~10 + 2 per sheet
    max_members: int = 10_000
    # sum of the members' declared uncompressed sizes
    max_uncompressed_bytes: int = 512 * MiB
    # uncompressed / compressed, checked only for members over ``ratio_floor_bytes``:
    # tiny members compress oddly well and are harmless
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MiB
    # rows the reader parses in one sheet before it raises TooLarge
    max_sheet_rows: int = 100_000
    # wall-clock seconds to read one file
    max_seconds: float = 60.0
    # address space of a worker process (RLIMIT_AS): virtual, not resident, memory, so
    # it leaves room for the interpreter, pandas and the native readers' reservations
    max_memory_bytes: int = 2 * GiB
    # a narrative report (自评报告): its file, and the text read out of it.  A real one is
    # tens of KB and some 20,000 characters; past these it is N002 and the workbook is
    # still checked, so the report cannot spend the workbook's time limit
    max_report_bytes: int = 64 * MiB
    max_report_chars: int = 2_000_000
    # wall-clock seconds to read a report and check it against its workbook, counted from
    # when the workbook's own checks are done (so on top of ``max_seconds``); past them the
    # report is N002 and the workbook keeps its findings.  A real report takes well under a
    # second, one of ``max_report_chars`` characters some 10 s on a loaded machine
    max_report_seconds: float = 30.0
