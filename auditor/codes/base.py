"""A rule is a small declaration: code, name, severity, tags, messages, docstring, check.

The docstring is the rule's documentation (``auditor explain``, docs/rules.md): a first
line saying what is checked, then a bad example and a good one.  Some codes are emitted
by the reader rather than by a check of their own (structure findings); they are
declared the same way, with ``check`` left as it is.
"""
from __future__ import annotations

import inspect
import re
import string
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Iterator

from auditor.findings import Finding, Location, Severity
from auditor.codes.bilingual import in_lang
from auditor.codes.quoting import nest_quoted_args

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

REGISTRY: dict[str, "Rule"] = {}

# Codes that once existed and were retired. A code is never given to another rule.
RETIRED: dict[str, str] = {}



@dataclass(frozen=True)
class Family:
    """A family of codes: its letter, its name in each language, the forms its rules check
    unless a rule says otherwise (None: every form), and its rank, which orders the catalogue,
    the reference and every file's findings."""
    letter: str
    words: dict[str, str]
    rank: int
    forms: tuple[str, ...] | None = None

    def title(self, lang: str = "zh") -> str:
        return self.words.get(lang) or self.words["en"]


# Every family, by letter.  A family is declared once, by what owns its rules: S here, D by
# the cohort checks, a form's families by its rules package.
FAMILIES: dict[str, Family] = {}


def declare_family(letter: str, words: dict[str, str], rank: int,
                   forms: tuple[str, ...] | None = None) -> Family:
    family = Family(letter, dict(words), rank, forms)
    if set(family.words) != {"zh", "en"}:
        raise ValueError(f"family {letter} needs zh and en words")
    known = FAMILIES.get(letter)
    if known is not None and known != family:
        raise ValueError(f"family {letter} is declared twice, differently")
    if any(f.rank == rank and f.letter != letter for f in FAMILIES.values()):
        raise ValueError(f"family {letter}: rank {rank} is taken")
    FAMILIES[letter] = family
    return family


declare_family("S", {"zh": "结构与可读性", "en": "structure and readability"}, rank=0)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    tags: ClassVar[tuple[str, ...]] = ()
    message: ClassVar[dict[str, str]]
    # what the department should do about it, said beside the message (zh and en)
    action: ClassVar[dict[str, str]]
    # Other wordings of the same finding, by name (a finding picks one with its ``variant``
    # argument): where nothing decides which figure is wrong, no 应为 can be said.
    variants: ClassVar[dict[str, dict[str, str]]] = {}
    # Emitted by the reader, the narrative reader or the batch, not by ``check``.
    emitted_elsewhere: ClassVar[bool] = False
    # The forms this rule checks (their ``auditor.forms`` ids); None: every form.  A rule
    # that does not say takes its family's (``Family.forms``).
    forms: ClassVar[tuple[str, ...] | None] = None
    # When it runs: a rule whose corrections another's expected values use runs first
    # (a subtotal before its total, a total before the shares of it); the findings are
    # ordered by the catalogue all the same.
    level: ClassVar[int] = 10

    @classmethod
    def applies_to(cls, form_id: str | None) -> bool:
        return cls.forms is None or form_id in cls.forms

    def check(self, ctx) -> Iterable[Finding]:
        return ()

    def absorb(self, findings: list[Finding], ctx) -> list[Finding]:
        """The file's findings once every rule has run, with those this rule's findings
        explain folded into them (``auditor.rules.folding``): one fault, one finding."""
        return findings

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.doc() else cls.name

    @classmethod
    def describe(cls, lang: str = "zh") -> str:
        """What is checked, in ``lang``: the docstring's first line in English; in Chinese,
        the message with its figures left out (…)."""
        if lang == "en":
            return cls.summary()
        return re.sub(r"\{[^{}]*\}", "…", cls.message.get(lang) or cls.message["zh"])

    @classmethod
    def examples(cls) -> tuple[str, str]:
        """The docstring's ``Bad:`` and ``Good:`` examples (figures and the form's own words)."""
        bad = good = ""
        for line in cls.doc().split("\n"):
            line = line.strip()
            if line.startswith("Bad:") and not bad:
                bad = line[4:].strip()
            elif line.startswith("Good:") and not good:
                good = line[5:].strip()
        return bad, good

    @classmethod
    def placeholders(cls, lang: str, variant: str | None = None) -> set[str]:
        template = cls.variants[variant][lang] if variant else cls.message[lang]
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    @classmethod
    def template(cls, lang: str, variant: str | None = None) -> str:
        words = cls.variants.get(variant) or cls.message if variant else cls.message
        return words.get(lang) or words["zh"]

    @classmethod
    def at(cls, where, *, expected: Any = None, actual: Any = None,
           related: Iterable = (), **args) -> Finding:
        """Build this rule's finding at a Value (anything with ``.loc``) or a Location."""
        return Finding(
            code=cls.code,
            severity=cls.severity,
            location=_loc(where),
            args=args,
            related=tuple(_loc(r) for r in related if r is not None),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
        )


def _loc(where) -> Location:
    if isinstance(where, Location):
        return where
    loc = getattr(where, "loc", None)
    if isinstance(loc, Location):
        return loc
    raise TypeError(f"cannot locate {where!r}")


def register(cls: type[Rule]) -> type[Rule]:
    code = cls.code
    if code in REGISTRY:
        raise ValueError(f"duplicate rule code {code}")
    if code in RETIRED:
        raise ValueError(f"{code} is retired ({RETIRED[code]}) and cannot be reused")
    if set(cls.message) != {"zh", "en"} or any(set(v) != {"zh", "en"} for v in cls.variants.values()):
        raise ValueError(f"{code} needs zh and en messages")
    family = FAMILIES.get(code[:1])
    if family is None:
        raise ValueError(f"{code}: no family {code[:1]!r} is declared (codes.declare_family)")
    if "forms" not in vars(cls):
        cls.forms = family.forms
    REGISTRY[code] = cls()
    return cls


def render(finding: Finding, lang: str = "zh") -> str:
    """The finding's message in ``lang``; unknown codes fall back to their arguments."""
    rule = REGISTRY.get(finding.code)
    if rule is None:
        return f"{finding.code}: {finding.args}"
    template = rule.template(lang, finding.args.get("variant"))
    try:
        # expected and actual are placeholders too, kept on the finding as data
        args = {"expected": finding.expected, "actual": finding.actual, **finding.args}
        text = template.format_map(_SafeArgs(nest_quoted_args(template, in_lang(args, lang))))
    except (ValueError, IndexError):
        text = template
    for key, words in _FOLDED.items():  # findings folded into this one (auditor.rules.folding)
        folded = finding.args.get(key)
        if folded:
            joined = ("；" if lang == "zh" else "; ").join(render(f, lang) for f in folded)
            text += words.get(lang, words["zh"]).format(joined)
    return text


# what the fault does further, and the same fault as another rule says it
_FOLDED = {"folded": {"zh": "（由此：{}）", "en": " (and so: {})"},
           "restated": {"zh": "（即：{}）", "en": " (that is: {})"}}


class _SafeArgs(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def action(finding: Finding, lang: str = "zh") -> str:
    """What to do about ``finding``, in ``lang``; empty for an unknown code."""
    rule = REGISTRY.get(finding.code)
    words = getattr(rule, "action", None) or {}
    return words.get(lang) or words.get("zh", "")


def rules_in_order() -> list[Rule]:
    # asked for every file checked: sorted again only when the registry has grown (a
    # rule registered late) or been swapped for another (as tests do)
    global _ORDER
    registry, size, order = _ORDER
    if registry is not REGISTRY or size != len(REGISTRY):
        order = [REGISTRY[c] for c in sorted(REGISTRY, key=lambda c: (FAMILIES[c[0]].rank, c))]
        _ORDER = REGISTRY, len(REGISTRY), order
    return list(order)


_ORDER: tuple[dict | None, int, list[Rule]] = (None, 0, [])  # (the registry, its size, its rules in order)


def selected(codes: Iterable[str], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Iterator[str]:
    """Codes kept by --select/--ignore; a prefix such as ``B`` or ``B01`` selects a group."""
    sel, ign = tuple(select), tuple(ignore)
    for code in codes:
        if sel and not code.startswith(sel):
            continue
        if ign and code.startswith(ign):
            continue
        yield code
