"""Broken and hostile inputs: every file gets one clear finding, nothing escapes, nothing is changed."""
from __future__ import annotations

import hashlib
import os
import signal
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from auditor import guards
from auditor.processes import pool
from auditor.processes import workers
from auditor.findings import Location, Severity
from auditor.formats import (HEAD_BYTES, OLE_MAGIC, ZIP_MAGICS, Corrupt, _default_max_members, ole_kind,
                             text_kind, zip_kind)
from auditor.ooxml.package import OverLimits, Package
from auditor.guards import Limits, TooLarge, Timeout, classify_exception, inspect
from auditor.codes import REGISTRY, render

try:
    from corpus.make_corpus import (NEEDS_XLWT, READER_STAGE, SKIP, good_xlsx, looping_xls, make_corpus,
                                   write_zip_bomb)
except ImportError:  # run with tests/ as a package
    from tests.corpus.make_corpus import (NEEDS_XLWT, READER_STAGE, SKIP, good_xlsx, looping_xls, make_corpus,
                                         write_zip_bomb)

SNIFFED = {
    "good.xlsx": "xlsx", "empty.xlsx": "empty", "truncated.xlsx": "xlsx", "random.xlsx": "unknown",
    "csv_renamed.xlsx": "csv", "html_renamed.xlsx": "html", "docx_renamed.xlsx": "docx",
    "xlsx_renamed.xls": "xlsx", "biff_stub_renamed.xlsx": "xls", "xls_renamed.xlsx": "xls",
    "encrypted.xlsx": "encrypted", "encrypted.xls": "encrypted", "xml_bomb.xlsx": "xlsx",
    "hidden_sheet.xlsx": "xlsx", "formula_no_cache.xlsx": "xlsx", "crc_error.xlsx": "xlsx",
    "zip_bomb.xlsx": "xlsx", "million_rows.xlsx": "xlsx", "~$lock.xlsx": "unknown",
}


def sniff(path) -> str:
    """The file's format from its content, never its extension: the classification the
    guards' findings are judged against, built of the same pieces ``auditor.formats`` gives
    ``guards.inspect``.

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
                with Package.open(path, Limits(max_members=_default_max_members(), max_uncompressed_bytes=1 << 62,
                                               max_ratio=float("inf"))) as pkg:
                    return zip_kind(pkg)
            except (OverLimits, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError):  # zipfile's word for a version or method it lacks
                return "xlsx" if b"xl/" in head else "zip"
    return text_kind(head, cut=len(head) == HEAD_BYTES)


def _sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    expected = make_corpus(d)
    hashes = {name: _sha(d / name) for name in expected}
    return d, expected, hashes


def _cases():
    names = sorted(SNIFFED)
    return [pytest.param(n, id=n) for n in names]


@pytest.mark.parametrize("name", _cases())
def test_sniff_reads_content_not_extension(corpus, name):
    d, expected, hashes = corpus
    if name not in expected:
        pytest.skip("xlwt is not installed: no real .xls to rename")
    assert sniff(d / name) == SNIFFED[name]
    assert _sha(d / name) == hashes[name]


@pytest.mark.parametrize("name", _cases())
def test_inspect_gives_the_expected_finding(corpus, name):
    d, expected, hashes = corpus
    if name not in expected:
        assert name in NEEDS_XLWT
        pytest.skip("xlwt is not installed: no real .xls to rename")
    code = expected[name]
    verdict = inspect(d / name)
    codes = [f.code for f in verdict.findings]
    assert _sha(d / name) == hashes[name], "inspect must never change an input"
    for f in verdict.findings:
        assert f.location == Location(file=str(d / name))
        assert "Traceback" not in render(f, "en")
    if code is None:
        assert codes == [] and verdict.kind == "xlsx"
    elif code == SKIP:
        assert guards.is_lock_file(d / name)
    elif name in READER_STAGE:
        # may pass inspect (the reader then raises); if inspect catches it, it is the same code
        assert codes in ([], [code])
    elif code == "S023":
        assert codes == ["S023"] and verdict.kind == SNIFFED[name]
        assert REGISTRY["S023"].severity == Severity.WARNING
    else:
        assert codes == [code] and verdict.kind is None


def test_every_input_is_byte_identical_after_everything(corpus):
    d, expected, hashes = corpus
    for name in expected:
        inspect(d / name)
        sniff(d / name)
    assert {n: _sha(d / n) for n in expected} == hashes


def test_renamed_format_message_names_both(corpus):
    d, _, _ = corpus
    (f,) = inspect(d / "xlsx_renamed.xls").findings
    assert f.args == {"extension": ".xls", "content": ".xlsx"}
    assert "请另存为 .xlsx" in render(f, "zh") and ".xls" in render(f, "en")


def test_lock_files():
    assert guards.is_lock_file("dir/~$财政局.xlsx")
    assert guards.is_lock_file(".~lock.财政局.xlsx#")
    assert not guards.is_lock_file("财政局.xlsx")
    assert not guards.is_lock_file("a~$b.xlsx")


# --- zip limits, checked before anything is decompressed ------------------------------------

def test_ratio_limit(tmp_path):
    path = tmp_path / "bomb.xlsx"
    write_zip_bomb(path, 16 << 20)  # 16 MiB of zeros: under the size limit, ~1000:1
    (f,) = inspect(path).findings
    assert f.code == "S025" and f.args["reason"].startswith("ratio ")
    assert "xl/worksheets/sheet1.xml" in f.args["reason"]


def test_total_size_limit(corpus):
    d, _, _ = corpus
    (f,) = inspect(d / "zip_bomb.xlsx").findings
    assert f.code == "S025" and f.args["reason"].startswith("uncompressed ")
    (f,) = inspect(d / "good.xlsx", Limits(max_uncompressed_bytes=1000)).findings
    assert f.code == "S025"


def test_member_count_limit_read_from_the_end_record(corpus, tmp_path):
    d, _, _ = corpus
    (f,) = inspect(d / "good.xlsx", Limits(max_members=3)).findings
    assert f.code == "S025" and f.args["reason"].startswith("members ")
    # over 65,535 members the count lives in the zip64 end record
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(70_000):
            zf.writestr(f"m/{i}", b"")
    (f,) = inspect(path).findings
    assert f.code == "S025" and f.args["reason"] == "members 70000 > 10000"


def test_zip_with_a_password_is_encrypted(tmp_path):
    path = tmp_path / "zipcrypto.xlsx"
    data = bytearray(good_xlsx())
    # set the "encrypted" flag bit in every local and central header
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            data[at + flag_at] |= 1
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))
    assert [f.code for f in inspect(path).findings] == ["S024"]


def test_spliced_zip_is_corrupt(tmp_path):
    path = tmp_path / "spliced.xlsx"
    data = good_xlsx()
    end = data.rfind(b"PK\x05\x06")
    cd = int.from_bytes(data[end + 16: end + 20], "little")
    # drop the middle of the member data but keep the directory: offsets now point past the end
    path.write_bytes(data[:200] + data[cd:])
    (f,) = inspect(path).findings
    assert f.code == "S021"


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
@pytest.mark.parametrize("prolog, refused", [
    ('<!DOCTYPE x [<!ENTITY a "a">]>', True),
    # a DOCTYPE behind 20 KiB of comment is past the first inflated step, still found
    ("<!--" + "x" * 20_000 + '--><!DOCTYPE x [<!ENTITY a "a">]>', True),
    ("", False),
])
def test_doctype_in_any_part_is_refused_before_reading(tmp_path, method, prolog, refused):
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(__import__("io").BytesIO(good_xlsx())) as src, zipfile.ZipFile(path, "w", method) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":  # a part no reader of ours parses
                data = prolog.encode() + data
                # text that merely mentions a DOCTYPE after the root element is content
                data = data.replace(b"</Properties>", b"<!-- <!DOCTYPE y> --></Properties>")
            dst.writestr(info.filename, data)
    codes = [f.code for f in inspect(path).findings]
    assert codes == (["S026"] if refused else [])


# --- nothing escapes -----------------------------------------------------------------------

def test_missing_file_and_directory_are_findings_not_exceptions(tmp_path):
    (f,) = inspect(tmp_path / "gone.xlsx").findings
    assert f.code == "S029" and f.args["error"] == "FileNotFoundError"
    (f,) = inspect(tmp_path).findings
    assert f.code == "S029" and f.args["error"] == "IsADirectoryError"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_workbooks_never_raise(tmp_path, data):
    good = _good_once()
    how = data.draw(st.sampled_from(["cut", "flip", "splice"]))
    if how == "cut":
        blob = good[: data.draw(st.integers(0, len(good)))]
    elif how == "flip":
        blob = bytearray(good)
        for at in data.draw(st.lists(st.integers(0, len(good) - 1), min_size=1, max_size=20)):
            blob[at] ^= data.draw(st.integers(1, 255))
        blob = bytes(blob)
    else:
        a, b = sorted(data.draw(st.lists(st.integers(0, len(good)), min_size=2, max_size=2)))
        blob = good[:a] + data.draw(st.binary(max_size=64)) + good[b:]
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(blob)
    verdict = inspect(path)
    assert verdict.kind in ("xlsx", "xls", None)
    assert verdict.kind is not None or verdict.findings
    assert sniff(path) in {"xlsx", "xls", "xlsb", "ods", "encrypted", "docx", "doc", "zip", "ole",
                           "csv", "html", "xml", "text", "empty", "unknown"}
    assert path.read_bytes() == blob


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=2048), prefix=st.sampled_from([b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")]))
def test_arbitrary_bytes_never_raise(tmp_path, blob, prefix):
    path = tmp_path / "any.xlsx"
    path.write_bytes(prefix + blob)
    verdict = inspect(path)
    assert verdict.kind is not None or verdict.findings


_GOOD: list[bytes] = []


def _good_once() -> bytes:
    if not _GOOD:
        _GOOD.append(good_xlsx())
    return _GOOD[0]


# --- exceptions to findings ---------------------------------------------------------------

P = "/in/财政局.xlsx"


@pytest.mark.parametrize("exc, code", [
    (zipfile.BadZipFile("File is not a zip file"), "S021"),
    (zlib.error("Error -3 while decompressing data: invalid block type"), "S021"),
    (EOFError("Compressed file ended before the end-of-stream marker was reached"), "S021"),
    (MemoryError(), "S028"),
    (Timeout(60), "S028"),
    (ValueError("could not convert string to float: '一百'"), "S029"),
    (PermissionError(13, "Permission denied"), "S029"),
    (RecursionError("maximum recursion depth exceeded"), "S029"),
])
def test_classify_exception(exc, code):
    f = classify_exception(P, exc)
    assert f.code == code and f.location == Location(file=P)
    assert set(f.args) == REGISTRY[code].placeholders("en")


def test_classify_defusedxml():
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DTDForbidden, ExternalReferenceForbidden

    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(Exception) as raised:
        SafeET.fromstring(bomb)
    assert classify_exception(P, raised.value).code == "S026"
    with pytest.raises(DTDForbidden) as raised:
        SafeET.fromstring(b"<!DOCTYPE x SYSTEM 'http://example.invalid/x.dtd'><x/>", forbid_dtd=True)
    assert classify_exception(P, raised.value).code == "S026"
    exc = ExternalReferenceForbidden("ctx", None, "file:///etc/passwd", None)
    assert classify_exception(P, exc).code == "S026"


def test_classify_too_large_points_at_the_sheet():
    f = classify_exception(P, TooLarge("明细", 100_001, 100_000))
    assert f.code == "S027" and f.location == Location(file=P, sheet="明细")
    assert f.args == {"sheet": "明细", "rows": 100_001, "limit": 100_000}
    assert "明细" in render(f, "zh") and "100000" in render(f, "zh")


def test_classify_follows_the_cause_chain():
    try:
        try:
            raise zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'")
        except zipfile.BadZipFile as inner:
            raise RuntimeError("reading sheet failed") from inner
    except RuntimeError as outer:
        f = classify_exception(P, outer)
    assert f.code == "S021" and "Bad CRC-32" in f.args["detail"]


def test_classify_unprintable_and_long_messages():
    class Nasty(Exception):
        def __str__(self):
            raise RuntimeError("no")

    f = classify_exception(P, Nasty())
    assert f.code == "S029" and f.args["error"] == "Nasty"
    f = classify_exception(P, ValueError("x\n" * 500))
    assert len(f.args["detail"]) <= 200 and "\n" not in f.args["detail"]


def test_classify_calamine_errors(corpus):
    pc = pytest.importorskip("python_calamine")
    d, _, _ = corpus
    for name, code in (("encrypted.xls", "S024"), ("crc_error.xlsx", "S021")):
        with pytest.raises(Exception) as raised:
            wb = pc.CalamineWorkbook.from_path(str(d / name))
            for sheet in wb.sheet_names:
                wb.get_sheet_by_name(sheet).to_python()
        assert classify_exception(d / name, raised.value).code == code


def test_crc_error_is_found_when_the_member_is_read(corpus):
    d, _, _ = corpus
    with pytest.raises(Exception) as raised:
        with zipfile.ZipFile(d / "crc_error.xlsx") as zf:
            for info in zf.infolist():
                zf.read(info)
    assert classify_exception(d / "crc_error.xlsx", raised.value).code == "S021"


# --- time and memory ---------------------------------------------------------------------

def _spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


@pytest.mark.posix("SIGALRM and the interval timer")
def test_call_with_timeout():
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(Timeout) as raised:
        workers.call_with_timeout(0.2, _spin, 5)
    assert classify_exception(P, raised.value).args == {"limit": "0.2 s"}
    assert workers.call_with_timeout(2, _spin, 0.01) == "done"
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class _SlowToDrop:
    """An object whose finalizer holds most of the time: an alarm ringing inside it raises
    where the interpreter prints the exception and drops it."""

    def __del__(self):
        _spin(0.2)


def _drop_slow_objects(times):
    for _ in range(times):
        _SlowToDrop()  # dropped at once: its __del__ runs here
        _spin(0.1)
    return "done"


@pytest.mark.posix("SIGALRM and the interval timer")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed ring
def test_call_with_timeout_is_not_lost_in_a_finalizer():
    """The first ring lands in a __del__ (0.1 s in, of 0.2 s there): the Timeout raised
    there is swallowed, and the alarm must ring again until one gets out; rung once only,
    the call ran its 30 rounds (9 s) to the end."""
    start = time.monotonic()
    with pytest.raises(Timeout):
        workers.call_with_timeout(0.1, _drop_slow_objects, 30)
    assert time.monotonic() - start < 6  # a loaded machine is slow to ring; rung once only, no Timeout at all
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_read_guarded(corpus):
    d, _, _ = corpus
    assert workers.read_guarded(d / "good.xlsx", lambda p, kind, package: kind) == ("xlsx", [])
    # the reader is handed the package the guard opened: the file is opened once
    (package, names), _ = workers.read_guarded(d / "good.xlsx", lambda p, kind, package: (package, package.namelist()))
    assert str(package.path) == str(d / "good.xlsx") and "xl/workbook.xml" in names

    def broken(path, kind, package):
        raise zipfile.BadZipFile("Bad magic number for file header")

    result, findings = workers.read_guarded(d / "good.xlsx", broken)
    assert result is None and [f.code for f in findings] == ["S021"]
    # an unreadable file is never handed to the reader
    result, findings = workers.read_guarded(d / "encrypted.xlsx", broken)
    assert [f.code for f in findings] == ["S024"]
    # a renamed file is read by its content and keeps its warning
    result, findings = workers.read_guarded(d / "xlsx_renamed.xls", lambda p, kind, package: kind)
    assert result == "xlsx" and [f.code for f in findings] == ["S023"]


# Module-level so a worker process can run them.
def _kind(path, kind, package):
    return kind


def _hog(path, kind, package):
    return len(bytearray(3 << 30))


def _crash(path, kind, package):
    import faulthandler

    faulthandler.disable()  # pytest's handler would print a traceback for the expected crash
    os.kill(os.getpid(), signal.SIGSEGV)


def _sleep_natively(path, kind, package):
    if hasattr(signal, "pthread_sigmask"):  # no alarm to block on Windows
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # as a long native call would
    time.sleep(30)


posix_only = pytest.mark.skipif(os.name != "posix", reason="worker limits are POSIX")


@posix_only
def test_run_isolated(corpus):
    d, _, _ = corpus
    assert pool.run_isolated(d / "good.xlsx", _kind) == ("xlsx", [])
    _, findings = pool.run_isolated(d / "good.xlsx", _hog, Limits(max_memory_bytes=1 << 30))
    assert [(f.code, f.args) for f in findings] == [("S028", {"limit": "memory"})]
    _, findings = pool.run_isolated(d / "good.xlsx", _crash)
    assert [f.code for f in findings] == ["S029"] and findings[0].args["error"] == "WorkerDied"


@posix_only
def test_run_isolated_kills_what_ignores_the_alarm(corpus):
    d, _, _ = corpus
    start = time.monotonic()
    _, findings = pool.run_isolated(d / "good.xlsx", _sleep_natively, Limits(max_seconds=0.3), grace=0.5)
    assert [(f.code, f.args) for f in findings] == [("S028", {"limit": "0.3 s"})]
    assert time.monotonic() - start < 10


# --- end to end, through the whole check of one file ------------------------------------------

def _check_file():
    try:
        from auditor.api import check_file
    except ImportError:
        pytest.skip("auditor.api.check_file does not exist yet: end-to-end corpus checks wait for it")
    return check_file


_UNREADABLE = {f"S0{n}" for n in range(20, 40)}
# Renamed to look like a workbook of the other format but not a real one: its warning
# comes with the reader's failure.
_STUBS = {"biff_stub_renamed.xlsx"}


def test_check_file_over_the_corpus(corpus):
    check_file = _check_file()
    from auditor.report import Status

    CHECKED, UNREADABLE = Status.CHECKED, Status.UNREADABLE

    d, expected, hashes = corpus
    for name, code in sorted(expected.items()):
        if code == SKIP or name in NEEDS_XLWT:
            continue
        result = check_file(d / name)  # must not raise, whatever the file is
        codes = {f.code for f in result.findings}
        if code is None:
            assert result.status == CHECKED and not codes & _UNREADABLE, (name, codes)
        elif code == "S023" and name not in _STUBS:
            assert result.status == CHECKED and codes & _UNREADABLE == {"S023"}, (name, codes)
        else:
            assert code in codes, (name, codes)
            if REGISTRY[code].severity == Severity.ERROR:
                assert result.status == UNREADABLE, name
        assert _sha(d / name) == hashes[name], name


def test_check_file_reads_a_renamed_xls_by_its_content(corpus):
    check_file = _check_file()
    d, expected, _ = corpus
    if "xls_renamed.xlsx" not in expected:
        pytest.skip("xlwt is not installed: no real .xls to rename")
    result = check_file(d / "xls_renamed.xlsx")
    assert {f.code for f in result.findings} & _UNREADABLE == {"S023"}


@pytest.mark.parametrize("chain", ["directory", "stream", "mini-FAT"])
def test_a_compound_file_whose_chain_loops_is_refused_before_any_reader_follows_it(tmp_path, chain):
    """python-calamine follows a looping directory chain, allocating until its process is
    killed (in the server: every check then in flight).  The guard walks each chain first."""
    data = looping_xls(chain)
    if data is None:
        pytest.skip("xlwt is not installed: no real .xls to corrupt")
    path = tmp_path / "loop.xls"
    path.write_bytes(data)
    verdict = inspect(path)
    assert verdict.kind is None
    (f,) = verdict.findings
    assert f.code == "S021" and "loops" in f.args["detail"] and chain in f.args["detail"]


def test_compound_files_without_loops_still_pass():
    """The bundled .xls samples (xlwt's, LibreOffice's with a mini stream) walk clean."""
    samples = Path(__file__).resolve().parent.parent / "sample_workbooks"
    for path in [*samples.glob("*.xls"), Path(__file__).parent / "fixtures_annotate" / "legacy.xls"]:
        verdict = inspect(path)
        assert verdict.kind == "xls" and verdict.findings == [], path
