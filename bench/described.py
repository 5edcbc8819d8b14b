"""Benchmark: a described form (forms as data) against the code-backed project form, in the
same run on files of the same size.

    python bench/described.py            # 5 repeats of 60 files each
    python bench/described.py --quick    # 3 repeats of 20 files
    python bench/described.py --record   # also write the section of docs/performance.md

The files: the consistent single-table samples of each side, copied round-robin into a temp
folder (project: roads 198 cells, Yunnan 231, Hubei 152; described: Guizhou 207, Jiangxi 234,
Chongqing 300).  Each repeat runs one fresh python per side, alternating which goes first; a
process imports auditor, then times ``check_file`` over its folder (import time apart, since
it is the same for both).  Target: the described form within 1.5x of the project form, by the
median per file; the pair of nearest size (Guizhou 207 cells, roads 198) is timed alone too.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_workbooks"
PROJECT = ("project-roads-2022.xlsx", "project-yunnan-clinics-2022.xlsx", "project-hubei-clinics-2022.xlsx")
DESCRIBED = ("described-guizhou-dept-2023.xlsx", "described-jiangxi-unit-2023.xlsx",
             "described-chongqing-dept-2023.xlsx")
SECTION = "## Described forms against the project form"

TIMED = """
import json, sys, time, pathlib
from auditor.api import check_file
files = sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx"))
check_file(files[0])  # the first check loads the form's rules: once per process for both sides
start = time.perf_counter()
forms = set()
for p in files:
    r = check_file(p)
    assert not r.findings, (p, r.findings)
    forms.add(r.form)
print(json.dumps({"seconds": time.perf_counter() - start, "files": len(files), "forms": sorted(forms)}))
"""


def folder(root: Path, name: str, sources, n: int) -> Path:
    out = root / name
    out.mkdir()
    for i in range(n):
        shutil.copyfile(SAMPLES / sources[i % len(sources)], out / f"{i:04d}.xlsx")
    return out


def timed(path: Path) -> float:
    done = subprocess.run([sys.executable, "-c", TIMED, str(path)], cwd=REPO, capture_output=True, text=True,
                          check=True, env={"PYTHONPATH": str(REPO), "PATH": ""})
    got = json.loads(done.stdout)
    return got["seconds"] / got["files"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    repeats, n = (3, 20) if args.quick else (5, 60)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sides = {"project": folder(root, "project", PROJECT, n), "described": folder(root, "described", DESCRIBED, n),
                 "project-roads": folder(root, "roads", PROJECT[:1], n),
                 "described-guizhou": folder(root, "guizhou", DESCRIBED[:1], n)}
        times = {k: [] for k in sides}
        for i in range(repeats):
            order = list(sides) if i % 2 == 0 else list(reversed(sides))
            for k in order:
                times[k].append(timed(sides[k]))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["described"] / med["project"]
    pair = med["described-guizhou"] / med["project-roads"]
    text = "\n".join([
        SECTION, "",
        f"Measured by `bench/described.py` ({repeats} repeats, {n} files per side, medians of the per-file "
        "time of `check_file` in a fresh process per side and repeat, import apart).", "",
        "| files | project form | described form | ratio (target ≤ 1.5×) |", "|---|---|---|---|",
        f"| three single-table samples each, round robin | {med['project'] * 1000:.1f} ms | "
        f"{med['described'] * 1000:.1f} ms | {ratio:.2f}× {'met' if ratio <= 1.5 else 'NOT met'} |",
        f"| nearest size: roads (198 cells) / Guizhou (207 cells) | {med['project-roads'] * 1000:.1f} ms | "
        f"{med['described-guizhou'] * 1000:.1f} ms | {pair:.2f}× {'met' if pair <= 1.5 else 'NOT met'} |", ""])
    print(text)
    if args.record:
        doc_path = REPO / "docs/performance.md"
        doc = doc_path.read_text("utf-8")
        if SECTION in doc:
            start = doc.index(SECTION)
            end = doc.find("\n## ", start + 1)
            doc = doc[:start] + text + (doc[end + 1:] if end != -1 else "")
        else:
            doc = doc.rstrip("\n") + "\n\n" + text
        doc_path.write_text(doc, "utf-8")


if __name__ == "__main__":
    main()
