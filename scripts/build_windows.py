"""Builds the offline Windows bundle (win_amd64) on any machine that has pip and the index.

    python3 scripts/build_windows.py [--out DIR] [--python auto | 3.12,3.13]
                                     [--python-zip python-3.12.x-embed-amd64.zip] [--no-zip]

The bundle is a folder (and the same folder zipped) that a finance bureau copies to a
Windows 10/11 machine with no network:

    wheels/               the project's wheel and every win_amd64 wheel it needs, the web
                          service's included, for each Python version served (pure wheels
                          are shared)
    审核.bat              a folder dropped on it is checked (``auditor batch``); it pauses
    检查单个文件.bat      files dropped on it are checked one by one (``auditor check``)
    启动网页服务.bat      ``auditor serve`` for the departments of the local network, its
                          data in 网页服务数据/ beside it; asks for the first bureau account
    添加财政局账户.bat    another bureau account, or a new password
    使用说明.txt          what to install and what to do, step by step
    tools/helper.py       the installer's Chinese words for pip's failures; the addresses
    python/               only with --python-zip: python.org's embeddable Python, the wheels
                          for its version unpacked into it, so nothing needs installing

Which Python versions are served is found, not written down (``--python auto``, the
default): every CPython from the project's Requires-Python up for which every dependency
publishes a win_amd64 wheel, stopping at the first newer one for which some does not.  The
.bat files take the newest installed Python the bundle serves (``py -3.X``), and say in
Chinese which to install when there is none.

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
import itertools
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
PLATFORM = "win_amd64"
ROUNDS = 6
EXTRAS = "[web]"          # the bundle serves ``auditor serve`` too: a bureau's only server may be a PC
NEWEST_TRIED = 40         # no CPython 3.41 before the build outlives its assumptions
HELPER = Path(__file__).resolve().parent / "windows_helper.py"
# what pip says when a version has no wheel for some requirement (as opposed to a network failure)
_NO_WHEEL = ("No matching distribution found", "Could not find a version that satisfies",
             "requires a different Python")
# ... which pip also says when the index could not be reached: then the build stops, rather
# than taking an outage for the end of the versions served
_UNREACHED = ("Retrying (", "NewConnectionError", "Max retries exceeded", "ConnectTimeout", "ReadTimeout",
              "SSLError", "ProxyError", "Temporary failure in name resolution")


class NoWheel(Exception):
    """A requirement has no win_amd64 wheel for the Python version asked for."""


class BuildError(SystemExit):
    """What stops the build, said in words (never a traceback)."""

    def __init__(self, message: str):
        super().__init__(f"build_windows: {message}")


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


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        return email.parser.Parser().parsestr(zf.read(meta).decode("utf-8"))


def wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """(canonical name, version, Requires-Dist lines) of a wheel."""
    msg = _metadata(wheel)
    return canonicalize_name(msg["Name"]), msg["Version"], msg.get_all("Requires-Dist") or []


def lowest_python(wheel: Path) -> tuple[int, int]:
    """The oldest 3.X its Requires-Python admits (3.11 for ">=3.11")."""
    found = re.search(r">=\s*3\.(\d+)", _metadata(wheel).get("Requires-Python") or "")
    return (3, int(found.group(1))) if found else (3, 8)


def wheels_for(folder: Path, python: str) -> dict[str, Path]:
    """The newest wheel of each project in ``folder`` that installs on ``python`` under Windows."""
    tags, found = _tags(python), {}
    for wheel in folder.glob("*.whl"):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if {str(t) for t in wheel_tags} & tags and (name not in found or found[name][0] < version):
            found[name] = (version, wheel)
    return {name: wheel for name, (_, wheel) in found.items()}


def missing(folder: Path, python: str, roots: list[str]) -> list[Requirement]:
    """What ``roots`` and the wheels they pull in need on Windows that ``folder`` lacks; a
    requirement's extras (``auditor[web]``) bring the dependencies marked for them."""
    have, env = wheels_for(folder, python), windows_env(python)
    todo = [Requirement(r) for r in roots if Requirement(r).marker is None or Requirement(r).marker.evaluate(env)]
    seen, lacking = set(), []
    while todo:
        req = todo.pop()
        if str(req) in seen:
            continue
        seen.add(str(req))
        wheel = have.get(canonicalize_name(req.name))
        if wheel is None or not req.specifier.contains(parse_wheel_filename(wheel.name)[1], prereleases=True):
            lacking.append(req)
            continue
        for line in wheel_metadata(wheel)[2]:
            dep = Requirement(line)
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in ("", *req.extras)):
                todo.append(Requirement(_unmarked(dep)))
    return lacking


def _pip(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if run.returncode != 0:
        if any(words in run.stderr for words in _NO_WHEEL) and not any(w in run.stderr for w in _UNREACHED):
            raise NoWheel(next(line for line in run.stderr.splitlines() if any(w in line for w in _NO_WHEEL)))
        raise BuildError(f"pip {' '.join(args[:2])} failed:\n{run.stderr[-3000:]}")


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


def wheels_of(own: Path, python: str, stage: Path) -> list[Path]:
    """Every wheel ``own`` (with the bundle's extras) needs on Windows under ``python``,
    downloaded into the empty folder ``stage``; NoWheel when some requirement has none."""
    stage.mkdir(parents=True)
    shutil.copy(own, stage)
    download(stage, python, [f"{stage / own.name}{EXTRAS}"])
    for _ in range(ROUNDS):
        lacking = missing(stage, python, [f"auditor{EXTRAS}=={wheel_metadata(own)[1]}"])
        if not lacking:
            return sorted(stage.glob("*.whl"))
        # without the marker: pip would evaluate it for this machine and skip the requirement
        download(stage, python, [_unmarked(r) for r in lacking])
    raise NoWheel(f"no win_amd64 wheel for {', '.join(map(str, lacking))}")


def collect_wheels(folder: Path, own: Path, pythons: list[str] | None, work: Path) -> list[str]:
    """Every wheel ``own`` needs on Windows, into ``folder``, for each of ``pythons`` (each
    must be served) or, for None, for every version found to be served; the versions served."""
    candidates = pythons or (f"3.{minor}" for minor in itertools.count(lowest_python(own)[1]))
    served = []
    for python in candidates:
        if int(python.split(".")[1]) > NEWEST_TRIED:
            break
        try:
            wheels = wheels_of(own, python, work / f"py{python}")
        except NoWheel as why:
            if pythons:
                raise BuildError(f"Python {python} cannot be served: {why}")
            print(f"Python {python}: not served ({why})", file=sys.stderr)
            if served:
                break  # the first newer version some dependency has no wheel for yet
            continue
        served.append(python)
        print(f"Python {python}: served", file=sys.stderr)
        for wheel in wheels:
            if not (folder / wheel.name).exists():
                shutil.copy(wheel, folder)
    if not served:
        raise BuildError("no Python version has a win_amd64 wheel of every dependency")
    return served


# --- what the user clicks -------------------------------------------------------------------
# The .bat texts name what the build found with @NAME@ placeholders (their Python one-liners
# hold braces).  No parenthesised block holds a dropped path: a ")" in it (D:\材料(2023))
# would end the block; quoted paths of the bundle itself are safe there.

_FIND_PYTHON = r"""@echo off
setlocal
set "HERE=%~dp0"
set "SERVED=@SERVED@"
set PY=
if exist "%HERE%python\python.exe" set PY="%HERE%python\python.exe"
rem the newest installed Python the wheels serve, and a 64-bit one: the wheels are win_amd64
if not defined PY for %%V in (@NEWEST_FIRST@) do if not defined PY (
  py -%%V -c "import struct, sys; sys.exit(struct.calcsize('P') != 8)" >nul 2>nul && set "PY=py -%%V"
)
if not defined PY (
  python -c "import struct, sys; v = str(sys.version_info[0]) + '.' + str(sys.version_info[1]); sys.exit(struct.calcsize('P') != 8 or v not in '%SERVED%'.split())" >nul 2>nul && set "PY=python"
)
if not defined PY goto nopython
%PY% -c "import importlib.metadata as m, sys; import flask, waitress, sqlalchemy; sys.exit(m.version('auditor') != '@VERSION@')" >nul 2>nul
if errorlevel 1 (
  echo 首次使用，正在从 wheels 文件夹安装审核工具（无需联网）……
  %PY% "%HERE%tools\helper.py" install @VERSION@ "%SERVED%"
  if errorlevel 1 (
    pause
    exit /b 1
  )
)
"""

_NO_PYTHON = r""":nopython
echo 没有找到本工具能用的 Python。本工具需要 64 位的 Python @SERVED_WORDS@ 之一。
echo 请按“使用说明.txt”第一步安装 Python @NEWEST@（64 位），再运行本文件。
where py >nul 2>nul && (echo 本机已安装的 Python： & py --list)
pause
exit /b 9009
"""

# %~dpnx1, not %~dpn1: a folder named 报送.2023 keeps its ".2023" (%~n1 stops at the dot), so
# two such folders never share, and clean up, one output folder
_BATCH = r"""if "%~1"=="" goto usage
if not exist "%~1\" goto notfolder
set "OUT=%~dpnx1-审核结果"
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

# the web service's data lives beside the .bat files, so that copying the bundle's folder
# (or backing it up) takes the accounts, the rounds and the submissions along
_DATA = r"""set "DATA=%HERE%@DATA@"
set "PORT=@PORT@"
"""

_ACCOUNT = r""":account
set "NAME="
set /p "NAME=财政局账户名（例如 czj，用来登录网页）："
if not defined NAME goto account
%PY% -m auditor serve --data "%DATA%" --add-user "%NAME%"
if errorlevel 1 goto account
exit /b 0
"""

_SERVE = r"""if exist "%DATA%\" goto serve
echo 第一次启动网页服务：先创建一个财政局账户（用来登录，查看各部门的报送和汇总）。
call :account
:serve
echo 网页服务的数据保存在："%DATA%"（请定期备份这个文件夹）
%PY% "%HERE%tools\helper.py" addresses %PORT%
echo 要增加财政局账户或修改密码，请运行“添加财政局账户.bat”。
echo 关闭本窗口即停止网页服务。
echo.
%PY% -m auditor serve --host 0.0.0.0 --port %PORT% --data "%DATA%"
echo.
echo 网页服务已停止。如果上面说端口已被占用，请先关闭另一个网页服务窗口。
pause
exit /b 0
"""

_ADD_ACCOUNT = r"""echo 添加财政局账户（账户名已存在时，改为修改它的密码）。
call :account
pause
exit /b 0
"""

_README = """审核工具（auditor {version}）Windows 离线包 使用说明

一、安装 Python（只需一次；本包已带 Python 的，跳过这一步）
  本包适用于 64 位的 Python {served_words}。到 Python 官网下载其中一个版本（推荐 {newest}）
  的 Windows 安装程序（64 位），运行时选“Install for current user”（只为当前用户安装，
  不需要管理员权限），勾选“Add python.exe to PATH”。已装有多个版本时，自动使用其中最新的。

二、审核一个文件夹
  把装有各部门自评表的文件夹拖到“审核.bat”上。第一次运行会从 wheels 文件夹自动安装
  审核工具（不需要联网）。结果写在该文件夹旁边的“文件夹名-审核结果”里：
  summary.xlsx 是汇总表，report.json 是全部问题，annotated 里是标注好的工作簿。

三、检查单个文件
  把一个或几个自评表拖到“检查单个文件.bat”上，问题会显示在窗口里。

四、网页服务（各部门在浏览器里上传自评表、预审并报送，财政局查看汇总）
  1. 双击“启动网页服务.bat”。第一次启动时先输入一个财政局账户名，再输入两次密码
     （至少 8 个字符），这就是财政局登录网页用的账户。
  2. 窗口里会列出本机的网址（如 http://192.168.1.5:{port}/），把它告诉各部门；
     Windows 防火墙询问时选择“允许”（专用网络）。窗口开着，服务就在运行。
  3. 数据（账户、报送的文件、审核结果）保存在本文件夹里的“{data}”文件夹中，请定期备份。
  4. 要再加一个财政局账户或修改密码，双击“添加财政局账户.bat”。

安装失败时，窗口里会说明原因和做法；pip 的完整输出保存在临时文件夹的“auditor-安装日志.txt”里。

也可以在命令行里使用：
  py -m pip install --no-index --find-links wheels auditor[web]
  py -m auditor batch 文件夹 --out 结果文件夹
  py -m auditor check 文件.xlsx
  py -m auditor serve --host 0.0.0.0 --data 数据文件夹
  py -m auditor --help

原始文件不会被修改。
"""

DATA_FOLDER = "网页服务数据"
PORT = 8000


def _bat(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("gbk")


def write_launchers(bundle: Path, version: str, served: list[str]) -> None:
    """The .bat files, the helper they run and the instructions, for the versions ``served``."""
    served = sorted(served, key=lambda v: tuple(map(int, v.split("."))))
    names = {"@VERSION@": version, "@SERVED@": " ".join(served), "@NEWEST_FIRST@": " ".join(reversed(served)),
             "@SERVED_WORDS@": "、".join(served), "@NEWEST@": served[-1], "@DATA@": DATA_FOLDER, "@PORT@": str(PORT)}

    def bat(*parts: str) -> bytes:
        text = "".join(parts)
        for name, value in names.items():
            text = text.replace(name, value)
        return _bat(text)

    (bundle / "审核.bat").write_bytes(bat(_FIND_PYTHON, _BATCH, _NO_PYTHON))
    (bundle / "检查单个文件.bat").write_bytes(bat(_FIND_PYTHON, _CHECK, _NO_PYTHON))
    (bundle / "启动网页服务.bat").write_bytes(bat(_FIND_PYTHON, _DATA, _SERVE, _ACCOUNT, _NO_PYTHON))
    (bundle / "添加财政局账户.bat").write_bytes(bat(_FIND_PYTHON, _DATA, _ADD_ACCOUNT, _ACCOUNT, _NO_PYTHON))
    (bundle / "tools").mkdir(exist_ok=True)
    shutil.copy(HELPER, bundle / "tools" / "helper.py")
    readme = _README.format(version=version, served_words="、".join(served), newest=served[-1], port=PORT,
                            data=DATA_FOLDER)
    # UTF-8 with a BOM: Notepad on every Windows 10 reads it as UTF-8
    (bundle / "使用说明.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))


# --- the embeddable Python -------------------------------------------------------------------

def embedded_version(python_zip: Path) -> str:
    """The version ("3.12") of python.org's embeddable zip, or a BuildError saying what is wrong."""
    if not python_zip.is_file():
        raise BuildError(f"--python-zip {python_zip}: no such file")
    try:
        with zipfile.ZipFile(python_zip) as zf:
            pth = [n for n in zf.namelist() if re.fullmatch(r"python3\d+\._pth", n)]
    except (zipfile.BadZipFile, OSError) as exc:
        raise BuildError(f"--python-zip {python_zip} is not a zip file ({exc})")
    if not pth:
        raise BuildError(f"--python-zip {python_zip} is not python.org's embeddable Python "
                         "(no python3XX._pth in it): download python-3.X.Y-embed-amd64.zip")
    digits = pth[0][len("python"):-len("._pth")]
    return f"{digits[0]}.{digits[1:]}"


def add_python(bundle: Path, python_zip: Path) -> None:
    """Unpack python.org's embeddable zip into bundle/python."""
    with zipfile.ZipFile(python_zip) as zf:
        zf.extractall(bundle / "python")


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


def build(out: Path, pythons: list[str] | None, python_zip: Path | None = None, make_zip: bool = True) -> Path:
    """The bundle under ``out``, with wheels for ``pythons`` (None: every version served)."""
    embedded = embedded_version(python_zip) if python_zip else None
    if embedded and pythons and embedded not in pythons:
        pythons = pythons + [embedded]
    with tempfile.TemporaryDirectory() as tmp:
        own = project_wheel(Path(tmp))
        version = wheel_metadata(own)[1]
        bundle = out / f"auditor-{version}-windows"
        if bundle.exists():
            shutil.rmtree(bundle)
        wheels = bundle / "wheels"
        wheels.mkdir(parents=True)
        served = collect_wheels(wheels, own, pythons, Path(tmp) / "stages")
    if embedded and embedded not in served:
        raise BuildError(f"--python-zip is Python {embedded}, which the bundle cannot serve "
                         f"(win_amd64 wheels of every dependency exist for {', '.join(served)})")
    if embedded:
        add_python(bundle, python_zip)
        install_into_python(bundle, wheels, embedded)
    write_launchers(bundle, version, served)
    if make_zip:
        shutil.make_archive(str(bundle), "zip", out, bundle.name)
    return bundle


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    ap.add_argument("--python", default="auto",
                    help="Python versions to carry wheels for, 3.12,3.13; auto (the default): every one served")
    ap.add_argument("--python-zip", type=Path, help="python.org's embeddable Python (…-embed-amd64.zip) to add")
    ap.add_argument("--no-zip", action="store_true", help="leave the bundle as a folder only")
    args = ap.parse_args(argv)
    pythons = None if args.python.strip() == "auto" else [p.strip() for p in args.python.split(",") if p.strip()]
    if pythons is not None and not all(re.fullmatch(r"3\.\d+", p) for p in pythons):
        raise BuildError(f"--python {args.python}: versions as 3.12,3.13, or auto")
    bundle = build(args.out.resolve(), pythons, args.python_zip, not args.no_zip)
    print(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
