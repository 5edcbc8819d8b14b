"""Guards around one untrusted file, so that a batch of hundreds goes on whatever one file is.

Departments send what their systems produce: workbooks renamed from .xls, CSV and HTML
"exported to Excel", password-protected files, files cut short by an upload, and now and
then something hostile.  Before the workbook reader opens a file, ``inspect`` looks at its
bytes (never its extension) and at the zip's directory (before anything is decompressed).
While the reader runs, ``call_with_timeout`` and ``limit_worker`` bound its time and
memory, and ``classify_exception`` turns whatever it raised into one finding (S020–S029,
declared in ``auditor.rules.unreadable``).  Inputs are only ever opened for reading.
"""
from __future__ import annotations

import os
import re
import signal
import struct
import threading
import xml.etree.ElementTree
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from auditor.findings import Finding, Location
from auditor.rules import unreadable as U

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


class TooLarge(Exception):
    """Raised by the reader when a sheet goes over ``Limits.max_sheet_rows``."""

    def __init__(self, sheet: str, rows: int, limit: int | None = None):
        super().__init__(sheet, rows, limit)
        self.sheet, self.rows, self.limit = sheet, rows, limit

    def __str__(self) -> str:
        return f"sheet {self.sheet!r} has more than {self.limit or self.rows - 1} rows"


class DoctypeRefused(ValueError):
    """Raised by the reader when a package part declares a DTD (entity bombs, external entities)."""


class Timeout(Exception):
    """Raised inside a worker when reading one file went over ``Limits.max_seconds``."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"over {self.seconds:g} s"


@dataclass
class Verdict:
    """What ``inspect`` decided: the format to read the file as (None: do not read it)."""

    kind: str | None
    findings: list[Finding] = field(default_factory=list)
    sniffed: str = "unknown"


# --- what the bytes are ----------------------------------------------------------------

_HEAD = 64 * 1024
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# How S022 names what a file really is; acronyms read the same in both languages.
_LABELS = {
    "xlsb": "XLSB", "ods": "ODS", "docx": "DOCX", "doc": "DOC", "zip": "ZIP", "ole": "OLE2",
    "csv": "CSV", "html": "HTML", "xml": "XML", "text": "TXT", "unknown": "BIN",
}
_EXPECTED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls"}


class _Corrupt(Exception):
    """The container's own structure is broken (S021)."""


def sniff(path) -> str:
    """The file's format from its content, never its extension.

    One of: xlsx, xls, encrypted (an Office-encrypted workbook or a .xls with a password),
    xlsb, ods, docx, doc, zip and ole (containers that are not workbooks), csv, html, xml
    (SpreadsheetML 2003 and other XML), text, empty, unknown.  A damaged container is
    named for what it claims to be; ``inspect`` says whether it can be read.
    """
    with open(path, "rb") as f:
        head = f.read(_HEAD)
        if not head:
            return "empty"
        if head.startswith(_OLE_MAGIC):
            try:
                return _ole_kind(f)
            except (_Corrupt, struct.error, OSError, ValueError):
                return "xls" if "Workbook".encode("utf-16-le") in head else "ole"
        if head[:4] in _ZIP_MAGICS:
            try:
                count = _zip_entry_count(f)
                if count is None or count > Limits().max_members:
                    raise _Corrupt("zip directory unreadable or too large to open")
                with zipfile.ZipFile(f) as zf:
                    return _zip_kind(zf)
            except (_Corrupt, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError):  # zipfile's word for a version or method it lacks
                return "xlsx" if b"xl/" in head else "zip"
    return _text_kind(head, cut=len(head) == _HEAD)


def _text_kind(head: bytes, cut: bool) -> str:
    text = _decode(head, cut)
    if text is None:
        return "unknown"
    t = text.lstrip("\ufeff \t\r\n").lower()
    if not t:
        return "text"
    if t.startswith(("<", "mime-version")):  # markup, or a web page saved as one .mht file
        if any(tag in t for tag in ("<html", "<table", "<body", "<!doctype html", "<meta")):
            return "html"
        if t.startswith("<"):
            return "xml"
    lines = [ln for ln in t.splitlines() if ln.strip()]
    if cut and len(lines) > 1:
        lines = lines[:-1]
    lines = lines[:50]
    for delim in (",", "\t", ";"):
        having = sum(1 for ln in lines if delim in ln)
        if lines and delim in lines[0] and having >= 0.8 * len(lines):
            return "csv"
    return "text"


def _decode(head: bytes, cut: bool) -> str | None:
    """Text if these bytes read as text (UTF-8, GB18030 as Chinese Excel saves CSV, UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in head:
        return None
    else:
        encodings = ["utf-8", "gb18030"]
    for enc in encodings:
        data = head
        for _ in range(2):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                # the cut at _HEAD may fall inside a multibyte character
                if cut and e.start >= len(data) - 4 and data is head:
                    data = head[: e.start]
                    continue
                break
            controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
            return text if controls <= len(text) // 100 else None
    return None


# --- zip (.xlsx) ---------------------------------------------------------------------------

def _zip_entry_count(f) -> int | None:
    """Members the zip declares, from its end record, before zipfile parses the directory."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = struct.unpack("<H", tail[at + 10: at + 12])[0]
    if count != 0xFFFF:
        return count
    # zip64: the locator sits just before the end record and points at the zip64 record
    loc = tail[at - 20: at] if at >= 20 else b""
    if not loc.startswith(b"PK\x06\x07"):
        return None
    f.seek(struct.unpack("<Q", loc[8:16])[0])
    rec = f.read(56)
    if not rec.startswith(b"PK\x06\x06") or len(rec) < 56:
        return None
    return struct.unpack("<Q", rec[32:40])[0]


def _small_member(zf: zipfile.ZipFile, name: str, limit: int = MiB) -> bytes | None:
    try:
        info = zf.getinfo(name)
        if info.file_size > limit:
            return None
        with zf.open(info) as m:
            return m.read(limit)
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return None


def _zip_kind(zf: zipfile.ZipFile) -> str:
    names = {n.lower().lstrip("/") for n in zf.namelist()}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        return "docx"
    types = _small_member(zf, "[Content_Types].xml") or b""
    if b"spreadsheetml.sheet.main" in types or b"sheet.macroEnabled.main" in types:
        return "xlsx"
    mimetype = _small_member(zf, "mimetype", 1024) or b""
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    return "zip"


def _zip_limits(infos: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    if len(infos) > limits.max_members:
        return f"members {len(infos)} > {limits.max_members}"
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        return f"uncompressed {total} bytes > {limits.max_uncompressed_bytes} bytes"
    for i in infos:
        if i.file_size > limits.ratio_floor_bytes and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            return f"ratio {ratio:.0f}:1 > {limits.max_ratio:.0f}:1 ({i.filename})"
    return None


def _zip_structure(f, infos: list[zipfile.ZipInfo], size: int) -> tuple[str, str] | None:
    """(code, detail) when a member's local header or data does not fit the file.

    Reading each member to check its CRC would cost as much as reading the workbook;
    a truncated or spliced file already shows in the headers.
    """
    seen = set()
    for i in infos:
        if i.filename in seen:
            return "S021", f"duplicate member {i.filename}"
        seen.add(i.filename)
        if i.flag_bits & 0x1:
            return "S024", i.filename
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return "S021", f"unsupported compression method {i.compress_type} in {i.filename}"
        if not 0 <= i.header_offset < size:
            return "S021", f"{i.filename} lies outside the file"
        f.seek(i.header_offset)
        local = f.read(30)
        if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
            return "S021", f"missing local header of {i.filename}"
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        if i.header_offset + 30 + name_len + extra_len + i.compress_size > size:
            return "S021", f"{i.filename} is cut short"
    return None


_ROOT_RE = re.compile(r"<[A-Za-z_]")


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DOCTYPE before the root element.  defusedxml in the reader is the real guard;
    this finds the usual bombs before the reader starts, whichever reader it is."""
    prolog = b""
    with zf.open(info) as m:
        while len(prolog) < _HEAD:
            chunk = m.read(4096)
            if not chunk:
                break
            prolog += chunk
            text = _markup_text(prolog)
            root = _ROOT_RE.search(text)
            if root:
                return "<!DOCTYPE" in text[: root.start()].upper()
    return "<!DOCTYPE" in _markup_text(prolog).upper()


def _markup_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", "replace")
    return data.decode("latin-1")


# --- compound files (.xls, encrypted workbooks) -----------------------------------------

_MAXREGSECT = 0xFFFFFFFA
_FILEPASS, _EOF_RECORD = 0x002F, 0x000A


def _ole_kind(f) -> str:
    names, workbook_head = _ole_directory(f)
    lower = {n.lower() for n in names}
    if {"encryptioninfo", "encryptedpackage"} <= lower:
        return "encrypted"
    if "workbook" in lower or "book" in lower:
        return "encrypted" if _biff_has_filepass(workbook_head) else "xls"
    if "worddocument" in lower:
        return "doc"
    return "ole"


def _ole_directory(f) -> tuple[list[str], bytes]:
    """Stream and storage names of a compound file, and the first sector of its workbook stream.

    Follows the header, the DIFAT, the FAT and the directory chain (MS-CFB), tolerating
    nothing that would make it read outside the file or loop.
    """
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    header = f.read(512)
    if len(header) < 512:
        raise _Corrupt("compound file header cut short")
    shift = struct.unpack("<H", header[0x1E:0x20])[0]
    if shift not in (9, 12):
        raise _Corrupt(f"bad sector size 2^{shift}")
    ssz = 1 << shift
    n_sectors = size // ssz
    n_fat, first_dir = struct.unpack("<II", header[0x2C:0x34])
    mini_cutoff = struct.unpack("<I", header[0x38:0x3C])[0]
    first_difat, n_difat = struct.unpack("<II", header[0x44:0x4C])

    def sector(n: int) -> bytes:
        if n > _MAXREGSECT or (n + 1) * ssz >= size:
            raise _Corrupt(f"sector {n} is past the end of the file")
        f.seek((n + 1) * ssz)
        data = f.read(ssz)
        if len(data) < ssz:
            raise _Corrupt("compound file cut short")
        return data

    per = ssz // 4
    difat = list(struct.unpack("<109I", header[0x4C:0x200]))
    nxt = first_difat
    for _ in range(min(n_difat, n_sectors)):
        if nxt > _MAXREGSECT:
            break
        entries = struct.unpack(f"<{per}I", sector(nxt))
        difat += entries[:-1]
        nxt = entries[-1]
    fat: list[int] = []
    for s in difat[: min(n_fat, n_sectors)]:
        if s <= _MAXREGSECT:
            fat += struct.unpack(f"<{per}I", sector(s))

    names, workbook_head, seen = [], b"", set()
    nxt = first_dir
    while nxt <= _MAXREGSECT and nxt not in seen:
        seen.add(nxt)
        data = sector(nxt)
        for at in range(0, ssz, 128):
            entry = data[at: at + 128]
            name_len, kind = struct.unpack("<HB", entry[64:67])
            if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
                continue
            name = entry[: name_len - 2].decode("utf-16-le", "replace")
            names.append(name)
            start, stream_size = struct.unpack("<II", entry[116:124])
            if kind == 2 and name.lower() in ("workbook", "book") and stream_size >= mini_cutoff:
                workbook_head = sector(start)
        nxt = fat[nxt] if nxt < len(fat) else _MAXREGSECT + 1
    if not names:
        raise _Corrupt("compound file without a directory")
    return names, workbook_head


def _biff_has_filepass(data: bytes) -> bool:
    """A password-protected .xls keeps its Workbook stream but puts FILEPASS after BOF."""
    at = 0
    for _ in range(64):
        if at + 4 > len(data):
            return False
        rtype, rlen = struct.unpack("<HH", data[at: at + 4])
        if rtype == _FILEPASS:
            return True
        if rtype == _EOF_RECORD:
            return False
        at += 4 + rlen
    return False


# --- the verdict -------------------------------------------------------------------------

def inspect(path, limits: Limits = Limits()) -> Verdict:
    """Decide from the bytes whether and how to read ``path``; never raises, never writes."""
    where = Location(file=str(path))
    try:
        return _inspect(Path(path), limits, where)
    except Exception as exc:  # a guard must not be what stops the batch
        return Verdict(None, [classify_exception(path, exc)])


def _inspect(path: Path, limits: Limits, where: Location) -> Verdict:
    with open(path, "rb") as f:
        head = f.read(_HEAD)
        size = os.fstat(f.fileno()).st_size
        if not head:
            return Verdict(None, [U.EmptyFile.at(where)], "empty")
        if head.startswith(_OLE_MAGIC):
            try:
                kind = _ole_kind(f)
            except (_Corrupt, struct.error) as exc:
                return Verdict(None, [U.CorruptFile.at(where, detail=str(exc))], "xls")
        elif head[:4] in _ZIP_MAGICS:
            return _inspect_zip(f, size, limits, where, path)
        else:
            kind = _text_kind(head, cut=len(head) == _HEAD)
    return _by_kind(kind, where, path)


def _by_kind(kind: str, where: Location, path: Path) -> Verdict:
    if kind == "encrypted":
        return Verdict(None, [U.Encrypted.at(where)], kind)
    if kind not in ("xlsx", "xls"):
        return Verdict(None, [U.NotASpreadsheet.at(where, found=_LABELS.get(kind, kind))], kind)
    findings = []
    ext = path.suffix.lower()
    if _EXPECTED.get(ext, kind) != kind:
        findings.append(U.RenamedFormat.at(where, extension=ext, content="." + kind))
    return Verdict(kind, findings, kind)


def _inspect_zip(f, size: int, limits: Limits, where: Location, path: Path) -> Verdict:
    count = _zip_entry_count(f)
    if count is None:
        return Verdict(None, [U.CorruptFile.at(where, detail="zip directory missing (file cut short?)")], "xlsx")
    if count > limits.max_members:
        reason = f"members {count} > {limits.max_members}"
        return Verdict(None, [U.ZipBomb.at(where, reason=reason)], "zip")
    try:
        zf = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as exc:
        return Verdict(None, [U.CorruptFile.at(where, detail=_describe(exc))], "xlsx")
    with zf:
        infos = zf.infolist()
        reason = _zip_limits(infos, limits)
        if reason:
            return Verdict(None, [U.ZipBomb.at(where, reason=reason)], "zip")
        problem = _zip_structure(f, infos, size)
        if problem and problem[0] == "S024":
            return Verdict(None, [U.Encrypted.at(where)], "encrypted")
        if problem:
            return Verdict(None, [U.CorruptFile.at(where, detail=problem[1])], "xlsx")
        kind = _zip_kind(zf)
        if kind == "xlsx":
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")) and info.file_size:
                    if _declares_dtd(zf, info):
                        detail = f"DOCTYPE in {info.filename}"
                        return Verdict(None, [U.XmlEntities.at(where, detail=detail)], kind)
    return _by_kind(kind, where, path)


# --- exceptions to findings ----------------------------------------------------------------

def _corrupt_types() -> tuple[type, ...]:
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
    if isinstance(e, MemoryError):
        return U.ResourceLimit.at(where, limit="memory")
    if isinstance(e, _entity_types()):
        return U.XmlEntities.at(where, detail=f"{type(e).__name__}: {_describe(e)}")
    if isinstance(e, _encrypted_types()):
        return U.Encrypted.at(where)
    if isinstance(e, _corrupt_types()):
        return U.CorruptFile.at(where, detail=f"{type(e).__name__}: {_describe(e)}")
    return None


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


# --- workers ---------------------------------------------------------------------------

def limit_worker(limits: Limits = Limits()) -> bool:
    """Cap this process's address space (a pool initializer); False where it cannot.

    Call it in worker processes only: going over makes allocations fail with MemoryError
    (S028) in that worker instead of the machine swapping for the whole batch.
    """
    try:
        import resource
    except ImportError:
        return False
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = limits.max_memory_bytes
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft <= want:
        return True
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        return False
    return True


def call_with_timeout(seconds: float | None, fn: Callable[..., Any], *args, **kwargs) -> Any:
    """``fn(*args, **kwargs)``, raising Timeout after ``seconds`` of wall clock.

    SIGALRM-based: it works in a process's main thread (a pool worker's is), interrupts
    Python code but not a single long native call, and is not reentrant.  Elsewhere it
    runs ``fn`` unbounded; ``run_isolated`` adds a hard kill for the native case.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)

    def _alarm(signum, frame):
        raise Timeout(seconds)

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_guarded(path, read: Callable[[Any, str], Any], limits: Limits = Limits()) -> tuple[Any, list[Finding]]:
    """``inspect``, then ``read(path, kind)`` under the time limit: (result or None, findings).

    Every failure becomes a finding; nothing raised while reading gets out.
    """
    verdict = inspect(path, limits)
    if verdict.kind is None:
        return None, verdict.findings
    try:
        return call_with_timeout(limits.max_seconds, read, path, verdict.kind), verdict.findings
    except Exception as exc:
        return None, verdict.findings + [classify_exception(path, exc)]


def _isolated_child(conn, path, read, limits: Limits) -> None:
    limit_worker(limits)
    try:
        outcome = read_guarded(path, read, limits)
    except BaseException as exc:  # even the guard failing must reach the parent as a finding
        outcome = (None, [classify_exception(path, exc)])
    try:
        conn.send(outcome)
    except Exception as exc:  # e.g. an unpicklable result
        conn.send((None, [classify_exception(path, exc)]))
    conn.close()


def run_isolated(path, read: Callable[[Any, str], Any], limits: Limits = Limits(),
                 grace: float = 5.0) -> tuple[Any, list[Finding]]:
    """``read_guarded`` in a child process of its own, killed if it outlives the time limit.

    For the files a worker cannot survive: a native crash, the OOM killer, a native call
    that ignores SIGALRM.  ``read`` must be picklable (a module-level function).
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_child, args=(child, path, read, limits), daemon=True)
    proc.start()
    child.close()
    outcome, timed_out = None, False
    try:
        if parent.poll(limits.max_seconds + grace):
            outcome = parent.recv()
        else:
            timed_out = True
    except (EOFError, OSError):
        pass  # the child died without a word; its exit code says how
    if timed_out:
        proc.kill()
    proc.join(timeout=grace)
    if proc.is_alive():  # answered, or closed the pipe, but will not exit
        proc.kill()
        proc.join()
    parent.close()
    if outcome is not None:
        return outcome
    where = Location(file=str(path))
    if timed_out:
        return None, [U.ResourceLimit.at(where, limit=f"{limits.max_seconds:g} s")]
    if proc.exitcode == -getattr(signal, "SIGKILL", 9):  # the kernel's OOM killer
        return None, [U.ResourceLimit.at(where, limit="memory")]
    return None, [U.ReadFailed.at(where, error="WorkerDied", detail=f"exit code {proc.exitcode}")]


def is_lock_file(path) -> bool:
    """Office (``~$x.xlsx``) and LibreOffice/WPS (``.~lock.x.xlsx#``) owner files: skipped by the batch."""
    name = Path(path).name
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))
