"""The batch's 审核意见书: one per file, under notices/, named ``<file stem>.docx``, and
owned through the batch's manifest as the annotated copies are (``auditor.batch.manifest``)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from auditor.batch.manifest import Owned, write_or_note
from auditor.report import FileReport

NOTICES = "notices"


def notice_names(files: Sequence[FileReport], taken: set[str] = frozenset()) -> dict[str, str]:
    """Each file's 审核意见书 name, ``<file stem>.docx``: one for every file, an unreadable
    one too (its department needs to hear why most)."""
    from auditor.reporters.safe_output import annotated_names, safe_name

    return annotated_names(files, taken, rename=lambda n: safe_name(Path(n).stem + ".docx"), checked_only=False)


def write_notices(run, out: Path, owned: Owned, lang: str, write_errors: dict, settings: dict | None = None) -> list[str]:
    """Write every file's notice into ``out``/notices (``run.notices`` names them), record
    them as ours, remove our stale ones; a notice not written is dropped from ``run.notices``."""
    from auditor.reporters.notice import write_review
    from auditor.reporters.review import reviews

    (out / NOTICES).mkdir(parents=True, exist_ok=True)
    written = []
    for path, review in reviews(run, lang).items():
        name = run.notices.get(path)
        try:
            ok = bool(name) and write_or_note(out / NOTICES / name, lambda fh: write_review(fh, review, lang, settings),
                                              write_errors, durable=False)
        except Exception as exc:  # one notice that cannot be built must not stop the others
            write_errors[str(out / NOTICES / name)] = f"{type(exc).__name__}: {exc}"[:300]
            ok = False
        if ok:
            owned.record(f"{NOTICES}/{name}")
            written.append(name)
        else:
            run.notices.pop(path, None)
    owned.remove_stale(NOTICES, set(written))
    return written
