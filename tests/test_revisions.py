"""Versions and revisits, from the review: an edit reverted, a copy's page edited, a copy with one paragraph
edited, revisits that fail or cannot send their validators, weak first figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import respx

from assbwatch.acquire.fetch import Fetcher, FetchPolicy
from assbwatch.alerts.detect import Known, Observation, detect_changes
from assbwatch.config.sources import Source
from assbwatch.models import Article
from assbwatch.monitor import FetchRecord, Revisit, SourceState, fetch_pages, record, select_revisits
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse

URL = "https://policy.example/assb"


def _meti(subsidy: str) -> str:
    return (
        "METI support for solid-state batteries\nThe Ministry of Economy, Trade and Industry (METI) provides a "
        f"maximum subsidy of about {subsidy} for the four major R&D projects on all-solid-state batteries."
    )


def _version(text: str, url: str = URL, source: str = "meti") -> Article:
    return Article(url=url, source=source, text=text, title=text.split("\n")[0], published=date(2026, 11, 1))


def test_an_edit_that_is_reverted_is_a_version_too_and_alerts_back(warehouse: Warehouse) -> None:
    reports = [ingest(warehouse, [_version(_meti(v))]) for v in ("US$660 million", "US$800 million", "US$660 million")]
    assert [(r.new, r.revised, r.unchanged, r.alerts) for r in reports] == [(1, 0, 0, 0), (0, 1, 0, 1), (0, 1, 0, 1)]
    assert warehouse.query("SELECT old_value, new_value FROM alerts ORDER BY id").rows == [
        (660e6, 800e6),
        (800e6, 660e6),
    ]
    assert ingest(warehouse, [_version(_meti("US$660 million"))]).unchanged == 1  # the newest text again: nothing


def test_an_edited_copy_stays_a_copy_of_its_original(warehouse: Warehouse, seed_articles) -> None:
    original = seed_articles[1]
    ingest(warehouse, [original])
    mirror = "https://aggregator.example/001"
    copy = _version(original.text + "\nComments: 3", url=mirror, source="aggregator")
    assert ingest(warehouse, [copy]).duplicate == 1
    edited = _version(original.text + "\nComments: 4", url=mirror, source="aggregator")
    report = ingest(warehouse, [edited])
    assert (report.duplicate, report.revised, report.figures) == (1, 0, 0)
    rows = warehouse.query("SELECT duplicate_of, previous_version FROM articles WHERE url = ? ORDER BY id", [mirror])
    assert rows.rows == [(1, None), (1, 2)]


def test_a_copy_with_one_paragraph_edited_is_still_a_copy(warehouse: Warehouse) -> None:
    topics = ["sulfide electrolytes", "pilot lines", "cathode coatings", "dry electrodes", "cell stacking",
              "formation", "pack design", "recycling", "supply deals", "subsidies"]  # fmt: skip
    paragraphs = [
        f"Paragraph {i} on {topic}: the solid-state battery programme of the ministry and its partners reports "
        f"progress on {topic}, with engineers from carmakers and suppliers working in shared laboratories on "
        f"materials, processes and tests that the programme plans to finish before the cells reach production lines."
        for i, topic in enumerate(topics)
    ]
    original = _version("Solid-state programme report\n" + "\n".join(paragraphs), url="https://a.example/r")
    edited = list(paragraphs)
    words = edited[3].split()
    edited[3] = " ".join(f"edit{i}" if i % 5 == 2 else w for i, w in enumerate(words))  # 9 of 47 words changed
    copy = _version("Solid-state programme report\n" + "\n".join(edited), url="https://a.example/r-copy")
    ingest(warehouse, [original])
    assert ingest(warehouse, [copy]).duplicate == 1


def _seen(warehouse: Warehouse, url: str, *, article: bool) -> None:
    ingest(warehouse, [_version(_meti("US$660 million"), url=url)]) if article else None
    with warehouse.transaction() as con:
        old = datetime.now(UTC) - timedelta(days=2)
        con.execute(
            "INSERT INTO seen_urls (url, source, first_seen, status, attempts) VALUES (?, 'meti', ?, 'done', 1)",
            [url, old],
        )


def test_a_failing_revisit_waits_its_turn_and_a_page_that_was_no_article_is_not_revisited(
    warehouse: Warehouse,
) -> None:
    sources = [Source(name="meti", kind="feed", url="https://policy.example/feed.xml")]
    _seen(warehouse, URL, article=True)
    _seen(warehouse, "https://policy.example/video", article=False)
    due = select_revisits(warehouse, sources, days=14, hours=1, per_source=20)
    assert [r.url for r in due] == [URL]
    failed = FetchRecord("meti", URL, "revisit", 404, 0, 1.0, "HTTP 404")
    record(warehouse, "run", [failed], {"meti": SourceState("meti", sources[0].url)}, {})
    assert select_revisits(warehouse, sources, days=14, hours=1, per_source=20) == []


@pytest.mark.anyio
@respx.mock
async def test_a_revisit_that_cannot_send_its_validator_is_logged_not_fatal() -> None:
    respx.get(URL).mock(return_value=httpx.Response(200, text="<p>x</p>", headers={"content-type": "text/html"}))
    respx.get("https://policy.example/robots.txt").mock(return_value=httpx.Response(404))  # revisits honour it too
    fetcher = Fetcher(httpx.AsyncClient(), FetchPolicy(min_interval=0.0))
    pages, records, errors = await fetch_pages([], fetcher, [Revisit("meti", URL, 'W/"caf\u00e9-1"', None)])
    assert (pages, errors) == ([], {})
    (logged,) = records
    assert (logged.kind, logged.status) == ("revisit", None)
    assert "UnicodeEncodeError" in str(logged.error)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_a_weak_first_figure_is_compared_with_its_own_confidence() -> None:
    key = ("acme/share", "now", "%")
    known = {key: Known(key, 90.0, 1, date(2026, 1, 1), "old", 0.95, values=((90.0, "exact"),))}
    weak, sure = (Observation(key, v, 2, date(2026, 2, 1), "new", c) for v, c in ((50.0, 0.3), (75.0, 0.95)))
    ((new, _),) = detect_changes(known, [weak, sure])
    assert (new.value, new.confidence) == (50.0, 0.3)  # below the alert confidence: a candidate


def test_non_finite_settings_are_refused() -> None:
    from assbwatch.config.settings import Settings
    from assbwatch.errors import ConfigError

    with pytest.raises(ConfigError, match="ASSBWATCH_REVISIT_DAYS"):
        Settings.from_env({"ASSBWATCH_REVISIT_DAYS": "inf"})


def test_a_query_of_only_comments_is_one_line(warehouse: Warehouse, seed_articles, capsys) -> None:
    from assbwatch.cli.main import main

    ingest(warehouse, seed_articles[:1])
    assert main(["--warehouse", str(warehouse.path), "sql", "-- what is in here"]) == 1
    assert capsys.readouterr().err.strip().endswith("no statement to run (only comments?)")
