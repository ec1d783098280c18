"""Re-run extraction, and everything derived from the text, over stored raw bytes.

After an extractor upgrade, articles whose `extractor` differs from the current one are read
again from `raw_zlib` (no refetch); text, hash, relevance, samples and figures are replaced in
place, one transaction per batch. Alerts are history and are left alone. Running it again with
the same extractor changes nothing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime

from assbwatch.acquire.extract import EXTRACTOR, extract_html
from assbwatch.acquire.readers import read_text_article
from assbwatch.config.settings import Settings
from assbwatch.errors import ExtractError
from assbwatch.models import TEXT_EXTRACTOR, Article
from assbwatch.pipeline import Prepared, Rows, append_figures, next_id, prepare
from assbwatch.store.warehouse import Warehouse, append, saved_query
from assbwatch.text.catalogue import Catalogue

__all__ = ["ReextractReport", "reextract"]


@dataclass
class ReextractReport:
    changed: int = 0  # new text
    same: int = 0  # same text, only the extractor version recorded
    failed: list[str] = field(default_factory=list)


def _read_again(raw: bytes, url: str, source: str, extractor: str, fetched_at: datetime | None) -> Article:
    if extractor == TEXT_EXTRACTOR:
        return read_text_article(raw, url=url, source=source)
    return extract_html(raw, url=url, source=source, fetched_at=fetched_at)


def reextract(
    warehouse: Warehouse, catalogue: Catalogue, *, force: bool = False, batch_size: int = Settings.batch_size
) -> ReextractReport:
    """Re-extract stale articles (all with `force`); returns how many changed."""
    report = ReextractReport()
    with warehouse.reader() as con:
        stale = [
            row[0]
            for row in con.execute(saved_query("articles_to_reextract"), [force, EXTRACTOR, TEXT_EXTRACTOR]).fetchall()
        ]
    for start in range(0, len(stale), batch_size):
        ids = stale[start : start + batch_size]
        with warehouse.transaction() as con:
            rows = con.execute(saved_query("articles_raw"), [ids]).fetchall()
            figures = Rows([], [], [], [])
            metric_id = next_id(con, "metrics")
            for article_id, url, source, fetched_at, extractor, raw_zlib, duplicate_of, old_hash in rows:
                try:
                    item: Prepared = prepare(
                        _read_again(zlib.decompress(raw_zlib), url, source, extractor, fetched_at), catalogue
                    )
                except ExtractError as exc:
                    report.failed.append(str(exc))
                    continue
                a = item.article
                con.execute(
                    saved_query("article_reextracted"),
                    [a.title, a.published, a.author, a.site, a.text, item.fingerprint.content_hash, item.relevant,
                     item.relevance, a.extractor, len(item.fingerprint.samples), item.relevance_reason, article_id],
                )  # fmt: skip
                if item.fingerprint.content_hash == old_hash:
                    report.same += 1
                else:
                    report.changed += 1
                if duplicate_of is not None:
                    continue  # copies carry no samples or figures
                con.execute(saved_query("article_samples_delete"), [article_id])
                con.execute(saved_query("article_metrics_delete"), [article_id])
                figures.samples.extend((h, article_id) for h in item.fingerprint.samples)
                if item.relevant:
                    metric_id = append_figures(item, article_id, metric_id, figures)
            append(con, "article_samples", figures.samples)
            append(con, "metrics", figures.metrics)
    return report
