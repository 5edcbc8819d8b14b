"""Builds the offline Windows bundle (win_amd64) on any machine that has pip and the index.

    python3 scripts/build_windows.py [--out DIR] [--python 3.11,3.12,3.13]
                                     [--python-zip python-3.12.x-embed-amd64.zip] [--no-zip]

The bundle is a folder (and the same folder zipped) that a finance bureau copies to a
Windows 10/11 machine with no network:

    wheels/               the project's wheel and every dependency's win_amd64 wheel, for
                          each Python version asked for (pure wheels are shared)
    审核.bat              a folder dropped on it is checked (``auditor batch``); it pauses
    检查单个文件.bat      files dropped on it are checked one by one (``auditor check``)
    使用说明.txt          what to install and what to do, in three steps
    python/               only with --python-zip: python.org's embeddable Python, the wheels
                          for its version unpacked into it, so nothing needs installing

pip evaluates environment markers against the machine it runs on, not the --platform it
downloads for, so a dependency that only Windows needs (colorama, psutil) would be left
out.  The wheels' own Requires-Dist are therefore evaluated here for Windows and each
Python version, and whatever is missing is downloaded until nothing is; the build fails
when a requirement has no win_amd64 wheel.  The .bat files are written in GBK with CRLF,
which is what cmd.exe reads on a Chinese Windows.
"""
from __future__ import annotations

import argparse
import email.parser
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.tags import compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # pip always carries a copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.tags import compatible_tags, cpython_tags
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")
PLATFORM = "win_amd64"
ROUNDS = 6


def windows_env(python: str) -> dict[str, str]:
    """The marker environment of CPython ``python`` on 64-bit Windows."""
    return {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
            "platform_machine": "AMD64", "platform_release": "10", "platform_version": "10.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "implementation_version": f"{python}.0", "python_version": python,
            "python_full_version": f"{python}.0", "extra": ""}


def _tags(python: str) -> set[str]:
    version = tuple(int(x) for x in python.split("."))
    tags = list(cpython_tags(version, platforms=[PLATFORM]))
    tags += compatible_tags(version, f"cp{version[0]}{version[1]}", platforms=[PLATFORM])
    return {str(t) for t in tags}


def wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """(canonical name, version, Requires-Dist lines) of a wheel."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        msg = email.parser.Parser().parsestr(zf.read(meta).decode("utf-8"))
    return canonicalize_name(msg["Name"]), msg["Version"], msg.get_all("Requires-Dist") or []


def wheels_for(folder: Path, python: str) -> dict[str, Path]:
    """The newest wheel of each project in ``folder`` that installs on ``python`` under Windows."""
    tags, found = _tags(python), {}
    for wheel in folder.glob("*.whl"):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if {str(t) for t in wheel_tags} & tags and (name not in found or found[name][0] < version):
            found[name] = (version, wheel)
    return {name: wheel for name, (_, wheel) in found.items()}


def missing(folder: Path, python: str, roots: list[str]) -> list[Requirement]:
    """What ``roots`` and the wheels they pull in need on Windows that ``folder`` lacks."""
    have, env = wheels_for(folder, python), windows_env(python)
    todo, seen, lacking = [Requirement(r) for r in roots], set(), []
    while todo:
        req = todo.pop()
        if str(req) in seen or (req.marker is not None and not req.marker.evaluate(env)):
            continue
        seen.add(str(req))
        wheel = have.get(canonicalize_name(req.name))
        if wheel is None or not req.specifier.contains(parse_wheel_filename(wheel.name)[1], prereleases=True):
            lacking.append(req)
            continue
        todo.extend(Requirement(r) for r in wheel_metadata(wheel)[2])
    return lacking


def _pip(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"pip {' '.join(args[:2])} failed:\n{run.stderr[-3000:]}")


def project_wheel(dest: Path) -> Path:
    # from a clean copy: setuptools would reuse a stale build/ of the checkout, and leave one
    source = dest / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "dist", "output", "bench",
                                                                "*.egg-info", "__pycache__", ".*cache*"))
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(dest), str(source))
    return max(dest.glob("auditor-*.whl"), key=lambda p: p.stat().st_mtime)


def download(folder: Path, python: str, requirements: list[str]) -> None:
    _pip("download", "--quiet", "--only-binary=:all:", "--platform", PLATFORM, "--python-version", python,
         "--implementation", "cp", "--dest", str(folder), *requirements)


def _unmarked(req: Requirement) -> str:
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}{req.specifier}"


def collect_wheels(folder: Path, own: Path, pythons: list[str]) -> None:
    """Every wheel ``own`` needs on Windows for each of ``pythons``, into ``folder``."""
    for python in pythons:
        download(folder, python, [str(own)])
        for _ in range(ROUNDS):
            lacking = missing(folder, python, [f"auditor=={wheel_metadata(own)[1]}"])
            if not lacking:
                break
            # without the marker: pip would evaluate it for this machine and skip the requirement
            download(folder, python, [_unmarked(r) for r in lacking])
        else:
            raise SystemExit(f"Python {python}: no win_amd64 wheel for {', '.join(map(str, lacking))}")


# --- what the user clicks -------------------------------------------------------------------

_FIND_PYTHON = r"""@echo off
setlocal
set "HERE=%~dp0"
set PY=
if exist "%HERE%python\python.exe" set PY="%HERE%python\python.exe"
if not defined PY (where py >nul 2>nul && set "PY=py -3")
if not defined PY (where python >nul 2>nul && set "PY=python")
if not defined PY (
  echo 没有找到 Python。请先按“使用说明.txt”安装 Python 3.11 至 3.13，再运行本文件。
  pause
  exit /b 9009
)
%PY% -c "import importlib.metadata as m, sys; sys.exit(m.version('auditor') != '{version}')" >nul 2>nul
if errorlevel 1 (
  echo 首次使用，正在从 wheels 文件夹安装审核工具（无需联网）……
  %PY% -m pip install --quiet --no-index --find-links "%HERE%wheels" "auditor=={version}"
  if errorlevel 1 (
    echo 安装失败，请把上面的信息发给技术支持。
    pause
    exit /b 1
  )
)
"""

# No parenthesised block holds a dropped path: a ")" in it (D:\\材料(2023)) would end the block.
_BATCH = r"""if "%~1"=="" goto usage
if not exist "%~1\" goto notfolder
set "OUT=%~dpn1-审核结果"
%PY% -m auditor batch "%~1" --out "%OUT%"
echo.
echo 审核结果在："%OUT%"
echo （summary.xlsx 是汇总表，annotated 文件夹里是标注好的工作簿）
if exist "%OUT%\summary.xlsx" start "" "%OUT%"
pause
exit /b 0
:usage
echo 请把装有各部门自评表的文件夹拖到“审核.bat”上。
pause
exit /b 2
:notfolder
echo 拖入的不是文件夹。单个文件请拖到“检查单个文件.bat”上。
pause
exit /b 2
"""

_CHECK = r"""if "%~1"=="" goto usage
:next
if "%~1"=="" goto done
echo ==== "%~nx1"
%PY% -m auditor check "%~1"
echo.
shift
goto next
:done
pause
exit /b 0
:usage
echo 请把要检查的自评表（.xlsx、.xls）拖到“检查单个文件.bat”上，可以一次拖多个。
pause
exit /b 2
"""

_README = """审核工具（auditor {version}）Windows 离线包 使用说明

一、安装 Python（只需一次；本包已带 Python 的，跳过这一步）
  到 Python 官网下载 Windows 安装程序（3.11、3.12 或 3.13，64 位），运行时选
  “Install for current user”（只为当前用户安装，不需要管理员权限），勾选“Add python.exe to PATH”。

二、审核一个文件夹
  把装有各部门自评表的文件夹拖到“审核.bat”上。第一次运行会从 wheels 文件夹自动安装
  审核工具（不需要联网）。结果写在该文件夹旁边的“文件夹名-审核结果”里：
  summary.xlsx 是汇总表，report.json 是全部问题，annotated 里是标注好的工作簿。

三、检查单个文件
  把一个或几个自评表拖到“检查单个文件.bat”上，问题会显示在窗口里。

也可以在命令行里使用：
  py -m pip install --no-index --find-links wheels auditor
  py -m auditor batch 文件夹 --out 结果文件夹
  py -m auditor check 文件.xlsx
  py -m auditor --help

原始文件不会被修改。
"""


def _bat(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("gbk")


def write_launchers(bundle: Path, version: str) -> None:
    head = _FIND_PYTHON.replace("{version}", version)
    (bundle / "审核.bat").write_bytes(_bat(head + _BATCH))
    (bundle / "检查单个文件.bat").write_bytes(_bat(head + _CHECK))
    # UTF-8 with a BOM: Notepad on every Windows 10 reads it as UTF-8
    (bundle / "使用说明.txt").write_bytes(_README.format(version=version).replace("\n", "\r\n").encode("utf-8-sig"))


# --- the embeddable Python -------------------------------------------------------------------

def add_python(bundle: Path, python_zip: Path) -> str:
    """Unpack python.org's embeddable zip into bundle/python; returns its version ("3.12")."""
    target = bundle / "python"
    with zipfile.ZipFile(python_zip) as zf:
        pth = [n for n in zf.namelist() if re.fullmatch(r"python3\d+\._pth", n)]
        if not pth:
            raise SystemExit(f"{python_zip} is not an embeddable Python (no python3XX._pth in it)")
        zf.extractall(target)
    digits = pth[0][len("python"):-len("._pth")]
    return f"{digits[0]}.{digits[1:]}"


def install_into_python(bundle: Path, wheels: Path, python: str) -> None:
    """The wheels for ``python`` unpacked into the embeddable Python's Lib/site-packages, and
    its ._pth told to look there (the embeddable Python ignores PYTHONPATH and has no pip)."""
    site = bundle / "python" / "Lib" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    for wheel in wheels_for(wheels, python).values():
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.infolist():
                parts = member.filename.split("/")
                if parts[0].endswith(".data"):
                    if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                        continue  # scripts, headers: nothing the bundle runs
                    parts = parts[2:]
                if member.is_dir() or ".." in parts:
                    continue
                dest = site.joinpath(*parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(zf.read(member))
    pth = next((bundle / "python").glob("python3*._pth"))
    lines = [ln for ln in pth.read_text("utf-8").splitlines() if ln.strip() not in ("#import site", "import site")]
    pth.write_text("\r\n".join(lines + ["Lib\\site-packages", "import site"]) + "\r\n", "utf-8")


def build(out: Path, pythons: list[str], python_zip: Path | None = None, make_zip: bool = True) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        own = project_wheel(Path(tmp))
        version = wheel_metadata(own)[1]
        bundle = out / f"auditor-{version}-windows"
        if bundle.exists():
            shutil.rmtree(bundle)
        wheels = bundle / "wheels"
        wheels.mkdir(parents=True)
        embedded = add_python(bundle, python_zip) if python_zip else None
        if embedded and embedded not in pythons:
            pythons = pythons + [embedded]
        collect_wheels(wheels, shutil.copy(own, wheels), pythons)
    if embedded:
        install_into_python(bundle, wheels, embedded)
    write_launchers(bundle, version)
    if make_zip:
        shutil.make_archive(str(bundle), "zip", out, bundle.name)
    return bundle


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    ap.add_argument("--python", default=",".join(PYTHONS), help="Python versions to carry wheels for")
    ap.add_argument("--python-zip", type=Path, help="python.org's embeddable Python (…-embed-amd64.zip) to add")
    ap.add_argument("--no-zip", action="store_true", help="leave the bundle as a folder only")
    args = ap.parse_args(argv)
    pythons = [p.strip() for p in args.python.split(",") if p.strip()]
    bundle = build(args.out.resolve(), pythons, args.python_zip, not args.no_zip)
    print(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
