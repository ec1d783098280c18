"""Human-readable summaries of a run, for the CLI, the logs and Prefect markdown artifacts."""

from __future__ import annotations

from collections.abc import Iterable

from assbwatch.models import IngestReport
from assbwatch.monitor import SourceReport

__all__ = ["report_counts", "report_markdown", "sources_markdown"]


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
