"""A workbook's zip package, opened once and shared by the guard, the reader and the annotator.

The file's bytes are read once (a file over ``WHOLE_FILE`` is mapped, not read) and
``zipfile`` parses only the central directory: that is where the limits are checked,
before anything is inflated.  Members are then inflated straight from those bytes,
through their local headers, never past the size the directory declares, and checked
against its CRC, as ``zipfile`` checks them: ``zipfile``'s own streams seek, re-read the
local header and check names on every read, most of the cost of opening a template-sized
workbook.  A DOCTYPE is refused here, in one place (``declares_dtd``), for every part
any of them reads as text.  Part names compare case-insensitively, as OPC says, and parts
are found through the relationships.
"""
from __future__ import annotations

import io
import mmap
import os
import re
import struct
import zipfile
import zlib

from auditor.limits import Limits
from auditor.ooxml.parts import Rel, parse_rels, rels_name

WHOLE_FILE = 16 << 20
PROLOG_BYTES = 64 * 1024  # how far into a part a DOCTYPE is looked for



class DoctypeRefused(ValueError):
    """A package part declares a DTD (entity bombs, external entities)."""


class OverLimits(Exception):
    """The central directory declares more than ``Limits`` allows (a zip bomb, S025)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- the package ---------------------------------------------------------------------------

class Package:
    """The members of one zip package by name; a context manager.

    ``data`` is the whole file (bytes, or a read-only map of it).  ``limits`` are checked
    from the directory on opening (None: not checked, for a file already guarded).
    """

    def __init__(self, data, limits: Limits | None = Limits(), *, path=None, closing=()):
        self.data, self.size, self.path = data, len(data), path
        self._closing = closing
        count = entry_count(data)
        if count is None:
            raise zipfile.BadZipFile("zip directory missing (file cut short?)")
        if limits is not None and count > limits.max_members:
            raise OverLimits(f"members {count} > {limits.max_members}")
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as zf:
            self.infos = zf.infolist()
        if limits is not None:
            reason = over_limits(self.infos, limits)
            if reason:
                raise OverLimits(reason)
        self.by_name = {i.filename: i for i in self.infos}
        self._folded: dict[str, str] | None = None

    @classmethod
    def open(cls, source, limits: Limits | None = Limits()) -> "Package":
        """The package of ``source``: a path, the file's bytes or a binary file object."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            return cls(bytes(source), limits)
        if hasattr(source, "read"):
            source.seek(0)
            return cls(source.getvalue() if isinstance(source, io.BytesIO) else source.read(), limits)
        with open(source, "rb") as fh:
            if os.fstat(fh.fileno()).st_size <= WHOLE_FILE:
                return cls(fh.read(), limits, path=source)
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            return cls(mapped, limits, path=source, closing=(mapped,))
        except BaseException:
            mapped.close()
            raise

    def close(self) -> None:
        for resource in self._closing:
            resource.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- names ---

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def namelist(self) -> list[str]:
        return [i.filename for i in self.infos]

    def member(self, name: str) -> str | None:
        """The stored name of part ``name``, compared case-insensitively (OPC part names are)."""
        if name in self.by_name:
            return name
        if self._folded is None:
            self._folded = {}
            for n in self.by_name:
                self._folded.setdefault(n.lower(), n)
        return self._folded.get(name.lower())

    def info(self, name: str) -> zipfile.ZipInfo:
        found = self.member(name)
        if found is None:
            raise KeyError(f"There is no item named {name!r} in the archive")
        return self.by_name[found]

    # --- bytes ---

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """The member's compressed bytes, found through its local header."""
        at = info.header_offset
        local = self.data[at:at + 30]
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename!r}")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        start = at + 30 + name_len + extra_len
        data = self.data[start:start + info.compress_size]
        if len(data) != info.compress_size:
            raise zipfile.BadZipFile(f"{info.filename!r} is cut short")
        return data

    def read(self, name: str) -> bytes:
        """The member inflated, never past its declared size, its CRC checked."""
        info = self.info(name)
        _readable(info)
        raw = self.raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            out = raw
        else:  # a lying size shows as a bad CRC
            out = zlib.decompressobj(-15).decompress(raw, max(info.file_size, 1))  # 0 would mean no limit
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
        return out

    def pieces(self, name: str, size: int = 1 << 20):
        """The member inflated ``size`` bytes at a time, for parts too big to hold at once;
        size and CRC are checked at the end, as ``read`` checks them."""
        info = self.info(name)
        _readable(info)
        raw = self.raw(info)
        left, crc = info.file_size, 0
        if info.compress_type == zipfile.ZIP_STORED:
            steps = (raw[i:i + size] for i in range(0, len(raw), size))
        else:
            steps = _inflated(raw, size, info.file_size)
        for piece in steps:
            left -= len(piece)
            if left < 0:
                break
            crc = zlib.crc32(piece, crc)
            yield piece
        if left != 0 or crc != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")

    def head(self, name: str, size: int = 65536) -> bytes:
        """The first ``size`` bytes of a member, inflated without the rest (not CRC-checked)."""
        info = self.info(name)
        _readable(info)
        raw = self.raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            return raw[:size]
        return zlib.decompressobj(-15).decompress(raw, size)

    def text(self, name: str, errors: str = "replace") -> str:
        """A part's XML as text; a DTD is refused."""
        return part_text(self.read(name), name, errors)

    # --- relationships ---

    def rels(self, part: str) -> list[Rel]:
        """The relationships of ``part`` ("" for the package's own), targets resolved to
        stored member names where such a member exists."""
        name = self.member(rels_name(part))
        return [] if name is None else parse_rels(self.text(name), part, self.member)

    # --- the guard's pass over the local headers ---

    def scan(self) -> tuple[tuple[str, str] | None, str | None]:
        """(fault, first XML part declaring a DTD), from one pass over the local headers.

        ``fault`` is ("encrypted", member) or ("corrupt", detail) when a member's local
        header or data does not fit the file.  Checking every member's CRC would cost as
        much as reading the workbook; a truncated or spliced file already shows in the
        headers.  Each XML part's head is inflated only until its root element shows.
        """
        seen = set()
        dtd = None
        for i in self.infos:
            if i.filename in seen:
                return ("corrupt", f"duplicate member {i.filename}"), dtd
            seen.add(i.filename)
            if i.flag_bits & 0x1:
                return ("encrypted", i.filename), dtd
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                return ("corrupt", f"unsupported compression method {i.compress_type} in {i.filename}"), dtd
            if not 0 <= i.header_offset < self.size:
                return ("corrupt", f"{i.filename} lies outside the file"), dtd
            local = self.data[i.header_offset:i.header_offset + 30]
            if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
                return ("corrupt", f"missing local header of {i.filename}"), dtd
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            data_at = i.header_offset + 30 + name_len + extra_len
            if data_at + i.compress_size > self.size:
                return ("corrupt", f"{i.filename} is cut short"), dtd
            if dtd is None and i.file_size and i.filename.lower().endswith((".xml", ".rels")):
                raw = self.data[data_at:data_at + min(i.compress_size, PROLOG_BYTES + 1024)]
                if declares_dtd(_prolog(raw, i.compress_type)):
                    dtd = i.filename
        return None, dtd


def _readable(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise NotImplementedError(f"{info.filename!r} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(f"compression method {info.compress_type} in {info.filename!r}")


def _inflated(raw: bytes, size: int, declared: int):
    inflate = zlib.decompressobj(-15)
    piece = inflate.decompress(raw, size)
    produced = len(piece)
    while piece:
        yield piece
        if produced > declared:  # more than declared: stop, the caller calls it a bad CRC
            return
        piece = inflate.decompress(inflate.unconsumed_tail, size) if inflate.unconsumed_tail else inflate.flush()
        produced += len(piece)


def member_name_bytes(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    """A member's name as the directory stores it, and its UTF-8 flag (bit 11): a name
    without the flag was decoded as cp437 and goes back byte for byte."""
    if info.flag_bits & 0x800:
        return info.orig_filename.encode("utf-8"), 0x800
    try:
        return info.orig_filename.encode("cp437"), 0
    except UnicodeEncodeError:  # a ZipInfo made in memory, not read from a directory
        return info.orig_filename.encode("utf-8"), 0x800


# --- the central directory -----------------------------------------------------------------

def entry_count(data) -> int | None:
    """Members the zip declares, from its end record, before zipfile parses the directory."""
    size = len(data)
    start = max(0, size - (22 + 65535))
    at = data.rfind(b"PK\x05\x06", start)
    if at < 0 or at + 22 > size:
        return None
    count = struct.unpack("<H", data[at + 10: at + 12])[0]
    if count != 0xFFFF:
        return count
    # zip64: the locator sits just before the end record and points at the zip64 record
    loc = data[at - 20: at] if at - start >= 20 else b""
    if not loc.startswith(b"PK\x06\x07"):
        return None
    where = struct.unpack("<Q", loc[8:16])[0]
    rec = data[where:where + 56]
    if not rec.startswith(b"PK\x06\x06") or len(rec) < 56:
        return None
    return struct.unpack("<Q", rec[32:40])[0]


def over_limits(infos: list[zipfile.ZipInfo], limits: Limits) -> str | None:
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


# --- DOCTYPEs: the one place they are refused ------------------------------------------------

_ROOT_RE = re.compile(r"<[A-Za-z_]")


def _prolog(raw: bytes, method: int) -> bytes:
    """A part's first bytes, inflated a few KiB at a time until the root element shows
    or PROLOG_BYTES are out.  The first step is short: the root element of nearly every
    part starts within its first hundred bytes, and the guard inflates every part."""
    if method == zipfile.ZIP_STORED:
        return raw[:PROLOG_BYTES]
    inflate = zlib.decompressobj(-15)
    out = inflate.decompress(raw, 512)
    while len(out) < PROLOG_BYTES and inflate.unconsumed_tail and not _ROOT_RE.search(_markup_text(out)):
        out += inflate.decompress(inflate.unconsumed_tail, 4096)
    return out[:PROLOG_BYTES]


def declares_dtd(prolog: bytes) -> bool:
    """A DOCTYPE before the root element, in the first bytes of an XML part."""
    return _dtd_before_root(_markup_text(prolog))


def _dtd_before_root(text: str) -> bool:
    if text.find("<!", 0, PROLOG_BYTES) < 0:  # most parts have no "<!" at all
        return False
    root = _ROOT_RE.search(text, 0, PROLOG_BYTES)
    return "<!DOCTYPE" in (text[: root.start()] if root else text[:PROLOG_BYTES]).upper()


def refuse_doctype(text: str, name: str) -> None:
    if _dtd_before_root(text):
        raise DoctypeRefused(name)


def part_text(data: bytes, name: str, errors: str = "replace") -> str:
    """A part's bytes as text (UTF-8, a BOM dropped); DoctypeRefused for a DTD."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors)
    refuse_doctype(text, name)
    return text


def _markup_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", "replace")
    return data.decode("latin-1")
