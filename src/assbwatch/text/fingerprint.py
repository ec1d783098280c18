"""Content hashing: an exact SHA-256 and a sampled set of word-shingle hashes per article.

Sampling keeps every shingle whose hash falls in 1/`SAMPLE_MOD` of the hash space, so two
texts that share a passage share the same samples for it (unlike a fixed-size MinHash, this
estimates containment as well as Jaccard: a truncated or footer-padded copy still scores high).
The samples go to a DuckDB table with an index, making the candidate lookup an indexed join.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assbwatch.text.normalize import canonical, words

__all__ = ["Fingerprint", "fingerprint", "overlap"]

SHINGLE_WORDS = 5
SAMPLE_MOD = 8


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str
    shingles: frozenset[int]
    samples: frozenset[int]


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little", signed=True)


def _shingles(tokens: list[str]) -> frozenset[int]:
    """Hashes of every run of SHINGLE_WORDS words (a shorter text is one shingle)."""
    if len(tokens) <= SHINGLE_WORDS:
        return frozenset({_hash64(" ".join(tokens))}) if tokens else frozenset()
    return frozenset(_hash64(" ".join(tokens[i : i + SHINGLE_WORDS])) for i in range(len(tokens) - SHINGLE_WORDS + 1))


def fingerprint(text: str) -> Fingerprint:
    """Exact hash of the canonical text, all shingle hashes, and the sampled subset that is stored."""
    text = canonical(text)
    shingles = _shingles(words(text))
    samples = frozenset(h for h in shingles if h % SAMPLE_MOD == 0) or frozenset(sorted(shingles)[:1])
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Fingerprint(digest, shingles, samples)


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))
