"""The report's charts: Altair (Vega-Lite) specifications rendered to SVG on the server by vl-convert, so
the page holds inline <svg> and needs no JavaScript and no network when it is opened.

Each chart kind is specified once with Altair, on a named data set; a chart is that specification with
its rows put in. Two things are added to vl-convert's SVG: a <title> on every mark that carries a
description (the browser's own tooltip: Vega draws tooltips with JavaScript, the SVG only has an
aria-label), and a per-chart prefix on element ids, so many charts can share one page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt
import vl_convert
from lxml import etree

from assbwatch.display import figure, moment, safe_url
from assbwatch.report import Change, Run, Series

__all__ = ["alerts_svg", "runs_svg", "timeline_svg"]

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # the Vega-Lite Altair writes
DATA = "rows"
BLUE, ORANGE, GREY, RED = "#1f6fb5", "#d9730d", "#8a8f98", "#c62828"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
TIP_CHARS = 280  # of a sentence in a tooltip: the page carries one per dot
_SVG = "{http://www.w3.org/2000/svg}"
_ids = itertools.count(1)

# d3 formats: money in SI steps with B for billions, years as plain integers
_Y_LABELS = {
    "money": "replace(format(datum.value, '~s'), 'G', 'B')",
    "year": "format(datum.value, 'd')",
    "plain": "format(datum.value, '~g')",
}


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # few ticks and no legend: every label costs vl-convert ~1 ms to measure, and 40 charts add up
    return (
        chart.configure(font=FONT, background="white")
        .configure_axis(
            labelColor="#444", gridColor="#eee", domainColor="#bbb", tickColor="#bbb", labelFontSize=11, title=None
        )
        .configure_view(stroke=None)
    )


def _axis_kind(unit: str) -> str:
    if unit == "year":
        return "year"
    if (len(unit) == 3 and unit.isalpha() and unit.isupper()) or unit == "count":
        return "money"
    return "plain"


@cache
def _timeline_spec(kind: str) -> dict[str, Any]:
    """A series over time: reported figures as dots linked to their article, the held value as a step
    line, ranges as bands, values given as 'previous' as hollow diamonds, the current value ringed."""
    base = alt.Chart(alt.NamedData(DATA)).encode(
        x=alt.X(
            "seen:T",
            scale=alt.Scale(type="utc", padding=12),
            axis=alt.Axis(tickCount=4, labelOverlap=True, format="%Y-%m-%d", formatType="utc"),
        ),
    )
    value = alt.Y(
        "value:Q",
        scale=alt.Scale(zero=False, nice=True, padding=10),
        axis=alt.Axis(tickCount=4, labelExpr=_Y_LABELS[kind]),
    )
    band = (
        base.mark_rule(strokeWidth=10, opacity=0.22, color=BLUE, strokeCap="butt")
        .encode(y=alt.Y("low:Q"), y2="high:Q")
        .transform_filter("isValid(datum.low) && isValid(datum.high)")
    )
    held = base.mark_line(interpolate="step-after", color=GREY, strokeWidth=1.5).encode(y=value)
    held = held.transform_filter("datum.lead")
    marks = {"href": alt.Href("href:N"), "description": alt.Description("tip:N")}
    reported = base.mark_point(filled=True, size=64, color=BLUE, opacity=1).encode(y=value, **marks)
    previous = base.mark_point(shape="diamond", filled=False, size=90, strokeWidth=2, color=ORANGE, opacity=1)
    ring = base.mark_point(filled=False, size=300, strokeWidth=1.5, color=BLUE, opacity=1).encode(y=value)
    layers = alt.layer(
        band,
        held,
        previous.encode(y=value, **marks).transform_filter("datum.previous"),
        reported.transform_filter("!datum.previous"),
        ring.transform_filter("datum.latest"),
    )
    return _config(layers.properties(width=470, height=150)).to_dict(validate=False)


@cache
def _runs_spec() -> dict[str, Any]:
    """Articles per run, stacked by outcome; failures in red."""
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar()
        .encode(
            x=alt.X("run:O", sort=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("count:Q", stack=True, axis=alt.Axis(tickCount=4)),
            color=alt.Color(
                "what:N",
                scale=alt.Scale(
                    domain=["new", "duplicate", "unchanged", "irrelevant", "failed"],
                    range=[BLUE, "#7fb3e0", "#d0d4da", "#f2c48d", RED],
                ),
                legend=alt.Legend(orient="top", title=None),
            ),
            order=alt.Order("order:Q"),
            description=alt.Description("tip:N"),
        )
    )
    return _config(chart.properties(width=1060, height=140)).to_dict(validate=False)


@cache
def _alerts_spec() -> dict[str, Any]:
    """Alerts over time, one row per metric; each dot links to the article that changed the value."""
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_point(filled=True, size=80, opacity=1)
        .encode(
            x=alt.X("raised:T", scale=alt.Scale(type="utc", padding=12), axis=alt.Axis(tickCount=6)),
            y=alt.Y("series:N", sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "delivery:N",
                scale=alt.Scale(domain=["delivered", "failed", "not sent"], range=[BLUE, RED, GREY]),
                legend=alt.Legend(orient="top", title=None),
            ),
            href=alt.Href("href:N"),
            description=alt.Description("tip:N"),
        )
    )
    return _config(chart.properties(width=720)).to_dict(validate=False)


def _finish(svg: str, label: str) -> str:
    """vl-convert's SVG with a <title> per described mark, ids unique on the page, and a label."""
    root = etree.fromstring(svg.encode())
    prefix = f"c{next(_ids)}-"
    renamed = {}
    for element in root.iter():
        if element.get("id"):
            renamed[element.get("id")] = prefix + element.get("id")
            element.set("id", renamed[element.get("id")])
    for element in root.iter():
        for name, value in element.attrib.items():
            if "url(#" in value:
                element.set(name, _reid(value, renamed))
        if element.get("role") == "graphics-symbol" and element.get("aria-label"):
            title = etree.SubElement(element, f"{_SVG}title")  # also its accessible name: no need for both
            title.text = element.attrib.pop("aria-label")
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    return etree.tostring(root, encoding="unicode")


def _reid(value: str, renamed: dict[str, str]) -> str:
    for old, new in renamed.items():
        value = value.replace(f"url(#{old})", f"url(#{new})")
    return value


def _render(spec: dict[str, Any], rows: Sequence[dict[str, Any]], label: str, **properties: Any) -> str:
    filled = {**spec, **properties, "datasets": {DATA: list(rows)}}
    return _finish(vl_convert.vegalite_to_svg(filled, vl_version=VL_VERSION), label)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(series: Series) -> str:
    """The series' figures over time as inline SVG."""
    latest = max((p for p in series.points if not p.previous), key=lambda p: (p.seen, p.article_id), default=None)
    leads: set[int] = set()
    rows = []
    for p in series.points:
        lead = not p.previous and p.article_id not in leads
        if lead:
            leads.add(p.article_id)
        said = figure(p.value, series.unit, p.qualifier, p.low, p.high)
        what = "previous value" if p.previous else "reported"
        tip = f"{moment(p.seen)} · {what}: {said} · {_clip(p.title or p.url, 120)}\n“{_clip(p.evidence, TIP_CHARS)}”"
        rows.append({
            "seen": p.seen.isoformat(), "value": p.value, "low": p.low, "high": p.high, "previous": p.previous,
            "lead": lead, "latest": p is latest, "href": safe_url(p.url), "tip": tip,
        })  # fmt: skip
    label = f"{series.metric} ({series.period}, {series.unit}): {len(rows)} figures over time"
    return _render(_timeline_spec(_axis_kind(series.unit)), rows, label)


def runs_svg(runs: Sequence[Run]) -> str:
    """Articles per run (oldest left), stacked by outcome, as inline SVG."""
    rows = []
    for index, run in enumerate(reversed(runs)):
        parts = [
            ("new", run.new_articles),
            ("duplicate", run.duplicates),
            ("unchanged", run.unchanged),
            ("irrelevant", run.irrelevant),
            ("failed", run.failed),
        ]
        tip = f"{run.kind} {moment(run.started_at)} ({run.status}): " + ", ".join(f"{n} {w}" for w, n in parts)
        rows += [
            {"run": index, "what": what, "count": count, "order": order, "tip": tip}
            for order, (what, count) in enumerate(parts)
            if count
        ]
    return _render(_runs_spec(), rows, f"articles per run, {len(runs)} runs")


def alerts_svg(alerts: Sequence[Change]) -> str:
    """The alert timeline as inline SVG: when each series changed, old -> new on hover."""
    rows = []
    for a in alerts:
        delivery = "not sent"
        if a.deliveries:
            delivery = "delivered" if all(d.status == "delivered" for d in a.deliveries) else "failed"
        change = f"{figure(a.old_value, a.unit)} → {figure(a.new_value, a.unit)}"
        rows.append({
            "raised": a.raised_at.isoformat(), "series": f"{a.metric} ({a.period})", "delivery": delivery,
            "href": safe_url(a.new_url), "tip": f"{moment(a.raised_at)} · {change} · {a.new_title or a.new_url}",
        })  # fmt: skip
    height = 24 * len({r["series"] for r in rows}) + 10
    return _render(_alerts_spec(), rows, f"alert timeline, {len(rows)} alerts", height=min(height, 600))
