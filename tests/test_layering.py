"""The library stays importable without Prefect, and its public API is what `__all__` says."""

import importlib
import pkgutil
import subprocess
import sys

import assbwatch


def _modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(assbwatch.__path__, "assbwatch.") if m.name != "assbwatch.sql"]


def test_no_library_module_imports_prefect() -> None:
    code = f"import sys\nfor m in {_modules()!r}: __import__(m)\nprint('prefect' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_every_module_declares_all_and_it_resolves() -> None:
    for name in _modules():
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), name
        for symbol in module.__all__:
            assert hasattr(module, symbol), f"{name}.{symbol}"
