"""What the offline Windows bundle's .bat files ask of Python before auditor is installed.

Copied into the bundle as ``tools/helper.py`` by scripts/build_windows.py; standard library
only, since it runs on whatever Python the clerk installed:

    helper.py install VERSION SERVED   install auditor[web]==VERSION from the bundle's wheels/
                                       (SERVED: the Python versions it has wheels for, "3.11 3.12");
                                       on failure, what went wrong and what to do, in Chinese
    helper.py addresses PORT           the addresses departments can reach this machine at

pip speaks English and its failure ends in a traceback-like wall a clerk cannot act on; its
whole output goes to a log file and the clerk reads one sentence that says what to do.
"""
from __future__ import annotations

import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # the bundle: tools/helper.py

# (what pip's output says, what to tell the clerk); the first that matches is said
_CAUSES = (
    (("No module named pip",),
     "这个 Python 没有 pip：请重新运行 Python 安装程序，选择“Modify”（修改）并勾选“pip”，再运行本文件。"),
    (("No matching distribution found", "Could not find a version that satisfies", "requires a different Python",
      "is not a supported wheel on this platform"),
     "本离线包里没有适合这个 Python（{python}）的安装包。本包适用于 64 位的 Python {served}："
     "请安装其中之一（推荐 {newest}），再运行本文件。"),
    (("No space left on device", "not enough space on the disk", "磁盘空间不足", "WinError 112"),
     "磁盘空间不足：请清理 C 盘（或 Python 所在的磁盘）后再运行本文件。"),
    (("being used by another process", "WinError 32", "另一个程序正在使用此文件"),
     "有文件正被占用：请关闭其他正在运行的审核工具窗口（包括网页服务），再运行本文件。"),
    (("Permission denied", "Access is denied", "拒绝访问", "WinError 5", "EnvironmentError: [Errno 13]"),
     "没有写入权限：请把 Python 重新安装为“只为当前用户安装”（Install for current user），"
     "或请有管理员权限的同事运行本文件。"),
)


def python_named() -> str:
    bits = struct.calcsize("P") * 8
    return f"{sys.version_info[0]}.{sys.version_info[1]}，{bits} 位"


def summary(output: str, served: list[str]) -> str:
    """One Chinese sentence for pip's ``output``: what failed and what the clerk can do."""
    for needles, advice in _CAUSES:
        if any(n.lower() in output.lower() for n in needles):
            return advice.format(python=python_named(), served="、".join(served), newest=served[-1])
    return "安装没有完成，原因不明：请把下面这个日志文件发给技术支持。"


def served_here(served: list[str]) -> str | None:
    """Why this Python cannot be served by the bundle's wheels (None when it can)."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if version in served and struct.calcsize("P") == 8:
        return None
    return (f"这个 Python（{python_named()}）不能使用本离线包：本包适用于 64 位的 Python {'、'.join(served)}。"
            f"请安装其中之一（推荐 {served[-1]}），再运行本文件。")


def install(version: str, served: list[str]) -> int:
    why = served_here(served)
    if why is not None:
        print(why)
        return 1
    log = Path(tempfile.gettempdir()) / "auditor-安装日志.txt"
    run = subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-index",
                          "--find-links", str(HERE / "wheels"), f"auditor[web]=={version}"],
                         capture_output=True, text=True, encoding="utf-8", errors="replace")
    output = run.stdout + run.stderr
    try:
        log.write_text(output, "utf-8")
    except OSError:
        log = None
    if run.returncode == 0:
        return 0
    print("安装失败。" + summary(output, served))
    if log is not None:
        print(f"pip 的完整输出在：{log}")
    return 1


def addresses() -> list[str]:
    """This machine's IPv4 addresses other machines can reach (not loopback, not link-local)."""
    found = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    try:  # the address the default route leaves from; a UDP "connect" sends nothing
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            found.add(s.getsockname()[0])
    except OSError:
        pass
    return sorted(a for a in found if not a.startswith(("127.", "169.254.", "0.")))


def say_addresses(port: int) -> None:
    found = addresses()
    if found:
        print("请把下面的网址告诉各部门（在他们的浏览器里打开）：")
        for address in found:
            print(f"    http://{address}:{port}/")
    else:
        print(f"没有找到本机的局域网地址：请在“设置 → 网络”里查看本机 IP 地址，网址是 http://本机IP:{port}/")
    print(f"在本机上打开：http://127.0.0.1:{port}/")
    print("Windows 防火墙询问是否允许访问时，请选择“允许”（专用网络），否则其他电脑打不开。")


def main(argv: list[str]) -> int:
    if sys.stdout is not None:
        sys.stdout.reconfigure(errors="replace")
    if len(argv) >= 3 and argv[0] == "install":
        return install(argv[1], argv[2].split())
    if len(argv) == 2 and argv[0] == "addresses":
        say_addresses(int(argv[1]))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
