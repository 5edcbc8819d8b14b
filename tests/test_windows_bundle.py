"""scripts/build_windows.py: the offline Windows bundle holds every wheel it needs.

Needs the package index (pip download); skipped, saying so, where it cannot be reached.
Built as a user builds it: the Python versions served are found by the build (3.11 to 3.14 at
least, when this was written; 3.15 too once every dependency publishes its wheels).
"""
from __future__ import annotations

import importlib.util
import io
import os
import re
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
# auditor[web]: the bundle runs the web service too
WEB = {"flask", "waitress", "sqlalchemy", "werkzeug", "jinja2", "markupsafe"}
# every dependency published win_amd64 wheels for these when this was written
SERVED_AT_LEAST = ["3.11", "3.12", "3.13", "3.14"]


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
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp / "dist"), "--python-zip", str(_embeddable(tmp / "python-3.12.0-embed-amd64.zip"))],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return Path(run.stdout.strip().splitlines()[-1])


def _served(bundle: Path) -> list[str]:
    """The versions the .bat files offer, as the build wrote them."""
    text = (bundle / "审核.bat").read_bytes().decode("gbk")
    return re.search(r'set "SERVED=([0-9. ]+)"', text).group(1).split()


@pytest.mark.parametrize("python", SERVED_AT_LEAST)
def test_every_wheel_is_there_for_windows_and_every_python_served(bundle, python):
    build = _script()
    assert python in _served(bundle)
    wheels = build.wheels_for(bundle / "wheels", python)
    assert NEEDED | WEB <= set(wheels), (NEEDED | WEB) - set(wheels)
    for name in BINARY:
        assert wheels[name].name.endswith("win_amd64.whl"), wheels[name].name
    assert not any(w.name.endswith(("linux_x86_64.whl", "manylinux2014_x86_64.whl")) or "manylinux" in w.name
                   for w in (bundle / "wheels").iterdir())
    # every requirement of every wheel, its markers (extras too) read for Windows, is met in the folder
    assert build.missing(bundle / "wheels", python, ["auditor[web]"]) == []


def test_the_versions_offered_are_the_versions_the_wheels_serve(bundle):
    build = _script()
    served = _served(bundle)
    assert served == sorted(served, key=lambda v: int(v.split(".")[1]))
    for python in served:
        assert build.missing(bundle / "wheels", python, ["auditor[web]"]) == [], python
    newer = f"3.{int(served[-1].split('.')[1]) + 1}"
    assert build.missing(bundle / "wheels", newer, ["auditor[web]"]) != []


def test_missing_names_what_a_folder_lacks(bundle, tmp_path):
    build = _script()
    for wheel in (bundle / "wheels").iterdir():
        if not wheel.name.startswith("colorama"):
            (tmp_path / wheel.name).write_bytes(wheel.read_bytes())
    assert [r.name for r in build.missing(tmp_path, PYTHON, ["auditor"])] == ["colorama"]


LAUNCHERS = {"审核.bat": "-m auditor batch", "检查单个文件.bat": "-m auditor check",
             "启动网页服务.bat": "-m auditor serve --host 0.0.0.0", "添加财政局账户.bat": "--add-user"}


def test_launchers_are_what_cmd_reads(bundle):
    served = _served(bundle)
    for name, command in LAUNCHERS.items():
        raw = (bundle / name).read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{name}: a bare LF"
        text = raw.decode("gbk")  # cmd.exe reads a .bat in the console's code page, 936 on a Chinese Windows
        assert command in text and "pause" in text
        assert 'python\\python.exe' in text and 'tools\\helper.py" install' in text
        # the newest Python the bundle serves first, each asked for by version; none: which to install
        assert f"for %%V in ({' '.join(reversed(served))}) do" in text and 'set "PY=py -%%V"' in text
        assert "py -3 " not in text and 'set "PY=py -3"' not in text
        assert f"请按“使用说明.txt”第一步安装 Python {served[-1]}（64 位）" in text
        assert "、".join(served) in text
    assert "%~1" in (bundle / "审核.bat").read_bytes().decode("gbk")
    readme = (bundle / "使用说明.txt").read_bytes().decode("utf-8-sig")
    assert "py -m auditor" in readme and "启动网页服务.bat" in readme and "、".join(served) in readme
    assert (bundle / "tools" / "helper.py").read_text("utf-8") == (ROOT / "scripts" / "windows_helper.py").read_text("utf-8")


def test_a_dotted_folder_keeps_its_own_output_folder(bundle):
    # %~dpn1 of D:\报送.2023 is D:\报送: two such folders shared one output folder (and the
    # second run cleaned up the first one's copies as gone); %~dpnx1 keeps the whole name
    text = (bundle / "审核.bat").read_bytes().decode("gbk")
    assert 'set "OUT=%~dpnx1-审核结果"' in text
    assert "%~dpn1" not in text


def test_the_web_service_keeps_its_data_beside_it_and_starts_with_an_account(bundle):
    text = (bundle / "启动网页服务.bat").read_bytes().decode("gbk")
    assert 'set "DATA=%HERE%网页服务数据"' in text and '--data "%DATA%"' in text
    # the first start asks for the bureau's account; later ones go straight to serving
    assert 'if exist "%DATA%\\" goto serve' in text and "call :account" in text
    assert '--add-user "%NAME%"' in text and "set /p" in text
    assert 'helper.py" addresses %PORT%' in text  # the addresses to give departments
    assert text.index("call :account") < text.index("-m auditor serve --host 0.0.0.0")


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
    assert all((site / name).is_dir() for name in ("flask", "waitress", "sqlalchemy"))


def test_the_zip_holds_the_folder(bundle):
    with zipfile.ZipFile(bundle.parent / f"{bundle.name}.zip") as zf:
        names = set(zf.namelist())
    assert f"{bundle.name}/审核.bat" in names and f"{bundle.name}/python/python.exe" in names


# --- the build's own errors, in words ------------------------------------------------------

def _build_with_zip(tmp_path: Path, python_zip: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / "dist"), "--python-zip",
                           str(python_zip)], capture_output=True, text=True, timeout=300)


def test_a_wrong_python_zip_is_said_in_words_not_a_traceback(tmp_path):
    not_zip = tmp_path / "python.zip"
    not_zip.write_text("not a zip")
    no_pth = tmp_path / "other.zip"
    with zipfile.ZipFile(no_pth, "w") as zf:
        zf.writestr("python.exe", b"MZ")
    for path, said in ((tmp_path / "nope.zip", "no such file"), (not_zip, "is not a zip file"),
                       (no_pth, "is not python.org's embeddable Python")):
        run = _build_with_zip(tmp_path, path)
        assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
        assert said in run.stderr and str(path) in run.stderr
    assert not (tmp_path / "dist").exists()


# --- the helper the .bat files run: pip's failure in Chinese -------------------------------

def _helper():
    spec = importlib.util.spec_from_file_location("windows_helper", ROOT / "scripts" / "windows_helper.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_bundle(tmp_path: Path) -> Path:
    (tmp_path / "tools").mkdir()
    (tmp_path / "wheels").mkdir()
    helper = tmp_path / "tools" / "helper.py"
    helper.write_bytes((ROOT / "scripts" / "windows_helper.py").read_bytes())
    return helper


def test_pip_s_failure_is_summarised_in_chinese(tmp_path):
    helper = _fake_bundle(tmp_path)
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    # wheels/ is empty: pip finds nothing to install (and installs nothing here)
    # a version no index has: where this checkout is installed (CI), 0.1.0 would be "already satisfied"
    run = subprocess.run([sys.executable, str(helper), "install", "99.0.0", f"3.11 {this}"], capture_output=True,
                         text=True, encoding="utf-8", timeout=300, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert run.returncode == 1
    assert "安装失败。本离线包里没有适合这个 Python" in run.stdout and "No matching distribution" not in run.stdout
    assert "pip 的完整输出在" in run.stdout
    assert "No matching distribution" in (tmp_path / "auditor-安装日志.txt").read_text("utf-8")


def test_a_python_the_bundle_does_not_serve_is_named_before_pip_runs(tmp_path):
    helper = _fake_bundle(tmp_path)
    run = subprocess.run([sys.executable, str(helper), "install", "0.1.0", "3.98 3.99"], capture_output=True,
                         text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 1
    assert "不能使用本离线包：本包适用于 64 位的 Python 3.98、3.99。请安装其中之一（推荐 3.99）" in run.stdout


@pytest.mark.parametrize("output, said", [
    ("/usr/bin/python: No module named pip", "没有 pip"),
    ("ERROR: Could not install packages due to an OSError: [WinError 5] Access is denied: 'C:\\Program Files'",
     "没有写入权限"),
    ("OSError: [Errno 28] No space left on device", "磁盘空间不足"),
    ("PermissionError: [WinError 32] The process cannot access the file because it is being used by another "
     "process", "正被占用"),
    ("something nobody foresaw", "原因不明"),
])
def test_each_cause_of_a_failed_install_has_its_advice(output, said):
    assert said in _helper().summary(output, ["3.12", "3.13"])


def test_the_helper_names_addresses_to_give_departments():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "windows_helper.py"), "addresses", "8000"],
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0 and "http://127.0.0.1:8000/" in run.stdout and "防火墙" in run.stdout


# --- which versions are served: the discovery's own logic, without the index ----------------

def test_discovery_stops_at_the_first_newer_version_without_wheels(tmp_path, monkeypatch):
    build = _script()
    tried = []

    def wheels_of(own, python, stage):
        tried.append(python)
        if python in ("3.9", "3.15"):
            raise build.NoWheel(f"ERROR: No matching distribution found for lxml ({python})")
        return []

    monkeypatch.setattr(build, "wheels_of", wheels_of)
    monkeypatch.setattr(build, "lowest_python", lambda own: (3, 9))
    assert build.collect_wheels(tmp_path, tmp_path / "auditor.whl", None, tmp_path) == ["3.10", "3.11", "3.12",
                                                                                          "3.13", "3.14"]
    assert tried == ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
    # versions asked for by name must each be served: one that is not stops the build, in words
    with pytest.raises(SystemExit, match="Python 3.15 cannot be served"):
        build.collect_wheels(tmp_path, tmp_path / "auditor.whl", ["3.14", "3.15"], tmp_path)


@pytest.mark.parametrize("stderr, raised", [
    ("ERROR: Could not find a version that satisfies the requirement lxml (from versions: none)\n"
     "ERROR: No matching distribution found for lxml", "NoWheel"),
    # what pip says when the index is down reads the same at the end: an outage is not the
    # end of the versions served
    ("WARNING: Retrying (Retry(total=4, connect=None, read=None)) after connection broken by "
     "'NewConnectionError(...)': /simple/lxml/\n"
     "ERROR: Could not find a version that satisfies the requirement lxml (from versions: none)", "BuildError"),
])
def test_no_wheel_is_told_from_an_unreachable_index(monkeypatch, stderr, raised):
    build = _script()
    monkeypatch.setattr(build.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 1, stdout="", stderr=stderr))
    with pytest.raises((build.NoWheel, build.BuildError)) as caught:
        build.download(Path("."), "3.14", ["lxml"])
    assert type(caught.value).__name__ == raised
