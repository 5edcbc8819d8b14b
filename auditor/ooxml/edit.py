"""The .xlsx package as a zip of parts: read a few, replace a few, copy the rest untouched.

Untouched members are copied as their compressed bytes (no inflate, no deflate, no XML
parse), so they come out byte-identical and cost almost nothing. Parts that must change
are edited as text at precise spots (see ``ooxml_sheet``) because re-serialising them
through ElementTree renames namespace prefixes and breaks ``mc:Ignorable``.
"""
from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from typing import BinaryIO, Iterable

from defusedxml import ElementTree as SafeET

from auditor.ooxml.package import Package as ZipPackage
from auditor.ooxml.package import DoctypeRefused, member_name_bytes, part_text
from auditor.ooxml.parts import Rel, rels_name, resolve, unescape  # noqa: F401  (Rel, rels_name, resolve: the editor's)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"

REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_COMMENTS = NS_REL + "/comments"
REL_VML = NS_REL + "/vmlDrawing"
REL_THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class Unsupported(Exception):
    """The package cannot be edited in place; the message says what, for the reviewer."""


# ---------------------------------------------------------------- reading


class Package(ZipPackage):
    """The shared package, with the annotator's refusals: what cannot be edited in place
    is ``Unsupported`` (and the copy is rebuilt from values instead)."""

    def __init__(self, data: bytes):
        try:
            super().__init__(data, limits=None)
        except zipfile.BadZipFile as exc:
            raise Unsupported(f"not a readable zip package ({exc})") from exc
        if len(self.by_name) != len(self.infos):
            raise Unsupported("the package holds duplicate member names")
        if any(i.flag_bits & 0x1 for i in self.infos):
            raise Unsupported("the package is encrypted")

    def text(self, name: str, errors: str = "strict") -> str:
        """A part's XML as text; refuses DTDs, since text-level edits must not meet entities."""
        data = self.read(name)
        head = data[:200].lower().lstrip(b"\xef\xbb\xbf")
        if head.startswith(b"<?xml") and b"encoding" in head.split(b"?>")[0]:
            enc = re.search(rb'encoding\s*=\s*["\']([^"\']+)', head)
            if enc and enc.group(1).replace(b"-", b"").replace(b"_", b"") != b"utf8":
                raise Unsupported(f"{name} is not UTF-8 encoded")
        try:
            return part_text(data, name, errors)
        except DoctypeRefused:
            raise Unsupported(f"{name} declares a DTD") from None

    def head(self, name: str, size: int = 65536) -> str:
        """The first ``size`` bytes of a part, inflated without reading the rest."""
        return super().head(name, size).decode("utf-8", errors="replace")

    def parse(self, name: str):
        return SafeET.fromstring(self.read(name))

    def check_copied(self, replaced: dict[str, bytes]) -> None:
        """Every member copied as it stands inflates to its declared size and CRC: a damaged
        one, copied byte for byte, would make a copy no tool opens whole."""
        for info in self.infos:
            if info.filename in replaced:
                continue
            try:
                for _ in self.pieces(info.filename):
                    pass
            except NotImplementedError:
                continue  # a compression we do not inflate: copied as it stands, as before
            except (zipfile.BadZipFile, zlib.error) as exc:
                raise Unsupported(f"{info.filename} is damaged ({exc})") from exc

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        try:
            return super().raw(info)
        except zipfile.BadZipFile as exc:
            raise Unsupported(f"bad local header for {info.filename} ({exc})") from exc


def relative(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


def free_name(taken: Iterable[str], pattern: str) -> str:
    """The first ``pattern.format(n)`` (n from 1) not in ``taken``."""
    taken = set(taken)
    n = 1
    while pattern.format(n) in taken:
        n += 1
    return pattern.format(n)


def free_rel_id(rels: Iterable[Rel], extra: Iterable[str] = ()) -> str:
    return free_name({r.id for r in rels} | set(extra), "rId{}")


def rels_with(existing_text: str | None, new: list[tuple[str, str, str]]) -> str:
    """A .rels part with (id, type, target) relationships appended."""
    lines = "".join(f"<Relationship Id={quoteattr(i)} Type={quoteattr(t)} Target={quoteattr(g)}/>"
                    for i, t, g in new)
    if existing_text is None:
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{NS_PKG_REL}">{lines}</Relationships>')
    return insert_before_close(existing_text, "Relationships", lines)


# ---------------------------------------------------------------- text-level XML helpers


def prefix_for(xml: str, namespace: str) -> str | None:
    """The prefix (with colon, "" for the default namespace) bound to ``namespace`` on
    the root element, or None when it is not declared there."""
    root = re.search(r"<(?![?!])[^>]*>", xml)
    if not root:
        return None
    for m in re.finditer(r'\sxmlns(?::([\w.-]+))?\s*=\s*(["\'])(.*?)\2', root.group(0)):
        if m.group(3) == namespace:
            return (m.group(1) + ":") if m.group(1) else ""
    return None


def insert_before_close(xml: str, local: str, text: str) -> str:
    """Insert ``text`` before the last closing tag of element ``local`` (any prefix),
    expanding a self-closed ``<x/>`` if that is how it is written."""
    close = list(re.finditer(rf"</(?:[\w.-]+:)?{local}\s*>", xml))
    if close:
        at = close[-1].start()
        return xml[:at] + text + xml[at:]
    empty = re.search(rf"<((?:[\w.-]+:)?{local})\b([^>]*?)/>", xml)
    if not empty:
        raise Unsupported(f"no <{local}> element to extend")
    return (xml[:empty.start()] + f"<{empty.group(1)}{empty.group(2)}>{text}</{empty.group(1)}>"
            + xml[empty.end():])


def set_attr(tag: str, name: str, value: str | None) -> str:
    """A start tag with attribute ``name`` set (or removed when value is None)."""
    pattern = re.compile(rf'(\s){re.escape(name)}\s*=\s*(["\']).*?\2')
    if value is None:
        return pattern.sub("", tag, count=1)
    attr = f"{name}={quoteattr(value)}"
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + attr, tag, count=1)
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return tag[:end].rstrip() + " " + attr + tag[end:]


def get_attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{re.escape(name)}\s*=\s*(["\'])(.*?)\1', tag)
    return unescape(m.group(2)) if m else None


# (a lone surrogate, which a workbook can hold as ``&#xD800;``, is no XML character either:
# UTF-8 cannot encode it)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def escape(data: str) -> str:
    """``xml.sax.saxutils.escape``, whose module imports urllib, http and email: every
    batch pays for them through the summary, and nothing here needs them."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """``xml.sax.saxutils.quoteattr``: escaped and quoted, with the quote the value lacks."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"%s"' % data.replace('"', "&quot;")


def xml_text(value: str) -> str:
    """Escaped element text. Characters XML 1.0 cannot hold become Excel's ``_xHHHH_``
    escapes, and text that already looks like such an escape is protected, so the
    reader shows exactly the string given."""
    value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    value = _INVALID_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return escape(value)


def xml_attr(value: str) -> str:
    return quoteattr(_INVALID_XML.sub("\ufffd", value))


def content_types_with(xml: str, overrides: list[tuple[str, str]], defaults: list[tuple[str, str]]) -> str:
    """[Content_Types].xml with Override (part, type) and Default (extension, type) added
    where missing."""
    have_ext = {m.lower() for m in re.findall(r'<(?:[\w.-]+:)?Default\b[^>]*Extension="([^"]*)"', xml)}
    have_part = set(re.findall(r'<(?:[\w.-]+:)?Override\b[^>]*PartName="([^"]*)"', xml))
    add = ""
    for ext, ctype in defaults:
        if ext.lower() not in have_ext:
            add += f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(ctype)}/>"
    for part, ctype in overrides:
        if "/" + part not in have_part:
            add += f"<Override PartName={quoteattr('/' + part)} ContentType={quoteattr(ctype)}/>"
    return insert_before_close(xml, "Types", add) if add else xml


# ---------------------------------------------------------------- writing


def write_package(pkg: Package, out: BinaryIO, replaced: dict[str, bytes], added: dict[str, bytes]) -> None:
    """Write the source package with ``replaced`` parts swapped in and ``added`` parts
    appended; every other member is copied as its compressed bytes."""
    try:
        _RawZipWriter(out).write(pkg, replaced, added)
    except _NeedsZip64:
        # Beyond 4 GiB or 65535 members: let zipfile handle ZIP64, at the cost of inflating.
        out.seek(0)
        out.truncate()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
            for info in pkg.infos:
                data = replaced.get(info.filename)
                zout.writestr(info, data if data is not None else pkg.read(info.filename))
            for name, data in added.items():
                zout.writestr(zipfile.ZipInfo(name, _FIXED_TIME), data)


class _NeedsZip64(Exception):
    pass


def _new_name(name: str) -> tuple[bytes, int]:
    return name.encode("utf-8"), (0x800 if not name.isascii() else 0)


class _RawZipWriter:
    """A minimal zip writer: local headers, data, central directory, end record."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.central: list[bytes] = []
        self.offset = 0

    def write(self, pkg: Package, replaced: dict[str, bytes], added: dict[str, bytes]) -> None:
        for info in pkg.infos:
            name = member_name_bytes(info)  # a cp437 name goes back byte for byte
            if info.filename in replaced:
                self._deflated(name, replaced[info.filename], info.date_time,
                               info.create_system, info.external_attr)
            else:  # whole: the editor's caller checked it first (Package.check_copied)
                self._entry(name, pkg.raw(info), info.compress_type, info.CRC,
                            info.compress_size, info.file_size, info.date_time,
                            info.create_system, info.external_attr)
        for name, data in added.items():
            self._deflated(_new_name(name), data, _FIXED_TIME, 0, 0)
        count = len(self.central)
        cd = b"".join(self.central)
        if count >= 0xFFFF or self.offset + len(cd) >= 0xFFFFFFFF:
            raise _NeedsZip64
        self.out.write(cd)
        self.out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count,
                                   len(cd), self.offset, 0))

    def _deflated(self, name, data, date_time, system, external_attr):
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = comp.compress(data) + comp.flush()
        self._entry(name, packed, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(packed),
                    len(data), date_time, system, external_attr)

    def _entry(self, name, payload, method, crc, csize, size, date_time, system, external_attr):
        if max(csize, size, self.offset) >= 0xFFFFFFFF:
            raise _NeedsZip64
        encoded, flags = name
        y, mo, d, h, mi, s = date_time
        dos_time = (h << 11) | (mi << 5) | (s // 2)
        dos_date = (max(y, 1980) - 1980) << 9 | (mo << 5) | d
        version = 20
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", version, flags, method, dos_time,
                             dos_date, crc, csize, size, len(encoded), 0)
        self.central.append(struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", (system << 8) | version, version, flags, method, dos_time, dos_date,
            crc, csize, size, len(encoded), 0, 0, 0, 0, external_attr, self.offset) + encoded)
        self.out.write(header)
        self.out.write(encoded)
        self.out.write(payload)
        self.offset += len(header) + len(encoded) + len(payload)
