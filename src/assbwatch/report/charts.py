"""The report's charts: Altair (Vega-Lite) specifications rendered to SVG on the server by vl-convert, so
the page holds inline <svg> and needs no JavaScript and no network when it is opened.

Each chart kind is specified once with Altair, on a named data set; a chart is that specification with
its rows put in. Tooltips and links are added to vl-convert's SVG afterwards: each mark carries its row
number as its description, and becomes `<a href=article><path><title>sentence</title></path></a>` (Vega
draws tooltips with JavaScript, which the page does not have, and its own links are slow to render).
Element ids get a per-chart prefix, so many charts can share one page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt
import vl_convert
from lxml import etree

from assbwatch.report.data import Change, Run, Series
from assbwatch.report.display import figure, moment, number, safe_url

__all__ = ["alerts_svg", "prepare", "runs_svg", "timeline_svg"]

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # the Vega-Lite Altair writes
DATA = "rows"
BLUE, ORANGE, GREY, RED = "#1f6fb5", "#d9730d", "#8a8f98", "#c62828"
# metric-compatible faces; vl-convert measured every label ~20 % faster with these than with a system-ui list
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
TIP_CHARS = 280  # of a sentence in a tooltip: the page carries one per dot
_SVG = "{http://www.w3.org/2000/svg}"
_ids = itertools.count(1)

# Three dates on a time axis, the first and last figure's and the middle: a date label cost vl-convert ~2 ms to
# lay out (more than a hundred dots), and these three say what an analyst reads off a timeline.
_FIRST_MIDDLE_LAST = alt.ExprRef(
    "domain('x')[0] == domain('x')[1] ? [domain('x')[0]]"
    " : [domain('x')[0], (time(domain('x')[0]) + time(domain('x')[1])) / 2, domain('x')[1]]"
)

# d3 formats: money in SI steps with B for billions, years as plain integers
_Y_LABELS = {
    "money": "replace(format(datum.value, '~s'), 'G', 'B')",
    "year": "format(datum.value, 'd')",
    "plain": "format(datum.value, '~g')",
}


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # few ticks, no legend on timelines: every label costs vl-convert time to measure, and 40 charts add up;
    # aria off: Vega would write a long aria-label on every mark, where `_finish` only needs a row number
    return (
        chart.configure(font=FONT, background="white", aria=False)
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
            axis=alt.Axis(values=_FIRST_MIDDLE_LAST, format="%Y-%m-%d", labelFlush=True),  # in UTC: the scale is
        ),
    )
    value = alt.Y(
        "value:Q",
        scale=alt.Scale(zero=False, nice=True, padding=10),
        axis=alt.Axis(tickCount=3, labelExpr=_Y_LABELS[kind]),
    )
    band = (
        base.mark_rule(strokeWidth=10, opacity=0.22, color=BLUE, strokeCap="butt")
        .encode(y=alt.Y("low:Q"), y2="high:Q")
        .transform_filter("isValid(datum.low) && isValid(datum.high)")
    )
    held = base.mark_line(interpolate="step-after", color=GREY, strokeWidth=1.5).encode(y=value)
    held = held.transform_filter("datum.lead")
    marks = {"description": alt.Description("mark:N")}
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
            description=alt.Description("mark:N"),
        )
    )
    return _config(chart.properties(width=1060, height=140)).to_dict(validate=False)


@cache
def _alerts_spec() -> dict[str, Any]:
    """Alerts per day, stacked by how their delivery went; a bar leads to that day's first alert in the table."""
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar(width={"band": 0.9})
        .encode(
            x=alt.X(
                "day:T",
                timeUnit="utcyearmonthdate",
                scale=alt.Scale(type="utc", padding=12),
                axis=alt.Axis(tickCount=6, format="%Y-%m-%d"),
            ),
            y=alt.Y("count:Q", stack=True, axis=alt.Axis(tickCount=3, format="d")),
            color=alt.Color(
                "delivery:N",
                scale=alt.Scale(domain=["delivered", "failed", "not sent"], range=[BLUE, RED, GREY]),
                legend=alt.Legend(orient="top", title=None),
            ),
            order=alt.Order("order:Q"),
            description=alt.Description("mark:N"),
        )
    )
    return _config(chart.properties(width=1060, height=110)).to_dict(validate=False)


def _finish(svg: str, label: str, rows: Sequence[dict[str, Any]]) -> str:
    """vl-convert's SVG made whole for the page: each mark described by a row number gets that row's
    tooltip as a <title> and, where it has one, its link (both added here: Vega's own `href` cost ~0.15 ms a
    mark to render, more than the mark); ids are made unique on the page; the chart is labelled."""
    root = etree.fromstring(svg.encode())
    prefix = f"c{next(_ids)}-"
    renamed = {}
    for element in root.iter():
        if element.get("id"):
            renamed[element.get("id")] = prefix + element.get("id")
            element.set("id", renamed[element.get("id")])
    marks = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if "url(#" in value:
                element.set(name, _reid(value, renamed))
        if (element.get("aria-label") or "").isdigit():  # a row number, as `_render` described the mark
            marks.append(element)
    for element in marks:
        row = rows[int(element.attrib.pop("aria-label"))]
        element.attrib.pop("role", None)
        element.attrib.pop("aria-roledescription", None)
        etree.SubElement(element, f"{_SVG}title").text = row["tip"]
        if row.get("href"):
            parent = element.getparent()
            link = etree.Element(f"{_SVG}a", href=row["href"])
            parent.insert(parent.index(element), link)
            link.append(element)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    return etree.tostring(root, encoding="unicode")


def _reid(value: str, renamed: dict[str, str]) -> str:
    for old, new in renamed.items():
        value = value.replace(f"url(#{old})", f"url(#{new})")
    return value


@cache
def _vega(kind: str) -> dict[str, Any]:
    """A chart kind's Vega-Lite compiled to Vega once: the compilation does not depend on the rows, and
    doing it per chart cost ~5 ms of the ~30 ms a chart takes."""
    if kind == "runs":
        spec = _runs_spec()
    elif kind == "alerts":
        spec = _alerts_spec()
    else:
        spec = _timeline_spec(kind)
    return vl_convert.vegalite_to_vega({**spec, "datasets": {DATA: []}}, vl_version=VL_VERSION)


def prepare() -> None:
    """Start vl-convert's JavaScript engine (~0.4 s) and compile every chart kind, ahead of the first chart:
    `write_report` does it while the warehouse is being read."""
    for kind in (*_Y_LABELS, "runs", "alerts"):
        _vega(kind)


def _render(kind: str, rows: list[dict[str, Any]], label: str) -> str:
    """Each row's `mark` is its number, drawn as the mark's description, so `_finish` finds it again."""
    for index, row in enumerate(rows):
        row["mark"] = str(index)
    plotted = [{k: v for k, v in row.items() if k not in ("tip", "href")} for row in rows]
    vega = _vega(kind)
    data = [{**entry, "values": plotted} if entry.get("name") == DATA else entry for entry in vega["data"]]
    return _finish(vl_convert.vega_to_svg({**vega, "data": data}), label, rows)


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
        tip = f"{moment(p.seen)} · {what}: {said}\n“{_clip(p.evidence, TIP_CHARS)}”"
        rows.append({
            "seen": p.seen.isoformat(), "value": p.value, "low": p.low, "high": p.high, "previous": p.previous,
            "lead": lead, "latest": p is latest, "href": safe_url(p.url), "tip": tip,
        })  # fmt: skip
    label = f"{series.metric} ({series.period}, {series.unit}): {len(rows)} figures over time"
    return _render(_axis_kind(series.unit), rows, label)


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
    return _render("runs", rows, f"articles per run, {len(runs)} runs")


def alerts_svg(alerts: Sequence[Change]) -> str:
    """The alert timeline as inline SVG: alerts per day by delivery; hovering names the changes."""
    days: dict[tuple[str, str], list[Change]] = {}
    for a in sorted(alerts, key=lambda a: (a.raised_at, a.id)):
        delivery = "not sent"
        if a.deliveries:
            delivery = "delivered" if all(d.status == "delivered" for d in a.deliveries) else "failed"
        days.setdefault((moment(a.raised_at.date()), delivery), []).append(a)
    order = {"delivered": 0, "failed": 1, "not sent": 2}
    rows = []
    for (day, delivery), changes in days.items():
        named = [
            f"{a.metric} ({a.period}): {number(a.old_value, a.unit)} → {number(a.new_value, a.unit)}" for a in changes
        ]
        more = f"\n… and {len(named) - 5} more" if len(named) > 5 else ""
        tip = f"{day} · {len(changes)} alert(s), {delivery}\n" + "\n".join(named[:5]) + more
        rows.append({
            "day": day, "delivery": delivery, "count": len(changes), "order": order[delivery], "tip": tip,
            "href": f"#alert-{changes[0].id}",
        })  # fmt: skip
    return _render("alerts", rows, f"alert timeline, {len(alerts)} alerts")
