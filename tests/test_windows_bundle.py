"""scripts/build_windows.py: the offline Windows bundle holds every wheel it needs.

Needs the package index (pip download); skipped, saying so, where it cannot be reached.
One Python version here to keep it short; the script's default carries three.
"""
from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_windows.py"
PYTHON = "3.12"
# what auditor needs on Windows, Windows-only dependencies included (pip on Linux would
# leave those out), and the binary ones built for CPython 3.12 on win_amd64
NEEDED = {"auditor", "xlsxwriter", "click", "colorama", "python-calamine", "defusedxml", "python-docx",
          "lxml", "pypdf", "psutil"}
BINARY = {"python-calamine", "lxml", "psutil"}


def _script():
    spec = importlib.util.spec_from_file_location("build_windows", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _index_reachable(tmp: Path) -> str | None:
    run = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                          "--platform", "win_amd64", "--python-version", PYTHON, "--dest", str(tmp), "colorama"],
                         capture_output=True, text=True, timeout=300)
    return None if run.returncode == 0 else (run.stderr.strip().splitlines() or ["pip failed"])[-1]


def _embeddable(path: Path) -> Path:
    """A stand-in for python.org's embeddable zip: its ._pth, an interpreter, the stdlib zip."""
    stdlib = io.BytesIO()
    zipfile.ZipFile(stdlib, "w").close()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("python312._pth", "python312.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n"
                                      "#import site\r\n")
        zf.writestr("python.exe", b"MZ")
        zf.writestr("python312.zip", stdlib.getvalue())
    return path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    why = _index_reachable(tmp / "probe")
    if why is not None:
        pytest.skip(f"the package index cannot be reached ({why}): the Windows bundle is not built")
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp / "dist"), "--python", PYTHON,
                          "--python-zip", str(_embeddable(tmp / "python-3.12.0-embed-amd64.zip"))],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return Path(run.stdout.strip().splitlines()[-1])


def test_every_wheel_is_there_for_windows(bundle):
    build = _script()
    wheels = build.wheels_for(bundle / "wheels", PYTHON)
    assert NEEDED <= set(wheels), NEEDED - set(wheels)
    for name in BINARY:
        assert wheels[name].name.endswith("win_amd64.whl"), wheels[name].name
    assert not any(w.name.endswith(("linux_x86_64.whl", "manylinux2014_x86_64.whl")) or "manylinux" in w.name
                   for w in (bundle / "wheels").iterdir())
    # every requirement of every wheel, its markers read for Windows, is met in the folder
    assert build.missing(bundle / "wheels", PYTHON, ["auditor"]) == []


def test_missing_names_what_a_folder_lacks(bundle, tmp_path):
    build = _script()
    for wheel in (bundle / "wheels").iterdir():
        if not wheel.name.startswith("colorama"):
            (tmp_path / wheel.name).write_bytes(wheel.read_bytes())
    assert [r.name for r in build.missing(tmp_path, PYTHON, ["auditor"])] == ["colorama"]


def test_launchers_are_what_cmd_reads(bundle):
    for name, command in (("审核.bat", "-m auditor batch"), ("检查单个文件.bat", "-m auditor check")):
        raw = (bundle / name).read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{name}: a bare LF"
        text = raw.decode("gbk")  # cmd.exe reads a .bat in the console's code page, 936 on a Chinese Windows
        assert command in text and "pause" in text and "%~1" in text
        assert 'python\\python.exe' in text and "--no-index --find-links" in text
    assert "py -m auditor" in (bundle / "使用说明.txt").read_bytes().decode("utf-8-sig")


def test_the_embeddable_python_imports_the_bundle(bundle):
    python = bundle / "python"
    pth = (python / "python312._pth").read_text("utf-8").splitlines()
    assert "Lib\\site-packages" in pth and "import site" in pth and "#import site" not in pth
    site = python / "Lib" / "site-packages"
    assert (site / "auditor" / "cli.py").is_file()
    # the package's data (rule packs, the server's templates) came along with its code
    data = [f.relative_to(ROOT) for f in (ROOT / "auditor").rglob("*") if f.suffix in (".toml", ".html")]
    assert data and all((site / f).is_file() for f in data), [f for f in data if not (site / f).is_file()]
    assert list((site / "lxml").glob("etree.cp312-win_amd64.pyd"))
    assert (site / "colorama").is_dir() and (site / "psutil").is_dir()


def test_the_zip_holds_the_folder(bundle):
    with zipfile.ZipFile(bundle.parent / f"{bundle.name}.zip") as zf:
        names = set(zf.namelist())
    assert f"{bundle.name}/审核.bat" in names and f"{bundle.name}/python/python.exe" in names
