"""What a file's bytes say it is, never its extension: zip (.xlsx and kin), compound
file (.xls, encrypted workbooks), or text (CSV, HTML, XML).

Also the zip checks made from its directory before anything is decompressed, and the
look for a DOCTYPE at the head of each XML part.  ``auditor.guards`` decides from these.
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib

from auditor.limits import Limits, MiB

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


def sniff(path) -> str:
    """The file's format from its content, never its extension.

    One of: xlsx, xls, encrypted (an Office-encrypted workbook or a .xls with a password),
    xlsb, ods, docx, doc, zip and ole (containers that are not workbooks), csv, html, xml
    (SpreadsheetML 2003 and other XML), text, empty, unknown.  A damaged container is
    named for what it claims to be; ``inspect`` says whether it can be read.
    """
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
        if not head:
            return "empty"
        if head.startswith(OLE_MAGIC):
            try:
                return ole_kind(f)
            except (Corrupt, struct.error, OSError, ValueError):
                return "xls" if "Workbook".encode("utf-16-le") in head else "ole"
        if head[:4] in ZIP_MAGICS:
            try:
                count = zip_entry_count(f)
                if count is None or count > _default_max_members():
                    raise Corrupt("zip directory unreadable or too large to open")
                with zipfile.ZipFile(f) as zf:
                    return zip_kind(zf)
            except (Corrupt, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError):  # zipfile's word for a version or method it lacks
                return "xlsx" if b"xl/" in head else "zip"
    return text_kind(head, cut=len(head) == HEAD_BYTES)


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

def zip_entry_count(f) -> int | None:
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


def zip_kind(zf: zipfile.ZipFile) -> str:
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


def zip_over_limits(infos: list[zipfile.ZipInfo], limits: Limits) -> str | None:
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


def scan_members(f, infos: list[zipfile.ZipInfo], size: int) -> tuple[tuple[str, str] | None, str | None]:
    """(fault, first XML part declaring a DTD), from one pass over the local headers.

    ``fault`` is (code, detail) when a member's local header or data does not fit the
    file.  Reading each member to check its CRC would cost as much as reading the
    workbook; a truncated or spliced file already shows in the headers.  Each XML part's
    head is inflated straight from the bytes after its header, so looking for a DOCTYPE
    costs one small read per part, not a zipfile stream.
    """
    seen = set()
    dtd = None
    for i in infos:
        if i.filename in seen:
            return ("S021", f"duplicate member {i.filename}"), dtd
        seen.add(i.filename)
        if i.flag_bits & 0x1:
            return ("S024", i.filename), dtd
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return ("S021", f"unsupported compression method {i.compress_type} in {i.filename}"), dtd
        if not 0 <= i.header_offset < size:
            return ("S021", f"{i.filename} lies outside the file"), dtd
        f.seek(i.header_offset)
        local = f.read(30)
        if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
            return ("S021", f"missing local header of {i.filename}"), dtd
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        data_at = i.header_offset + 30 + name_len + extra_len
        if data_at + i.compress_size > size:
            return ("S021", f"{i.filename} is cut short"), dtd
        if dtd is None and i.file_size and i.filename.lower().endswith((".xml", ".rels")):
            f.seek(data_at)
            if declares_dtd(_prolog(f.read(min(i.compress_size, HEAD_BYTES + 1024)), i.compress_type)):
                dtd = i.filename
    return None, dtd


def _prolog(raw: bytes, method: int) -> bytes:
    """A part's first bytes, inflated a few KiB at a time until the root element shows
    (usually in the first step) or HEAD_BYTES are out."""
    if method == zipfile.ZIP_STORED:
        return raw[:HEAD_BYTES]
    inflate = zlib.decompressobj(-15)
    out = inflate.decompress(raw, 4096)
    while len(out) < HEAD_BYTES and inflate.unconsumed_tail and not _ROOT_RE.search(_markup_text(out)):
        out += inflate.decompress(inflate.unconsumed_tail, 4096)
    return out[:HEAD_BYTES]


_ROOT_RE = re.compile(r"<[A-Za-z_]")


def declares_dtd(prolog: bytes) -> bool:
    """A DOCTYPE before the root element, in the first bytes of an XML part.  The reader
    refuses one in what it reads too; this finds the usual bombs before the reader
    starts, whichever reader it is."""
    text = _markup_text(prolog)
    root = _ROOT_RE.search(text)
    return "<!DOCTYPE" in (text[: root.start()] if root else text).upper()


def _markup_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", "replace")
    return data.decode("latin-1")


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
    nothing that would make it read outside the file or loop.
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
    mini_cutoff = struct.unpack("<I", header[0x38:0x3C])[0]
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
        raise Corrupt("compound file without a directory")
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


def _default_max_members() -> int:
    return Limits().max_members
