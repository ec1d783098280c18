"""The `assbwatch` command: a thin layer that parses flags, calls the library or a flow, and prints.

Library errors (`AssbwatchError`) become one line on stderr and exit status 1. Commands that
need no flow (`sql`, `metrics`, `alerts`, `report`) never import Prefect, so they answer in well under a second
(`report` in about two: it draws its charts).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

import shtab
from rich.console import Console

from assbwatch.alerts.deliver import confirm_candidate, recent_alerts
from assbwatch.cli.output import FORMATS, figure_text, render_csv, render_json, render_table
from assbwatch.config.settings import Settings, check_cron
from assbwatch.errors import AssbwatchError
from assbwatch.store.warehouse import Warehouse, saved_query

__all__ = ["build_parser", "main"]

Command = Callable[[argparse.Namespace, Settings, Console], int]


def _warehouse(settings: Settings) -> Warehouse:
    return Warehouse(settings.warehouse, lock_wait=settings.lock_wait)


# Exit statuses: 0 done, 1 an error stopped the command (one line on stderr), and for a run or a
# backfill that finished: 3 some sources or files failed, 4 every source (or file) failed.
SOME_FAILED, ALL_FAILED = 3, 4


def _print_counts(args: argparse.Namespace, console: Console, counts: dict[str, int], title: str) -> None:
    if getattr(args, "format", "table") == "json":
        print(json.dumps(counts))
    else:
        console.print(render_table(["", "count"], list(counts.items()), title=title))


def _outcome(failed: int, of: int) -> int:
    """The exit status of a finished run with `failed` of `of` sources (or files) failing."""
    if of and failed >= of:
        return ALL_FAILED
    return SOME_FAILED if failed else 0


def _queue_note(console: Console, settings: Settings) -> None:
    """Say so when this run will queue behind another on the same warehouse."""
    from assbwatch.store.runlock import run_holder

    holder = run_holder(settings.warehouse)
    if holder:
        console.print(f"{holder} is running; this run waits up to {settings.run_wait:g} s for it")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def cmd_backfill(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from assbwatch.acquire.readers import find_files

    paths = args.paths or [Path("seeds")]
    files = find_files(paths)  # fail on a wrong path before paying for Prefect's start-up
    if not files:
        console.print(f"nothing to backfill: no .txt or .html files under {', '.join(map(str, paths))}")
        return 0
    _warehouse(settings).check()  # a corrupt, locked or unwritable warehouse fails here, in one line
    _queue_note(console, settings)
    console.print(f"backfilling {len(files)} files into {settings.warehouse} (Prefect start-up takes 10-30 s)")
    from assbwatch_flows.backfill import backfill_flow

    counts = backfill_flow(
        paths=[str(p) for p in paths], warehouse=str(settings.warehouse), show_progress=console.is_terminal
    )
    _print_counts(args, console, counts, "backfill")
    return _outcome(counts["failed"], len(files))


def cmd_run(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from assbwatch.config.sources import load_sources

    sources = load_sources(settings.sources)  # a bad file fails here, before Prefect's start-up
    _warehouse(settings).check()
    _queue_note(console, settings)
    console.print(f"monitoring {len(sources)} sources from {settings.sources} into {settings.warehouse}")
    from assbwatch_flows.monitor import monitor_flow

    counts = monitor_flow(
        sources_file=str(settings.sources), warehouse=str(settings.warehouse), show_progress=console.is_terminal
    )
    _print_counts(args, console, counts, "monitoring pass")
    if counts["sources_failed"]:
        print(f"assbwatch: {counts['sources_failed']} of {counts['sources']} sources failed", file=sys.stderr)
    return _outcome(counts["sources_failed"], counts["sources"]) or (SOME_FAILED if counts["failed"] else 0)


def cmd_serve(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from assbwatch.config.sources import load_sources

    load_sources(settings.sources)
    check_cron(settings.cron)
    _warehouse(settings).check()
    console.print(f"serving the monitoring flow on cron {settings.cron!r} (Ctrl-C stops; the schedule stays active)")
    from assbwatch_flows.serve import serve_monitor

    serve_monitor(settings)
    return 0


def cmd_reextract(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    _warehouse(settings).check()
    from assbwatch_flows.reextract import reextract_flow

    counts = reextract_flow(warehouse=str(settings.warehouse), force=args.all)
    _print_counts(args, console, counts, "re-extraction")
    return 0


def cmd_sql(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    result = _warehouse(settings).query(args.query)
    _print_rows(args, console, result.columns, result.rows, "")
    return 0


def _print_rows(args: argparse.Namespace, console: Console, columns: list[str], rows: list[tuple], title: str) -> None:
    if args.format == "json":
        print(render_json(columns, rows))
    elif args.format == "csv":
        print(render_csv(columns, rows), end="")
    elif getattr(args, "wide", False):
        Console(width=max(console.width, 240)).print(render_table(columns, rows, title=title or None))
    else:
        console.print(render_table(columns, rows, title=title or None))


def cmd_metrics(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    if args.format != "table" or args.wide:
        result = _warehouse(settings).query(saved_query("metrics_latest"))
        _print_rows(args, console, result.columns, result.rows, "latest value per tracked metric")
        return 0
    result = _warehouse(settings).query(saved_query("metrics_current"))
    rows = [
        (r["metric"], figure_text(r["value"], r["unit"], r["qualifier"], r["low"], r["high"]), r["period"], r["as_of"])
        for r in (dict(zip(result.columns, row, strict=True)) for row in result.rows)
    ]
    console.print(render_table(["metric", "value", "period", "as of"], rows, title="current values", keep=2))
    return 0


def cmd_alerts(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    if args.confirm is not None:
        alert_id = confirm_candidate(_warehouse(settings), args.confirm)
        console.print(f"candidate {args.confirm} confirmed as alert {alert_id}; channels get it on the next run")
        return 0
    columns, rows = recent_alerts(_warehouse(settings), args.limit, candidates=args.candidates)
    what = "alert candidates" if args.candidates else "alerts"
    if not rows and args.format == "table":
        console.print(f"no {what} yet")
        return 0
    if args.format != "table" or args.wide:
        _print_rows(args, console, columns, rows, f"recent {what}")
        return 0
    short = [
        (r["id"], r["metric"], _change(r["old_value"], r["new_value"], r["unit"]), r["new_title"])
        for r in (dict(zip(columns, row, strict=True)) for row in rows)
    ]
    title = f"recent {what} (--wide: both sources and sentences)"
    console.print(render_table(["id", "metric", "change", "reported in"], short, title=title, keep=3))
    return 0


def _change(old: float, new: float, unit: str) -> str:
    """ "660 million -> 800 million USD": the unit once."""
    before, after = figure_text(old, unit), figure_text(new, unit)
    suffix = f" {unit}"
    return f"{before.removesuffix(suffix)} -> {after}" if before.endswith(suffix) else f"{before} -> {after}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("assbwatch")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


class _Parser(argparse.ArgumentParser):
    """A wrong flag is one line naming it and exit status 1, like every other error."""

    def error(self, message: str) -> NoReturn:
        print(f"assbwatch: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(1)


def cmd_report(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from assbwatch.report.html import report_path, write_report

    out = args.out or report_path(settings.warehouse)
    written = write_report(_warehouse(settings), out, since=args.since, digits=settings.alert_tolerance_digits)
    console.print(
        f"wrote {written.path}: {written.charts} charts, {written.series} series, {written.alerts} alerts,"
        f" {written.bytes / 1e6:.2f} MB in {written.seconds:.1f} s",
        highlight=False,
        soft_wrap=True,
    )
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2025-01-31, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="assbwatch", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: $ASSBWATCH_WAREHOUSE or warehouse/assbwatch.duckdb)"
    )
    parser.add_argument("--version", action="version", version=f"assbwatch {_version()}")
    shtab.add_argument_to(parser, ["--print-completion"], help="print a shell completion script (bash, zsh, tcsh)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    backfill = commands.add_parser("backfill", help="ingest .txt/.html files or folders (default: seeds/)")
    backfill.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    backfill.add_argument("--format", choices=["table", "json"], default="table", help="json: the counts as one object")
    backfill.set_defaults(handler=cmd_backfill)

    run = commands.add_parser("run", help="one monitoring pass over the sources file now")
    run.add_argument("--sources", type=Path, help="sources file (default: $ASSBWATCH_SOURCES or sources.toml)")
    run.add_argument("--format", choices=["table", "json"], default="table", help="json: the counts as one object")
    run.set_defaults(handler=cmd_run)

    serve = commands.add_parser("serve", help="run the monitoring flow on the cron schedule ($ASSBWATCH_CRON)")
    serve.add_argument("--sources", type=Path, help="sources file (default: $ASSBWATCH_SOURCES or sources.toml)")
    serve.set_defaults(handler=cmd_serve)

    reextract = commands.add_parser(
        "reextract", help="re-run extraction over stored raw pages after an extractor change"
    )
    reextract.add_argument("--all", action="store_true", help="every article with raw bytes, not only stale ones")
    reextract.set_defaults(handler=cmd_reextract)

    sql = commands.add_parser("sql", help="run a read-only SQL query over the warehouse")
    sql.add_argument("query", metavar="QUERY")
    sql.add_argument("--format", choices=FORMATS, default="table")
    sql.set_defaults(handler=cmd_sql)

    metrics = commands.add_parser("metrics", help="latest value of every tracked metric, with its source and date")
    metrics.add_argument("--format", choices=FORMATS, default="table")
    metrics.add_argument(
        "--wide", action="store_true", help="every column of metric_latest (csv/json always have them)"
    )
    metrics.set_defaults(handler=cmd_metrics)

    alerts = commands.add_parser("alerts", help="recent alerts: old -> new value, both sources, delivery status")
    alerts.add_argument("--limit", type=_positive, default=20)
    alerts.add_argument(
        "--candidates",
        action="store_true",
        help="changes never sent to channels: an unsure subject or measure, or no sentence saying it moved",
    )
    alerts.add_argument("--confirm", type=int, metavar="ID", help="make candidate ID an alert")
    alerts.add_argument("--format", choices=FORMATS, default="table")
    alerts.add_argument("--wide", action="store_true", help="every column: both articles, sentences, delivery")
    alerts.set_defaults(handler=cmd_alerts)

    report = commands.add_parser(
        "report", help="one self-contained HTML page: metric timelines, alerts, source health, run history"
    )
    report.add_argument(
        "--out", type=Path, metavar="FILE", help="where to write it (default: report.html beside the warehouse)"
    )
    report.add_argument(
        "--since", type=_date, metavar="DATE", help="only figures, alerts and runs from this date on (YYYY-MM-DD)"
    )
    report.set_defaults(handler=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console(stderr=False)
    try:
        settings = Settings.from_env(warehouse=args.warehouse, sources=getattr(args, "sources", None))
        handler: Command = args.handler
        return handler(args, settings, console)
    except AssbwatchError as exc:
        print(f"assbwatch: {exc}", file=sys.stderr)  # plain: one line, never wrapped
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
