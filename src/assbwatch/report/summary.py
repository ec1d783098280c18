"""Human-readable summaries of a run, for the CLI, the logs and Prefect markdown artifacts."""

from __future__ import annotations

from collections.abc import Iterable

from assbwatch.models import IngestReport
from assbwatch.monitor import SourceReport
from assbwatch.report.data import ReportData
from assbwatch.report.display import figure, moment, number

__all__ = ["metrics_markdown", "report_counts", "report_markdown", "sources_markdown"]


def report_counts(report: IngestReport) -> dict[str, int]:
    """The counts users look at first, in a stable order."""
    return {
        "new": report.new,
        "revised": report.revised,
        "duplicate": report.duplicate,
        "unchanged": report.unchanged,
        "irrelevant": report.irrelevant,
        "figures": report.figures,
        "alerts": report.alerts,
        "alert candidates": report.candidates,
        "failed": len(report.failed),
    }


def report_markdown(title: str, report: IngestReport) -> str:
    """A markdown table of the counts, then every failure with the thing at fault."""
    lines = [f"# {title}", "", "| articles | count |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in report_counts(report).items()]
    if report.alert_lines:
        lines += ["", "## Alerts", ""] + [f"- {line}" for line in report.alert_lines]
    if report.failed:
        lines += ["", "## Failures", ""] + [f"- {message}" for message in report.failed]
    return "\n".join(lines) + "\n"


def sources_markdown(reports: Iterable[SourceReport]) -> str:
    """Per source: the listing's answer, URLs discovered / new / fetched / failed, and the first error."""
    lines = [
        "## Sources",
        "",
        "| source | listing | discovered | new | fetched | failed | first error |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in reports:
        error = (r.errors or r.page_errors or [""])[0].replace("|", "/")
        lines.append(f"| {r.name} | {r.listing} | {r.discovered} | {r.new} | {r.fetched} | {r.failed} | {error} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def metrics_markdown(data: ReportData, *, rows: int = 10) -> str:
    """The report's first lines for a run's artifact: the series most worth a look (the report's charts, in
    its order) with their current value and last change, the newest alerts with delivery, weak changes."""
    lines = [
        "## Metrics and alerts",
        "",
        f"{data.series_total} tracked series, {data.totals.alerts} alerts, {data.totals.candidates} weak changes"
        + (f" since {moment(data.since)}" if data.since else "")
        + ".",
    ]
    if data.charted:
        lines += [
            "",
            "| metric | period | current | as of | changed | figures | alerts |",
            "| --- | --- | --- | --- | --- | ---: | ---: |",
        ]
        for s in data.charted[:rows]:
            current = figure(s.value, s.unit, s.qualifier or "exact", s.low, s.high)
            lines.append(
                f"| {_cell(s.metric)} | {s.period} | {_cell(current)} | {moment(s.as_of)} | {moment(s.changed)}"
                f" | {s.observations} | {s.alerts} |"
            )
    if data.alerts:
        lines += ["", "### Newest alerts", ""]
        for a in data.alerts[:rows]:
            sent = ", ".join(f"{d.channel}: {d.status}" for d in a.deliveries) or "log and artifact only"
            lines.append(
                f"- {moment(a.raised_at)} {a.metric} ({a.period}): {number(a.old_value, a.unit)} -> "
                f"{number(a.new_value, a.unit)}, from [{_cell(a.new_title or a.new_url)}]({a.new_url}) ({sent})"
            )
    if data.candidates:
        pending = sum(c.confirmed_as is None for c in data.candidates)
        lines += ["", f"{pending} weak change(s) to review: `assbwatch alerts --candidates`."]
    return "\n".join(lines) + "\n"
