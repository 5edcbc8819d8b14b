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
import time
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


def copy_name(name: str) -> str:
    """The file name an annotated copy of ``name`` is written under: sanitised, and a
    legacy .xls (or anything but .xlsm) as .xlsx, as the annotator saves it."""
    base = safe_name(name)
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    return f"{stem}.{'xlsm' if ext.lower() == 'xlsm' else 'xlsx'}"


def unique_names(names: dict, taken=frozenset(), rename: Callable[[str], str] | None = None) -> dict:
    """``names`` (key -> wanted name) made into distinct copy names, compared as a
    case-insensitive file system compares them, after sanitising: 同名.xls and 同名.xlsx
    are different files but both would be copied to 同名.xlsx.  A name that needs no
    conversion keeps it; a converted one gets its source extension (同名_xls.xlsx), then a
    number.  ``taken`` holds case-folded names already in use by someone else.  ``rename``
    is what a name becomes (default ``copy_name``; a notice's is its stem with .docx)."""
    rename = rename or copy_name
    used = set(taken)
    out = {}
    as_is = [k for k, n in names.items() if rename(n).casefold() == safe_name(n).casefold()]
    converted = [k for k in names if k not in set(as_is)]
    for key in as_is + converted:
        final = rename(names[key])
        stem, _, ext = final.rpartition(".")
        stem = _truncate_utf8(stem, MAX_NAME_BYTES - 24)
        source_ext = safe_name(names[key]).rpartition(".")[2]
        candidates = [final, f"{stem}_{source_ext}.{ext}"] if key in converted else [final]
        n = 1
        while all(c.casefold() in used for c in candidates):
            n += 1
            candidates = [f"{stem} ({n}).{ext}"]
        chosen = next(c for c in candidates if c.casefold() not in used)
        used.add(chosen.casefold())
        out[key] = chosen
    return {k: out[k] for k in names}


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
        _replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _fsync_dir(path.parent)
    return path


# Windows refuses to replace a file another program holds open (a summary.xlsx open in
# Excel, a virus scanner reading the copy just written); the scanner lets go within a
# moment, Excel does not, so a few short tries and then the error.
REPLACE_RETRIES = (0.05, 0.1, 0.2, 0.4, 0.8)


def _replace(src: str, dst: Path) -> None:
    for pause in REPLACE_RETRIES:
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            time.sleep(pause)
    os.replace(src, dst)


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


def annotated_names(files, taken: set[str] = frozenset(), *, rename=None,
                    checked_only: bool = True) -> dict[str, str]:
    """The name each copy of ``files`` (file reports: ``path``, ``checked``) is written
    under: its own file name, or its relative path
    flattened when two files in different folders share a name; then made unique as the
    copy will really be named (sanitised, .xls become .xlsx, or ``rename``'s), and kept off
    ``taken`` (case-folded names of files in the folder that are not ours)."""
    chosen = [a for a in files if a.annotatable or not checked_only]
    stems: dict[str, int] = {}
    for a in chosen:
        key = Path(a.path).stem.casefold()
        stems[key] = stems.get(key, 0) + 1
    names = {a.path: (Path(a.path).name if stems[Path(a.path).stem.casefold()] == 1 else a.path.replace("/", "__"))
             for a in chosen}
    # The summary links to each copy by a relative URL, where # and % would mean something.
    return unique_names({rel: re.sub(r"[#%]", "_", name) for rel, name in names.items()}, taken, rename)
