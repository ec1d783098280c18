"""Classify a batch of articles as unchanged, exact duplicate, near duplicate or new.

Candidates come from the warehouse by an indexed join on sampled shingle hashes (and from the
earlier articles of the same batch, in memory); each candidate is then verified on the full
shingle sets. A copy is a duplicate when most of the shorter text lies in the longer one
(containment) or the two mostly coincide (Jaccard): syndicated copies with site chrome, truncated
copies and copies with a few words changed pass; a rewrite in other words does not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb

from assbwatch.fingerprint import Fingerprint, fingerprint, overlap
from assbwatch.models import Article

__all__ = ["Decision", "classify"]

_HEX = re.compile(r"[0-9a-f]{64}")
MIN_SHARED = 2  # one shared sample is chance; two in a 5-word-shingle sample set is a shared passage
CANDIDATE_SHARE = 0.25  # share of the smaller sample set two articles must have in common to be compared
MIN_CONTAINMENT = 0.6  # verified on full shingles: most of the shorter text is in the longer one
MIN_JACCARD = 0.5

Kind = Literal["new", "exact", "near", "unchanged"]


@dataclass(frozen=True)
class Decision:
    kind: Kind
    duplicate_of: int | None = None  # an existing article id (the root of its cluster) ...
    duplicate_of_batch: int | None = None  # ... or the index of an earlier new article in this batch
    similarity: float | None = None


@dataclass
class _Known:
    """An article a new one can be compared with: stored already, or new earlier in the batch."""

    root: int  # article id, or batch index when `in_batch` (only new articles are indexed, so their own root)
    in_batch: bool
    shingles: frozenset[int]


def _is_duplicate(a: frozenset[int], b: frozenset[int]) -> tuple[bool, float]:
    jaccard, containment = overlap(a, b)
    return (containment >= MIN_CONTAINMENT or jaccard >= MIN_JACCARD), containment


def _stored_candidates(
    con: duckdb.DuckDBPyConnection, prints: Sequence[Fingerprint]
) -> tuple[dict[int, list[int]], dict[int, _Known]]:
    """Stored articles worth verifying for each batch index, and those articles' shingles.

    Two queries whatever the batch size: the indexed join on samples, then the sizes and texts of
    the articles sharing at least two samples (only those worth it are shingled).
    """
    all_samples = sorted({h for fp in prints for h in fp.samples})
    postings: dict[int, list[int]] = defaultdict(list)
    for sample, article_id in con.execute(
        "SELECT hash, article_id FROM article_samples WHERE hash IN (SELECT unnest(?::BIGINT[]))", [all_samples]
    ).fetchall():
        postings[sample].append(article_id)
    shared = {index: Counter(aid for h in fp.samples for aid in postings.get(h, ())) for index, fp in enumerate(prints)}
    ids = sorted({aid for counts in shared.values() for aid, n in counts.items() if n >= MIN_SHARED})
    if not ids:
        return {}, {}
    # ids are integers from the warehouse itself, so a literal list is safe, and ~0.4 ms faster than unnest
    rows = con.execute(
        "SELECT id, coalesce(duplicate_of, id), n_samples, text FROM articles"
        f" WHERE id IN ({','.join(str(int(i)) for i in ids)})"
    ).fetchall()
    sizes = {aid: n_samples for aid, _, n_samples, _ in rows}
    candidates = {
        index: [
            aid for aid, n in counts.most_common() if aid in sizes and _worth(n, len(prints[index].samples), sizes[aid])
        ]
        for index, counts in shared.items()
    }
    # only candidates worth verifying are shingled (~2 ms each)
    wanted = {aid for cands in candidates.values() for aid in cands}
    stored = {aid: _Known(root, False, fingerprint(text).shingles) for aid, root, _, text in rows if aid in wanted}
    return candidates, stored


def _worth(shared: int, size_a: int, size_b: int) -> bool:
    """Enough sampled shingles in common to be worth a full comparison."""
    return shared >= MIN_SHARED and shared / max(1, min(size_a, size_b)) >= CANDIDATE_SHARE


def classify(
    con: duckdb.DuckDBPyConnection, articles: Sequence[Article], prints: Sequence[Fingerprint]
) -> list[Decision]:
    """Decide each article of the batch, in order, against the warehouse and the batch's earlier articles."""
    hashes = sorted({fp.content_hash for fp in prints})
    seen: set[tuple[str, str]] = set()
    exact_roots: dict[str, int] = {}
    # ordered by id so the first row per hash is the earliest article with that content
    if not all(_HEX.fullmatch(h) for h in hashes):  # written into the query below, so checked first
        raise ValueError("content hashes must be SHA-256 hex digests")
    for content_hash, url, root in con.execute(
        "SELECT content_hash, url, coalesce(duplicate_of, id) FROM articles"
        f" WHERE content_hash IN ({','.join(repr(h) for h in hashes)}) ORDER BY id"
    ).fetchall():
        seen.add((url, content_hash))
        exact_roots.setdefault(content_hash, root)
    candidates, stored = _stored_candidates(con, prints)

    decisions: list[Decision] = []
    batch_hashes: dict[str, int] = {}
    batch_samples: dict[int, list[int]] = defaultdict(list)
    batch_urls: set[tuple[str, str]] = set()
    for index, (article, fp) in enumerate(zip(articles, prints, strict=True)):
        key = (article.url, fp.content_hash)
        if key in seen or key in batch_urls:
            decisions.append(Decision("unchanged"))
            continue
        batch_urls.add(key)
        if fp.content_hash in exact_roots:
            decisions.append(Decision("exact", duplicate_of=exact_roots[fp.content_hash], similarity=1.0))
            continue
        if fp.content_hash in batch_hashes:
            decisions.append(Decision("exact", duplicate_of_batch=batch_hashes[fp.content_hash], similarity=1.0))
            continue
        known = [stored[aid] for aid in candidates.get(index, [])]
        in_batch = Counter(j for h in fp.samples for j in batch_samples.get(h, ()))
        known += [
            _Known(j, True, prints[j].shingles)
            for j, n in in_batch.items()
            if _worth(n, len(fp.samples), len(prints[j].samples))
        ]
        best: tuple[float, _Known] | None = None
        for other in known:
            duplicate, score = _is_duplicate(fp.shingles, other.shingles)
            if duplicate and (best is None or score > best[0]):
                best = (score, other)
        if best is None:
            decisions.append(Decision("new"))
            batch_hashes[fp.content_hash] = index
            for h in fp.samples:
                batch_samples[h].append(index)
        elif best[1].in_batch:
            decisions.append(Decision("near", duplicate_of_batch=best[1].root, similarity=round(best[0], 4)))
        else:
            decisions.append(Decision("near", duplicate_of=best[1].root, similarity=round(best[0], 4)))
    return decisions
