"""The reader's zip access: members inflated from the file's bytes read the same as zipfile
reads them, and a damaged member fails the same way (BadZipFile, so S021)."""
from __future__ import annotations

import zipfile

import pytest

from auditor.guards import classify_exception
from auditor.reader import package
from auditor.reader.package import Package

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
    if not whole:  # a file over the limit goes through zipfile's streams
        monkeypatch.setattr(package, "WHOLE_FILE", 0)
    path = _zip(tmp_path / "p.xlsx", method)
    with Package(str(path)) as pkg, zipfile.ZipFile(path) as z:
        assert (pkg.data is not None) == whole
        assert sorted(pkg.namelist()) == sorted(PARTS)
        for name in PARTS:
            assert pkg.read(name) == z.read(name) == PARTS[name].encode()


def _corrupt(path, find: bytes, replace: bytes):
    data = path.read_bytes()
    at = data.index(find)
    path.write_bytes(data[:at] + replace + data[at + len(find):])


def test_a_flipped_byte_is_a_bad_crc(tmp_path):
    path = _zip(tmp_path / "p.xlsx", zipfile.ZIP_STORED)
    _corrupt(path, "部门".encode(), "部分".encode())  # same length, different bytes
    with Package(str(path)) as pkg, pytest.raises(zipfile.BadZipFile) as raised:
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
    with Package(str(path)) as pkg, pytest.raises(zipfile.BadZipFile):
        pkg.read("big.xml")
    assert info.file_size == 1_000_000


def test_a_local_header_that_is_not_there(tmp_path):
    path = _zip(tmp_path / "p.xlsx")
    _corrupt(path, b"PK\x03\x04", b"XX\x03\x04")  # the first member's local header
    with Package(str(path)) as pkg, pytest.raises(zipfile.BadZipFile):
        for name in PARTS:
            pkg.read(name)
