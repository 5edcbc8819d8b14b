"""`check --annotate` over a few hundred mutated workbooks (fixed seed): no traceback, no
exit code above 1, every input unchanged, every copy written whole or not at all."""
from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
SEED, COUNT = 20261201, 300

# What the red-team pass planted: tokens a parser or an annotator may choke on.
TOKENS = ["<!--", "-->", "&#xD800;", "&#0;", 'r="ZZZ0"', 'r="A0"', 'r="XFD1048577"', "1E+400", "9" * 400,
          "<!DOCTYPE x>", "<![CDATA[", "]]>", "<?pi", "</row>", "<row>", '<c r="A1" t="s"><v>999999</v></c>',
          "<mergeCell ref=\"A1:XFD1048576\"/>", "\x00", "\ufffe", "&amp;" * 50, "<", ">", '"', "'"]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    target = rng.randrange(len(members))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, (info, body) in enumerate(members):
            if n == target or rng.random() < 0.05:
                body = _mutate_part(body, rng)
            z.writestr(info, body)
    raw = bytearray(out.getvalue())
    if rng.random() < 0.1:  # now and then the container itself
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def _mutate_part(body: bytes, rng: random.Random) -> bytes:
    text = body.decode("utf-8", "replace")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        kind = rng.randrange(5)
        if kind == 0:
            text = text[:at] + rng.choice(TOKENS) * rng.choice((1, 1, 2, 100)) + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + rng.randint(1, 200):]
        elif kind == 2:
            end = min(len(text), at + rng.randint(1, 500))
            text = text[:end] + text[at:end] * rng.randint(1, 5) + text[end:]
        elif kind == 3:
            text = text[:at]
        else:
            text = text.replace('r="', 'r="' + rng.choice(["", "$", "Z", "-"]), rng.randint(1, 3))
    return text.encode("utf-8", "surrogatepass")


def test_check_annotate_survives_hundreds_of_mutated_workbooks(tmp_path):
    rng = random.Random(SEED)
    bases = [p.read_bytes() for p in sorted(SAMPLES.glob("*.xlsx"))]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(COUNT):
        (inputs / f"m{n:03d}.xlsx").write_bytes(_mutate(rng.choice(bases), rng))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    out = tmp_path / "annotated"
    run = CliRunner().invoke(main, ["check", str(inputs), "--annotate", str(out), "--format", "json"])
    assert isinstance(run.exception, SystemExit) and run.exit_code in (0, 1), (run.exception, run.output[-2000:])
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    assert len(report["files"]) == COUNT
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()} == before
    for copy in out.iterdir():
        assert not copy.name.startswith(".tmp-")
        with zipfile.ZipFile(copy) as z:
            assert z.testzip() is None
    made = {p.stem for p in out.iterdir()}
    for f in report["files"]:
        if f["status"] == "checked":  # a copy, or a finding saying why there is none
            assert Path(f["path"]).stem in made or "S033" in [x["code"] for x in f["findings"]], f["path"]
