"""Broken and hostile workbooks, made on demand so the repository holds no binaries.

``make_corpus(dir)`` writes every file and returns ``{name: expected}``: the code the
guards must report (``auditor.codes.unreadable``), None for a file that reads (any
finding on it is the reader's), or ``SKIP`` for a lock file the batch passes over.
Files in ``READER_STAGE`` pass ``inspect``; their code comes from reading them.

Run it by hand to look at the files: ``python tests/corpus/make_corpus.py /tmp/corpus``.
"""
from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from pathlib import Path

SKIP = "skip"
# Caught while reading, not by inspect: the reader raises, classify_exception names it.
READER_STAGE = {"million_rows.xlsx", "crc_error.xlsx"}
# Needs xlwt, which only some developers install; tests skip it when absent.
NEEDS_XLWT = {"xls_renamed.xlsx"}

MiB = 1 << 20


def make_corpus(directory, *, bomb_bytes: int = 1 << 30, million: int = 1_000_000) -> dict[str, str | None]:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    good = good_xlsx()
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes, code: str | None) -> None:
        (d / name).write_bytes(data)
        expected[name] = code

    put("good.xlsx", good, None)
    put("empty.xlsx", b"", "S020")
    put("truncated.xlsx", good[: len(good) // 2], "S021")
    put("random.xlsx", _random_bytes(4096), "S022")
    put("csv_renamed.xlsx", "项目,预算数,执行数\n基本支出,\"1,200.00\",1100.5\n项目支出,300,280\n".encode("gb18030"), "S022")
    put("html_renamed.xlsx", _HTML.encode("utf-8"), "S022")
    put("docx_renamed.xlsx", _docx_like(), "S022")
    put("xlsx_renamed.xls", good, "S023")
    put("biff_stub_renamed.xlsx", compound_file({"Workbook": _biff(encrypted=False)}), "S023")
    put("encrypted.xlsx", compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(200),
                                         "EncryptedPackage": struct.pack("<Q", len(good)) + os.urandom(len(good))}),
        "S024")
    put("encrypted.xls", compound_file({"Workbook": _biff(encrypted=True)}), "S024")
    put("xml_bomb.xlsx", _replace_member(good, "xl/workbook.xml", _billion_laughs), "S026")
    put("hidden_sheet.xlsx", _hidden_sheet_xlsx(), None)
    put("formula_no_cache.xlsx", _formula_xlsx(), None)
    put("crc_error.xlsx", _bad_crc(good, "xl/worksheets/sheet1.xml"), "S021")
    put("~$lock.xlsx", b"\x0bAdministrator" + bytes(40) + "Administrator".encode("utf-16-le") + bytes(60), SKIP)
    write_zip_bomb(d / "zip_bomb.xlsx", bomb_bytes, good)
    expected["zip_bomb.xlsx"] = "S025"
    _million_rows(d / "million_rows.xlsx", good, million)
    expected["million_rows.xlsx"] = "S027"
    xls = _xlwt_workbook()
    if xls is not None:
        put("xls_renamed.xlsx", xls, "S023")
    return expected


# --- real workbooks ----------------------------------------------------------------------

def good_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体支出绩效自评表"
    ws.append(["项目", "预算数（万元）", "执行数（万元）", "执行率（%）"])
    ws.append(["基本支出", 1200.0, 1100.5, 91.71])
    ws.append(["项目支出", 300.0, 280.0, 93.33])
    return _save(wb)


def _hidden_sheet_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "2023年度部门整体支出绩效自评"
    data = wb.create_sheet("部门整体支出绩效自评表")
    data.append(["项目", "预算数（万元）", "执行数（万元）"])
    data.append(["基本支出", 1200.0, 1100.5])
    data.sheet_state = "hidden"
    return _save(wb)


def _formula_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体支出绩效自评表"
    ws.append(["项目", "执行数（万元）"])
    ws.append(["基本支出", 1100.5])
    ws.append(["项目支出", 280.0])
    ws.append(["合计", "=SUM(B2:B3)"])  # openpyxl writes no cached value
    return _save(wb)


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlwt_workbook() -> bytes | None:
    try:
        import xlwt
    except ImportError:
        return None
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("部门整体支出绩效自评表")
    for r, row in enumerate([["项目", "预算数（万元）"], ["基本支出", 1200.0]]):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- zips that lie ----------------------------------------------------------------------------

def _members(xlsx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _replace_member(xlsx: bytes, name: str, change) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in _members(xlsx):
            out.writestr(member, change(data) if member == name else data)
    return buf.getvalue()


def _billion_laughs(workbook_xml: bytes) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE workbook [" + "".join(entities) + "]>"
    text = workbook_xml.decode("utf-8")
    decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    text = text[:decl_end] + doctype + text[decl_end:]
    text = text.replace("</workbook>", "<definedNames><definedName name=\"x\">&lol9;</definedName></definedNames></workbook>")
    return text.encode("utf-8")


def _bad_crc(xlsx: bytes, name: str) -> bytes:
    """The member inflates fine; only reading it to the end shows the CRC is wrong."""
    data = bytearray(xlsx)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        info = zf.getinfo(name)
    wrong = struct.pack("<I", info.CRC ^ 0xFFFFFFFF)
    data[info.header_offset + 14: info.header_offset + 18] = wrong
    end = data.rfind(b"PK\x05\x06")
    at = struct.unpack("<I", data[end + 16: end + 20])[0]
    while data[at: at + 4] == b"PK\x01\x02":  # the central entry with this member's offset
        n, m, k = struct.unpack("<HHH", data[at + 28: at + 34])
        if struct.unpack("<I", data[at + 42: at + 46])[0] == info.header_offset:
            data[at + 16: at + 20] = wrong
        at += 46 + n + m + k
    return bytes(data)


def _docx_like() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>")
    return buf.getvalue()


def write_zip_bomb(path, size: int = 1 << 30, xlsx: bytes | None = None) -> None:
    """The first sheet replaced by ``size`` zeros, deflated once per MiB and repeated:
    a valid stream, made in well under a second and a few MiB of memory."""
    xlsx = xlsx or good_xlsx()
    chunk = bytes(MiB)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush()
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(chunk, crc)
    bomb = (block * (size // MiB)) + tail
    entries = []
    for name, data in _members(xlsx):
        if name == "xl/worksheets/sheet1.xml":
            entries.append((name, bomb, crc, size))
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            entries.append((name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)))
    Path(path).write_bytes(_raw_zip(entries))


def write_memory_hog(path, size: int = 384 * MiB, xlsx: bytes | None = None) -> None:
    """``xlsx`` (default: a good workbook) with ``size`` bytes of text in its styles part,
    which the reader holds whole: hundreds of MiB within every zip limit (about 125:1,
    under the 200:1 ratio limit) in a file of a few MiB, made in well under a second."""
    import random

    rnd, chunk = random.Random(18), bytearray()
    while len(chunk) < MiB:  # 512 letters, then two the deflater cannot guess
        chunk += b"x" * 512 + bytes(rnd.randrange(65, 91) for _ in range(2))
    chunk = bytes(chunk[:MiB])
    block = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = block.compress(chunk) + block.flush(zlib.Z_FULL_FLUSH)
    entries = []
    for name, data in _members(xlsx or good_xlsx()):
        if name == "xl/styles.xml":
            at = data.rindex(b"</styleSheet>")
            head, tail = data[:at] + b'<extLst><ext uri="x">', b"</ext></extLst>" + data[at:]
            first, last = zlib.compressobj(6, zlib.DEFLATED, -15), zlib.compressobj(6, zlib.DEFLATED, -15)
            crc = zlib.crc32(head)
            for _ in range(size // MiB):
                crc = zlib.crc32(chunk, crc)
            comp = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH) + block * (size // MiB) \
                + last.compress(tail) + last.flush()
            entries.append((name, comp, zlib.crc32(tail, crc), len(head) + size // MiB * MiB + len(tail)))
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            entries.append((name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)))
    Path(path).write_bytes(_raw_zip(entries))


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A deflate-only zip from already-compressed members (zipfile would recompress them)."""
    out, central = bytearray(), bytearray()
    for name, comp, crc, usize in entries:
        raw = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(comp), usize, len(raw), 0)
        out += raw + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(comp), usize,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def _million_rows(path: Path, xlsx: bytes, rows: int) -> None:
    """Sheet XML streamed straight into the zip: seconds, not the minutes openpyxl would take."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, data in _members(xlsx):
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
                continue
            with out.open(name, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                step = 10_000
                for start in range(1, rows + 1, step):
                    sheet.write("".join(
                        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 7 % 1000}.5</v></c></row>'
                        for r in range(start, min(start + step, rows + 1))).encode())
                sheet.write(b"</sheetData></worksheet>")


# --- compound files (what .xls and Office-encrypted workbooks are) -------------------------

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid MS-CFB v3 file holding ``streams`` in the root storage.

    512-byte sectors, one FAT sector (so at most ~60 KiB), no mini stream: every stream
    is padded to the 4096-byte cutoff so that it may live in regular sectors.
    """
    ssz = 512
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's sort order
    datas = [streams[n] + bytes(max(0, 4096 - len(streams[n]))) for n in names]
    n_dir = -(-(len(names) + 1) * 128 // ssz)
    fat = [FATSECT] + [s + 1 if s < n_dir else ENDOFCHAIN for s in range(1, n_dir + 1)]
    starts = []
    for data in datas:
        n = -(-len(data) // ssz)
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 if i + 1 < n else ENDOFCHAIN for i in range(n)]
    if len(fat) > ssz // 4:
        raise ValueError("streams too large for a one-FAT-sector compound file")
    fat += [FREESECT] * (ssz // 4 - len(fat))

    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
    header += struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<109I", 0, *([FREESECT] * 108))

    directory = _dir_entry("Root Entry", 5, child=1 if names else NOSTREAM, start=ENDOFCHAIN, size=0)
    for i, (name, data) in enumerate(zip(names, datas), start=1):
        right = i + 1 if i < len(names) else NOSTREAM  # a right-leaning chain: sorted, readers accept it
        directory += _dir_entry(name, 2, right=right, start=starts[i - 1], size=len(data))
    directory += bytes(n_dir * ssz - len(directory))

    body = struct.pack(f"<{ssz // 4}I", *fat) + directory
    for data in datas:
        body += data + bytes(-len(data) % ssz)
    return header + body


def _dir_entry(name: str, kind: int, *, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, start=0, size=0) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return (raw + bytes(64 - len(raw)) + struct.pack("<HBBIII", len(raw), kind, 1, left, right, child)
            + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))


def _biff(encrypted: bool) -> bytes:
    """A Workbook stream's first records: BOF, then FILEPASS when password-protected, EOF."""
    records = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    if encrypted:
        records += struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + os.urandom(48)
    return records + struct.pack("<HH", 0x000A, 0)


def _random_bytes(n: int) -> bytes:
    data = os.urandom(n)
    # never by chance one of the magics the sniffer looks for
    return b"\x00\xff" + data[2:]


_HTML = """<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta charset="utf-8"><title>部门整体支出绩效自评表</title></head>
<body><table border="1">
<tr><th>项目</th><th>预算数（万元）</th><th>执行数（万元）</th></tr>
<tr><td>基本支出</td><td>1,200.00</td><td>1,100.50</td></tr>
</table></body></html>
"""


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "corpus_out"
    for file, code in sorted(make_corpus(target).items()):
        print(f"{code or '-':5} {file}")


def looping_xls(chain: str) -> bytes | None:
    """A real .xls (xlwt's) whose ``chain`` ("directory", "stream" or "mini-FAT") comes back
    on itself: python-calamine follows a looping directory until its process is killed."""
    data = _xlwt_workbook()
    if data is None:
        return None
    data = bytearray(data)
    ssz = 1 << struct.unpack("<H", data[0x1E:0x20])[0]
    fat_at = (struct.unpack("<I", data[0x4C:0x50])[0] + 1) * ssz  # xlwt writes one FAT sector

    def points(sector: int, to: int) -> None:
        struct.pack_into("<I", data, fat_at + 4 * sector, to)

    if chain == "directory":
        first = struct.unpack("<I", data[0x30:0x34])[0]
        points(first, first)
    elif chain == "stream":  # the Workbook stream's last sector leads back to its first
        start = data.index("Workbook".encode("utf-16-le"))
        first = struct.unpack("<I", data[start + 116: start + 120])[0]
        last = first
        while struct.unpack("<I", data[fat_at + 4 * last: fat_at + 4 * last + 4])[0] < 0xFFFFFFFA:
            last = struct.unpack("<I", data[fat_at + 4 * last: fat_at + 4 * last + 4])[0]
        points(last, first)
    elif chain == "mini-FAT":  # a mini-FAT of one sector, appended, that leads to itself
        sector = len(data) // ssz - 1
        data += bytes(ssz)
        points(sector, sector)
        struct.pack_into("<II", data, 0x3C, sector, 1)
    else:
        raise ValueError(chain)
    return bytes(data)
