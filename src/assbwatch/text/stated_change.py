"""Whether a sentence says that a figure moved: "pushed back to 2028", "now expects", "raised its target",
"longer than it previously forecast". Reporters signal a changed figure; a different figure that only shares
a discovered key ("ship B samples in 2024", later "baseline production in 2025") is stated plainly. A change
is pushed as an alert only when the new figure's sentence says so, or gives the old value (a figure marked
previous); otherwise it waits as a candidate.
"""

from __future__ import annotations

import re

__all__ = ["change_stated_from", "realised_later", "reports_done"]

# verbs of moving a figure, in their finite forms ("lower costs", "an advanced cell", "a booster" are not)
_MOVED = (
    r"delay(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|push(?:es|ed|ing)?\s+(?:\w+\s+)?(?:back|out|forward)|"
    r"(?:bring|brings|brought|bringing|pull(?:s|ed|ing)?)\s+(?:\w+\s+)?forward|"
    r"mov(?:e|es|ed|ing)\s+(?:\w+\s+)?(?:up|back|forward)|slip(?:s|ped|ping)?|"
    r"revis(?:e|es|ed|ing)|revision|reset|lift(?:s|ed|ing)|lower(?:s|ed|ing)|trim(?:s|med|ming)|"
    r"scal(?:e|es|ed|ing)\s+(?:back|down|up)|extend(?:s|ed|ing)?|stretch(?:es|ed|ing)?|lengthen(?:s|ed|ing)?|"
    r"shorten(?:s|ed|ing)?|widen(?:s|ed|ing)?|narrow(?:s|ed|ing)|accelerat(?:e|es|ed|ing)|"
    r"(?:speed(?:s|ed|ing)?|sped)\s+up|increas(?:e|es|ed|ing)|expand(?:s|ed|ing)?|boost(?:s|ed|ing)?|"
    r"doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|"
    r"upgrad(?:e|es|ed|ing)|downgrad(?:e|es|ed|ing)|"
    # "raised $100 million" is a funding round; "raised its target" a change
    r"rais(?:e|es|ed|ing)(?!\s+(?:about\s+|roughly\s+|some\s+|more\s+than\s+|over\s+|nearly\s+)?"
    r"(?:[$\u20ac\u00a3\u00a5\u20a9\d]|US\$|funds|money|capital|cash|financing))|"
    r"cut(?:s|ting)?(?!\s+(?:its\s+|their\s+|the\s+)?(?:costs?|prices?|jobs|emissions|the\s+cost|the\s+price))"
)
_CHANGE = re.compile(
    rf"\b(?:now|no\s+longer|previously|originally|initially|instead|{_MOVED}|"
    r"(?:later|sooner|earlier|more|less|longer|shorter|higher|lower|bigger|smaller|faster|slower)\s+than\s+"
    r"(?:planned|expected|scheduled|targeted|forecast|previously|before|originally|initially|it|they|the|its|their)|"
    r"(?:ahead\s+of|behind)\s+schedule|(?:a|one|two|three|\d+)\s+years?\s+(?:later|behind|ahead|late)\b|"
    r"new\s+(?:target|timeline|goal|plan|schedule|date|forecast|guidance)|(?:following|after)\s+a\s+redesign|"
    r"step\s+up\s+from)\b",  # "sized at 2 GWh, a big step up from the pilot equipment it described"
    re.IGNORECASE,
)


# "ended the quarter with $797.5 million and now expects its cash to last into 2029": a word of change that
# opens a coordinated clause says the clause's figure moved, not the figures before it
_COORDINATED = re.compile(r"(?:,\s*)?\b(?:and|but|while)\s+(?:it\s+|they\s+)?(?:has\s+|have\s+|had\s+)?$", re.I)


def change_stated_from(sentence: str) -> int | None:
    """Where the figures the sentence says moved begin (0: all of them; None: it says none moved). The old
    value, when the sentence gives one, is marked previous."""
    starts = []
    for m in _CHANGE.finditer(sentence):
        coordinated = _COORDINATED.search(sentence, 0, m.start())
        starts.append(coordinated.start() if coordinated else 0)
    return min(starts, default=None)


# a milestone reported as done ("began running in January 2025") against one reported as a plan ("is
# scheduled to start operating in spring 2024"): reporters often state a slipped start by the dates alone
_DONE = re.compile(
    r"\b(?:began|started|opened|commenced|launched|completed|entered|went\s+into|came\s+on\s+stream)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|schedul\w*|due|expects?|expected|aims?|aimed|aiming|"
    r"targets?|targeted|targeting|intends?|slated|set\s+to|on\s+track)\b",
    re.IGNORECASE,
)


def realised_later(new_sentence: str, old_sentence: str) -> bool:
    """True when the new sentence reports as done what the old one planned (the caller checks that the new
    year is the later one: a milestone that came later than planned)."""
    return reports_done(new_sentence) and bool(_PLANNED.search(old_sentence))


def reports_done(sentence: str) -> bool:
    """ "The line began operating in January 2025": done, not planned (a later year is a new stage)."""
    return bool(_DONE.search(sentence) and not _PLANNED.search(sentence))
