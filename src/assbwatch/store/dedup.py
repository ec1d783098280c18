"""Classify a batch of articles as unchanged, a revision (a new text at a URL already stored), exact
duplicate, near duplicate or new.

Candidates come from the warehouse by an indexed join on sampled shingle hashes (and from the
earlier articles of the same batch, in memory). A clear copy is decided on the sample estimate;
every other candidate is verified on the full shingle sets. A copy is a duplicate when most of the
shorter text lies in the longer one (containment) or the two mostly coincide (Jaccard): syndicated
copies with site chrome, truncated copies and copies with a few words changed pass; a rewrite in
other words does not.

Two stories of one newsletter share its header and footer: what two texts share at both edges (the
same leading and trailing paragraphs) is boilerplate, so a pair is compared again on the part between
(when both have a body there); articles of the same source are always verified on their texts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb

from assbwatch.models import Article
from assbwatch.store.warehouse import saved_query
from assbwatch.text.fingerprint import Fingerprint, fingerprint, overlap
from assbwatch.text.normalize import canonical, words

__all__ = ["Decision", "classify"]

_HEX = re.compile(r"[0-9a-f]{64}")
MIN_SHARED = 2  # one shared sample is chance; two in a 5-word-shingle sample set is a shared passage
CONFIDENT_SAMPLES = 24  # sample sets this large estimate containment within about +-0.1
SURE_CONTAINMENT = 0.8  # an estimate this high is a copy without reading the text (threshold 0.6 + margin)
CANDIDATE_SHARE = 0.25  # share of the smaller sample set two articles must have in common to be compared
MIN_CONTAINMENT = 0.6  # verified on full shingles: most of the shorter text is in the longer one
MIN_JACCARD = 0.5
MIN_BODY_WORDS = 30  # a part between shared edges shorter than this is no story of its own
MIN_BODY_WORD_JACCARD = 0.5  # the parts between shared edges of one story, edited, share this many of their words

Kind = Literal["new", "exact", "near", "unchanged", "revision"]


@dataclass(frozen=True)
class Decision:
    kind: Kind
    duplicate_of: int | None = None  # an existing article id (the root of its cluster) ...
    duplicate_of_batch: int | None = None  # ... or the index of an earlier new article in this batch
    similarity: float | None = None
    previous_version: int | None = None  # a revision: the newest stored article at the same URL


@dataclass
class _Known:
    """An article a new one can be compared with: stored already, or new earlier in the batch."""

    root: int  # article id, or batch index when `in_batch` (only new articles are indexed, so their own root)
    in_batch: bool
    shingles: frozenset[int] = frozenset()
    estimate: float | None = None  # containment already certain from the samples: no need to read the text
    text: str = ""


def _is_duplicate(a: frozenset[int], b: frozenset[int], a_text: str = "", b_text: str = "") -> tuple[bool, float]:
    jaccard, containment = overlap(a, b)
    duplicate = containment >= MIN_CONTAINMENT or jaccard >= MIN_JACCARD
    if duplicate and a_text and b_text:
        middles = _between_shared_edges(a_text, b_text)
        if middles is not None:  # both have a body of their own between a shared header and footer
            ma, mb = (set(words(m)) for m in middles)
            # two stories differ in most of their words; an edited paragraph of one story keeps most of them
            duplicate = len(ma & mb) / len(ma | mb) >= MIN_BODY_WORD_JACCARD
    return duplicate, containment


def _between_shared_edges(a: str, b: str) -> tuple[str, str] | None:
    """The two texts without the paragraphs they share at the start and at the end, when they share both
    and both keep at least MIN_BODY_WORDS words; else None (a copy or a truncation keeps nothing)."""
    la = [canonical(line) for line in a.split("\n") if line.strip()]
    lb = [canonical(line) for line in b.split("\n") if line.strip()]
    lead = 0
    while lead < min(len(la), len(lb)) and la[lead] == lb[lead]:
        lead += 1
    tail = 0
    while tail < min(len(la), len(lb)) - lead and la[-1 - tail] == lb[-1 - tail]:
        tail += 1
    if not lead or not tail:
        return None  # a shared start alone is a truncated copy with more added; boilerplate frames both ends
    ma, mb = "\n".join(la[lead : len(la) - tail]), "\n".join(lb[lead : len(lb) - tail])
    if min(len(words(ma)), len(words(mb))) < MIN_BODY_WORDS:
        return None
    return ma, mb


def _stored_candidates(
    con: duckdb.DuckDBPyConnection, prints: Sequence[Fingerprint], sources: Sequence[str]
) -> dict[int, list[_Known]]:
    """Stored articles worth comparing with each batch index.

    The indexed join on samples gives the shared sample count; with both sample-set sizes that
    estimates containment. Where both sets are large and the estimate is clearly high, the copy is
    decided on it; only uncertain pairs cost a read of the stored text (cold at 100k articles).
    """
    all_samples = sorted({h for fp in prints for h in fp.samples})
    postings: dict[int, list[int]] = defaultdict(list)
    for sample, article_id in con.execute(saved_query("article_samples_by_hash"), [all_samples]).fetchall():
        postings[sample].append(article_id)
    shared = {index: Counter(aid for h in fp.samples for aid in postings.get(h, ())) for index, fp in enumerate(prints)}
    ids = sorted({aid for counts in shared.values() for aid, n in counts.items() if n >= MIN_SHARED})
    if not ids:
        return {}
    # ids are integers from the warehouse itself, so a literal list is safe, and ~0.4 ms faster than unnest
    stored = {
        aid: (root, n_samples, source)
        for aid, root, n_samples, source in con.execute(saved_query("dedup_stored").format(ids=_ints(ids))).fetchall()
    }
    chosen: dict[int, list[tuple[int, float | None]]] = {}
    for index, counts in shared.items():
        own = len(prints[index].samples)
        for aid, n in counts.most_common():
            if aid not in stored or not _worth(n, own, stored[aid][1]):
                continue
            smaller = min(own, stored[aid][1])
            same_source = sources[index] == stored[aid][2]  # may share a header and footer: read the text
            sure = not same_source and smaller >= CONFIDENT_SAMPLES and n / smaller >= SURE_CONTAINMENT
            chosen.setdefault(index, []).append((aid, round(n / smaller, 4) if sure else None))
    to_read = sorted({aid for pairs in chosen.values() for aid, estimate in pairs if estimate is None})
    texts = dict(con.execute(saved_query("article_texts").format(ids=_ints(to_read))).fetchall()) if to_read else {}
    shingles = {aid: fingerprint(text).shingles for aid, text in texts.items()}
    return {
        index: [
            _Known(stored[aid][0], False, shingles.get(aid, frozenset()), estimate, texts.get(aid, ""))
            for aid, estimate in pairs
        ]
        for index, pairs in chosen.items()
    }


def _ints(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


def _worth(shared: int, size_a: int, size_b: int) -> bool:
    """Enough sampled shingles in common to be worth a full comparison."""
    return shared >= MIN_SHARED and shared / max(1, min(size_a, size_b)) >= CANDIDATE_SHARE


def classify(
    con: duckdb.DuckDBPyConnection, articles: Sequence[Article], prints: Sequence[Fingerprint]
) -> list[Decision]:
    """Decide each article of the batch, in order, against the warehouse and the batch's earlier articles."""
    hashes = sorted({fp.content_hash for fp in prints})
    exact_roots: dict[str, int] = {}
    if not all(_HEX.fullmatch(h) for h in hashes):  # written into the query below, so checked first
        raise ValueError("content hashes must be SHA-256 hex digests")
    # ordered by id so the first row per hash is the earliest article with that content
    for content_hash, root in con.execute(
        saved_query("articles_by_content_hash").format(hashes=",".join(repr(h) for h in hashes))
    ).fetchall():
        exact_roots.setdefault(content_hash, root)
    newest = {  # the newest version already stored at each URL of the batch: (id, content hash, duplicate_of)
        url: (aid, content_hash, duplicate_of)
        for url, aid, content_hash, duplicate_of in con.execute(
            saved_query("articles_newest_at_urls"), [sorted({a.url for a in articles})]
        ).fetchall()
    }
    candidates = _stored_candidates(con, prints, [a.source for a in articles])

    decisions: list[Decision] = []
    batch_hashes: dict[str, int] = {}
    batch_samples: dict[int, list[int]] = defaultdict(list)
    batch_urls: set[tuple[str, str]] = set()
    for index, (article, fp) in enumerate(zip(articles, prints, strict=True)):
        key = (article.url, fp.content_hash)
        stored = newest.get(article.url)
        if (stored is not None and stored[1] == fp.content_hash) or key in batch_urls:
            decisions.append(Decision("unchanged"))  # the URL's newest text: an edit reverted later is news
            continue
        batch_urls.add(key)
        if stored is not None:  # the same page with another text: an edit, stored as its new version
            if stored[2] is not None:  # a copy's page stays a copy of the same original
                decisions.append(Decision("near", duplicate_of=stored[2], previous_version=stored[0]))
            else:
                decisions.append(Decision("revision", previous_version=stored[0]))
            continue
        if fp.content_hash in exact_roots:
            decisions.append(Decision("exact", duplicate_of=exact_roots[fp.content_hash], similarity=1.0))
            continue
        if fp.content_hash in batch_hashes:
            decisions.append(Decision("exact", duplicate_of_batch=batch_hashes[fp.content_hash], similarity=1.0))
            continue
        known = list(candidates.get(index, []))
        in_batch = Counter(j for h in fp.samples for j in batch_samples.get(h, ()))
        known += [
            _Known(j, True, prints[j].shingles, text=articles[j].text)
            for j, n in in_batch.items()
            if _worth(n, len(fp.samples), len(prints[j].samples))
        ]
        best: tuple[float, _Known] | None = None
        for other in known:
            if other.estimate is not None:
                duplicate, score = True, other.estimate
            else:
                duplicate, score = _is_duplicate(fp.shingles, other.shingles, article.text, other.text)
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
