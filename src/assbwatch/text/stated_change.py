"""Whether a sentence says that something moved: "pushed back to 2028", "now expects", "up from", "its
earlier goal". Reporters signal a changed figure; a different figure that only shares a discovered key
("ship B samples in 2024", later "baseline production in 2025") is stated plainly. A change is pushed as
an alert only when the new figure's sentence says so; otherwise it waits as a candidate.
"""

from __future__ import annotations

import re

__all__ = ["states_change"]

_CHANGE = re.compile(
    r"\b(?:now|no longer|anymore|any more|"
    r"delay(?:s|ed|ing)?|postpon\w+|push(?:es|ed|ing)? (?:\w+ )?(?:back|out|forward)|"
    r"(?:bring|brings|brought|bringing|pull(?:s|ed|ing)?) (?:\w+ )?(?:forward|in|ahead)|"
    r"mov(?:e|es|ed|ing) (?:\w+ )?(?:up|back|forward|to)|shift\w*|slip\w*|"
    r"revis\w+|updat\w+|adjust\w*|reset|chang\w+|lift\w*|rais\w+|lower\w*|cut(?:s|ting)?|trim\w*|"
    r"scal\w+ (?:back|down|up)|extend\w*|extension|stretch\w*|lengthen\w*|shorten\w*|widen\w*|narrow\w*|"
    r"accelerat\w+|advanc\w+|speed\w* up|sped up|increas\w+|expand\w*|boost\w*|doubl\w+|tripl\w+|halv\w+|"
    r"reduc\w+|upgrad\w+|downgrad\w+|earlier|previous(?:ly)?|original(?:ly)?|initial(?:ly)?|instead|"
    r"rather than|(?:later|sooner|earlier|more|less|longer|shorter) than (?:planned|expected|scheduled|"
    r"targeted|forecast|previously|before|originally|initially|the)|ahead of schedule|behind schedule|"
    r"(?:up|down) from|from \S+ (?:\S+ )?to|had (?:been )?(?:planned|aimed|targeted|expected|scheduled|set)|"
    r"new (?:target|timeline|goal|plan|schedule|date|forecast|guidance)|a year (?:later|earlier|ahead)|"
    r"(?:one|two|three|\d+) years? (?:later|earlier|ahead|behind|late|early))\b",
    re.IGNORECASE,
)


def states_change(sentence: str) -> bool:
    """True when the sentence says a figure moved (or gives the value it moved from)."""
    return _CHANGE.search(sentence) is not None
