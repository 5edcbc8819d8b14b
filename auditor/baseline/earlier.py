"""An earlier run's report.json (``--baseline``), read a file at a time and kept on disk.

A province's report.json runs to tens of MB (50 MB for 10,000 files), and parsed whole
it held 115 MiB in the batch's parent for the whole run, more than the rest of the run
together.  ``read`` decodes the ``files`` array one file at a time from the stream as
``json_report.stream`` writes it, pickles each into a temporary file, and keeps in
memory only what pairing a new file with its earlier version needs: path, department,
year.  A file is read back when its review asks for it.  A report.json laid out some
other way (re-saved by another tool) is read whole, as before.
"""
from __future__ import annotations

import json
import pickle
import re
from typing import IO, Iterator, NamedTuple

from auditor.report.spill import PickleFile

SCHEMA_VERSION = 1
_CHUNK = 1 << 18  # characters: what is held besides one file
# How json_report.stream begins: the version, then the files.
_HEAD = re.compile(r'\s*\{\s*"version"\s*:\s*(-?\d+)\s*,\s*"files"\s*:\s*\[')
_BETWEEN = re.compile(r"[\s,]*")


class Pairing(NamedTuple):
    """What matching a new file with its earlier version reads of the earlier one."""

    path: object
    department: object
    year: object


class Earlier(PickleFile):
    """The files of an earlier run, each a dict of the JSON report, in their order."""

    def __init__(self, directory: str | None = None):
        super().__init__("auditor-earlier-", directory)
        self._pairings: list[Pairing] = []

    def append(self, file: dict) -> None:
        self._at.append(self._write(pickle.dumps(file, pickle.HIGHEST_PROTOCOL)))
        self._pairings.append(Pairing(file.get("path"), file.get("department"), file.get("year")))

    def pairings(self) -> list[Pairing]:
        """Each file's path, department and year, without reading any."""
        return list(self._pairings)


def read(path) -> Earlier:
    """The files of the report.json at ``path``; ValueError saying why when it is not one
    (a report of schema version 1, written by check or batch)."""
    out = Earlier()
    try:
        with open(path, encoding="utf-8-sig") as fh:  # as re-saved by Notepad too, with a BOM
            for file in _files(fh, path):
                if not isinstance(file, dict):
                    raise ValueError(f"{path} has no list of files")
                out.append(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.close()
        raise ValueError(f"cannot read {path}: {exc}") from None
    except ValueError:
        out.close()
        raise
    return out


def _files(fh: IO[str], path) -> Iterator:
    buf = fh.read(_CHUNK)
    head = _HEAD.match(buf)
    if head is None:  # not as this tool writes it: whole, then
        yield from _whole(buf + fh.read(), path)
        return
    if int(head.group(1)) != SCHEMA_VERSION:
        raise ValueError(f"{path} is not an auditor report.json (schema version 1)")
    decoder, pos = json.JSONDecoder(), head.end()
    while True:
        pos = _BETWEEN.match(buf, pos).end()
        if pos < len(buf) and buf[pos] == "]":
            return
        try:
            item, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError:
            more = fh.read(max(_CHUNK, len(buf) - pos))  # an item longer than a chunk: doubling, not quadratic
            if not more:
                raise
            buf, pos = buf[pos:] + more, 0
            continue
        yield item
        pos = end
        if pos > _CHUNK:
            buf, pos = buf[pos:], 0


def _whole(text: str, path) -> list:
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION:
        raise ValueError(f"{path} is not an auditor report.json (schema version 1)")
    files = data.get("files")
    if not isinstance(files, list):
        raise ValueError(f"{path} has no list of files")
    return files
