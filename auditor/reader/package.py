"""A workbook's zip package, read for the reader: one read of the file, members inflated in memory.

``zipfile`` reads a member through a stream object that seeks, reads the local header and
checks names on every read: for a template-sized workbook that is most of the cost of
opening its eight or so parts.  A file of up to ``WHOLE_FILE`` bytes is read at once and
each member inflated straight from those bytes, checked against the size and CRC the
directory declares, as ``zipfile`` checks them.  Bigger files, and members this does not
handle (encrypted, other methods), go through ``zipfile`` as before.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

WHOLE_FILE = 16 << 20


class Package:
    """The zip members of one workbook by name; a context manager like ``ZipFile``."""

    def __init__(self, source):
        self.data: bytes | None = None
        if isinstance(source, (str, bytes, os.PathLike)) and os.path.getsize(source) <= WHOLE_FILE:
            with open(source, "rb") as fh:
                self.data = fh.read()
            self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        elif isinstance(source, io.BytesIO) and len(source.getbuffer()) <= WHOLE_FILE:
            self.data = source.getvalue()
            self.zip = zipfile.ZipFile(source)
        else:
            self.zip = zipfile.ZipFile(source)

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    def namelist(self) -> list[str]:
        return self.zip.namelist()

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self.zip.getinfo(name)

    def open(self, name: str):
        """A stream of the member, for parts too big to hold inflated at once."""
        return self.zip.open(name)

    def read(self, name: str) -> bytes:
        info = self.zip.getinfo(name)
        if self.data is None or info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                                                  zipfile.ZIP_DEFLATED):
            return self.zip.read(name)
        at = info.header_offset
        local = self.data[at:at + 30]
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"Bad magic number for file header of {name!r}")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        start = at + 30 + name_len + extra_len
        raw = self.data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            out = raw
        else:  # never more than the directory declares: a lying size shows as a bad CRC
            out = zlib.decompressobj(-15).decompress(raw, max(info.file_size, 1))  # 0 would mean no limit
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
        return out
