"""The one zip reader (auditor.ooxml.package): members inflated from the file's bytes read
the same as zipfile reads them, and a damaged member fails the same way (BadZipFile, so
S021); parts found through the relationships, names compared case-insensitively."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from auditor.api import check_file
from auditor.codes import render
from auditor.guards import classify_exception
from auditor.limits import Limits
from auditor.ooxml import package
from auditor.ooxml.package import Package
from auditor.ooxml.parts import workbook_parts
from auditor.ooxml.refs import cell_name, col_letter, col_number, parse_ref
from auditor.reader.grid import read_xlsx
from auditor.reporters.annotated.workbook import Header, annotate

PARTS = {"xl/workbook.xml": "<workbook>" + "部门" * 2000 + "</workbook>", "[Content_Types].xml": "<Types/>",
         "empty.xml": ""}


def _zip(path, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
@pytest.mark.parametrize("whole", [True, False])
def test_members_read_as_zipfile_reads_them(tmp_path, monkeypatch, method, whole):
    if not whole:  # a file over the limit is mapped, not read
        monkeypatch.setattr(package, "WHOLE_FILE", 0)
    path = _zip(tmp_path / "p.xlsx", method)
    with Package.open(str(path)) as pkg, zipfile.ZipFile(path) as z:
        assert isinstance(pkg.data, bytes) == whole
        assert sorted(pkg.namelist()) == sorted(PARTS)
        for name in PARTS:
            assert pkg.read(name) == z.read(name) == PARTS[name].encode()
            assert b"".join(pkg.pieces(name, 1000)) == z.read(name)


def _corrupt(path, find: bytes, replace: bytes):
    data = path.read_bytes()
    at = data.index(find)
    path.write_bytes(data[:at] + replace + data[at + len(find):])


def test_a_flipped_byte_is_a_bad_crc(tmp_path):
    path = _zip(tmp_path / "p.xlsx", zipfile.ZIP_STORED)
    _corrupt(path, "部门".encode(), "部分".encode())  # same length, different bytes
    with Package.open(str(path)) as pkg, pytest.raises(zipfile.BadZipFile) as raised:
        pkg.read("xl/workbook.xml")
    assert "Bad CRC-32" in str(raised.value)
    assert classify_exception(path, raised.value).code == "S021"


def test_a_member_bigger_than_declared_is_not_inflated_past_its_size(tmp_path):
    path = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("empty.xml", "")
        z.writestr("big.xml", "x" * 1_000_000)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("big.xml")
    # the directory now claims 10 bytes for a member that inflates to a million
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)  # the second entry: big.xml
    data[central + 24:central + 28] = (10).to_bytes(4, "little")  # its uncompressed size
    path.write_bytes(bytes(data))
    with Package.open(str(path)) as pkg, pytest.raises(zipfile.BadZipFile):
        pkg.read("big.xml")
    assert info.file_size == 1_000_000


def test_a_local_header_that_is_not_there(tmp_path):
    path = _zip(tmp_path / "p.xlsx")
    _corrupt(path, b"PK\x03\x04", b"XX\x03\x04")  # the first member's local header
    with Package.open(str(path)) as pkg, pytest.raises(zipfile.BadZipFile):
        for name in PARTS:
            pkg.read(name)


# --- parts through the relationships, names as OPC compares them ------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"


def _rebuilt(source: bytes, change) -> bytes:
    """The package with ``change(name, data) -> (name, data)`` applied to every member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name, data = change(info.filename, src.read(info.filename))
            dst.writestr(name, data)
    return out.getvalue()


def _findings(path) -> list[tuple]:
    result = check_file(path)
    assert result.status == "checked"
    return sorted((f.code, f.location.sheet, f.location.cell, f.actual) for f in result.findings)


def test_parts_are_found_through_the_relationships_and_their_names_case_insensitively(tmp_path):
    """A sheet stored as Sheet1.xml, shared strings and styles under names only the
    relationships give: the workbook reads as the original does (on the old reader the
    first sheet read as empty and every shared string as "")."""
    moved = {"xl/worksheets/sheet1.xml": "xl/worksheets/SHEET1.xml",  # the relationship still says sheet1.xml
             "xl/sharedStrings.xml": "xl/text/Strings.xml", "xl/styles.xml": "xl/Looks.xml"}

    def change(name, data):
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            data = data.replace(b"sharedStrings.xml", b"text/Strings.xml").replace(b"styles.xml", b"Looks.xml")
        return moved.get(name, name), data

    path = tmp_path / "moved.xlsx"
    path.write_bytes(_rebuilt(SAMPLE.read_bytes(), change))
    with Package.open(path) as pkg:
        parts = workbook_parts(pkg)
        assert (parts.shared_strings, parts.styles) == ("xl/text/Strings.xml", "xl/Looks.xml")
        assert parts.targets["rId1"] == "xl/worksheets/SHEET1.xml"
        assert pkg.read("XL/WORKSHEETS/sheet1.XML") == pkg.read("xl/worksheets/SHEET1.xml")
    assert _findings(path) == _findings(SAMPLE) != []


_CELL_R = re.compile(r'<c r="([A-Z]+)(\d+)"')
_ROW_R = re.compile(r'<row r="(\d+)"')


def _implicit(xml: str, spoil: str | None = None, spoiled: list | None = None) -> str:
    """Sheet XML with ``r`` dropped wherever position alone gives it: a cell right after
    the previous cell of its row, a row right after the previous row.  With ``spoil``,
    those cells get that (malformed) ``r`` instead of none.  The cells spoiled are listed
    in ``spoiled`` (their A1 names, where position places them)."""
    out, at, last_row, last_col = [], 0, 0, 0
    for m in re.finditer(r'<row r="(\d+)"|<c r="([A-Z]+)(\d+)"', xml):
        out.append(xml[at:m.start()])
        at = m.end()
        if m.group(1):
            row = int(m.group(1))
            out.append("<row" if row == last_row + 1 else m.group(0))
            last_row, last_col = row, 0
            continue
        col = col_number(m.group(2))
        out.append(m.group(0) if col != last_col + 1 else ("<c" if spoil is None else f'<c r="{spoil}"'))
        if col == last_col + 1 and spoil is not None and spoiled is not None:
            spoiled.append(m.group(2) + m.group(3))
        last_col = col
    return "".join(out) + xml[at:]


@pytest.mark.parametrize("spoil", [None, "Z", "a0", "A0", "A1:B2", "XFE1", "A1048577"])
def test_cells_without_a_usable_r_are_placed_by_position(tmp_path, spoil):
    """Cells and rows without ``r`` (or, for a cell, with one that names no cell) follow
    on from the previous ones, as Excel places them: same findings as the original.  The
    old reader put every such cell in row 1, and a malformed ``r`` made the whole
    workbook unreadable (S029).  Each cell whose ``r`` names no cell is also said, at the
    cell it was placed at (S016, a warning); a missing ``r`` is the format's own shorthand."""
    spoiled: dict[str, list] = {}

    def change(name, data):
        if name.startswith("xl/worksheets/sheet"):
            text = _implicit(data.decode(), spoil, spoiled.setdefault(name, []))
            assert not spoil or f'r="{spoil}"' in text
            data = text.encode()
        return name, data

    path = tmp_path / "implicit.xlsx"
    path.write_bytes(_rebuilt(SAMPLE.read_bytes(), change))
    with zipfile.ZipFile(path) as z:
        text = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r"<c(?! r=)[ >/]", text) or spoil
    assert re.search(r"<row(?! r=)[ >/]", text)
    found = _findings(path)
    assert [f for f in found if f[0] != "S016"] == _findings(SAMPLE)
    if spoil is None:
        assert not [f for f in found if f[0] == "S016"]
    else:  # one per sheet, at its first spoiled cell that holds something, with the count
        result = check_file(path)
        said = [f for f in result.findings if f.code == "S016"]
        assert said and len({f.location.sheet for f in said}) == len(said)
        assert {f.location.cell for f in said} <= {c for cells in spoiled.values() for c in cells}
        assert all(f'r="{spoil}"' in render(f, "en") and f.location.cell in render(f, "en")
                   and int(f.args["count"]) >= 1 for f in said)


def _sample_with(tmp_path, member: str, old: bytes, new: bytes) -> Path:
    """The sample with ``old`` replaced by ``new`` (once) in one member."""
    def change(name, data):
        if name == member:
            assert old in data
            data = data.replace(old, new, 1)
        return name, data

    path = tmp_path / "edited.xlsx"
    path.write_bytes(_rebuilt(SAMPLE.read_bytes(), change))
    return path


def test_a_merge_that_names_no_range_is_ignored(tmp_path):
    path = _sample_with(tmp_path, "xl/worksheets/sheet1.xml", b"</mergeCells>", b'<mergeCell ref="A:B7"/></mergeCells>')
    assert _findings(path) == _findings(SAMPLE)


# --- the annotated copy keeps names that are not UTF-8 -----------------------------------------

def test_member_names_without_the_utf8_flag_are_copied_byte_for_byte(tmp_path):
    gbk = "customXml/项目说明.xml".encode("gbk")  # a Chinese zip tool's name: GBK, flag bit 11 unset
    stand_in = b"customXml/" + b"x" * (len(gbk) - len(b"customXml/.xml")) + b".xml"
    buf = io.BytesIO(_rebuilt(SAMPLE.read_bytes(), lambda n, d: (n, d)))
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr(stand_in.decode(), "<x/>")
    source = tmp_path / "gbk.xlsx"
    source.write_bytes(buf.getvalue().replace(stand_in, gbk))  # the local header and the directory
    assert _raw_names(source.read_bytes())[-1] == (gbk, 0)

    out = annotate(source, tmp_path / "out", [], Header("部门", 2023, None, None, None, None)).path
    names = _raw_names(out.read_bytes())
    assert (gbk, 0) in names and not any(n == gbk.decode("cp437").encode() for n, _ in names)
    with zipfile.ZipFile(out) as z:
        assert z.read(gbk.decode("cp437")) == b"<x/>"


def _raw_names(data: bytes) -> list[tuple[bytes, int]]:
    """(name bytes, UTF-8 flag) of each central-directory entry."""
    out, at = [], data.find(b"PK\x01\x02")
    while at >= 0:
        flags, = struct.unpack("<H", data[at + 8:at + 10])
        n, m, k = struct.unpack("<3H", data[at + 28:at + 34])
        out.append((data[at + 46:at + 46 + n], flags & 0x800))
        at = data.find(b"PK\x01\x02", at + 46 + n + m + k)
    return out


# --- column letters, one way and the other -------------------------------------------------

def test_column_letters_round_trip_and_bad_references_are_refused():
    assert [col_letter(c) for c in (1, 26, 27, 52, 703, 16384)] == ["A", "Z", "AA", "AZ", "AAA", "XFD"]
    assert all(col_number(col_letter(c)) == c for c in range(1, 16385))
    assert parse_ref("G6") == parse_ref("$g$6") == (6, 7) and cell_name(6, 7) == "G6"
    for bad in ("", "Z", "A0", "A01", "XFE1", "A1048577", "A1:B2", "1A", "A 1"):
        with pytest.raises(ValueError):
            parse_ref(bad)


# --- one open per file -----------------------------------------------------------------------

def test_the_guard_and_the_reader_share_one_open_package(monkeypatch):
    opened = []
    real = Package.open.__func__

    def counting(cls, path, *args, **kwargs):
        opened.append(path)
        return real(cls, path, *args, **kwargs)

    monkeypatch.setattr(Package, "open", classmethod(counting))
    # no time limit: the check runs in this process, where the count is, even where its
    # deadline would otherwise need a worker of its own (no SIGALRM)
    assert check_file(SAMPLE, limits=Limits(max_seconds=0)).status == "checked"
    assert list(map(str, opened)) == [str(SAMPLE)]


def test_a_doctype_is_refused_by_the_package_whoever_reads(tmp_path):
    path = _sample_with(tmp_path, "xl/workbook.xml", b"?>", b'?><!DOCTYPE x [<!ENTITY a "a">]>')
    with pytest.raises(package.DoctypeRefused):
        read_xlsx(path, lambda name: True)  # unguarded
    assert [f.code for f in check_file(path).findings] == ["S026"]
