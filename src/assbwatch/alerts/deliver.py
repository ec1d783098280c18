"""Delivery of alerts to channels (webhook here; Prefect notification blocks in the flows), listing
them, and an analyst's confirmation of a candidate. A failed delivery stays pending for the next run."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import duckdb
import httpx

from assbwatch.alerts.detect import Alert
from assbwatch.errors import CandidateError
from assbwatch.store.warehouse import Warehouse, saved_query

__all__ = [
    "Channel",
    "WebhookChannel",
    "channels_from_settings",
    "confirm_candidate",
    "deliver_pending",
    "recent_alerts",
]

log = logging.getLogger(__name__)


class Channel(Protocol):
    """Somewhere alerts go. `send` raises on failure; the alert then stays pending for the next run."""

    name: str

    def send(self, alerts: Sequence[Alert]) -> None: ...


class WebhookChannel:
    """POST the alerts as JSON; transient failures are retried by httpx's transport, the rest next run."""

    def __init__(self, url: str, *, client: httpx.Client | None = None, name: str = "webhook"):
        self.url, self.name = url, name
        self._client = client or httpx.Client(timeout=10.0, transport=httpx.HTTPTransport(retries=2))

    def send(self, alerts: Sequence[Alert]) -> None:
        body = {"source": "assbwatch", "alerts": [a.as_dict() for a in alerts]}
        response = self._client.post(
            self.url, content=json.dumps(body, default=str), headers={"content-type": "application/json"}
        )
        response.raise_for_status()


def channels_from_settings(webhook_url: str | None) -> list[Channel]:
    """The library's own channels; Prefect notification blocks are added by the flows."""
    return [WebhookChannel(webhook_url)] if webhook_url else []


def _pending(con: duckdb.DuckDBPyConnection, channel: str) -> list[Alert]:
    rows = con.execute(saved_query("alerts_pending"), [channel]).fetchall()
    return [Alert(*row) for row in rows]


def deliver_pending(warehouse: Warehouse, channels: Sequence[Channel]) -> dict[str, int]:
    """Send every alert not yet delivered on each channel; record the outcome. Returns delivered counts."""
    delivered: dict[str, int] = {}
    for channel in channels:
        with warehouse.reader() as con:
            alerts = _pending(con, channel.name)
        if not alerts:
            delivered[channel.name] = 0
            continue
        try:
            channel.send(alerts)
            status, error = "delivered", None
        except Exception as exc:  # noqa: BLE001 -- any channel failure keeps the alert pending; the message says why
            status, error = "failed", f"{type(exc).__name__}: {exc}"
            log.warning("alert channel %s failed for %d alerts: %s", channel.name, len(alerts), error)
        now = datetime.now(UTC)
        with warehouse.transaction() as con:
            con.execute(
                saved_query("alert_delivery_record"), [[a.id for a in alerts], channel.name, status, error, now]
            )
        delivered[channel.name] = len(alerts) if status == "delivered" else 0
    return delivered


def recent_alerts(
    warehouse: Warehouse, limit: int = 20, *, candidates: bool = False
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and rows of the newest alerts (or candidates), with both sources and delivery status."""
    result = warehouse.query(
        saved_query("alert_candidates_recent") if candidates else saved_query("alerts_recent"), [limit]
    )
    return result.columns, result.rows


def confirm_candidate(warehouse: Warehouse, candidate_id: int) -> int:
    """An analyst's yes to a weak change: it becomes an alert (delivered on the next run); returns its id."""
    with warehouse.transaction() as con:
        row = con.execute(saved_query("alert_candidate_status"), [candidate_id]).fetchall()
        if not row:
            raise CandidateError(candidate_id, "no such candidate (see `assbwatch alerts --candidates`)")
        if row[0][0] is not None:
            raise CandidateError(candidate_id, f"already confirmed as alert {row[0][0]}")
        alert_id = int(con.execute(saved_query("next_id").format(table="alerts")).fetchall()[0][0])
        con.execute(saved_query("alert_candidate_confirm"), [alert_id, candidate_id])
        con.execute(saved_query("alert_candidate_mark_confirmed"), [alert_id, candidate_id])
    return alert_id
