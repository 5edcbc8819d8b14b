"""What every project rule shares: it runs once per project table of the file, and each
finding it makes names its project (``Location.project``)."""
from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Iterable, Iterator

from auditor.codes import Rule
from auditor.findings import Finding, Location
from auditor.forms.project.model import Project, ProjectBook
from auditor.forms.project.pack import ProjectPack, for_region

def in_project(finding: Finding, project: Project) -> Finding:
    loc = finding.location
    if loc.file is None:
        loc = replace(loc, file=project.file)
    return replace(finding, location=replace(loc, project=project.title))


def model_of(ctx):
    model = getattr(ctx, "model", None)
    return model if model is not None else getattr(ctx, "wb", None)


def pack_of(ctx, model: ProjectBook) -> ProjectPack:
    pack = getattr(ctx, "pack", None)
    return pack if isinstance(pack, ProjectPack) else for_region(model.region)


def pack_for(project: Project, book_pack: ProjectPack) -> ProjectPack:
    """The pack a table is judged by: its own region's, as each table has its own layout,
    unless the run was given a pack of its own (``--rules``), which judges every table."""
    return for_region(project.region) if book_pack.bundled else book_pack


class ProjectRule(Rule):
    """Base: ``check_project`` is asked about each project table in turn."""

    forms: ClassVar[tuple[str, ...] | None] = ("project",)

    def check_project(self, p: Project, pack: ProjectPack) -> Iterable[Finding]:
        return ()

    def check(self, ctx) -> Iterator[Finding]:
        model = model_of(ctx)
        if not isinstance(model, ProjectBook):
            return
        pack = pack_of(ctx, model)
        for p in model.projects:
            for f in self.check_project(p, pack_for(p, pack)):
                yield in_project(f, p)


def number(v) -> bool:
    return v is not None and v.is_number


def sheet_of(p: Project) -> Location:
    return Location(p.file, p.sheet)
