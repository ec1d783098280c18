"""Reading the project's TOML files (sources, catalogue) with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from assbwatch.errors import ConfigError

__all__ = ["read_toml"]


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file; a missing, unreadable or invalid one is a ConfigError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(path, exc.strerror or str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {exc}") from exc
