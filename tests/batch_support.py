"""What tests of the batch's cohort findings build a batch's files with."""
from __future__ import annotations

from auditor.batch.collect import with_cohort
from auditor.rules.cohort import Cohort


def add_cohort(files, options) -> None:
    """Add the D findings (subject to --select/--ignore) to ``files``, as a batch does when
    every file is in."""
    cohort = Cohort()
    for m in sorted((a.member for a in files if a.member is not None), key=lambda m: m.path):
        cohort.add(m)
    for a in files:
        with_cohort(a, cohort, options)
