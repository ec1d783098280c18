from dataclasses import replace

from assbwatch.acquire.readers import read_file
from assbwatch.pipeline import ingest
from assbwatch.reextract import reextract
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue
from conftest import FIXTURES


def test_stale_extractions_are_redone_in_place_and_a_rerun_does_nothing(warehouse: Warehouse, seed_articles) -> None:
    fresh = read_file(FIXTURES / "article.html")
    # as an older extractor might have left it: a cookie banner in the text, and no figures from the body
    stale = replace(
        fresh, text="We use cookies. Accept cookies.\n" + fresh.text.split("\n")[0], extractor="trafilatura 1.0"
    )
    ingest(warehouse, [*seed_articles, stale])
    (article_id,) = warehouse.query("SELECT id FROM articles WHERE extractor = 'trafilatura 1.0'").rows[0]
    subsidy = f"SELECT count(*) FROM metrics WHERE article_id = {article_id} AND metric = 'jp.meti.assb_rd_subsidy'"
    assert warehouse.query(subsidy).rows == [(0,)]

    report = reextract(warehouse, load_catalogue())
    assert (report.changed, report.same, report.failed) == (1, 0, [])
    text, extractor = warehouse.query(f"SELECT text, extractor FROM articles WHERE id = {article_id}").rows[0]
    assert text == fresh.text
    assert extractor == fresh.extractor
    metrics = warehouse.query(
        f"SELECT metric, value FROM metrics WHERE article_id = {article_id} AND metric IS NOT NULL ORDER BY 1"
    ).rows
    assert ("jp.meti.assb_rd_subsidy", 660e6) in metrics
    samples = warehouse.query(f"SELECT count(*) FROM article_samples WHERE article_id = {article_id}").rows[0][0]
    assert samples > 0

    again = reextract(warehouse, load_catalogue())
    assert (again.changed, again.same) == (0, 0)
    assert warehouse.query(f"SELECT count(*) FROM article_samples WHERE article_id = {article_id}").rows == [(samples,)]


def test_force_reads_text_files_again_and_finds_them_unchanged(warehouse: Warehouse, seed_articles) -> None:
    ingest(warehouse, seed_articles)
    before = warehouse.query("SELECT count(*) FROM metrics").rows
    report = reextract(warehouse, load_catalogue(), force=True)
    assert (report.changed, report.same) == (0, 5)
    assert warehouse.query("SELECT count(*) FROM metrics").rows == before
    assert warehouse.query("SELECT count(*) FROM alerts").rows == [(0,)]
