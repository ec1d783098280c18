"""The analysts' report as one self-contained HTML file: charts are inline SVG rendered on the server,
styles are inline, and there is no script, so it opens offline, from a mail attachment or a file share.

A Content-Security-Policy in the page forbids every fetch and script: anything that would need the
network shows up as a refusal in the browser's console, and the tests look there.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from assbwatch.config.settings import Settings
from assbwatch.errors import OutputError
from assbwatch.report import display
from assbwatch.report.data import CHART_LIMIT, RUN_TABLE_LIMIT, ReportData, load_report
from assbwatch.store.warehouse import Warehouse

__all__ = ["REPORT_NAME", "ReportFile", "render_report", "report_path", "save_report", "write_report"]

REPORT_NAME = "report.html"


@dataclass(frozen=True)
class ReportFile:
    """What `write_report` wrote, for the one line the CLI prints and the flow logs."""

    path: Path
    bytes: int
    charts: int
    series: int
    alerts: int
    seconds: float


def report_path(warehouse: Path) -> Path:
    """Where the report lives by default: beside the warehouse file (`warehouse/report.html`)."""
    return Path(warehouse).with_name(REPORT_NAME)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("assbwatch.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=display.number,
        figure=display.figure,
        moment=display.moment,
        safe_url=display.safe_url,
    )
    return env


def render_report(data: ReportData) -> tuple[str, int]:
    """The page for `data`, and how many charts it holds."""
    from assbwatch.report import charts  # Altair and vl-convert load only when a page is drawn

    timelines = [(series, Markup(charts.timeline_svg(series))) for series in data.charted]
    alerts_chart = Markup(charts.alerts_svg(data.alerts)) if data.alerts else None
    runs_chart = Markup(charts.runs_svg(data.runs)) if data.runs else None
    html = (
        _environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            timelines=timelines,
            alerts_chart=alerts_chart,
            runs_chart=runs_chart,
            source_runs=_by_run(data),
            ago=lambda value: display.ago(value, data.generated_at),
            chart_limit=CHART_LIMIT,
            run_rows=data.runs[:RUN_TABLE_LIMIT],
        )
    )
    return html, len(timelines) + (alerts_chart is not None) + (runs_chart is not None)


def _by_run(data: ReportData) -> tuple[list[str], list[tuple[object, dict[str, object]]]]:
    """Sources as columns, recent monitoring runs as rows: a source that went quiet or started failing
    stands out in its column."""
    sources = sorted({r.source for r in data.source_runs})
    rows: dict[str, tuple[object, dict[str, object]]] = {}
    for r in data.source_runs:
        rows.setdefault(r.run_id, (r.started_at, {}))[1][r.source] = r
    return sources, list(rows.values())


def _write_atomically(path: Path, text: str) -> int:
    """Write beside the target, then rename: a browser or a copy never sees half a report."""
    data = text.encode("utf-8")
    if path.parent.exists() and not path.parent.is_dir():
        raise OutputError(path, f"cannot write the report: {path.parent} is not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(path, f"cannot write the report: {exc.strerror or exc}") from exc
    return len(data)


def save_report(data: ReportData, out: Path) -> ReportFile:
    """Draw the page for data already read (a run reads once for its artifact and its page) and write it."""
    started = time.perf_counter()
    html, drawn = render_report(data)
    size = _write_atomically(Path(out), html)
    return ReportFile(Path(out), size, drawn, data.series_total, len(data.alerts), time.perf_counter() - started)


def write_report(
    warehouse: Warehouse,
    out: Path,
    *,
    since: date | None = None,
    digits: int = Settings.alert_tolerance_digits,
    charts: int = CHART_LIMIT,
) -> ReportFile:
    """Read the warehouse, draw the page and write it to `out`, replacing it whole; `seconds` counts all."""
    from assbwatch.report import charts as drawing

    started = time.perf_counter()
    engine = threading.Thread(target=drawing.prepare, name="assbwatch-charts", daemon=True)
    engine.start()  # vl-convert starts up while DuckDB reads: both release the GIL
    try:
        data = load_report(warehouse, since=since, digits=digits, charts=charts)
    finally:
        engine.join()
    written = save_report(data, out)
    return replace(written, seconds=time.perf_counter() - started)
