"""The monitoring flow end to end, under Prefect's test harness, against a real local news site."""

from __future__ import annotations

from pathlib import Path

import pytest

from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from conftest import SEEDS
from newsite import GARBAGE, Site, page, rss

pytestmark = pytest.mark.prefect

ARTICLES = {
    "/news/subsidy-800m": page(
        "Japan raises its solid-state battery subsidy",
        [
            "The Ministry of Economy, Trade and Industry (METI) has raised the maximum subsidy for the four major "
            "R&D projects on all-solid-state batteries to about US$800 million, officials said on Friday.",
            "The ministry expects Toyota, Idemitsu and other partners to bring solid-state cells to vehicles before "
            "the end of the decade, as competition from Chinese and Korean makers intensifies.",
        ],
    ),
    "/news/lithium-prices": page(
        "Lithium-ion pack prices fall again",
        [
            "Lithium-ion battery pack prices fell 20% this year as cell makers cut costs and material prices eased.",
            "Analysts expect further declines as new plants in Europe and North America ramp up production lines.",
        ],
    ),
}


def _site(site: Site) -> None:
    paths = [
        *ARTICLES,
        "/news/syndicated",
        "/news/error",
        "/news/slow",
        "/news/report.pdf",
        "/news/garbage",
        "/news/huge",
    ]
    site.with_etag("/feed.xml", rss(site.base, paths), '"feed-v1"', "application/rss+xml")
    for path, body in ARTICLES.items():
        site.static(path, body)
    seed = (SEEDS / "001_7e8e31626111bc74.txt").read_text(encoding="utf-8").split("\n")
    site.static("/news/syndicated", page(seed[0], seed[1:], site="Battery Daily"))
    site.static("/news/error", b"oops", status=500)
    site.stall("/news/slow")
    site.static("/news/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    site.static("/news/garbage", GARBAGE)
    site.static("/news/huge", page("Huge", ["solid-state " * 40_000]))


def _artifacts(*keys: str) -> list[str]:
    """The newest markdown artifact under each key, as the run published it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = []
        for key in keys:
            artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
            found.append(max(artifacts, key=lambda a: a.created).data)
        return found


def _sources(tmp_path: Path, site: Site) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f'[[sources]]\nname = "wire"\nkind = "feed"\nurl = "{site.base}/feed.xml"\nmin_interval = 0\n')
    return path


def test_a_monitoring_pass_and_a_quiet_second_pass(
    prefect_harness, site: Site, tmp_path: Path, seed_articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assbwatch_flows.monitor import monitor_flow

    _site(site)
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    ingest(warehouse, seed_articles)
    monkeypatch.setenv("ASSBWATCH_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("ASSBWATCH_MAX_BYTES", "200000")
    sources = _sources(tmp_path, site)

    first = monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path), report=True)
    assert (first["new"], first["duplicate"], first["irrelevant"], first["alerts"]) == (2, 1, 1, 1)
    assert first["urls_discovered"] == 8

    rows = dict(
        warehouse.query("SELECT url, coalesce(duplicate_of, 0) || '/' || relevant FROM articles WHERE id > 5").rows
    )
    assert rows == {
        f"{site.base}/news/subsidy-800m": "0/true",
        f"{site.base}/news/lithium-prices": "0/false",
        f"{site.base}/news/syndicated": "2/true",  # seed 001 in another site's template
    }
    assert warehouse.query("SELECT metric, old_value, new_value FROM alerts").rows == [
        ("jp.meti.assb_rd_subsidy", 660e6, 800e6)
    ]
    failures = dict(warehouse.query("SELECT url, error FROM fetch_log WHERE error IS NOT NULL").rows)
    assert failures[f"{site.base}/news/error"] == "HTTP 500"
    assert failures[f"{site.base}/news/slow"].startswith("ReadTimeout")
    assert failures[f"{site.base}/news/report.pdf"] == "unwanted content type 'application/pdf'"
    assert "exceeds the cap" in failures[f"{site.base}/news/huge"]
    garbage = warehouse.query("SELECT count(*) FROM articles WHERE url LIKE '%garbage'").rows
    assert garbage == [(0,)]
    summary, per_source, metrics = _artifacts(
        "assbwatch-monitor", "assbwatch-monitor-sources", "assbwatch-monitor-metrics"
    )
    assert "| new | 2 |" in summary
    assert "| alerts | 1 |" in summary
    assert "jp.meti.assb_rd_subsidy (now): 660,000,000 -> 800,000,000 USD" in summary
    assert f"{site.base}/news/error: HTTP 500" in summary
    # listing status, URLs discovered, new, fetched (garbage is fetched, then fails extraction), failed
    assert "| wire | 200 | 8 | 8 | 4 | 5 | http://127.0.0.1:" in per_source
    assert "| jp.meti.assb_rd_subsidy | now | about USD 800 million |" in metrics
    assert f"USD 660 million -> USD 800 million, from [Japan raises its solid-state battery subsidy]({site.base}/" in (
        metrics
    )
    report_page = (tmp_path / "report.html").read_text(encoding="utf-8")  # beside the warehouse
    assert "<svg" in report_page
    assert f"{site.base}/news/subsidy-800m" in report_page

    articles_before = warehouse.query("SELECT count(*) FROM articles").rows

    tried = []

    def broken(*args: object) -> None:
        tried.append(args)
        raise OSError("disk full")

    monkeypatch.setattr("assbwatch_flows.monitor.save_report", broken)  # a report failure never fails the run
    second = monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path), report=True)
    assert site.hits("/feed.xml")[-1]["if-none-match"] == '"feed-v1"'
    assert second["listings_not_modified"] == 1
    assert (second["new"], second["duplicate"], second["alerts"]) == (0, 0, 0)
    assert warehouse.query("SELECT count(*) FROM articles").rows == articles_before
    assert warehouse.query("SELECT count(*) FROM alerts").rows == [(1,)]
    assert len(site.hits("/news/subsidy-800m")) == 1  # stored articles are not fetched again
    assert warehouse.query("SELECT status FROM runs WHERE kind = 'monitor'").rows == [("completed",), ("completed",)]
    assert len(tried) == 1  # the second run did try to write its report, failed, and completed all the same
