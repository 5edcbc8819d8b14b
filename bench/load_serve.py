"""Load test of `auditor serve` on 127.0.0.1: N uploads, C at a time, against the CLI's per-file time.

    python bench/load_serve.py                       # 60 uploads, 20 at a time
    python bench/load_serve.py --uploads 100 --concurrency 30 --record
    python bench/load_serve.py --base main --rounds 3   # and an earlier code, side by side

Starts the server on a free port of 127.0.0.1 (a fresh data folder in a temp directory),
posts the reference and the planted-faults samples to /api/check, and stops the server
by itself; it never runs longer than ``--max-seconds``.  Reports what was lost (any
answer that is not 200 with the file's own JSON), p50/p95 latency and throughput, and
the CLI's time for one file: ``auditor check`` as a process (what a clerk with Python
would run) and ``check_file`` in a warm process (the floor the server's workers pay).
``--record`` writes the section "auditor serve under load" of docs/performance.md.

``--base REF`` also runs the server of an earlier commit (``git archive`` of REF into a
temp folder), alternating with this checkout's ``--rounds`` times each on the same
machine in the same run: the ratios of their medians are what a change is judged by.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.web.client import LocalServer, get, post_files  # noqa: E402

SAMPLES = REPO / "sample_workbooks"
FILES = [SAMPLES / "renhua-zuzhibu-2023.xlsx", SAMPLES / "planted-faults-2023.xlsx"]
SECTION = "## auditor serve under load"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def cli_times(repeats: int = 5) -> tuple[float, float]:
    """(median seconds of `auditor check FILE` as a process, median of check_file in-process)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = []
    for i in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "auditor", "check", "--format", "json", str(FILES[i % 2])],
                       env=env, stdout=subprocess.DEVNULL, check=False)
        proc.append(time.perf_counter() - t)
    from auditor.api import check_file

    check_file(FILES[0])
    warm = []
    for i in range(repeats * 4):
        t = time.perf_counter()
        check_file(FILES[i % 2])
        warm.append(time.perf_counter() - t)
    return statistics.median(proc), statistics.median(warm)


def run(url: str, uploads: int, concurrency: int, deadline: float) -> dict:
    payloads = [(f.name, f.read_bytes()) for f in FILES]

    def one(i: int):
        name, data = payloads[i % len(payloads)]
        shown = f"dept-{i:04d}-{name}"
        t = time.perf_counter()
        status, headers, body = post_files(url + "/api/check", {"workbook": (shown, data)}, timeout=120)
        took = time.perf_counter() - t
        ok = status == 200 and json.loads(body)["files"][0]["path"] == shown
        return ok, status, took

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(one, i) for i in range(uploads)]
        done, pending = wait(futures, timeout=max(1.0, deadline - time.monotonic()))
        for f in pending:
            f.cancel()
    wall = time.perf_counter() - t0
    results = [f.result() for f in done if not f.exception()]
    lat = [took for ok, _, took in results if ok]
    statuses: dict[int, int] = {}
    for _, status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {"sent": uploads, "ok": len(lat), "lost": uploads - len(lat), "statuses": statuses, "wall": wall,
            "p50": pct(lat, 0.5) if lat else None, "p95": pct(lat, 0.95) if lat else None,
            "throughput": len(lat) / wall if wall else 0.0}


def report(r: dict, args, cli_proc: float, cli_warm: float, workers: int) -> str:
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    lines = [
        SECTION, "",
        f"Measured by `bench/load_serve.py` (`--uploads {args.uploads} --concurrency {args.concurrency}`): "
        f"`auditor serve` on 127.0.0.1 with {workers} check workers (`--workers`), queue {args.queue}, "
        "a fresh data folder; the reference and planted-faults samples posted to `/api/check` alternately, "
        "each answer checked to be 200 with the upload's own JSON.",
        "",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        f"- Date: {datetime.date.today().isoformat()}",
        "",
        "| measure | value |", "|---|---|",
        f"| uploads sent / answered 200 / lost | {r['sent']} / {r['ok']} / {r['lost']} |",
        f"| answers by status | {', '.join(f'{k}: {v}' for k, v in sorted(r['statuses'].items()))} |",
        f"| latency p50 / p95 | {ms(r['p50'])} / {ms(r['p95'])} |",
        f"| throughput | {r['throughput']:.1f} uploads/s ({r['wall']:.1f} s wall) |",
        f"| CLI: `auditor check FILE` as a process | {ms(cli_proc)} per file |",
        f"| CLI: `check_file` in a warm process | {ms(cli_warm)} per file |",
        f"| server time per upload at full load (1 / throughput) | {ms(1 / r['throughput'])} |",
        "",
        "What a server upload costs beyond `check_file`: the multipart upload streamed to disk and hashed, "
        "the annotated copy written (the CLI's `--annotate`), the JSON, and the hop to a worker process. "
        f"At {args.concurrency} at once a single upload waits its turn for a worker, so its latency is the "
        "queue ahead of it, not the check; the queue is bounded (`--queue`), beyond it a new check gets "
        "503 with Retry-After rather than exhausting the machine.",
        "",
    ]
    return "\n".join(lines)


def record(text: str) -> None:
    doc = REPO / "docs" / "performance.md"
    old = doc.read_text(encoding="utf-8")
    head = old[:old.index(SECTION)] if SECTION in old else old.rstrip("\n") + "\n\n"
    doc.write_text(head + text, encoding="utf-8")


def serve_and_load(root: Path | None, args, deadline: float) -> tuple[dict, bool]:
    """One server (this checkout's, or ``root``'s) on a fresh data folder, warmed, loaded, stopped."""
    work = Path(tempfile.mkdtemp(prefix="auditor-load-"))
    extra = ["--queue", str(args.queue)] + (["--workers", str(args.workers)] if args.workers else [])
    server = LocalServer(work / "data", *extra, root=root)
    try:
        server.wait(60)
        post_files(server.url + "/api/check", {"workbook": (FILES[0].name, FILES[0].read_bytes())})  # warm workers
        before = cpu_seconds(server.proc.pid)
        r = run(server.url, args.uploads, args.concurrency, deadline)
        after = cpu_seconds(server.proc.pid)
        if before is not None and after is not None and r["ok"]:
            # CPU per upload, the server's and its workers': what a shared machine cannot blur
            r["cpu_server"] = (after[0] - before[0]) / r["ok"]
            r["cpu_workers"] = sum(after[1].get(pid, 0) - t for pid, t in before[1].items()) / r["ok"]
        alive = get(server.url + "/healthz")[0] == 200
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return r, alive


def cpu_seconds(pid: int):
    """(the server's CPU seconds, {worker pid: its CPU seconds}) or None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    proc = psutil.Process(pid)
    spent = lambda p: sum(p.cpu_times()[:2])  # noqa: E731
    return spent(proc), {k.pid: spent(k) for k in proc.children(recursive=True)}


def side_by_side(args, deadline: float) -> tuple[str, bool]:
    """The earlier commit's server and this one's, alternating: medians and their ratios."""
    given = Path(args.base).is_dir()  # a checkout of the earlier code, or a ref to archive from this one
    base = Path(args.base) if given else Path(tempfile.mkdtemp(prefix="auditor-base-"))
    try:
        if not given:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base], check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        alive = True
        for _ in range(args.rounds):
            for label, root in (("old", base), ("new", None)):
                r, ok = serve_and_load(root, args, deadline)
                runs[label].append(r)
                alive = alive and ok
    finally:
        if not given:
            shutil.rmtree(base, ignore_errors=True)
    med = {k: {m: statistics.median(x[m] for x in v) for m in ("p50", "p95", "throughput")} for k, v in runs.items()}
    lost = {k: sum(x["lost"] for x in v) for k, v in runs.items()}
    ms = lambda s: f"{s * 1000:.1f} ms" if s < 0.1 else f"{s * 1000:.0f} ms"  # noqa: E731
    each = lambda k, m, f: ", ".join(f(x[m]) for x in runs[k])  # noqa: E731
    lines = [
        f"### Side by side with `{args.base}`", "",
        f"`--base {args.base} --rounds {args.rounds}`: the server of `{args.base}` and this checkout's, alternating, "
        f"{args.rounds} runs each of {args.uploads} uploads {args.concurrency} at a time (medians; each run in brackets).",
        "",
        "| | p50 | p95 | throughput | lost |", "|---|---|---|---|---|",
        f"| `{args.base}` | {ms(med['old']['p50'])} | {ms(med['old']['p95'])} ({each('old', 'p95', ms)}) | "
        f"{med['old']['throughput']:.1f}/s ({each('old', 'throughput', lambda v: f'{v:.1f}')}) | {lost['old']} |",
        f"| this checkout | {ms(med['new']['p50'])} | {ms(med['new']['p95'])} ({each('new', 'p95', ms)}) | "
        f"{med['new']['throughput']:.1f}/s ({each('new', 'throughput', lambda v: f'{v:.1f}')}) | {lost['new']} |",
        f"| new ÷ old | {med['new']['p50'] / med['old']['p50']:.2f}× | {med['new']['p95'] / med['old']['p95']:.2f}× | "
        f"{med['new']['throughput'] / med['old']['throughput']:.2f}× | |",
        "",
    ]
    if all("cpu_workers" in x for v in runs.values() for x in v):
        cpu = {k: {m: statistics.median(x[m] for x in v) for m in ("cpu_server", "cpu_workers")} for k, v in runs.items()}
        lines += [
            "CPU per upload (medians of the runs; psutil, the server process and its check workers):", "",
            "| | server | workers | together |", "|---|---|---|---|",
            *[f"| {name} | {ms(cpu[k]['cpu_server'])} | {ms(cpu[k]['cpu_workers'])} | "
              f"{ms(cpu[k]['cpu_server'] + cpu[k]['cpu_workers'])} |"
              for k, name in (("old", f"`{args.base}`"), ("new", "this checkout"))],
            f"| new ÷ old | {cpu['new']['cpu_server'] / cpu['old']['cpu_server']:.2f}× | "
            f"{cpu['new']['cpu_workers'] / cpu['old']['cpu_workers']:.2f}× | "
            f"{sum(cpu['new'].values()) / sum(cpu['old'].values()):.2f}× |", "",
        ]
    return "\n".join(lines), alive and lost["new"] == 0


def record_side_by_side(text: str) -> None:
    """Put (or replace) the side-by-side table at the end of docs/performance.md."""
    doc = REPO / "docs" / "performance.md"
    old = doc.read_text(encoding="utf-8")
    head = text.split("\n", 1)[0]
    if head in old:
        start = old.index(head)
        end = old.find("\n## ", start)
        old = old[:start] + (old[end + 1:] if end != -1 else "")
    doc.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploads", type=int, default=60)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None, help="server check workers (default: the server's)")
    ap.add_argument("--queue", type=int, default=64)
    ap.add_argument("--max-seconds", type=float, default=300, help="stop, whatever is left, after this long")
    ap.add_argument("--record", action="store_true", help="write the section of docs/performance.md")
    ap.add_argument("--base", help="also run this git ref's server (or this folder's), alternating with this checkout's")
    ap.add_argument("--rounds", type=int, default=3, help="with --base: runs of each")
    args = ap.parse_args()
    args.uploads = max(1, min(args.uploads, 2000))
    args.concurrency = max(1, min(args.concurrency, 100))
    args.rounds = max(1, min(args.rounds, 10))
    deadline = time.monotonic() + args.max_seconds

    if args.base:
        text, ok = side_by_side(args, deadline)
        print(text)
        if args.record:
            record_side_by_side(text)
        sys.exit(0 if ok else 1)
    r, alive = serve_and_load(None, args, deadline)
    cli_proc, cli_warm = cli_times()
    from auditor.web.checking import Checker

    text = report(r, args, cli_proc, cli_warm, args.workers or Checker().workers)
    text += f"After the run /healthz answered {'200' if alive else 'NOT 200'}.\n"
    print(text)
    if args.record:
        record(text)
    sys.exit(0 if r["lost"] == 0 and alive else 1)


if __name__ == "__main__":
    main()
