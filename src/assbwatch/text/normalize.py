"""Text clean-up before anything compares or parses it.

Two levels: `clean` repairs what a reader should see (mojibake, odd spaces) and keeps case and
punctuation so figures can be read from it; `canonical` folds everything that does not change
meaning (case, quotes, dashes, whitespace) so equal stories hash equal.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

__all__ = ["canonical", "clean", "fold", "words"]

# "Â" before whitespace is the ghost of a UTF-8 no-break space read as Latin-1 whose second byte
# was later turned into a plain space; ftfy cannot see it once the pair is broken (seed 003).
_STRAY_A_CIRC = re.compile(r"Â(?=\s|$)")
# UTF-8 read as Latin-1/cp1252 always shows a lead character in U+00C2..U+00F4 ("Ã", "Â", "â"):
# text without one cannot be mojibake of that kind, and skips ftfy's detector (~1 ms a text).
_MAYBE_MOJIBAKE = re.compile("[\u00c2-\u00f4]")
# Quote and dash look-alikes, written as escapes so the table is unambiguous to read.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = str.maketrans(
    {**dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"'), **dict.fromkeys(_DASHES, "-")}
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_WORD = re.compile(r"\w+")


def clean(text: str) -> str:
    """Repair encoding damage and odd spaces, to a fixed point: one repair can expose another (ftfy
    sees "Âš" only once NFKC has turned "²" into "2"), and cleaning clean text must change nothing."""
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


_MAX_PASSES = 4


def _clean_once(text: str) -> str:
    """One pass; ftfy runs only where it detects mojibake (6 ms a document)."""
    if _MAYBE_MOJIBAKE.search(text) and is_bad(text):
        text = ftfy.fix_text(text, uncurl_quotes=False)  # keep the typography; `canonical` folds it
    # NFKC first: it can turn what follows a stray "Â" into whitespace ("˘" -> " ̆")
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _STRAY_A_CIRC.sub("", text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def fold(text: str) -> str:
    """Quotes and dashes unified, whitespace collapsed, casefolded: idempotent, and no ftfy, because
    casefolded text can look like mojibake to it ("\x80à")."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def canonical(text: str) -> str:
    """The form that is hashed: `fold(clean(text))`."""
    return fold(clean(text))


def words(canonical_text: str) -> list[str]:
    """Word tokens of canonical text; punctuation noise does not survive into shingles."""
    return _WORD.findall(canonical_text)
