"""Rows to text: a rich table for people, CSV and JSON for programs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.table import Table

from assbwatch.report import display

__all__ = ["FORMATS", "figure_text", "render_csv", "render_json", "render_table"]

FORMATS = ("table", "csv", "json")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def render_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An array of row objects, one key per column."""
    return json.dumps(
        [dict(zip(columns, row, strict=True)) for row in rows], default=_jsonable, ensure_ascii=False, indent=2
    )


def render_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def render_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None, keep: int = 0
) -> Table:
    """A rich table; the first `keep` columns (keys) are never wrapped or cut, the others wrap."""
    table = Table(title=title, show_lines=False)
    for i, name in enumerate(columns):
        table.add_column(name, no_wrap=i < keep, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    return table


_SHORT = {"approx": "~", "more_than": "> ", "less_than": "< ", "max": "up to ", "min": "at least "}


def _amount(value: float) -> str:
    """660000000 -> '660 million', 1000 -> '1,000', 0.14 -> '0.14': the report's scale words, more digits."""
    if value == int(value) and abs(value) < 1e6:
        return f"{int(value):,}"
    return display.scaled(value, 6) or f"{value:.6g}"


def figure_text(
    value: float, unit: str, qualifier: str = "exact", low: float | None = None, high: float | None = None
) -> str:
    """A figure as it fits a table column: '~660 million USD', '2027-2028' (an en dash), '> 50%', '0.6-0.7
    CNY/Wh'. The report's prose form ('about USD 660 million') is `report.display.figure`."""
    amount = (lambda v: f"{v:g}") if unit == "year" else _amount  # 2030, not 2,030 nor 2030.0
    if qualifier == "range" and low is not None and high is not None:
        number = f"{amount(low)}\u2013{amount(high)}"
    else:
        number = _SHORT.get(qualifier, "") + amount(value)
    if unit == "year":
        return number
    if unit == "%":
        return f"{number}%"
    if unit == "count":
        return number
    return f"{number} {unit}"
