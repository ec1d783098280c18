"""Settings are read once, from the environment, and passed down; nothing else reads it."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assbwatch.errors import ConfigError

__all__ = ["Settings", "check_cron"]

ENV_PREFIX = "ASSBWATCH_"


@dataclass(frozen=True)
class Settings:
    """Where things live and how patient to be; defaults suit the embedded, one-machine set-up."""

    warehouse: Path = Path("warehouse/assbwatch.duckdb")
    catalogue: Path | None = None  # None: the catalogue packaged with assbwatch
    sources: Path = Path("sources.toml")
    lock_wait: float = 30.0  # seconds a reader or writer waits for another process's lock
    run_wait: float = 600.0  # seconds a run queues behind another run on the same warehouse (a normal run: ~1 min)
    batch_size: int = 200  # articles per transaction and per Prefect task
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # extraction processes
    cron: str = "0 * * * *"
    fetch_timeout: float = 15.0  # seconds to connect and between bytes
    max_bytes: int = 5_000_000  # a page larger than this is aborted while streaming
    concurrency: int = 8  # requests in flight overall (per host: 2)
    webhook_url: str | None = None
    notification_block: str | None = None
    revisit_days: float = 14.0  # articles first seen this recently are fetched again (an edit is a new version)
    revisit_hours: float = 24.0  # ... at most this often
    revisit_per_source: int = 20  # ... and at most this many a source per pass
    alert_tolerance_digits: int = 2  # values equal when rounded to this many significant figures
    alert_confidence: float = 0.75  # a change between less sure identities is a candidate, not an alert

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from `ASSBWATCH_*` variables; explicit overrides (CLI flags) win."""
        env = os.environ if env is None else env
        base = cls()
        values: dict[str, Any] = {}  # each of its field's type: parsed by that type below, or a CLI override
        for name, kind in (
            ("warehouse", Path),
            ("catalogue", Path),
            ("sources", Path),
            ("lock_wait", float),
            ("run_wait", float),
            ("batch_size", int),
            ("workers", int),
            ("cron", str),
            ("fetch_timeout", float),
            ("max_bytes", int),
            ("concurrency", int),
            ("webhook_url", str),
            ("notification_block", str),
            ("revisit_days", float),
            ("revisit_hours", float),
            ("revisit_per_source", int),
            ("alert_tolerance_digits", int),
            ("alert_confidence", float),
        ):
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            try:
                value = kind(raw)
                if isinstance(value, float) and not math.isfinite(value):
                    raise ValueError(raw)
                values[name] = value
            except ValueError:
                raise ConfigError(
                    "environment", f"expected {kind.__name__}, got {raw!r}", field=ENV_PREFIX + name.upper()
                ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)


def check_cron(cron: str) -> str:
    """A bad cron is a ConfigError naming the setting and what is wrong ("bad minute"), before any server
    starts. cronsim is the parser Prefect's own cron schedules use."""
    from cronsim import CronSim, CronSimError

    try:
        CronSim(cron, datetime.now(UTC))
    except CronSimError as exc:
        reason = str(exc).lower()
        raise ConfigError(
            "environment",
            f"invalid cron {cron!r}: {reason} (expected minute hour day month weekday)",
            field=ENV_PREFIX + "CRON",
        ) from None
    return cron
