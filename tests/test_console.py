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
