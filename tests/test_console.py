"""Consoles without POSIX manners: no stderr at all (pythonw), a Windows console's colour."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from pathlib import Path

from auditor import console
from auditor.batch.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"


class Tty(io.StringIO):
    def isatty(self):
        return True


def _windowed(tmp_path: Path, *args: str) -> str:
    """The CLI as pythonw runs it (sys.stdout and sys.stderr None): how it ended."""
    ended = tmp_path / "ended.txt"
    code = ("import sys\nsys.stdout = sys.stderr = None\nfrom auditor.cli import main\n"
            f"sys.argv = ['auditor', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    how = f'exit {e.code}'\n"
            "except BaseException as e:\n    how = f'{type(e).__name__}: {e}'\n"
            f"open({str(ended)!r}, 'w').write(how)\n")
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": path},
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return ended.read_text()


def test_no_stdout_or_stderr_at_all(tmp_path):
    out = tmp_path / "out"
    assert _windowed(tmp_path, "batch", str(SAMPLES), "--out", str(out), "--jobs", "2") == "exit 0"
    assert (out / "report.json").is_file() and (out / "summary.xlsx").is_file()
    # an error finding: exit 1, from the check, not from a traceback
    assert _windowed(tmp_path, "check", str(SAMPLES / "planted-faults-2023.xlsx")) == "exit 1"


def test_progress_without_stderr(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    p = Progress(lang="en")
    p.start("check", 1)
    p.advance(None)
    p.finish()
    assert not p.bar


def test_colour_on_windows_only_through_colorama(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(console, "_windows_console_fixed", False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "colorama", None)  # not installed: the codes would print raw
    assert not console.use_color(Tty())
    fixed = []
    monkeypatch.setitem(sys.modules, "colorama", types.SimpleNamespace(just_fix_windows_console=lambda: fixed.append(1)))
    assert console.use_color(Tty()) and console.use_color(Tty())
    assert fixed == [1]  # switched on once
    assert not console.use_color(io.StringIO()) and not console.use_color(None)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.use_color(Tty())


# --- what a workbook or a file name says is shown, never obeyed by the terminal -------------

_HOSTILE = "中共\x1b]0;pwned\x07\x1b[2J\u202e组织部\x9b\u2066"


def _no_controls(text: str) -> None:
    import unicodedata

    assert not [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"], repr(text)
    assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def test_printable_escapes_every_control_and_bidi_character_and_nothing_else():
    import unicodedata

    controls = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
    bidi = ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
    for ch in controls + bidi:
        shown = console.printable(f"a{ch}b")
        _no_controls(shown)
        assert shown == f"a\\{'x' if ord(ch) < 0x100 else 'u'}{ord(ch):0{2 if ord(ch) < 0x100 else 4}x}b"
    plain = "中共仁化县委组织部 37.3%（应为 37.05%） 䶮 \u200b"
    assert console.printable(plain) == plain


def _hostile_book(tmp_path: Path, name: str) -> Path:
    from tests.test_hostile_values import SAMPLE, rewrite

    xml = _HOSTILE.replace("\x1b", "&#x1B;").replace("\x07", "&#x7;").replace("\x9b", "&#x9B;")
    return rewrite(SAMPLE, tmp_path / name, "xl/sharedStrings.xml", lambda x: x.replace("中共仁化县委组织部", xml))


def test_check_shows_a_department_name_s_escape_sequences_instead_of_running_them(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    book = _hostile_book(tmp_path, "a\x1b[31mb.xlsx")
    result = CliRunner().invoke(main, ["check", str(book)])
    assert result.exit_code == 1, result.output
    _no_controls(result.output)
    assert "中共\\x1b]0;pwned\\x07\\x1b[2J\\u202e组织部" in result.output
    assert "a\\x1b[31mb.xlsx" in result.output


def test_batch_progress_and_totals_show_a_file_name_s_controls_escaped(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    folder = tmp_path / "报送\x1b[2J"
    folder.mkdir()
    _hostile_book(folder, "x\x1b]0;t\x07.xlsx")
    result = CliRunner().invoke(main, ["batch", str(folder), "--out", str(tmp_path / "out\x1b[8m"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    _no_controls(result.stdout + result.stderr)
    assert "x\\x1b]0;t\\x07.xlsx" in result.stderr  # the progress line (not a terminal: one line a file)
    assert "out\\x1b[8m" in result.stdout


def test_a_progress_line_escapes_the_file_name():
    from auditor.report import FileReport, Status

    out = io.StringIO()
    p = Progress(out, lang="zh", bar=False)
    p.start("check", 1)
    p.advance(FileReport("d/\x1b[2J\u202e.xlsx", Status.CHECKED, []))
    assert out.getvalue().startswith("[1/1] d/\\x1b[2J\\u202e.xlsx "), out.getvalue()


def test_a_usage_error_naming_a_file_escapes_its_name(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    earlier = tmp_path / "b\x1b[2J.json"
    earlier.write_text("not json", "utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", str(earlier), str(SAMPLES / "audit-bureau-2023.xlsx")])
    assert result.exit_code == 2
    _no_controls(result.stderr)
    assert "b\\x1b[2J.json" in result.stderr
    missing = CliRunner().invoke(main, ["check", str(tmp_path / "nope\x1b]0;x\x07.xlsx")])
    assert missing.exit_code == 2 and "nope\\x1b]0;x\\x07.xlsx" in missing.stderr
    _no_controls(missing.stderr)
