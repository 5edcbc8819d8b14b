"""Workers die with their parent: a batch killed outright leaves no worker behind."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is how the parent is killed here")
def test_killing_the_batch_kills_its_workers_within_seconds(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(120):   # enough that the workers are still busy when the parent dies
        shutil.copy(SAMPLES / "renhua-zuzhibu-2023.xlsx", inputs / f"d{n:03d}.xlsx")
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "batch", str(inputs), "--out", str(tmp_path / "out"),
                             "--jobs", "2"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in parent.children(recursive=True)]
        time.sleep(0.2)
    assert workers, "the batch started no workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    for p in alive:
        p.kill()
    assert not alive, f"{len(alive)} workers outlived their parent by 10 s"
