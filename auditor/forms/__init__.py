"""The registry of forms (表式): which layouts the auditor knows, and which one a workbook is in.

``detect`` scores every registered form on a cheap ``Index`` of the workbook and the best
wins; below ``MIN_SCORE`` the workbook is in no known form and gets one finding (S015)
instead of one per sheet it lacks.  Importing this package registers every form.
"""
from __future__ import annotations

import importlib
import os

from auditor.forms.base import FORMS, MIN_SCORE, Form, Index, Match, register_form  # noqa: F401

AUTO = "auto"
# The modules of forms registered at run time (``load_module``), kept in the environment so
# that every worker process this one starts, forked or spawned, registers them too.
MODULES_ENV = "AUDITOR_FORM_MODULES"


def load_module(name: str) -> None:
    """Register the forms a module defines (importing it registers them): here, and in every
    worker process started from here on.  A form outside the package is added with this one
    line; one inside it with one import at the end of this file."""
    importlib.import_module(name)
    names = _modules_named()
    if name not in names:
        os.environ[MODULES_ENV] = os.pathsep.join(names + [name])


def _modules_named() -> list[str]:
    return [n for n in os.environ.get(MODULES_ENV, "").split(os.pathsep) if n]


def get(form_id: str) -> Form:
    try:
        return FORMS[form_id]
    except KeyError:
        raise KeyError(f"no form {form_id!r}; known: {', '.join(FORMS)}") from None


def title(form_id: str | None, lang: str = "zh") -> str:
    """A form's name in ``lang``, as its ``Form.name`` says it; the id itself for a form no
    longer registered (an old report's)."""
    form = FORMS.get(form_id or "department")
    return form.title(lang) if form is not None else str(form_id)


def index(source, kind: str, row_limit: int = 100_000) -> Index:
    """The workbook's index, with every sheet some registered form knows by name parsed."""
    forms = list(FORMS.values())
    return Index(source, kind, lambda name: any(f.wants_sheet(name) for f in forms), row_limit)


def detect(idx: Index) -> Match:
    """The best-matching form; see ``Match.recognised``.

    Every registered form scores the workbook from 0 to 1 and the highest score wins.  On a
    tie the form registered first wins (the built-in forms before any loaded later), unless
    the later one is a variant of it (``Form.narrows``); a whole match (1.0) ends the
    contest, except that the variants of the form matched are still asked."""
    best = None
    narrowed = {n for f in FORMS.values() for n in f.narrows}
    for form in FORMS.values():
        m = form.recognise(idx)
        if best is None or m.score > best.score or (m.score == best.score and m.score > 0
                                                      and best.form in form.narrows):
            best = m
        if best.score >= 1.0 and best.form not in narrowed:   # whole: no later form can beat it
            break
    return best if best is not None else Match("", 0.0)


from auditor.forms import department  # noqa: E402,F401  (registers the department form)
from auditor.forms import project  # noqa: E402,F401  (registers the project form)
from auditor.forms import report  # noqa: E402,F401  (registers the report form: a 自评报告 sent alone)
from auditor.forms import described  # noqa: E402,F401  (registers every shipped description)

for _name in _modules_named():  # registered at run time by the process that started this one
    importlib.import_module(_name)
