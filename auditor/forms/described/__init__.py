"""Forms as data: each province's form is a description file (TOML), read, checked and
written by one generic form (``DescribedForm``) and one set of rules (family F).

The descriptions shipped are in ``descriptions/``; ``load_dir`` registers a bureau's own
(``--forms DIR``).  docs/forms.md documents the format, block by block.
"""
from __future__ import annotations

import os
from pathlib import Path

from auditor.forms.base import FORMS, register_form
from auditor.forms.described.description import Description, DescriptionError, line_of, parse  # noqa: F401
from auditor.forms.described.form import DescribedForm

SHIPPED = Path(__file__).parent / "descriptions"


def register(desc: Description) -> DescribedForm:
    """Register ``desc`` as a form (a description of an id already registered replaces it
    only when that one is a description too: a code-backed form is never shadowed)."""
    taken = [clash for clash in clashes(desc) if clash[2]]
    if taken:
        raise DescriptionError([(line, msg) for line, msg, _ in taken])
    FORMS.pop(desc.id, None)
    register_form(DescribedForm.of(desc))
    return FORMS[desc.id]


def clashes(desc: Description) -> list[tuple[int, str, bool]]:
    """What the forms known make of ``desc``, as (line, message, refused on registering): an
    id a built-in form holds is refused; a ``narrows`` naming no form known would leave the
    description loaded and never used (``forms --check`` says both; descriptions of one folder
    are registered one by one, so registering cannot ask the second)."""
    out = []
    known = FORMS.get(desc.id)
    if known is not None and not isinstance(known, DescribedForm):
        out.append((line_of(desc.source, "[form]", "id="), f"表式 id“{desc.id}”已被内置表式使用，请换一个 id", True))
    for other in desc.narrows:
        if other not in FORMS:
            out.append((line_of(desc.source, "[form]", "narrows="),
                        f"[form] narrows 中的“{other}”不是已知的表式；可用：{'、'.join(i for i in FORMS if i != desc.id)}",
                        False))
    return out


def load_file(path) -> DescribedForm:
    path = Path(path)
    try:
        return register(parse(path.read_text("utf-8-sig")))
    except DescriptionError as exc:
        raise DescriptionError([(line, f"{path.name}: {msg}") for line, msg in exc.problems]) from None


def load_dir(folder) -> list[DescribedForm]:
    """Register every description (``*.toml``) in ``folder``."""
    return [load_file(p) for p in sorted(Path(folder).glob("*.toml"))]


def use_folder(folder) -> list[DescribedForm]:
    """Register a bureau's folder of descriptions (``--forms DIR``, or ``forms/`` in serve's
    data folder) and name it in AUDITOR_FORMS, so that worker processes register it too."""
    loaded = load_dir(folder)
    known = [f for f in os.environ.get("AUDITOR_FORMS", "").split(os.pathsep) if f]
    os.environ["AUDITOR_FORMS"] = os.pathsep.join(known + [str(Path(folder).resolve())])
    return loaded


def described_ids() -> tuple[str, ...]:
    return tuple(i for i, f in FORMS.items() if isinstance(f, DescribedForm))


for _path in sorted(SHIPPED.glob("*.toml")):
    load_file(_path)
# a bureau's own (``--forms DIR``): the command checked them and named the folders here, so
# that a worker process, which imports this afresh, registers them too
for _folder in os.environ.get("AUDITOR_FORMS", "").split(os.pathsep):
    if _folder and Path(_folder).is_dir():
        try:
            load_dir(_folder)
        except DescriptionError:  # reported by the command that named the folder
            pass
