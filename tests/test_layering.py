"""The library's shape: stage packages that import only the stages before them, no Prefect, and a public
API that is what each module's `__all__` says."""

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import assbwatch

SRC = Path(assbwatch.__file__).parent

# What each part may import from assbwatch, in the order the pipeline runs (design.md: models, config,
# errors -> pure stages -> I/O stages -> alerts -> the pipeline -> report and CLI).
BASE = {"errors", "models", "progress"}
ALLOWED = {
    "errors": set(),
    "models": set(),
    "progress": set(),
    "config": {"errors", "models"},
    "text": BASE | {"config"},
    "acquire": BASE | {"config", "text"},
    "store": BASE | {"config", "text"},
    "alerts": BASE | {"config", "store"},
    "pipeline": BASE | {"config", "text", "store", "alerts"},
    "monitor": BASE | {"config", "text", "acquire", "store", "alerts", "pipeline"},
    "reextract": BASE | {"config", "text", "acquire", "store", "alerts", "pipeline"},
    "labelled": BASE | {"config", "text", "store", "alerts", "pipeline"},
    "report": BASE | {"config", "text", "acquire", "store", "alerts", "pipeline", "monitor"},
    "cli": BASE | {"config", "text", "acquire", "store", "alerts", "pipeline", "monitor", "report"},
    "__init__": BASE | {"config", "store", "pipeline"},
}


def _modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(assbwatch.__path__, "assbwatch.")
        if m.name != "assbwatch.sql" and not m.name.startswith("assbwatch.sql.")
    ]


def _part(path: Path) -> str:
    """The top-level part a file belongs to: its stage package, or its own module name."""
    relative = path.relative_to(SRC)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imported_parts(path: Path) -> set[str]:
    parts = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            if name.startswith("assbwatch."):
                parts.add(name.split(".")[1])
            elif name == "assbwatch" and isinstance(node, ast.ImportFrom):
                parts.update(alias.name for alias in node.names)
    return parts


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_each_part_imports_only_the_stages_before_it(path: Path) -> None:
    part = _part(path)
    forbidden = _imported_parts(path) - ALLOWED[part] - {part, "__version__"}
    assert not forbidden, f"{path.relative_to(SRC)} ({part}) imports {sorted(forbidden)}"


def test_the_rules_can_fail() -> None:
    """A check that the test above reads imports at all: the pipeline imports the store."""
    assert "store" in _imported_parts(SRC / "pipeline.py")
    assert "store" not in ALLOWED["text"]


def test_no_library_module_imports_prefect() -> None:
    code = f"import sys\nfor m in {_modules()!r}: __import__(m)\nprint('prefect' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_every_module_declares_all_and_it_resolves() -> None:
    for name in _modules():
        module = importlib.import_module(name)
        if module.__file__ and module.__file__.endswith("__init__.py") and name != "assbwatch":
            continue  # a stage package's __init__ only says what the stage is
        assert hasattr(module, "__all__"), name
        for symbol in module.__all__:
            assert hasattr(module, symbol), f"{name}.{symbol}"
