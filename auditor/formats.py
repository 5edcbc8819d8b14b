"""What a file's bytes say it is, never its extension: zip (.xlsx and kin), compound
file (.xls, encrypted workbooks), or text (CSV, HTML, XML).

A zip's own checks (limits, local headers, DOCTYPEs) are the package's
(``auditor.ooxml.package``).  ``auditor.guards`` decides from these.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib

from auditor.limits import Limits, MiB
from auditor.ooxml.package import Package

# --- what the bytes are ----------------------------------------------------------------

HEAD_BYTES = 64 * 1024
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# How S022 names what a file really is; acronyms read the same in both languages.
KIND_LABELS = {
    "xlsb": "XLSB", "ods": "ODS", "docx": "DOCX", "doc": "DOC", "zip": "ZIP", "ole": "OLE2",
    "csv": "CSV", "html": "HTML", "xml": "XML", "text": "TXT", "unknown": "BIN",
}
EXPECTED_KIND = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls"}


class Corrupt(Exception):
    """The container's own structure is broken (S021)."""


def text_kind(head: bytes, cut: bool) -> str:
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
                # the cut at HEAD_BYTES may fall inside a multibyte character
                if cut and e.start >= len(data) - 4 and data is head:
                    data = head[: e.start]
                    continue
                break
            controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
            return text if controls <= len(text) // 100 else None
    return None


# --- zip (.xlsx) ---------------------------------------------------------------------------

def _small_member(pkg: Package, name: str, limit: int = MiB) -> bytes | None:
    try:
        if pkg.info(name).file_size > limit:
            return None
        return pkg.read(name)
    except (KeyError, zipfile.BadZipFile, zlib.error, NotImplementedError):
        return None


def zip_kind(pkg: Package) -> str:
    names = {n.lower().lstrip("/") for n in pkg.namelist()}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        return "docx"
    types = _small_member(pkg, "[Content_Types].xml") or b""
    if b"spreadsheetml.sheet.main" in types or b"sheet.macroEnabled.main" in types:
        return "xlsx"
    mimetype = _small_member(pkg, "mimetype", 1024) or b""
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    return "zip"


# --- compound files (.xls, encrypted workbooks) -----------------------------------------

_MAXREGSECT = 0xFFFFFFFA
_FILEPASS, _EOF_RECORD = 0x002F, 0x000A


def ole_kind(f) -> str:
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
    nothing that would make it read outside the file or loop.  Every chain a reader follows
    (the DIFAT, the directory, the mini-FAT, the mini stream, each stream) is walked here
    first: a chain that comes back on itself is refused, since a reader that follows it
    (python-calamine does) allocates until its process is killed.
    """
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    header = f.read(512)
    if len(header) < 512:
        raise Corrupt("compound file header cut short")
    shift = struct.unpack("<H", header[0x1E:0x20])[0]
    if shift not in (9, 12):
        raise Corrupt(f"bad sector size 2^{shift}")
    ssz = 1 << shift
    n_sectors = size // ssz
    n_fat, first_dir = struct.unpack("<II", header[0x2C:0x34])
    mini_cutoff, first_minifat, n_minifat = struct.unpack("<III", header[0x38:0x44])
    first_difat, n_difat = struct.unpack("<II", header[0x44:0x4C])

    def sector(n: int) -> bytes:
        if n > _MAXREGSECT or (n + 1) * ssz >= size:
            raise Corrupt(f"sector {n} is past the end of the file")
        f.seek((n + 1) * ssz)
        data = f.read(ssz)
        if len(data) < ssz:
            raise Corrupt("compound file cut short")
        return data

    per = ssz // 4
    difat = list(struct.unpack("<109I", header[0x4C:0x200]))
    nxt, seen = first_difat, set()
    for _ in range(min(n_difat, n_sectors)):
        if nxt > _MAXREGSECT:
            break
        if nxt in seen:
            raise Corrupt(f"the DIFAT chain loops at sector {nxt}")
        seen.add(nxt)
        entries = struct.unpack(f"<{per}I", sector(nxt))
        difat += entries[:-1]
        nxt = entries[-1]
    fat: list[int] = []
    for s in difat[: min(n_fat, n_sectors)]:
        if s <= _MAXREGSECT:
            fat += struct.unpack(f"<{per}I", sector(s))
    chains = _Chains(fat, n_sectors)

    names, workbook_head, streams, root = [], b"", [], None
    for nxt in chains.follow(first_dir, "directory"):
        data = sector(nxt)
        for at in range(0, ssz, 128):
            entry = data[at: at + 128]
            name_len, kind = struct.unpack("<HB", entry[64:67])
            if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
                continue
            name = entry[: name_len - 2].decode("utf-16-le", "replace")
            names.append(name)
            start, stream_size = struct.unpack("<II", entry[116:124])
            if kind == 5:
                root = start
            elif kind == 2 and stream_size:
                streams.append((name, start, stream_size))
            if kind == 2 and name.lower() in ("workbook", "book") and stream_size >= mini_cutoff:
                workbook_head = sector(start)
    if not names:
        raise Corrupt("compound file without a directory")
    minifat = [x for s in chains.follow(first_minifat, "mini-FAT") for x in struct.unpack(f"<{per}I", sector(s))]
    if root is not None:
        chains.walk(root, "mini stream")
    small = _Chains(minifat, len(minifat))
    for name, start, stream_size in streams:
        (chains if stream_size >= mini_cutoff else small).walk(start, f"stream {name!r}")
    return names, workbook_head


class _Chains:
    """The sector chains of one allocation table (the FAT or the mini-FAT), walked with a
    budget: no chain may come back on itself, and all of them together may not take more
    steps than the table has sectors twice over (in a sound file no two chains share one)."""

    def __init__(self, table: list[int], n_sectors: int):
        self.table, self.budget = table, 2 * max(n_sectors, len(table)) + 64

    def follow(self, start: int, what: str):
        seen: set[int] = set()
        nxt = start
        while nxt <= _MAXREGSECT:
            if nxt in seen:
                raise Corrupt(f"the {what} chain loops at sector {nxt}")
            self.budget -= 1
            if self.budget < 0:
                raise Corrupt(f"the {what} chain runs longer than the file")
            seen.add(nxt)
            yield nxt
            nxt = self.table[nxt] if nxt < len(self.table) else _MAXREGSECT + 1

    def walk(self, start: int, what: str) -> None:
        for _ in self.follow(start, what):
            pass


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


def _default_max_members() -> int:
    return Limits().max_members
