"""Guards around one untrusted file, so that a batch of hundreds goes on whatever one file is.

Departments send what their systems produce: workbooks renamed from .xls, CSV and HTML
"exported to Excel", password-protected files, files cut short by an upload, and now and
then something hostile.  Before the workbook reader opens a file, ``inspect`` looks at its
bytes (never its extension) and at the zip's directory (before anything is decompressed).
While the reader runs, ``auditor.processes.workers`` bounds its time and memory, and
``classify_exception`` turns whatever it raised into one finding (S020–S029,
declared in ``auditor.codes.unreadable``).  Inputs are only ever opened for reading.
"""
from __future__ import annotations

import contextlib
import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from auditor.findings import Finding, Location
from auditor.formats import (EXPECTED_KIND, HEAD_BYTES, KIND_LABELS, OLE_MAGIC, ZIP_MAGICS, Corrupt,
                             ole_kind, text_kind, zip_kind)
from auditor.codes import unreadable as U
from auditor.limits import Limits  # noqa: F401  (part of the guard's interface)
from auditor.ooxml.package import DoctypeRefused, OverLimits, Package  # noqa: F401  (DoctypeRefused: the reader's)

class TooLarge(Exception):
    """Raised by the reader when a sheet goes over ``Limits.max_sheet_rows``."""

    def __init__(self, sheet: str, rows: int, limit: int | None = None):
        super().__init__(sheet, rows, limit)
        self.sheet, self.rows, self.limit = sheet, rows, limit

    def __str__(self) -> str:
        return f"sheet {self.sheet!r} has more than {self.limit or self.rows - 1} rows"


class Timeout(Exception):
    """Raised inside a worker when reading one file went over ``Limits.max_seconds``."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"over {self.seconds:g} s"


@dataclass
class Verdict:
    """What ``inspect`` decided: the format to read the file as (None: do not read it).

    ``package`` is the .xlsx package as the guard opened it, for the reader to read from
    instead of opening the file again; whoever reads it closes it.
    """

    kind: str | None
    findings: list[Finding] = field(default_factory=list)
    sniffed: str = "unknown"
    package: Package | None = None


# --- the verdict -------------------------------------------------------------------------

def inspect(source, limits: Limits = Limits(), name: str | None = None) -> Verdict:
    """Decide from the bytes whether and how to read ``source`` (a path, the file's bytes or
    a binary file object); never raises, never writes.  ``name`` is what the findings call
    the file and whose extension is compared with the content (default: the path)."""
    name = str(name if name is not None else source if isinstance(source, (str, os.PathLike)) else "")
    where = Location(file=name)
    try:
        return _inspect(Path(name), limits, where, source)
    except Exception as exc:  # a guard must not be what stops the batch
        return Verdict(None, [classify_exception(name, exc)])


def _opened(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source)
    if hasattr(source, "read"):
        source.seek(0)
        return contextlib.nullcontext(source)  # the caller's to close
    return open(source, "rb")


def _inspect(path: Path, limits: Limits, where: Location, source) -> Verdict:
    with _opened(source) as f:
        head = f.read(HEAD_BYTES)
        if not head:
            return Verdict(None, [U.EmptyFile.at(where)], "empty")
        if head.startswith(OLE_MAGIC):
            try:
                kind = ole_kind(f)
            except (Corrupt, struct.error) as exc:
                return Verdict(None, [U.CorruptFile.at(where, detail=str(exc))], "xls")
        elif head[:4] not in ZIP_MAGICS:
            kind = text_kind(head, cut=len(head) == HEAD_BYTES)
    if head[:4] in ZIP_MAGICS:
        return _inspect_zip(source, limits, where, path)
    return _by_kind(kind, where, path)


def _by_kind(kind: str, where: Location, path: Path) -> Verdict:
    if kind == "encrypted":
        return Verdict(None, [U.Encrypted.at(where)], kind)
    if kind not in ("xlsx", "xls") and path.suffix.lower() in U.REPORT_SUFFIXES:
        # a report handed over as the workbook: the advice is to send the workbook, not to resave this
        return Verdict(None, [U.not_auditable(path)], kind)
    if kind not in ("xlsx", "xls"):
        return Verdict(None, [U.NotASpreadsheet.at(where, found=KIND_LABELS.get(kind, kind))], kind)
    findings = []
    ext = path.suffix.lower()
    if EXPECTED_KIND.get(ext, kind) != kind:
        findings.append(U.RenamedFormat.at(where, extension=ext, content="." + kind))
    return Verdict(kind, findings, kind)


def _inspect_zip(source, limits: Limits, where: Location, path: Path) -> Verdict:
    try:
        pkg = Package.open(source, limits)
    except OverLimits as exc:
        return Verdict(None, [U.ZipBomb.at(where, reason=exc.reason)], "zip")
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as exc:
        return Verdict(None, [U.CorruptFile.at(where, detail=_describe(exc))], "xlsx")
    verdict = _verdict_zip(pkg, where, path)
    if verdict.kind == "xlsx":
        verdict.package = pkg
    else:
        pkg.close()
    return verdict


def _verdict_zip(pkg: Package, where: Location, path: Path) -> Verdict:
    problem, dtd = pkg.scan()
    if problem and problem[0] == "encrypted":
        return Verdict(None, [U.Encrypted.at(where)], "encrypted")
    if problem:
        return Verdict(None, [U.CorruptFile.at(where, detail=problem[1])], "xlsx")
    kind = zip_kind(pkg)
    if kind == "xlsx" and dtd is not None:
        return Verdict(None, [U.XmlEntities.at(where, detail=f"DOCTYPE in {dtd}")], kind)
    return _by_kind(kind, where, path)


# --- exceptions to findings ----------------------------------------------------------------

def _corrupt_types() -> tuple[type, ...]:
    import xml.etree.ElementTree  # only when a file failed: not on every check's import
    import xml.parsers.expat

    # zipfile raises NotImplementedError for a compression method or version it lacks
    types: list[type] = [zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError,
                         xml.etree.ElementTree.ParseError, xml.parsers.expat.ExpatError]
    try:
        import python_calamine
        types += [getattr(python_calamine, n) for n in ("ZipError", "XmlError") if hasattr(python_calamine, n)]
    except ImportError:
        pass
    return tuple(types)


def _encrypted_types() -> tuple[type, ...]:
    try:
        import python_calamine
        return (python_calamine.PasswordError,) if hasattr(python_calamine, "PasswordError") else ()
    except ImportError:
        return ()


def _entity_types() -> tuple[type, ...]:
    try:
        from defusedxml.common import DefusedXmlException
        return (DefusedXmlException, DoctypeRefused)
    except ImportError:
        return (DoctypeRefused,)


def classify_exception(path, exc: BaseException) -> Finding:
    """The one finding that explains why reading ``path`` raised ``exc``.

    The cause chain is searched too, so a reader that wraps an error keeps its meaning.
    Never a traceback: the fallback S029 names the class and a one-line message.
    """
    where = Location(file=str(path))
    for e in _chain(exc):
        found = _classify_one(e, where)
        if found is not None:
            return found
    return U.ReadFailed.at(where, error=type(exc).__name__, detail=_describe(exc))


def _classify_one(e: BaseException, where: Location) -> Finding | None:
    if isinstance(e, TooLarge):
        limit = e.limit if e.limit is not None else max(e.rows - 1, 0)
        return U.SheetTooLarge.at(Location(where.file, sheet=e.sheet), sheet=e.sheet, rows=e.rows, limit=limit)
    if isinstance(e, Timeout):
        return U.ResourceLimit.at(where, limit=f"{e.seconds:g} s")
    if isinstance(e, OverLimits):  # a reader that opened the package itself, unguarded
        return U.ZipBomb.at(where, reason=e.reason)
    if isinstance(e, MemoryError):
        return U.ResourceLimit.at(where, limit="memory")
    if isinstance(e, _entity_types()):
        return U.XmlEntities.at(where, detail=f"{type(e).__name__}: {_describe(e)}")
    if isinstance(e, _encrypted_types()):
        return U.Encrypted.at(where)
    if isinstance(e, _corrupt_types()):
        return U.CorruptFile.at(where, detail=f"{type(e).__name__}: {_describe(e)}")
    return None


def stopped_by(exc: BaseException) -> BaseException | None:
    """The Timeout or MemoryError in ``exc``'s cause chain, if any: a limit that stopped the
    work, which a reader that wraps its errors must not turn into a finding of its own."""
    return next((e for e in _chain(exc) if isinstance(e, (Timeout, MemoryError))), None)


def _chain(exc: BaseException):
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen and len(seen) < 8:
        seen.add(id(e))
        yield e
        e = e.__cause__ or e.__context__


def _describe(exc: BaseException, width: int = 200) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception:
        text = "(message could not be shown)"
    return text if len(text) <= width else text[: width - 1] + "…"


def is_lock_file(path) -> bool:
    """Office (``~$x.xlsx``) and LibreOffice/WPS (``.~lock.x.xlsx#``) owner files: skipped by the batch."""
    name = Path(path).name
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def inside(path, root) -> bool:
    """Whether ``path``, links resolved (never raising, even on a loop), lies within ``root``."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)
