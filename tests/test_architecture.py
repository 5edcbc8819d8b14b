"""The package's import graph keeps the flow one way: bytes → guard → form detection →
reader → model → rules → findings → report → reporters.

Every module is parsed with ``ast`` (an import inside a function counts: it runs when
called) and mapped to its part, a subpackage or top-level module of ``auditor``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"

# The leaves: what everything may import; they import nothing of the engine.
LEAVES = {"codes", "findings", "limits", "numbers"}
# What reads or writes files knows nothing of the checks.
NO_RULES = {"reader", "guards", "formats", "reporters"}
# Knots another engineer is untying on their own branch right now, each naming who; empty
# since the report model (reporters.summary no longer picks a rule pack) landed.
IN_HAND: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str, modules) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # ``from auditor.forms.department import vocabulary`` imports that module; a
            # name that is no module comes from the package itself
            subs = {f"{mod}.{a.name}" for a in node.names}
            out.update(subs & modules)
            if subs - modules:
                out.add(mod)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_import" and node.args \
                and isinstance(node.args[0], ast.Constant):
            out.add(node.args[0].value)  # lazy_import("auditor.x") is an import too
    return {m for m in out if m == "auditor" or m.startswith("auditor.")}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path, name, set(modules)) if m in modules and m != name}
            for name, path in modules.items()}


GRAPH = _graph()


def part(module: str) -> str:
    """A module's part: the subpackage or top-level module of ``auditor`` it is in, except that
    a form's own rules (``auditor.forms.<id>.rules``) are part of the rules, where they run."""
    parts = module.split(".")
    if len(parts) > 3 and parts[1] == "forms" and parts[3] == "rules":
        return "rules"
    return parts[1] if len(parts) > 1 else ""


def _edges():
    return [(a, b) for a, deps in GRAPH.items() for b in deps if (a, b) not in IN_HAND]


def test_the_graph_is_read():
    assert "auditor.api" in GRAPH and "auditor.rules" in GRAPH["auditor.api"]
    assert len(GRAPH) > 50


def _pure(module: str) -> bool:
    """A module importing nothing of the package (auditor.codes.quoting, auditor.codes.bilingual): a
    utility any leaf may use."""
    return not GRAPH.get(module)


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_leaves_import_nothing_of_the_engine(leaf):
    bad = sorted((a, b) for a, b in _edges() if part(a) == leaf and part(b) not in LEAVES and not _pure(b))
    assert not bad, f"{leaf} imports the engine: {bad}"


def _is_rules(module: str) -> bool:
    # the rule catalogue, and any form's own rules or rule packs (auditor.forms.<id>.rules, .packs)
    inner = module[len("auditor.forms"):]
    return part(module) == "rules" or (part(module) == "forms" and (".rules" in inner or ".packs" in inner))


@pytest.mark.parametrize("io_part", sorted(NO_RULES))
def test_readers_and_writers_import_no_rules(io_part):
    bad = sorted((a, b) for a, b in _edges() if part(a) == io_part and _is_rules(b))
    assert not bad, f"{io_part} imports rules: {bad}"


def test_a_forms_reader_imports_no_rules():
    """A form's reader, model and template (everything of ``auditor.forms`` but the rules and
    their packs) import no rule, their own form's included."""
    bad = sorted((a, b) for a, b in _edges() if part(a) == "forms" and not _is_rules(a) and _is_rules(b)
                 and ".packs" not in b)
    assert not bad, f"a form's reader imports rules: {bad}"


def test_the_top_level_is_small():
    """What sits loose at the package's top level is what every part shares; the rest lives in
    a subpackage that says what it holds."""
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 15, loose


def test_no_circle_between_parts():
    parts: dict[str, set[str]] = {}
    why: dict[tuple[str, str], tuple[str, str]] = {}
    for a, b in _edges():
        pa, pb = part(a), part(b)
        if pa and pb and pa != pb:
            parts.setdefault(pa, set()).add(pb)
            why.setdefault((pa, pb), (a, b))
    circles = []
    for start in sorted(parts):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(parts.get(node, ())):
                if nxt == start:
                    circles.append(trail + [start])
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
    shown = [" → ".join(c) + "  (" + "; ".join(f"{why[(x, y)][0]} imports {why[(x, y)][1]}"
                                                for x, y in zip(c, c[1:])) + ")" for c in circles]
    assert not circles, "circles between parts:\n" + "\n".join(shown)


def test_no_circle_inside_a_part():
    """Within a part too, modules import one way (narrative.read ↔ narrative.extract was one)."""
    def reaches(a, b, seen=None):
        seen = seen if seen is not None else set()
        for n in GRAPH.get(a, ()):
            if n == b:
                return True
            if n not in seen and part(n) == part(a):
                seen.add(n)
                if reaches(n, b, seen):
                    return True
        return False
    bad = sorted((a, b) for a, b in _edges() if part(a) == part(b) and part(a)
                 and not b.startswith(a + ".") and not a.startswith(b + ".") and reaches(b, a))
    assert not bad, f"modules importing each other: {bad}"


def test_rules_take_the_vocabulary_from_the_form_not_the_reader():
    bad = sorted((a, b) for a, b in _edges() if part(a) == "rules" and part(b) == "reader")
    assert not bad, f"rules import the reader: {bad}"
