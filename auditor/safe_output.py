"""Output names that cannot escape their directory, and writes that never leave half a file.

Input file names come from departments (and from archives they send), so a name is
data, not a path: ``safe_name`` turns any string into one plain file name, and
``atomic_write`` makes a file appear complete or not at all, so a crash or a rerun
never leaves a truncated workbook where a reviewer would open it.
"""
from __future__ import annotations

import os
from functools import lru_cache
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO, Callable, Union

# Bytes, not characters: file systems limit a name to 255 bytes, and the temp file
# beside it carries a prefix and a suffix.
MAX_NAME_BYTES = 200

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in list("123456789") + ["¹", "²", "³"]}
# Separators, and what Windows refuses or reads as a drive or a stream.
_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')


def safe_name(name: str, default: str = "unnamed") -> str:
    """One plain file name from ``name``: no separators, no ``..``, no control or format
    characters (bidi overrides can disguise an extension), no reserved Windows device
    name, at most ``MAX_NAME_BYTES`` bytes of UTF-8, never empty."""
    name = unicodedata.normalize("NFC", str(name))
    name = "".join("_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
                   else ch for ch in name)
    name = _FORBIDDEN.sub("_", name)
    # Leading dots hide a file or climb (".."); trailing dots and spaces vanish on Windows.
    name = name.strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name or set(name) <= {"_"}:
        name = default
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    if stem.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    suffix = "." + ext if ext else ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = _truncate_utf8(stem, max(budget, 1)).rstrip(" .") or default
    return stem + suffix


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def inside(directory: Path, name: str) -> Path:
    """``directory / safe_name(name)``, checked to stay inside ``directory``."""
    directory = Path(directory)
    target = directory / safe_name(name)
    if target.resolve().parent != directory.resolve():
        raise ValueError(f"output name {name!r} escapes {directory}")
    return target


Writer = Union[bytes, bytearray, memoryview, Callable[[BinaryIO], object]]


def atomic_write(path: Union[str, os.PathLike], content: Writer, *, durable: bool = True) -> Path:
    """Write ``content`` (bytes, or a callable given the open binary file) to ``path``.

    The data goes to a temp file in the same directory (so the final rename stays on one
    file system), is flushed and fsynced, then replaces ``path`` in one step. On any
    exception the temp file is removed and ``path`` keeps its old content.

    ``durable=False`` skips the fsyncs: still all-or-nothing against an interrupted or
    crashed run, not against a power cut.  For the hundreds of per-department copies of
    a batch, which a rerun regenerates, where serialised fsyncs cost the parallel workers
    more than the whole annotation.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(content):
                content(fh)
            else:
                fh.write(content)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp_name, _mode_for(path))
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _fsync_dir(path.parent)
    return path


def _mode_for(path: Path) -> int:
    # mkstemp makes 0600; keep a rerun's target mode, otherwise what umask would give.
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return _umask_mode()


@lru_cache(maxsize=1)  # the umask of a process does not change under us
def _umask_mode() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    return 0o644


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, hence best effort.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
