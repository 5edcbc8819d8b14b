"""Do two revisions find the same things?  Checks one corpus with each and compares.

    python3 scripts/compare_revisions.py BASE [HEAD] [--corpus DIR] [--keep DIR]

BASE and HEAD are git revisions (HEAD may be ``WORKTREE``, the checkout as it is now, the
default).  The corpus is every workbook the samples, the hostile corpus and the test
suite produce: the samples are copied, the hostile corpus is written by
tests/corpus/make_corpus.py, and the test suite of BASE is run once with a kept
``--basetemp`` so that every workbook a test writes is collected.  ``--corpus DIR`` reuses
a folder made by an earlier run (``--keep DIR`` keeps the one it makes).

Each revision checks every file with ``auditor check --format json`` (one process per
chunk, the revision's own code on PYTHONPATH) and runs ``auditor batch`` on the samples.
Compared: each file's status, department, year, scores, findings (code, severity,
location, related, expected, actual, message), and the batch's report.json and every
cell of summary.xlsx.  Keys that HEAD adds to the JSON (``--allow-new-keys``, by default
``form`` and ``project``) are allowed; a key it drops or changes is a difference.
Exit 0 when everything is identical, 1 otherwise.  Needs the test extras (openpyxl).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CHUNK = 40


def checkout(rev: str, into: Path) -> Path:
    if rev == "WORKTREE":
        return ROOT
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(into), rev],
                   check=True, capture_output=True)
    return into


def drop_checkout(rev: str, path: Path) -> None:
    if rev != "WORKTREE":
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], capture_output=True)


def build_corpus(code: Path, into: Path) -> list[Path]:
    env = dict(os.environ, PYTHONPATH=str(code))
    samples = into / "samples"
    shutil.copytree(code / "sample_workbooks", samples)
    hostile = into / "hostile"
    subprocess.run([sys.executable, "-c",
                    "import sys; from tests.corpus.make_corpus import make_corpus; "
                    "make_corpus(sys.argv[1], bomb_bytes=64 << 20, million=20000)", str(hostile)],
                   cwd=code, env=env, check=True, capture_output=True)
    basetemp = into / "tests"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                    f"--basetemp={basetemp}"], cwd=code, env=env, capture_output=True)
    files = sorted(p for p in into.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
                   and not p.name.startswith(("~$", ".~lock")))
    # a test's own outputs (annotated copies, summaries) are not inputs a department sends
    return [p for p in files if "annotated" not in p.parts and p.name != "summary.xlsx"]


def check_all(code: Path, files: list[Path]) -> dict[str, dict]:
    env = dict(os.environ, PYTHONPATH=str(code))
    out: dict[str, dict] = {}
    for i in range(0, len(files), CHUNK):
        chunk = [str(p) for p in files[i:i + CHUNK]]
        proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", *chunk],
                              cwd=code, env=env, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            # one file that the whole command cannot take: check the chunk one by one
            for one in chunk:
                p = subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", one],
                                   cwd=code, env=env, capture_output=True, text=True)
                out[one] = json.loads(p.stdout)["files"][0] if p.returncode in (0, 1) else \
                    {"crash": p.returncode, "stderr": p.stderr[-300:]}
            continue
        for f in json.loads(proc.stdout)["files"]:
            out[f["path"]] = f
    return out


def batch(code: Path, samples: Path, into: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run([sys.executable, "-m", "auditor", "batch", str(samples), "--out", str(into), "--jobs", "2"],
                   cwd=code, env=env, capture_output=True)
    report = json.loads((into / "report.json").read_text(encoding="utf-8"))
    from openpyxl import load_workbook

    wb = load_workbook(into / "summary.xlsx")
    sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}
    return {"report": report, "summary": sheets}


def strip_new(a, b, allowed: set[str]):
    """``b`` with the keys ``a`` lacks and ``allowed`` names removed, recursively."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: strip_new(a.get(k), v, allowed) for k, v in b.items() if k in a or k not in allowed}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [strip_new(x, y, allowed) for x, y in zip(a, b)]
    return b


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base")
    ap.add_argument("head", nargs="?", default="WORKTREE")
    ap.add_argument("--corpus", type=Path, help="reuse this corpus folder")
    ap.add_argument("--keep", type=Path, help="keep the corpus made here")
    ap.add_argument("--allow-new-keys", default="form,project,projects")
    args = ap.parse_args(argv)
    allowed = set(filter(None, args.allow_new_keys.split(",")))
    work = Path(tempfile.mkdtemp(prefix="compare-"))
    base = checkout(args.base, work / "base")
    head = checkout(args.head, work / "head")
    try:
        corpus = args.corpus or args.keep or work / "corpus"
        if args.corpus is None:
            corpus.mkdir(parents=True, exist_ok=True)
            files = build_corpus(base, corpus)
        else:
            files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
                           and "annotated" not in p.parts and p.name != "summary.xlsx")
        a, b = check_all(base, files), check_all(head, files)
        diffs = [p for p in a if strip_new(a[p], b.get(p), allowed) != a[p]]
        diffs += [p for p in b if p not in a]
        ba = batch(base, corpus / "samples", work / "out-base")
        bb = batch(head, corpus / "samples", work / "out-head")
        same_report = strip_new(ba["report"], bb["report"], allowed) == ba["report"]
        same_summary = ba["summary"] == bb["summary"]
        print(f"{len(files)} workbooks checked by {args.base} and {args.head}: "
              f"{len(files) - len(diffs)} identical, {len(diffs)} different")
        for p in diffs[:20]:
            print(f"  differs: {p}")
        print(f"batch on the samples: report.json {'identical' if same_report else 'DIFFERENT'}, "
              f"summary.xlsx {'identical' if same_summary else 'DIFFERENT'}")
        if not same_summary:
            for name in sorted(set(ba["summary"]) | set(bb["summary"])):
                if ba["summary"].get(name) != bb["summary"].get(name):
                    print(f"  summary sheet differs: {name}")
        return 0 if not diffs and same_report and same_summary else 1
    finally:
        drop_checkout(args.base, base)
        drop_checkout(args.head, head)
        if args.corpus is None and args.keep is None:
            shutil.rmtree(work / "corpus", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
