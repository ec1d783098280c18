"""The shared path every article takes, whether read from a file or fetched: hash, dedup, store.

One call stores one batch in one transaction, so an article and everything derived from it are
committed together or not at all, and a rerun of the same batch changes nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from assbwatch.dedup import classify
from assbwatch.fingerprint import fingerprint
from assbwatch.models import Article, IngestReport
from assbwatch.warehouse import Warehouse, append

__all__ = ["ingest"]

Progress = Callable[[int], None]


def ingest(
    warehouse: Warehouse,
    articles: Sequence[Article],
    *,
    run_id: str | None = None,
    batch_size: int = 200,
    progress: Progress | None = None,
) -> IngestReport:
    """Store articles in batches of `batch_size`, each batch one transaction; returns the counts."""
    report = IngestReport()
    for start in range(0, len(articles), batch_size):
        batch = articles[start : start + batch_size]
        report.add(_ingest_batch(warehouse, batch, run_id=run_id))
        if progress is not None:
            progress(len(batch))
    return report


def _ingest_batch(warehouse: Warehouse, articles: Sequence[Article], *, run_id: str | None) -> IngestReport:
    prints = [fingerprint(a.text) for a in articles]
    report = IngestReport()
    now = datetime.now(UTC)
    with warehouse.transaction() as con:
        decisions = classify(con, articles, prints)
        next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchall()[0][0]
        ids: dict[int, int] = {}
        rows, samples = [], []
        for index, (article, fp, decision) in enumerate(zip(articles, prints, decisions, strict=True)):
            if decision.kind == "unchanged":
                report.unchanged += 1
                continue
            ids[index] = article_id = next_id
            next_id += 1
            duplicate_of = decision.duplicate_of
            if decision.duplicate_of_batch is not None:
                duplicate_of = ids[decision.duplicate_of_batch]
            if decision.kind == "new":
                report.new += 1
                samples.extend((h, article_id) for h in fp.samples)
            else:
                report.duplicate += 1
            report.article_ids.append(article_id)
            rows.append(
                (
                    article_id,
                    article.url,
                    article.source,
                    article.title,
                    article.published,
                    article.text,
                    fp.content_hash,
                    duplicate_of,
                    decision.similarity,
                    None if decision.kind == "new" else decision.kind,
                    None,
                    None,
                    article.author,
                    article.site,
                    article.fetched_at,
                    now,
                    run_id,
                    article.extractor,
                    len(fp.samples),
                    zlib.compress(article.raw) if article.raw is not None else None,
                )
            )
        append(con, "articles", rows)
        append(con, "article_samples", samples)
    return report
