"""What setup.cfg promises matches what the code runs on."""
import ast
import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Standard-library modules younger than the oldest Python anyone may still run.
ADDED_IN = {"tomllib": (3, 11), "zoneinfo": (3, 9), "graphlib": (3, 9)}


def _minimum() -> tuple[int, int]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    m = re.fullmatch(r">=\s*(\d+)\.(\d+)", cfg["options"]["python_requires"].strip())
    assert m, "python_requires should be a plain lower bound"
    return int(m.group(1)), int(m.group(2))


def _unguarded_imports(tree: ast.AST):
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers):
            guarded |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def test_python_requires_admits_no_python_the_code_cannot_import_on():
    low = _minimum()
    for path in (ROOT / "auditor").rglob("*.py"):
        for module in _unguarded_imports(ast.parse(path.read_text("utf-8"))):
            need = ADDED_IN.get(module)
            assert need is None or low >= need, \
                f"{path.relative_to(ROOT)} imports {module} (Python {need[0]}.{need[1]}+); python_requires allows {low}"
