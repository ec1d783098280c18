"""Dedup outcomes that users rely on: the seeds, and copies that are (or are not) duplicates."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assbwatch.models import Article
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.fingerprint import Fingerprint


def _rows(warehouse: Warehouse) -> dict[str, tuple]:
    result = warehouse.query("SELECT url, id, duplicate_of, dedup_method, similarity FROM articles ORDER BY id")
    return {url.rsplit("/", 1)[-1][:3]: tuple(rest) for url, *rest in result.rows}


def test_seeds_002_is_a_near_duplicate_of_001_and_nothing_else_is(warehouse: Warehouse, seed_articles) -> None:
    report = ingest(warehouse, seed_articles)
    assert (report.new, report.duplicate, report.unchanged) == (4, 1, 0)
    rows = _rows(warehouse)
    assert rows["002"][1:3] == (rows["001"][0], "near")
    assert rows["002"][3] == pytest.approx(0.79, abs=0.02)
    for name in ("000", "001", "003", "004"):
        assert rows[name][1:] == (None, None, None), name


def test_seeds_in_separate_batches_give_the_same_outcome(warehouse: Warehouse, seed_articles, tmp_path) -> None:
    for article in seed_articles:
        ingest(warehouse, [article])
    rows = _rows(warehouse)
    assert rows["002"][1] == rows["001"][0]
    assert sum(row[1] is not None for row in rows.values()) == 1
    one_batch = Warehouse(tmp_path / "one-batch.duckdb")
    ingest(one_batch, seed_articles)
    assert rows == _rows(one_batch)  # ids, duplicates, methods and similarities alike


def _copy(article: Article, text: str, name: str) -> Article:
    return replace(article, url=f"https://copies.example/{name}", text=text, raw=None)


def _noisy(text: str) -> str:
    text = text.replace(" ", "   ").replace(",", " ,").replace("’", "â€™")
    return re.sub(r"\.", "..", text).upper()


def _framed(text: str) -> str:
    header = "Home | News | Energy | Subscribe to our newsletter for daily updates on markets and policy.\n"
    footer = "\nRelated: Oil prices rise as OPEC meets. Copyright 2025 Energy Wire. All rights reserved. Cookie policy."
    return header + text + footer


def _truncated(text: str) -> str:
    return text[: int(len(text) * 0.7)]


def _few_words_changed(text: str) -> str:
    for old, new in (("expected", "likely"), ("latest", "newest"), ("approved", "confirmed"), ("hopes", "aims")):
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("variant", [_noisy, _framed, _truncated, _few_words_changed])
def test_copies_of_seed_001_are_its_duplicates(warehouse: Warehouse, seed_articles, variant) -> None:
    original = seed_articles[1]
    ingest(warehouse, [original])
    report = ingest(warehouse, [_copy(original, variant(original.text), variant.__name__)])
    assert (report.new, report.duplicate) == (0, 1)
    (duplicate_of,) = warehouse.query("SELECT duplicate_of FROM articles WHERE url LIKE 'https://copies%'").rows[0]
    assert duplicate_of == 1


def test_an_exact_copy_with_whitespace_noise_is_an_exact_duplicate(warehouse: Warehouse, seed_articles) -> None:
    original = seed_articles[0]
    copy = _copy(original, "  " + original.text.replace(" ", "\n  ") + "\n\n", "spaces")
    ingest(warehouse, [original, copy])
    assert warehouse.query("SELECT dedup_method, similarity, duplicate_of FROM articles WHERE id = 2").rows == [
        ("exact", 1.0, 1)
    ]


def test_a_rewrite_in_other_words_is_not_a_duplicate(warehouse: Warehouse, seed_articles) -> None:
    # seed 000 tells seed 001's story in other words
    report = ingest(warehouse, [seed_articles[1], seed_articles[0]])
    assert (report.new, report.duplicate) == (2, 0)


def test_a_duplicate_of_a_duplicate_points_at_the_earliest_article(warehouse: Warehouse, seed_articles) -> None:
    original = seed_articles[1]
    ingest(warehouse, [original, _copy(original, _framed(original.text), "framed")])
    ingest(warehouse, [_copy(original, _framed(original.text), "framed-again")])
    assert warehouse.query("SELECT duplicate_of FROM articles WHERE id = 3").rows == [(1,)]


def test_a_clear_copy_is_decided_on_samples_and_an_uncertain_one_on_the_full_text(
    warehouse: Warehouse, seed_articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assbwatch.store import dedup
    from assbwatch.text.fingerprint import fingerprint, overlap

    original, unrelated = seed_articles[1], seed_articles[4]
    ingest(warehouse, [original])
    # copies on another site: a copy from the original's own source is always verified on its text
    clear = replace(_copy(original, _framed(original.text), "clear"), source="mirror")  # containment ~1
    partial = replace(
        _copy(original, original.text[: int(len(original.text) * 0.65)] + "\n" + unrelated.text, "partial"),
        source="mirror",
    )
    read: list[str] = []  # the stored texts dedup reads to compare them on their full shingles

    def reading(text: str) -> Fingerprint:
        read.append(text)
        return fingerprint(text)

    monkeypatch.setattr(dedup, "fingerprint", reading)
    assert ingest(warehouse, [clear]).duplicate == 1
    assert read == []  # decided on the sample estimate: 001's text is not read again
    assert ingest(warehouse, [partial]).duplicate == 1
    assert read == [original.text]  # uncertain: 001's text read and compared
    rows = dict(warehouse.query("SELECT url, similarity FROM articles WHERE url LIKE 'https://copies%'").rows)
    assert rows["https://copies.example/clear"] >= 0.8
    assert 0.6 <= rows["https://copies.example/partial"] < 0.8  # verified on shingles: just over the threshold
    _, containment = overlap(fingerprint(partial.text).shingles, fingerprint(original.text).shingles)
    assert rows["https://copies.example/partial"] == round(containment, 4)  # the full shingle sets' containment


def test_two_stories_framed_by_one_newsletters_header_and_footer_are_not_copies(warehouse: Warehouse) -> None:
    header = (
        "Battery Brief Weekly | Issue for subscribers | Read online | Forward to a colleague\n"
        "This week in batteries: the stories our editors picked for policy teams, analysts and investors "
        "who follow cell makers, materials suppliers, carmakers and the governments that fund them.\n"
        "Sponsored: meet the solid-state community at the Battery Show Europe in Stuttgart in June, with "
        "three days of talks, a start-up pavilion and factory tours for registered delegates."
    )
    footer = (
        "You are receiving Battery Brief Weekly because you subscribed on our website or at an event.\n"
        "Manage your preferences or unsubscribe at any time. Battery Brief is published by Example Media, "
        "12 Harbour Street, and is read by more than forty thousand professionals every week.\n"
        "Copyright Example Media. All rights reserved. No part may be reproduced without permission."
    )
    one = (
        "Toyota and Idemitsu said their sulfide solid electrolyte pilot plant in Chiba will start in 2027, "
        "supplying the cells Toyota plans to put into cars from 2027 or 2028, after years of joint work on "
        "durability and cost."
    )
    two = (
        "QuantumScape said its cash runway now extends into 2029 as payments from Volkswagen's PowerCo under "
        "their licensing deal arrive and the start-up ships more B-sample cells to carmakers for testing."
    )
    first = Article(url="https://brief.example/1", source="brief", text=f"{header}\n{one}\n{footer}", title="Brief 1")
    second = Article(url="https://brief.example/2", source="brief", text=f"{header}\n{two}\n{footer}", title="Brief 2")
    from assbwatch.text.fingerprint import fingerprint, overlap

    _, containment = overlap(fingerprint(first.text).shingles, fingerprint(second.text).shingles)
    assert containment >= 0.6  # by shingles alone this pair looked like a copy
    assert ingest(warehouse, [first]).new == 1
    report = ingest(warehouse, [second])
    assert (report.new, report.duplicate) == (1, 0)
    copy = Article(url="https://mirror.example/2", source="mirror", text=second.text + "\nMirrored.", title="Copy")
    assert ingest(warehouse, [copy]).duplicate == 1  # a real copy of one of them still is one
