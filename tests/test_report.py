"""The analysts' report, checked as a person would: a warehouse with the seeds, a changed figure (an
alert, delivered on one channel and failed on another), a weak change, monitoring runs and fetches; the
page is written, opened in headless Chromium, its rendered DOM read and a screenshot taken."""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from assbwatch.alerts.deliver import deliver_pending
from assbwatch.alerts.detect import Alert
from assbwatch.models import Article
from assbwatch.monitor import FetchRecord, SourceState, record
from assbwatch.pipeline import ingest
from assbwatch.report.data import load_report
from assbwatch.report.html import render_report, report_path, write_report
from assbwatch.report.summary import metrics_markdown
from assbwatch.store.runs import finish_run, start_run
from assbwatch.store.warehouse import Warehouse, append

CHANGED = (
    "Japan raises solid-state battery support\n"
    "The Ministry of Economy, Trade and Industry (METI) has raised the maximum subsidy for the four major R&D "
    "projects on all-solid-state batteries to about US$800 million, as Japan aims to commercialize ASSB by 2030."
)
CHANGED_URL = "https://news.example/800m"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Hook:
    """An alert channel that delivers, or fails like an unreachable webhook."""

    def __init__(self, name: str, *, fail: bool = False):
        self.name, self.fail = name, fail

    def send(self, alerts: list[Alert]) -> None:
        if self.fail:
            raise ConnectionError("hooks.example refused the connection")


def _monitor_run(warehouse: Warehouse, articles: list[Article], *, listing: int, error: str | None = None) -> str:
    """What a monitoring pass leaves behind: a run, its articles, its fetches and the source's state."""
    run_id = start_run(warehouse, "monitor")
    report = ingest(warehouse, articles, run_id=run_id)
    now = datetime.now(UTC)
    fetches = [FetchRecord("wire", "https://news.example/feed.xml", "listing", listing, 900, 12.0, None)]
    fetches += [FetchRecord("wire", a.url, "article", 200, 4000, 30.0, None) for a in articles]
    outcomes: dict[tuple[str, str], str | None] = {("wire", a.url): None for a in articles}
    if error:
        fetches.append(FetchRecord("wire", "https://news.example/broken", "article", 500, 0, 5.0, error))
        outcomes[("wire", "https://news.example/broken")] = error
        report.failed.append(f"https://news.example/broken: {error}")
    state = SourceState("wire", "https://news.example/feed.xml", etag='"v1"', last_success=now)
    record(warehouse, run_id, fetches, {"wire": state}, outcomes)
    finish_run(warehouse, run_id, report)
    return run_id


@pytest.fixture
def reported(warehouse: Warehouse, seed_articles: list[Article]) -> Warehouse:
    """Seeds (backfill), then two monitoring runs: the first brings the changed subsidy figure (an alert)
    and hits a broken URL; the second finds the feed unchanged (304). Plus a weak change and an old run."""
    run_id = start_run(warehouse, "backfill")
    finish_run(warehouse, run_id, ingest(warehouse, seed_articles, run_id=run_id))
    changed = Article(url=CHANGED_URL, source="wire", text=CHANGED, title=CHANGED.split("\n")[0])
    _monitor_run(warehouse, [changed], listing=200, error="HTTP 500")
    _monitor_run(warehouse, [], listing=304)
    deliver_pending(warehouse, [Hook("webhook", fail=True), Hook("block:slack")])
    with warehouse.transaction() as con:
        append(con, "alert_candidates", [(
            1, "toyota/production-start", "target", "year", 2027.0, 2028.0, 2, 3,
            "Toyota plans to start production in 2027.", "Production could begin in 2028, a person said.",
            datetime.now(UTC), None, 0.55, None, "identity 0.55 < 0.75",
        )])  # fmt: skip
        append(con, "runs", [(
            "old-run", "monitor", datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 1, 1, 0, 1, tzinfo=UTC),
            "failed", 0, 0, 0, 0, 0, 0, 1, "feed.example: DNS failure",
        )])  # fmt: skip
    return warehouse


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        pytest.fail("Chromium is needed to check the report as a person sees it: apt-get install -y chromium")
    return found


def _open(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Chromium, headless, on the file; it exits once the page has loaded and the action is done."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_report_opens_in_chromium_with_charts_and_no_console_message(reported: Warehouse, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    written = write_report(reported, page)
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # nothing can error at view time: there is no script
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\'' in html

    shown = _open(page, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom")
    # every console message (a script error, a CSP refusal of a fetch) is logged as INFO:CONSOLE
    console = [line for line in shown.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == []
    dom = lxml.html.fromstring(shown.stdout)
    charts = dom.xpath("//svg[contains(@class, 'chart')]")
    assert len(charts) == written.charts >= 3  # timelines, the alert timeline, the runs
    for chart in charts:
        assert chart.xpath(".//g[contains(@class, 'role-mark')]/*"), chart.get("aria-label")
    subsidy = dom.xpath("//div[@class='card'][h3 = 'jp.meti.assb_rd_subsidy'][contains(., 'period now')]")[0]
    assert "current about USD 800 million" in subsidy.text_content()
    assert "changed on" in subsidy.text_content()
    dots = subsidy.xpath(".//svg//a")
    assert CHANGED_URL in [dot.get("xlink:href") or dot.get("href") for dot in dots]
    tips = [t.text_content() for t in subsidy.xpath(".//svg//a//title")]
    assert any("about USD 800 million" in tip and "raised the maximum subsidy" in tip for tip in tips)
    assert any("up to USD 660 million" in tip and "allocated a maximum subsidy" in tip for tip in tips)

    shot = tmp_path / "shot.png"
    _open(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert _png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 60_000  # a blank page of that size is ~10 kB


def test_alerts_show_both_sources_and_delivery_and_candidates_stay_apart(reported: Warehouse) -> None:
    dom = lxml.html.fromstring(render_report(load_report(reported))[0])
    (row,) = dom.xpath("//section[@id='alerts']//tr[starts-with(@id, 'alert-')]")
    text = " ".join(row.text_content().split())
    assert "jp.meti.assb_rd_subsidy (now)" in text
    assert "USD 660 million→USD 800 million" in text
    assert "Japan pushes for all-solid-state battery commercialization" in text  # the old article
    assert CHANGED_URL in row.xpath(".//a/@href")
    assert "block:slack: delivered" in text
    assert "webhook: failed" in text
    assert "refused the connection" in row.xpath(".//span[contains(., 'webhook')]/@title")[0]
    candidates = dom.xpath("//section[@id='candidates']//tr[td]")
    assert len(candidates) == 1
    assert "toyota/production-start (target)" in candidates[0].text_content()
    assert "to review" in candidates[0].text_content()
    assert "toyota/production-start" not in dom.xpath("//section[@id='alerts']")[0].text_content()


def test_source_health_and_run_history(reported: Warehouse) -> None:
    data = load_report(reported)
    (wire,) = data.sources
    assert (wire.runs, wire.articles, wire.errors, wire.listings, wire.listings_304) == (2, 1, 1, 2, 1)
    assert wire.rate_304 == 0.5
    assert wire.retrying == 1
    assert not data.is_stale(wire)
    assert data.is_stale(replace(wire, last_success=data.generated_at - timedelta(days=3)))
    assert [r.kind for r in data.runs] == ["monitor", "monitor", "backfill", "monitor"]
    assert sorted((r.articles, r.errors, r.not_modified) for r in data.source_runs) == [(0, 0, 1), (1, 1, 0)]

    dom = lxml.html.fromstring(render_report(data)[0])
    sources = " ".join(dom.xpath("//section[@id='sources']")[0].text_content().split())
    assert "wire" in sources
    assert "50%" in sources  # 304 rate
    runs = dom.xpath("//section[@id='runs']")[0]
    assert "feed.example: DNS failure" in runs.text_content()
    assert "https://news.example/broken: HTTP 500" in runs.text_content()
    assert runs.xpath(".//span[@class='badge bad'][. = 'failed']")


def test_series_with_an_alert_or_two_figures_get_charts_first_and_the_rest_a_table(reported: Warehouse) -> None:
    data = load_report(reported)
    assert data.charted[0].key == "jp.meti.assb_rd_subsidy|now|USD"
    assert data.charted[0].alerts == 1
    assert all(s.alerts or s.observations >= 2 for s in data.charted)
    assert all(s.observations == 1 and not s.alerts for s in data.others)
    assert len(data.charted) + len(data.others) == data.series_total
    capped = load_report(reported, charts=2, points=1)
    assert len(capped.charted) == 2
    assert all(len(s.points) == 1 for s in capped.charted)
    assert len(capped.others) == data.series_total - 2


def test_since_keeps_later_figures_alerts_and_runs(reported: Warehouse) -> None:
    everything = load_report(reported)
    later = load_report(reported, since=date(2024, 1, 1))
    keys = {s.key for s in everything.charted + everything.others}
    later_keys = {s.key for s in later.charted + later.others}
    assert "jp.meti.ssb_joint_development|now|JPY" in keys  # only in seed 004, dated 2021-11-17
    assert "jp.meti.ssb_joint_development|now|JPY" not in later_keys
    assert later.totals.articles < everything.totals.articles
    assert [a.id for a in later.alerts] == [1]
    assert "old-run" in [r.id for r in everything.runs]
    assert "old-run" not in [r.id for r in later.runs]
    future = load_report(reported, since=date.today() + timedelta(days=1))
    assert (future.charted, future.alerts, future.candidates, future.runs) == ((), (), (), ())
    dom = lxml.html.fromstring(render_report(future)[0])
    assert "No alerts since" in dom.xpath("//section[@id='alerts']")[0].text_content()


def test_an_empty_warehouse_gives_a_page_that_says_so(warehouse: Warehouse, tmp_path: Path) -> None:
    with warehouse.writer():
        pass  # schema only
    written = write_report(warehouse, tmp_path / "empty.html")
    assert written.charts == 0
    text = (tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No tracked metric has figures" in text
    assert "No source has been fetched yet" in text


def test_article_urls_that_are_not_web_or_file_links_are_not_linked(reported: Warehouse) -> None:
    with reported.transaction() as con:
        con.execute("UPDATE articles SET url = 'javascript:alert(1)' WHERE url = ?", [CHANGED_URL])
    html = render_report(load_report(reported))[0]
    assert "javascript:" not in html  # the title is shown, unlinked, in the cards, tables and tooltips


def test_the_summary_artifact_names_current_values_and_the_newest_alerts(reported: Warehouse) -> None:
    markdown = metrics_markdown(load_report(reported))
    assert markdown.startswith("## Metrics and alerts\n")
    assert "| jp.meti.assb_rd_subsidy | now | about USD 800 million |" in markdown
    assert "jp.meti.assb_rd_subsidy (now): USD 660 million -> USD 800 million" in markdown
    assert f"]({CHANGED_URL})" in markdown
    assert "block:slack: delivered, webhook: failed" in markdown
    assert "1 weak change(s) to review" in markdown


def test_the_default_report_lives_beside_the_warehouse() -> None:
    assert report_path(Path("warehouse/assbwatch.duckdb")) == Path("warehouse/report.html")
