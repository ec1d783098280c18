"""Watched pages (`kind = "article"`): one URL refetched every pass with its validators; an edit is a new
version of the same URL whose figures are compared, so a figure changed on a live page alerts once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assbwatch.store.warehouse import Warehouse
from newsite import Site, page

pytestmark = pytest.mark.prefect


def _monitor(tmp_path: Path, name: str, kind: str, url: str, extra: str = "") -> tuple[Warehouse, Callable[[], dict]]:
    """A sources file with one source, a warehouse, and a monitoring pass over them (the flow, as `run`)."""
    from assbwatch_flows.monitor import monitor_flow

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[sources]]\nname = "{name}"\nkind = "{kind}"\nurl = "{url}"\nmin_interval = 0\n{extra}')
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    return warehouse, lambda: monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path))


def _meti(subsidy: str) -> bytes:
    return page(
        "METI support for all-solid-state battery research",
        [
            f"The Ministry of Economy, Trade and Industry (METI) provides a maximum subsidy of about {subsidy} for "
            "the four major R&D projects on all-solid-state batteries, as Japan aims to commercialise them.",
            "The projects cover sulfide solid electrolytes, cathode materials and production processes for "
            "solid-state cells, with carmakers and material suppliers taking part in each of them.",
        ],
    )


def test_a_watched_page_costs_a_304_when_unchanged_and_an_edit_alerts_once(
    prefect_harness, site: Site, tmp_path: Path
) -> None:
    url = f"{site.base}/policy/assb"
    site.with_etag("/policy/assb", _meti("US$660 million"), '"v1"', "text/html; charset=utf-8")
    warehouse, run = _monitor(tmp_path, "meti", "article", url)

    first = run()
    assert (first["new"], first["revised"], first["alerts"]) == (1, 0, 0)

    quiet = run()
    assert (quiet["new"], quiet["revised"], quiet["listings_not_modified"]) == (0, 0, 1)
    assert site.hits("/policy/assb")[-1]["if-none-match"] == '"v1"'
    last_run = warehouse.query("SELECT id FROM runs ORDER BY started_at DESC LIMIT 1").rows[0][0]
    assert warehouse.query("SELECT status, bytes FROM fetch_log WHERE run_id = ?", [last_run]).rows == [(304, 0)]

    site.with_etag("/policy/assb", _meti("US$800 million"), '"v2"', "text/html; charset=utf-8")
    edited = run()
    assert (edited["new"], edited["revised"], edited["alerts"]) == (0, 1, 1)
    versions = warehouse.query("SELECT id, previous_version FROM articles WHERE url = ? ORDER BY id", [url]).rows
    assert [v[1] for v in versions] == [None, versions[0][0]]  # the old text kept, the new one points to it
    assert warehouse.query("SELECT metric, old_value, new_value FROM alerts").rows == [
        ("jp.meti.assb_rd_subsidy", 660e6, 800e6)
    ]

    again = run()
    assert (again["new"], again["revised"], again["alerts"], again["listings_not_modified"]) == (0, 0, 0, 1)
    assert warehouse.query("SELECT count(*) FROM alerts").rows == [(1,)]


def test_a_listing_page_that_is_itself_an_article_is_stored_and_its_links_followed(
    prefect_harness, site: Site, tmp_path: Path
) -> None:
    press = _meti("US$660 million").replace(b"</body>", b'<a href="/press/2">next release</a></body>')
    site.static("/press", press)
    second = [
        "Toyota Motor said its all-solid-state battery pilot line in Japan will start operating in 2026, a year "
        "before the carmaker plans to mass-produce the cells with sulfide solid electrolytes from Idemitsu.",
        "The company expects the cells to give its electric cars a range of about 1,000 kilometres and to charge "
        "from 10% to 80% in around ten minutes, according to its technical briefing.",
    ]
    site.static("/press/2", page("A second release", second))
    warehouse, run = _monitor(tmp_path, "press", "page", f"{site.base}/press", 'include = ["/press/"]\n')
    counts = run()
    assert counts["failed"] == 0
    urls = {row[0] for row in warehouse.query("SELECT url FROM articles").rows}
    assert urls == {f"{site.base}/press", f"{site.base}/press/2"}
    again = run()
    assert (again["new"], again["revised"]) == (0, 0)  # the same listing text is unchanged, not a version


def test_a_recent_article_edited_at_its_url_is_revisited_and_its_corrected_figure_alerts_once(
    prefect_harness, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsite import rss

    monkeypatch.setenv("ASSBWATCH_REVISIT_HOURS", "0")  # due at every pass (the default is a day)
    site.with_etag("/feed.xml", rss(site.base, ["/news/meti"]), '"f1"', "application/rss+xml")
    site.with_etag("/news/meti", _meti("US$660 million"), '"a1"', "text/html; charset=utf-8")
    warehouse, run = _monitor(tmp_path, "wire", "feed", f"{site.base}/feed.xml")

    assert run()["new"] == 1
    quiet = run()
    assert (quiet["new"], quiet["revised"], quiet["alerts"]) == (0, 0, 0)
    assert site.hits("/news/meti")[-1]["if-none-match"] == '"a1"'  # revisited, answered 304
    site.with_etag("/news/meti", _meti("US$800 million"), '"a2"', "text/html; charset=utf-8")
    corrected = run()
    assert (corrected["new"], corrected["revised"], corrected["alerts"]) == (0, 1, 1)
    assert warehouse.query("SELECT old_value, new_value FROM alerts").rows == [(660e6, 800e6)]
    assert run()["alerts"] == 0
    kinds = warehouse.query("SELECT kind, status FROM fetch_log WHERE url LIKE '%/news/meti' ORDER BY fetched_at").rows
    assert kinds == [("article", 200), ("revisit", 304), ("revisit", 200), ("revisit", 304)]

    monkeypatch.setenv("ASSBWATCH_REVISIT_DAYS", "0")  # outside the window: left alone
    hits = len(site.hits("/news/meti"))
    run()
    assert len(site.hits("/news/meti")) == hits


def test_a_listing_page_showing_a_post_in_full_never_takes_the_post_s_place(
    prefect_harness, site: Site, tmp_path: Path
) -> None:
    post = _meti("US$660 million")
    site.static("/blog/meti", post)
    site.static("/blog", post.replace(b"</body>", b'<a href="/blog/meti">permalink</a></body>'))
    warehouse, run = _monitor(tmp_path, "blog", "page", f"{site.base}/blog", 'include = ["/blog/"]\n')
    run()
    rows = dict(warehouse.query("SELECT url, duplicate_of IS NULL FROM articles").rows)
    assert rows == {f"{site.base}/blog/meti": True, f"{site.base}/blog": False}  # the post is the original
    urls = {row[0] for row in warehouse.query("SELECT DISTINCT url FROM metric_history").rows}
    assert urls == {f"{site.base}/blog/meti"}
