"""Yearly rule packs: grade bands, the standard indicators, thresholds and keywords.

A pack is data (TOML), not code. A year without its own pack borrows the nearest year's,
and the check says so.  The bundled packs are listed and parsed once per process, when
first asked for: every file checked asks, and the answer cannot change while it runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.forms.base import Pack as FormPack


@dataclass
class StandardIndicator:
    level1: str
    level2: str
    name: str
    points: int
    criteria: str = ""


@dataclass
class Group:
    level1: str
    level2: str
    points: int
    items: int | None = None
    own: bool = False
    indicators: list[StandardIndicator] = field(default_factory=list)


@dataclass
class Pack(FormPack):
    year: int
    source: str
    grades: list[tuple[str, float]]
    total_points: int
    execution: list[dict]
    sangong_indicator: str
    keywords: dict[str, list[str]]
    admissions: list[dict]
    level1_points: dict[str, int]
    groups: list[Group]
    borrowed_for: int | None = None  # the year asked for, when this pack is another year's
    checks: dict = field(default_factory=dict)  # thresholds of the plausibility rules ([checks])
    scoring: dict = field(default_factory=dict)  # scoring variants switched on (rules/variants.py)

    def band(self, grade: str) -> tuple[float, float | None] | None:
        """[low, high) of a grade, high None for the top band."""
        for i, (g, low) in enumerate(self.grades):
            if g == grade:
                return (low, self.grades[i - 1][1] if i else None)
        return None

    def standard_indicators(self) -> list[StandardIndicator]:
        return [ind for g in self.groups for ind in g.indicators]


def _parse(data: dict, source: str) -> Pack:
    groups = []
    level1_points = {}
    for top in data["tree"]:
        level1_points[top["level1"]] = top["points"]
        for g in top.get("groups", []):
            groups.append(Group(
                top["level1"], g["level2"], g["points"], g.get("items"), g.get("own", False),
                [StandardIndicator(top["level1"], g["level2"], i["name"], i["points"], i.get("criteria", ""))
                 for i in g.get("indicators", [])],
            ))
    return Pack(
        year=data["year"],
        source=source,
        grades=[(g["grade"], g["min"]) for g in data["grades"]],
        total_points=data.get("total_points", 100),
        execution=data.get("execution", []),
        sangong_indicator=data.get("sangong", {}).get("indicator", "三公经费控制情况"),
        keywords=data.get("keywords", {}),
        admissions=data.get("admissions", []),
        level1_points=level1_points,
        groups=groups,
        checks=data.get("checks", {}),
        scoring=data.get("scoring", {}),
    )


@lru_cache(maxsize=1)
def _bundled_years() -> tuple[int, ...]:
    from importlib import resources

    return tuple(sorted(int(p.name[:-5]) for p in resources.files(__package__).iterdir()
                        if p.name.endswith(".toml") and p.name[:-5].isdigit()))


def load_file(path: str | Path) -> Pack:
    import tomllib

    with open(path, "rb") as fh:
        return _parse(tomllib.load(fh), str(path))


_CACHE: dict[int, Pack] = {}


def for_year(year: int | None) -> Pack:
    """The pack for ``year``, or the nearest year's (marked ``borrowed_for``)."""
    years = _bundled_years()
    want = year if year is not None else years[-1]
    nearest = min(years, key=lambda y: (abs(y - want), -y))
    if nearest not in _CACHE:
        import tomllib
        from importlib import resources

        text = resources.files(__package__).joinpath(f"{nearest}.toml").read_bytes()
        _CACHE[nearest] = _parse(tomllib.loads(text.decode("utf-8")), f"{nearest}.toml")
    pack = _CACHE[nearest]
    if nearest != want:
        pack = Pack(**{**pack.__dict__, "borrowed_for": want})
    return pack
