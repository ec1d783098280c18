"""Alert rules from design.md, end to end through the pipeline, and delivery through a webhook."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import httpx
import pytest
import respx

from assbwatch.alerts.deliver import WebhookChannel, deliver_pending
from assbwatch.alerts.detect import agrees, same_value
from assbwatch.cli.main import main
from assbwatch.models import Article
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse

CHANGED = (
    "Japan raises solid-state battery support\n"
    "The Ministry of Economy, Trade and Industry (METI) has raised the maximum subsidy for the four major R&D "
    "projects on all-solid-state batteries to about US$800 million, as Japan aims to commercialize ASSB by 2030."
)
HOOK = "https://hooks.example/assbwatch"


def _article(url: str, text: str = CHANGED, published: date | None = None) -> Article:
    return Article(url=url, source="test", text=text, title=text.split("\n")[0], published=published)


@pytest.fixture
def seeded(warehouse: Warehouse, seed_articles) -> Warehouse:
    assert ingest(warehouse, seed_articles).alerts == 0
    return warehouse


def _alerts(warehouse: Warehouse) -> list[tuple]:
    return warehouse.query(
        "SELECT metric, period, unit, old_value, new_value, old_article_id, new_article_id FROM alerts ORDER BY id"
    ).rows


def test_a_changed_figure_raises_exactly_one_alert_with_both_values_and_sources(seeded: Warehouse) -> None:
    report = ingest(seeded, [_article("https://news.example/800m")])
    assert report.alerts == 1
    assert _alerts(seeded) == [("jp.meti.assb_rd_subsidy", "now", "USD", 660e6, 800e6, 1, 6)]
    old_evidence, evidence = seeded.query("SELECT old_evidence, evidence FROM alerts").rows[0]
    assert "about US$660 million" in old_evidence
    assert "about US$800 million" in evidence


def test_the_same_article_again_or_a_second_one_repeating_the_value_raises_none(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m")])
    assert ingest(seeded, [_article("https://news.example/800m")]).alerts == 0
    repeat = _article(
        "https://other.example/repeat",
        "METI's ASSB R&D subsidy for four projects now stands at US$800 million in total, sources said.",
    )
    assert ingest(seeded, [repeat]).alerts == 0
    assert len(_alerts(seeded)) == 1


def test_a_syndicated_copy_of_the_changed_article_raises_none(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m")])
    copy = _article("https://mirror.example/800m", "Mirror News | Energy\n" + CHANGED + "\nCopyright Mirror News.")
    report = ingest(seeded, [copy])
    assert (report.duplicate, report.alerts) == (1, 0)


def test_a_qualifier_change_alone_is_not_a_change(seeded: Warehouse) -> None:
    text = "METI will give a subsidy of more than $660 million to the solid-state battery R&D projects."
    assert ingest(seeded, [_article("https://news.example/qualifier", text)]).alerts == 0


def test_an_older_article_with_an_older_value_is_history_not_news(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m", published=date(2026, 6, 1))])
    old = _article("https://archive.example/old", CHANGED.replace("800", "500"), published=date(2020, 1, 1))
    assert ingest(seeded, [old]).alerts == 0


@pytest.mark.parametrize(
    ("text", "alerts"),
    [
        ("Toyota Motor now claims 1,300 solid-state battery patents.", 0),  # meets "more than 1,000"
        ("Toyota Motor now claims more than 1,500 solid-state battery patents.", 0),  # a tighter bound
        ("Toyota Motor now claims about 900 solid-state battery patents.", 1),  # below the bound
        ("Toyota Motor now claims fewer than 800 solid-state battery patents.", 1),  # bounds that cannot meet
    ],
)
def test_a_value_a_known_bound_admits_is_no_change(seeded: Warehouse, text: str, alerts: int) -> None:
    """The seeds say "more than 1,000 patents"; a later report within that bound tells nothing new."""
    assert ingest(seeded, [_article("https://news.example/patents", f"Toyota patents\n{text}")]).alerts == alerts


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ((1300, "exact"), (1000, "more_than"), True),
        ((1000, "min"), (1300, "exact"), True),
        ((500e6, "exact"), (660e6, "less_than"), True),
        ((700e6, "exact"), (660e6, "less_than"), False),
        ((20, "exact"), (40, "max"), False),  # "up to 40 GWh" is the ceiling itself
        ((7, "more_than"), (9, "less_than"), True),
        ((10, "more_than"), (6, "less_than"), False),
        ((800e6, "max"), (660e6, "max"), False),  # a ceiling raised
        ((1500, "more_than"), (1000, "more_than"), True),  # neither contradicts the other
    ],
)
def test_bounds_agree_when_they_can_both_hold(a: tuple[float, str], b: tuple[float, str], agree: bool) -> None:
    assert agrees(a, b) is agree


def test_tolerance_is_two_significant_figures_by_default() -> None:
    assert same_value(660e6, 664e6)
    assert not same_value(660e6, 680e6)
    assert not same_value(660e6, 664e6, digits=3)


@respx.mock
def test_webhook_delivers_once_and_a_failed_delivery_is_retried_next_run(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m")])
    route = respx.post(HOOK).mock(side_effect=[httpx.Response(503), httpx.Response(200)])
    channel = WebhookChannel(HOOK, client=httpx.Client())

    assert deliver_pending(seeded, [channel]) == {"webhook": 0}
    assert seeded.query("SELECT status, attempts FROM alert_deliveries").rows == [("failed", 1)]

    assert deliver_pending(seeded, [channel]) == {"webhook": 1}
    assert seeded.query("SELECT status, attempts, last_error FROM alert_deliveries").rows == [("delivered", 2, None)]
    body = json.loads(route.calls[-1].request.content)
    assert body["alerts"][0]["metric"] == "jp.meti.assb_rd_subsidy"
    assert (body["alerts"][0]["old_value"], body["alerts"][0]["new_value"]) == (660e6, 800e6)

    assert deliver_pending(seeded, [channel]) == {"webhook": 0}  # nothing left: no second delivery
    assert route.call_count == 2


def test_cli_alerts_and_metrics_show_old_and_new(seeded: Warehouse, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    ingest(seeded, [_article("https://news.example/800m")])
    monkeypatch.setenv("ASSBWATCH_WAREHOUSE", str(seeded.path))
    assert main(["alerts", "--format", "json"]) == 0
    (alert,) = json.loads(capsys.readouterr().out)
    assert (alert["metric"], alert["old_value"], alert["new_value"], alert["new_title"]) == (
        "jp.meti.assb_rd_subsidy", 660e6, 800e6, "Japan raises solid-state battery support",
    )  # fmt: skip
    assert main(["metrics", "--format", "json"]) == 0
    latest = {(r["metric"], r["period"], r["unit"]): r["value"] for r in json.loads(capsys.readouterr().out)}
    assert latest[("jp.meti.assb_rd_subsidy", "now", "USD")] == 800e6
    assert latest[("assb.patent_share.jp", "now", "%")] == 36


def test_cli_alerts_on_a_quiet_warehouse(seeded: Warehouse, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("ASSBWATCH_WAREHOUSE", str(seeded.path))
    assert main(["alerts"]) == 0
    assert "no alerts yet" in capsys.readouterr().out


def test_a_duplicate_never_raises_even_with_a_changed_figure(seeded: Warehouse, seed_articles) -> None:
    original = seed_articles[1]
    tweaked = replace(
        original,
        url="https://copy.example/001",
        text=original.text.replace("US$2.24 billion", "US$3 billion"),
        raw=None,
    )
    report = ingest(seeded, [tweaked])
    assert (report.duplicate, report.alerts) == (1, 0)


@respx.mock
def test_a_channel_down_for_several_runs_delivers_each_alert_once_when_back(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m")])
    route = respx.post(HOOK).mock(side_effect=[httpx.ConnectError("down"), httpx.Response(500), httpx.Response(502)])
    channel = WebhookChannel(HOOK, client=httpx.Client())
    for _ in range(3):  # three runs while the endpoint is down
        assert deliver_pending(seeded, [channel]) == {"webhook": 0}
    assert seeded.query("SELECT status, attempts FROM alert_deliveries").rows == [("failed", 3)]

    patents = "Toyota patents\nToyota Motor now claims about 900 solid-state battery patents, fewer than it once said."
    assert ingest(seeded, [_article("https://news.example/patents", patents)]).alerts == 1  # a second alert meanwhile
    route.side_effect = None
    route.return_value = httpx.Response(204)
    assert deliver_pending(seeded, [channel]) == {"webhook": 2}
    body = json.loads(route.calls[-1].request.content)
    assert [a["new_value"] for a in body["alerts"]] == [800e6, 900]
    for _ in range(2):
        assert deliver_pending(seeded, [channel]) == {"webhook": 0}
    assert route.call_count == 4


@pytest.mark.parametrize(
    "sentence",
    [
        "METI raised the maximum subsidy for the four ASSB R&D projects from about US$660 million to US$800 million.",
        "METI raised the maximum subsidy for the four ASSB R&D projects to US$800 million, up from US$660 million.",
    ],
)
def test_an_article_reporting_old_and_new_values_raises_one_alert_for_the_new(seeded: Warehouse, sentence: str) -> None:
    assert (
        ingest(seeded, [_article("https://news.example/change", f"Solid-state subsidy raised\n{sentence}")]).alerts == 1
    )
    assert _alerts(seeded)[0][3:5] == (660e6, 800e6)
    latest = "SELECT value FROM metric_latest WHERE metric = 'jp.meti.assb_rd_subsidy' AND period = 'now'"
    assert seeded.query(latest).rows == [(800e6,)]
    repeat = _article(
        "https://other.example/800", "Japan's ASSB R&D subsidy for four projects now totals US$800 million."
    )
    assert ingest(seeded, [repeat]).alerts == 0


def test_an_undated_file_never_overrides_a_dated_value(seeded: Warehouse) -> None:
    ingest(seeded, [_article("https://news.example/800m", published=date(2026, 6, 1))])
    undated = CHANGED.replace("800", "900").replace("Japan raises", "Old notes on")
    for n in range(2):
        assert ingest(seeded, [_article(f"file:///notes/{n}.txt", undated + f" Note {n}.")]).alerts == 0
    assert len(_alerts(seeded)) == 1


@respx.mock
def test_an_alert_names_both_articles_and_sentences_wherever_it_goes(seeded: Warehouse) -> None:
    report = ingest(seeded, [_article("https://news.example/800m")])
    (line,) = report.alert_lines
    assert line.startswith("jp.meti.assb_rd_subsidy (now): 660,000,000 -> 800,000,000 USD")
    assert '"Japan raises solid-state battery support" <https://news.example/800m>' in line
    assert '(was: "' in line
    assert "file://" in line  # the seed it came from
    route = respx.post(HOOK).mock(return_value=httpx.Response(204))
    deliver_pending(seeded, [WebhookChannel(HOOK, client=httpx.Client())])
    (sent,) = json.loads(route.calls[0].request.content)["alerts"]
    assert (sent["new_url"], sent["new_title"]) == (
        "https://news.example/800m",
        "Japan raises solid-state battery support",
    )
    assert sent["old_url"].startswith("file://")
    assert "about US$800 million" in sent["evidence"]
    assert "about US$660 million" in sent["old_evidence"]
    (alert,) = [a for a in _pending_alerts(seeded)]
    message = alert.message().splitlines()
    assert message[0] == "*jp.meti.assb_rd_subsidy (now): 660,000,000 -> 800,000,000 USD*"
    assert message[1].startswith("> The Ministry of Economy")
    assert message[2] == 'New: "Japan raises solid-state battery support" <https://news.example/800m>'


def _pending_alerts(warehouse: Warehouse):
    from assbwatch.alerts.detect import Alert
    from assbwatch.store.warehouse import saved_query

    with warehouse.reader() as con:
        return [Alert(*row) for row in con.execute(saved_query("alerts_pending"), ["chat"]).fetchall()]
