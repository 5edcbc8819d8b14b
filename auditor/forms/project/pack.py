"""The project form's rule packs (packs/*.toml): weights, the execution rule and its
denominator, qualitative and grade bands, comparator words.  One pack per region whose
printed rules differ; the national one otherwise.  Bundled packs are listed and parsed
once per process, when first asked for (every project table checked asks)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from auditor.forms.base import Pack as FormPack


@dataclass(frozen=True)
class Band:
    name: str
    low: Decimal     # share of the 分值, in percent
    high: Decimal
    words: tuple[str, ...]


@dataclass
class ProjectPack(FormPack):
    region: str
    source: str
    total_points: int
    execution_name: str
    execution_points: int
    denominator: str                 # the funding column the execution rate divides by
    cap: bool
    weights: dict[str, int]          # weight group -> points
    bands: list[Band]
    grades: list[tuple[str, float]]
    more: tuple[str, ...] = ()
    less: tuple[str, ...] = ()
    qualitative_words: tuple[str, ...] = ("定性",)
    # where the form asks the execution block for a reason: a rate below this (percent),
    # a budget adjusted in the year (Sichuan); None and False: the form asks neither
    reason_below_rate: Decimal | None = None
    reason_when_adjusted: bool = False
    year: int | None = None
    borrowed_for: int | None = field(default=None)  # the pack is not year-specific
    bundled: bool = False  # one of packs/*.toml (not a --rules file)
    checks: dict = field(default_factory=dict)  # thresholds of the plausibility rules ([checks])
    scoring: dict = field(default_factory=dict)  # scoring variants switched on (rules/variants.py)

    def band_of(self, achieved: str) -> Band | None:
        """The qualitative band an achieved wording falls in: the longest word found wins,
        so 未完成 is not read as 完成."""
        best = None
        for band in self.bands:
            for w in band.words:
                if w in achieved and (best is None or len(w) > len(best[1])):
                    best = (band, w)
        return best[0] if best else None


def _parse(data: dict, source: str) -> ProjectPack:
    ex = data.get("execution", {})
    comp = data.get("comparators", {})
    reasons = data.get("reasons", {})
    return ProjectPack(
        region=data.get("region", "national"), source=data.get("source", source),
        total_points=data.get("total_points", 100), execution_name=ex.get("name", "预算执行率"),
        execution_points=ex.get("points", 10), denominator=ex.get("denominator", "budget"),
        cap=ex.get("cap", True), weights={w["group"]: w["points"] for w in data.get("weights", [])},
        bands=[Band(b["band"], Decimal(str(b["low"])), Decimal(str(b["high"])), tuple(b.get("words", ())))
               for b in data.get("qualitative", [])],
        grades=[(g["grade"], g["min"]) for g in data.get("grades", [])],
        more=tuple(comp.get("more", ())), less=tuple(comp.get("less", ())),
        qualitative_words=tuple(comp.get("qualitative", ("定性",))),
        reason_below_rate=Decimal(str(reasons["rate_below"])) if "rate_below" in reasons else None,
        reason_when_adjusted=bool(reasons.get("budget_adjusted", False)), checks=data.get("checks", {}),
        scoring=data.get("scoring", {}))


_CACHE: dict[str, ProjectPack] = {}


def for_region(region: str | None = None) -> ProjectPack:
    name = region if region in _bundled_regions() else "national"
    if name not in _CACHE:
        import tomllib
        from importlib import resources

        text = resources.files(__package__).joinpath("packs", f"{name}.toml").read_bytes().decode("utf-8")
        _CACHE[name] = replace(_parse(tomllib.loads(text), f"{name}.toml"), bundled=True)
    return _CACHE[name]


@lru_cache(maxsize=1)
def _bundled_regions() -> tuple[str, ...]:
    from importlib import resources

    return tuple(sorted(p.name[:-5] for p in resources.files(__package__).joinpath("packs").iterdir()
                        if p.name.endswith(".toml")))


def load_file(path: str | Path) -> ProjectPack:
    import tomllib

    with open(path, "rb") as fh:
        return _parse(tomllib.load(fh), str(path))
