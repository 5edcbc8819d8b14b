"""Benchmark: writing one department's notice (审核意见书, .docx) with many findings.

    python bench/notice.py                    # 1,000 / 4,000 / 16,000 findings, median of 3
    python bench/notice.py 40000 --repeat 1

The planted sample's findings repeated to each size, written in this process (imports
apart): what grows with the findings is the tables, one row each.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.api import check_file  # noqa: E402
from auditor.reporters.notice import NoticeReporter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 4000, 16000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    report = check_file(REPO / "sample_workbooks" / "planted-faults-2023.xlsx")
    found = list(report.findings)
    for n in args.sizes:
        report.findings = (found * (n // len(found) + 1))[:n]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            NoticeReporter("zh").write(report, io.BytesIO())
            times.append(time.perf_counter() - start)
        print(f"{n:>7,} findings: {statistics.median(times):.2f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
