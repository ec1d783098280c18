from dataclasses import replace

from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse


def _count(warehouse: Warehouse, table: str) -> int:
    return warehouse.query(f"SELECT count(*) FROM {table}").rows[0][0]


def test_a_rerun_adds_no_rows(warehouse: Warehouse, seed_articles) -> None:
    ingest(warehouse, seed_articles)
    before = (_count(warehouse, "articles"), _count(warehouse, "article_samples"))
    report = ingest(warehouse, seed_articles)
    assert (report.new, report.duplicate, report.unchanged) == (0, 0, 5)
    assert (_count(warehouse, "articles"), _count(warehouse, "article_samples")) == before


def test_the_same_content_under_another_name_is_an_exact_duplicate(warehouse: Warehouse, seed_articles) -> None:
    ingest(warehouse, seed_articles)
    renamed = replace(seed_articles[3], url="file:///elsewhere/copy-of-003.txt")
    report = ingest(warehouse, [renamed])
    assert (report.new, report.duplicate) == (0, 1)
    assert warehouse.query("SELECT duplicate_of, dedup_method FROM articles WHERE url LIKE '%copy-of-003%'").rows == [
        (4, "exact")
    ]


def test_raw_bytes_are_kept_compressed(warehouse: Warehouse, seed_articles) -> None:
    ingest(warehouse, seed_articles[:1])
    (size,) = warehouse.query("SELECT octet_length(raw_zlib) FROM articles").rows[0]
    assert 0 < size < len(seed_articles[0].raw)


def test_batches_are_separate_transactions_with_the_same_result(warehouse: Warehouse, seed_articles) -> None:
    report = ingest(warehouse, seed_articles, batch_size=2)
    assert (report.new, report.duplicate) == (4, 1)
    assert _count(warehouse, "articles") == 5
