"""Every reported quantity in a text, with its unit, qualifier, period and sentence. Pure: no I/O.

A small grammar tuned to policy news: money with currency and scale, percentages, energy,
prices per unit of energy, counts with their noun, and target years. It was measured against
quantulum3 on the labelled set in `tests/fixtures/figures_labelled.toml` (see the README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from assbwatch.text.stated_change import change_stated_from

__all__ = ["BULLETS", "NOW", "Figure", "Sentence", "extract_figures", "resolve_period", "sentences"]

BULLETS = "-*\u2022\u2013"  # what opens a list's line (for a character class: the hyphen first)

Qualifier = str  # exact | approx | max | min | more_than | less_than | range


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of the sentence in the article text


@dataclass(frozen=True)
class Figure:
    """One reported quantity. For a range, `value` is the midpoint and `low`/`high` the ends."""

    value: float
    unit: str  # ISO currency, CUR/Wh, %, GWh, count, year
    qualifier: Qualifier
    period: str  # a year ("2015"), "peak", "now" (the article's date) or "target" for target years
    start: int  # span of `surface` in the article text
    end: int
    surface: str
    sentence: Sentence
    low: float | None = None
    high: float | None = None
    noun: str | None = None  # what a count counts ("patents")
    previous: bool = False  # an earlier value the article mentions ("up from", "from X to Y"): not news
    says_moved: bool = False  # its sentence says a figure moved or gives an old value (`stated_change`)

    @property
    def kind(self) -> str:
        """money | price | percent | energy | count | year: what a catalogue entry asks for."""
        if self.unit.endswith("/Wh"):
            return "price"
        return {"%": "percent", "GWh": "energy", "count": "count", "year": "year"}.get(self.unit, "money")


# --- numbers -----------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "a hundred": 100,
}  # fmt: skip
_FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3,
    "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0, "a fifth": 20.0, "one fifth": 20.0,
    "two fifths": 40.0, "three fifths": 60.0, "four fifths": 80.0, "a tenth": 10.0, "one tenth": 10.0,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12,
}  # fmt: skip
_CURRENCY_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "jp¥": "JPY", "jpy": "JPY", "¥": "JPY",
    "cn¥": "CNY", "cny": "CNY", "rmb": "CNY", "€": "EUR", "eur": "EUR", "krw": "KRW", "₩": "KRW",
    "£": "GBP", "gbp": "GBP",
}  # fmt: skip
_CURRENCY_SUFFIX = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "usd": "USD", "yen": "JPY", "jpy": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY", "won": "KRW", "krw": "KRW",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds": "GBP", "gbp": "GBP",
}  # fmt: skip
_ENERGY = {"twh": 1e3, "gwh": 1.0, "mwh": 1e-3, "kwh": 1e-6, "tera": 1e3, "giga": 1.0, "mega": 1e-3, "kilo": 1e-6}
_PER_ENERGY = {"wh": 1.0, "kwh": 1e3, "mwh": 1e6}  # price per X to price per Wh
_PER_WORDS = {"kilowatt": "kwh", "megawatt": "mwh", "watt": "wh"}
# "priced from 100,000 yuan", "ranging from": where a scale starts, not an old value
_FROM = re.compile(
    r"\b(?:(?<!priced )(?<!prices )(?<!starting )(?<!ranging )from|"
    r"up from|down from|compared with|versus|vs\.?)"
    r"(?:\s+(?:about|around|roughly|approximately|nearly|some|over|more than|less than|under|below|a|an|the|its|"
    r"their|a planned|the planned|an earlier|the earlier|the previous|the original|full|initial))*\s*$",
    re.IGNORECASE,
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def parse_number(text: str) -> float:
    """'1,000' is a thousand; '0,14' (a comma before other than three digits) is a decimal comma."""
    text = text.strip()
    if text.lower() in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text.lower()])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


_DASH = r"\s?(?:-|\u2013|\u2014|to)\s?"
# "a net profit for 2024 to 50.7 billion yuan": a year is never the low end of a range
_NOT_YEAR_TO = r"(?!(?:19|20)\d{2}\s?(?:-|\u2013|\u2014|to)\s?(?!(?:19|20)\d{2}))"
_RANGE = rf"{_NOT_YEAR_TO}(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?"
_SCALE = rf"(?:[\s-]?(?P<scale>{_alternation(_SCALES)})\b)?"  # "$1.5 billion", "$1.5-billion"
_PER = r"(?:\s?(?:/|per\s|a\s)(?P<per>kWh|MWh|Wh|kilowatt[- ]hours?|megawatt[- ]hours?|watt[- ]hours?)\b)?"

_MONEY_PREFIX = re.compile(
    rf"(?<![\w$¥€£₩])(?P<cur>{_alternation(_CURRENCY_PREFIX)})\s?{_RANGE}{_SCALE}{_PER}", re.IGNORECASE
)
_MONEY_SUFFIX = re.compile(
    rf"(?<![\w.,$]){_NOT_YEAR_TO}(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?{_SCALE}\s(?P<cur>{_alternation(_CURRENCY_SUFFIX)})\b"
    rf"{_PER}",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?<![\w.,])(?:{_RANGE})\s?(?:%|percent\b|per cent\b|pct\b)", re.IGNORECASE)
_ENERGY_RE = re.compile(
    rf"(?<![\w.,$])(?:{_RANGE}){_SCALE}\s?(?:(?P<unit>TWh|GWh|MWh|kWh)\b|(?P<word>tera|giga|mega|kilo)watt[- ]hours?\b)"
    r"(?!\s?/)(?!\s?(?:per|a)\s(?:kg|kilogram|litre|liter)\b)",
    re.IGNORECASE,
)
_FRACTION_WORDS = f"{_alternation(_FRACTIONS)}|{_alternation(k.replace(' ', '-') for k in _FRACTIONS)}"
# "a fifth of the market", or a change or level: "rose by a quarter", "fell to about a fifth"
_FRACTION = re.compile(
    rf"(?<![\w-])(?<!first )(?<!second )(?<!latter )(?<!last )(?<!other )(?P<frac>{_FRACTION_WORDS})\s+of\b"
    rf"(?!\s+(?:the\s+)?(?:year|decade|century|(?:19|20)\d{{2}}s?)\b)"
    rf"|\b(?:by|to|than|about|around|roughly|nearly|almost|some|over|under)\s+(?P<frac2>{_FRACTION_WORDS})\b"
    r"(?!\s+(?:of\s+)?(?:an?\s+)?(?:hour|century|mile|year|point))"
    # "committing to a third US plant", "a third production line": an ordinal before what it ranks
    r"(?!\s+(?-i:[A-Z])|\s+(?:[\w-]+\s+)?(?:plant|factory|gigafactory|line|site|facility|round|phase|stage|"
    r"generation|customer|partner|model)s?\b)"
    # "half the size", not "in the first half the company sold"
    r"|(?<![\w-])(?<!first )(?<!second )(?<!latter )(?<!last )(?P<frac3>half)\s+(?:the|its|their)\s+"
    r"(?!(?:year|decade|century|time)\b)",
    re.IGNORECASE,
)
# "more than one in five cars sold": a share said as a ratio
_ONE_IN = re.compile(
    r"(?<![\w-])(?:one|1)\s+(?:in|out\s+of)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b"
    r"(?!\s*(?:%|percent|per\s+cent|years?|months?|days?|times?)\b)",
    re.IGNORECASE,
)
_CELL_FORMATS = {"2170", "4680", "4695", "4690", "4680s", "18650", "21700", "46800", "4875"}  # "2170 cells": a size
_COUNT_NOUNS = (
    "patents", "projects", "companies", "firms", "plants", "factories", "gigafactories", "lines", "vehicles",
    "cars", "models", "startups", "start-ups", "partners", "countries", "manufacturers", "makers", "jobs",
    "stations", "members", "programmes", "programs", "applications", "universities", "suppliers", "evs", "bases",
    "plans",
    "carmakers", "automakers", "employees", "workers", "cells", "units", "customers", "sites", "prototypes",
    "trucks", "buses", "scooters", "motorcycles", "engineers", "researchers", "staff", "facilities", "families",
    "patent families", "institutions", "organisations", "organizations", "players", "brands", "investors",
    "people", "readers", "subscribers", "executives", "professionals", "members", "dealers", "chargers",
    "states", "member states", "nations", "provinces", "modules", "presses", "machines",
)  # fmt: skip
# "77 ampere-hour cells", "4 kWh modules": a measured size, not a count of cells
_UNIT_WORDS = r"(?:ampere|amp|Ah|[kMG]?Wh|volt|V|km|mile|kg)(?:[-\s]hours?)?\b"
_COUNT = re.compile(
    # not a group named by its rank or size ("Korea's big three cell makers", "several hundred thousand cars")
    rf"(?<![\w.,$-])(?<!big )(?<!top )(?<!several )(?<!many )(?<!few )(?!(?:one|1) of\b)(?P<a>\d{{1,3}}(?:,\d{{3}})+"
    rf"|(?:\d+(?:\.\d+)?|a|one)\s(?:million|billion|thousand)|\d+"
    rf"|{_alternation(_NUMBER_WORDS)})(?:\s(?:of\s(?:the|its|their)\s(?:world's\s)?(?:top|largest|biggest|leading|major)"
    rf"\s(?:\d+|{_alternation(_NUMBER_WORDS)})))?\s(?:of\s(?:its|their)\s)?"
    # up to three modifiers, none a number or a conjunction ("1,000 engineers and 24 patents" is not 1,000 patents)
    rf"(?P<mods>(?:(?!(?:and|or|but|plus|of|for|in|at|to|with|by|from|per|on|than|why|that|which|who|when|"
    rf"where|if|largest|biggest|leading|top)\s|{_UNIT_WORDS})"  # "China's two largest battery makers": a rank
    rf"[A-Za-z&'./-][\w&'./-]*\s){{0,3}}?)(?P<noun>{_alternation(_COUNT_NOUNS)})\b",
    re.IGNORECASE,
)
_YEAR = r"(?:19|20)\d{2}"
# When a plan, start, launch or runway end happens: "by 2030", "in 2029", "through 2030", "from 2025",
# "by fiscal 2028", "as early as 2026", "into 2029", "between 2027 and 2028", "2027-28", "FY2028",
# "the second half of 2027", "running since January 2025" (when a line started: see _MAKING_SINCE). Only with a
# milestone word in the clause (else a year is a period).
_YEAR_LEAD = (
    r"(?:by|in|at|from|to|toward|towards|through|into|until|till|before|after|around|circa|as early as|as soon as|"
    r"no later than|"
    r"(?:later|earlier|sooner) than|"
    r"target(?:ed|ing|s)?|(?:goal|deadline|guidance|date|timeline|target|timeframe) of|aim(?:ed|ing|s)? (?:for|at)|"
    r"plan(?:ned|s)? for|eye(?:s|ing)?|since|"
    r"starting(?:\s+in)?|beginning(?:\s+in)?|between|for|during|slated for|scheduled for|set for|due in|targeted for)"
)
_YEAR_MODS = (
    r"(?:(?P<q>around|about|approximately|roughly|circa)\s+|(?:early|late|mid-?|the end of|the start of|"
    r"spring|summer|autumn|fall|winter|the (?:spring|summer|autumn|fall|winter) of|"
    r"the beginning of|the middle of|the (?:first|second|latter|last) half of|the (?:first|second|third|fourth) "
    r"quarter of|the (?:early|later|latter|last) part of|(?:fiscal|financial)(?:\s+year)?|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December))\s*)*"
)
_MILESTONE_YEAR = re.compile(
    rf"(?:\b(?P<lead>{_YEAR_LEAD})\s+(?:the\s+)?{_YEAR_MODS}|\b(?P<pre>FY\s?|(?:end|mid|early|late)-)(?=\d)|(?<![\w/.,-]))"
    rf"(?P<a>{_YEAR})(?:\s?(?P<sep>-|\u2013|\u2014|/|to|or|and)\s?(?:(?:fiscal|FY)\s?)?(?P<b>{_YEAR}|\d{{2}}\b))?"
    r"(?![\w%$]|\s?(?:%|percent|per cent|GWh|MWh|TWh|kWh))(?!\s?(?-i:[A-Z][a-z]))",  # not "the 2024 Battery Strategy"
    re.IGNORECASE,
)
# "running since January 2025", "has been turning out cells since 2023": a line that makes since then started then
_MAKING = r"(?:running|operating|in operation|producing|making|turning out|churning out)"
# "fund the business into 2027", "enough to run the business into 2027", "see the company into 2028": a runway
_CARRIES_INTO = r"(?:fund|run|keep|see|sustain|financ)\w*\s+(?:[\w-]+\s+){0,4}into"
_MILESTONE = re.compile(
    r"\b(?:commercial|mass[- ]?produc|launch|introduc|target|aim|plan|goal|achiev|reach|deploy|roll(?:s|ed)? out|"
    r"rollout|start|begin|began|begun|production|produc|manufactur|operat|open|complet|finish|runway|deliver|ship|install|"
    r"expect|schedul|debut|available|online|ready|ramp|equip|fit|build|construct|due|timeline|milestone|"
    r"come on stream|go into|enter|hit the road|on sale|to market|series production|pilot|batch|guidance|sample|"
    r"test|trial|delay|push|slip|postpone|move|bring|last|extend|intend|commit|want|hope|seek|envisag|eye|mov|carr|"
    r"(?:come|comes|came|coming|roll|rolls|rolled|rolling) off|tak(?:e|es|ing)\s+(?:\w+\s+){1,3}into|pencil|"
    rf"{_MAKING}(?:\s+[\w-]+){{0,2}},?\s+since|(?:work|works|working|worked) towards?|{_CARRIES_INTO})",
    re.IGNORECASE,
)
# a verb between a figure and a year makes the year a milestone of its own ("40 GWh, due to start in 2027");
# nouns do not ("150 GWh of domestic manufacturing capacity by 2030": the year is the figure's period)
_MILESTONE_VERB = re.compile(
    r"\b(?:start|begin|began|begun|launch|commerciali[sz]e|mass[- ]produce|produce|deliver|ship|open|complete|"
    r"build|install(?!ed\s+(?:capacity|base))|reach|achieve|aim|plan|target|expect|schedul|due|roll out|go into|finish|"
    r"come on stream|move|push|"
    rf"delay|bring|extend|stretch|last|slip|guid|runway|forecast|promis|fund|carr|{_CARRIES_INTO})\w*",
    re.IGNORECASE,
)
# a year that dates a statement, a deal or a past step, not a milestone: "announced in 2023", "listed in New
# York in February 2022", "first shown at its NIO Day event in January 2021", "bought from Sony in 2017", "took
# a stake in 2022", "lost a large order from BMW in 2024"
_STATEMENT = re.compile(
    r"(?<![\w-])(?:announced|announces|said|says|reported|reports|founded|established|unveiled|signed|revealed|"
    r"published|stated|disclosed|since|sold|rose|fell|grew|recorded|posted|bought|acquired|purchased|"
    r"merged|invested|raised|led|co-led|agreed|filed|listed|spun off|shown|showed|widened|researching|studying|lost|"
    r"took\s+(?:a|an)\s+(?:[\w-]+\s+)?stake|"
    r"presented)"
    r"\s+(?P<between>(?:[^\s,;:]+\s+){0,6}?)(?:(?:in|on|at)\s+)?$",
    re.IGNORECASE,
)
# --- qualifiers and periods --------------------------------------------------------------------

_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?:^|\W)(?:{pattern})(?:\W|$)", re.IGNORECASE))
    for name, pattern in (
        ("max", r"up to|maximum(?:\s\w+)?\sof|max\.|at most|a ceiling of|capped at|no more than"),
        ("min", r"at least|minimum(?:\s\w+)?\sof|no less than"),
        ("more_than", r"more than|over|above|exceed(?:ing|s|ed)?|in excess of|upwards of|surpass(?:es|ing)?|>"),
        ("less_than", r"less than|below|under|fewer than|<"),
        (
            "approx",
            r"about|roughly|around|approximately|approx\.?|nearly|near|almost|some|circa|~|an estimated|estimated",
        ),
    )
)
# "previous year", "days earlier", "an initial capacity of" say when or which phase, not an old value
_SUPERSEDED = re.compile(
    r"\b(?:previously|previous(?!\s+(?:year|quarter|month|week|day|period|generation)s?\b)|"
    r"(?<!day )(?<!days )(?<!week )(?<!weeks )(?<!month )(?<!months )(?<!year )(?<!years )"
    r"earlier(?!\s+(?:this|that|in|on|last)\b)|original(?:ly)?|initially|"
    r"initial(?=\s+(?:plan|target|goal|timeline|schedule|estimate|forecast|date|aim|guidance|deadline)s?\b)|"
    r"prior|had (?:once |first )?(?:been )?"
    r"(?:planned|targeted|aimed|expected|set|scheduled|forecast|projected|said|promised|pencilled|pointed|flagged|"
    r"indicated|signalled|signaled|cited|guided)|instead of|"
    r"(?:was|were|had been) (?:supposed|meant|originally due) to|"
    r"(?:was|were) (?:still|once|first) (?:guiding|pointing|promising)|"
    r"rather than|(?:pushed|put|moved|delayed|postponed|set) back from|delayed from|postponed from|moved from|"
    r"(?:later|earlier|sooner) than|once (?:planned|aimed|targeted|expected|promised|pencilled)|at one point|"
    r"brought forward from|pulled forward from|revised from|replac\w+)\b",
    re.IGNORECASE,
)
_SUPERSEDED_WORDS = 7  # look this far back for "previously", "originally", "had planned"
_QUALIFIER_WORDS = 5  # look this many words back for a qualifier ("a maximum subsidy of roughly")
NOW = re.compile(r"\b(?:now|today|currently|at present|presently)\b", re.IGNORECASE)  # a figure as it stands
_PEAK = re.compile(r"\b(?:once|at (?:its|their) peak|at the peak|formerly)\b", re.IGNORECASE)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_PERIOD = re.compile(
    rf"\b(?:by|in|for|as of|during|until|through|from)\s+(?:the end of\s+|early\s+|late\s+|mid-?)?"
    rf"(?:{_MONTHS}\s+)?(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
# "held about a quarter of the market last year", "guided capex of $40 million for the year": years said
# from the article's date, resolved where it is known (`resolve_period`)
_RELATIVE_YEARS = {"last-year": -1, "this-year": 0, "next-year": 1}
# "additional payments of up to $131 million", "a further 40 GWh": an increment, not the figure's new value
ADDED = "added"
_ADDED = re.compile(r"\b(?:additional|extra|incremental|a\s+further)\b", re.IGNORECASE)  # not "fall further to"
_ADDED_AFTER = re.compile(r"\s+(?:more\b|(?:in|of)\s+(?:additional|extra|further)\b)", re.IGNORECASE)
# "up to 48 GWh possible over the longer term": a horizon of its own, not the nearer year in the sentence
LONG_TERM = "long-term"
_LONG_TERM = re.compile(r"\b(?:(?:over|in) the long(?:er)?[- ](?:term|run)|eventually|ultimately)\b", re.IGNORECASE)
_OPTION = re.compile(r"\boptions?\b", re.IGNORECASE)
DECADE_END = "decade-end"  # "worth $9.6 billion at the end of the decade": 2030 for an article of the 2020s
_DECADE_END = re.compile(r"\bend of (?:the|this) decade\b", re.IGNORECASE)
# "last year", "for the full year"; not "at this year's technology conference" (it dates the event)
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<which>last|this|next) year(?!['\u2019]s\s+(?:[\w-]+\s+){0,2}(?:conference|show|event|meeting|summit|"
    r"forum|fair|expo|exhibition|congress|keynote|briefing|presentation)s?\b)|for the (?:full |current )?year)\b",
    re.IGNORECASE,
)
# "due to start later this year", "by the end of next year", "from May this year": when something happens,
# not a figure's period
_WHEN = re.compile(rf"\b(?:later|early|earlier|late|by|until|before|after|from|of)\s+(?:{_MONTHS}\s+)?$", re.IGNORECASE)
# "its 2026 target of 1 million EVs", "2024 revenue of $20 million", "2024 capital expenditure will come in
# between ...": a year that names a figure's period
# the accounts a year names ("2024 revenue", "2025 capital expenditure")
_ACCOUNTS = (
    r"revenues?|sales|turnover|profits?|loss|losses|earnings|budgets?|guidance|capex|capital expenditure|"
    r"capital spending|spending|results|outlook"
)
_YEAR_NOUN = re.compile(
    rf"\b(?P<year>{_YEAR})\s+(?=(?:full-year\s+|annual\s+|net\s+|delivery\s+|production\s+)?"
    rf"(?:targets?|goals?|{_ACCOUNTS}|deliveries|shipments|output|forecasts?|volumes?)\b)",
    re.IGNORECASE,
)
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
# quarters and halves: "fourth quarter", "4th quarter", "first-half"
_ORDINALS = {**{w: n for w, n in _ORDINAL_WORDS.items() if n <= 4}, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# "in the fourth quarter of 2022" -> 2022-Q4, "first-half" -> H1, "Q3 2024" -> 2024-Q3: a quarter's
# deliveries are not the next quarter's, so the period keeps them apart
_PART = re.compile(
    rf"\b(?:(?P<n>{'|'.join(_ORDINALS)})[- ](?P<kind>quarter|half)|(?P<short>(?-i:Q[1-4]|H[12]))\b"
    r"(?!\s+(?:fuel|trucks?|hydrogen|tanks?|stations?|cars?|vehicles?)))"
    rf"(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s?)?(?P<year>{_YEAR})\b)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:etc|e\.g|i\.e|[Ii]nc|[Cc]o|[Cc]orp|[Ll]td|[Nn]o|Mr|Ms|Dr|vs|approx|U\.S)\.|\b[A-Z]\.)$"
)


def sentences(text: str) -> Iterator[Sentence]:
    """Split on sentence-final punctuation followed by a capital, and on line breaks; not after "etc.", "U.S."."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if (
            match.group().strip() == ""
            and "\n" not in match.group()
            and _ABBREVIATIONS.search(text[start : match.start()])
        ):
            continue
        if text[start : match.start()].strip():
            yield Sentence(text[start : match.end()].strip(), start + _lead(text[start : match.end()]))
        start = match.end()
    if text[start:].strip():
        yield Sentence(text[start:].strip(), start + _lead(text[start:]))


def _lead(chunk: str) -> int:
    return len(chunk) - len(chunk.lstrip())


def _words_before(text: str, n: int) -> str:
    return " ".join(text.split()[-n:]) if n else ""


def _qualifier(before: str) -> Qualifier:
    window = _words_before(before, _QUALIFIER_WORDS)
    for name, pattern in _QUALIFIERS:
        if pattern.search(window):
            return name
    return "exact"


@dataclass(frozen=True)
class _Mark:
    """A period said in a sentence ("in 2016", "the fourth quarter of 2022", "last year") and the figures
    that claim it as their own (a target's year, a year just after a figure)."""

    position: int
    label: str
    claimed_by: frozenset[int]


def _marks(sentence: str, raws: list[_Raw]) -> list[_Mark]:
    """Every period mark of the sentence, found once (not once per figure: a table run into one sentence
    holds hundreds of figures)."""
    parts = list(_PART.finditer(sentence))
    found = [(m.start(), _part(m)) for m in parts]
    found += [
        (m.start(), m["year"])
        for m in _PERIOD.finditer(sentence)
        if not any(p.start() <= m.start("year") < p.end() for p in parts)
    ]
    found += [(m.start(), m["year"]) for m in _YEAR_NOUN.finditer(sentence)]
    found += [(m.start(), DECADE_END) for m in _DECADE_END.finditer(sentence)]
    found += [(m.start(), LONG_TERM) for m in _LONG_TERM.finditer(sentence)]
    found += [
        (m.start(), f"{(m['which'] or 'this').lower()}-year")
        for m in _RELATIVE_YEAR.finditer(sentence)
        if not _COMPARED.search(sentence[: m.start()])
        and not ((m["which"] or "").lower() in {"this", "next"} and _WHEN.search(sentence[: m.start()]))
    ]
    return [
        _Mark(position, label, frozenset(i for i, r in enumerate(raws) if _claims(r, position)))
        for position, label in sorted(found)  # in sentence order
    ]


# "up 20% on last year": the year compared with, not the figure's period
_COMPARED = re.compile(r"\b(?:up|down|from|on|than|versus|vs\.?|over|compared with|against)\s+$", re.IGNORECASE)


def _period(sentence: str, index: int, raws: list[_Raw], marks: list[_Mark]) -> str:
    """An increment ('added'), peak ('once') or now ('now', 'today') beside the figure win; else the nearest
    stated period; else now.

    The year of a target ("mass-produce ... by 2027") is what the target is, and a year right after another
    figure ("up from 1.5 billion yen in 2023") is that figure's: neither is the period of its neighbours.
    """
    start, end = raws[index].start, raws[index].end
    before, after = _words_before(sentence[:start], 5), " ".join(sentence[end:].split()[:2])
    if _ADDED.search(_words_before(sentence[:start], 5)) or _ADDED_AFTER.match(sentence, end):
        return ADDED
    if _PEAK.search(_words_before(sentence[:start], 6)):
        return "peak"
    if _OPTION.search(_words_before(sentence[:start], 10)):
        return LONG_TERM  # "up to 40 GWh, with an option to expand it to as much as 80 GWh": what it may become
    now = NOW.search(before)
    year = _YEAR_NOUN.search(before, now.end()) if now else None
    if year:  # "now sees 2025 revenue of $20 million": the year the noun names, not now
        return year["year"]
    own = next((m.label for m in marks if index in m.claimed_by and m.position >= end), None) if now else None
    if own:  # "now plans to build around 1 million vehicles in 2026": the year it owns
        return own
    if now and (later := _period_after(sentence, index, raws, marks)):
        return later  # "now expects to invest $40 million to $50 million in property and equipment in 2024"
    if now or NOW.search(after):
        return "now"
    # "a 2 GWh line, up from the 0.2 GWh pilot line it unveiled last year": a period after the old value that
    # follows the figure is the old value's (only the next figure is looked at: a table run into one sentence
    # holds hundreds)
    following = raws[index + 1] if index + 1 < len(raws) else None
    old = (
        following.start
        if following and _FROM.search(sentence, max(end, following.start - 80), following.start)
        else None
    )
    usable = [
        (abs(m.position - start), m.label)
        for m in marks
        if not (start <= m.position < end)
        and not (m.claimed_by - {index})
        and not (old is not None and old < m.position)
    ]
    return min(usable)[1] if usable else "now"


_AFTER_CHARS = 60  # " in property and equipment in 2024": how far after a figure its clause's period may come


# "now has 40 GWh, compared with none in 2021", "twice as many as in 2022": a year compared with
_SET_AGAINST = re.compile(r"\b(?:compared|than|versus|vs|against|as in)\b", re.IGNORECASE)


def _period_after(sentence: str, index: int, raws: list[_Raw], marks: list[_Mark]) -> str | None:
    """The first period said after the figure, before the next figure or clause break, that no other
    figure claims and the figure is not compared with (`marks` are in sentence order)."""
    end = raws[index].end
    stop = min(raws[index + 1].start if index + 1 < len(raws) else len(sentence), end + _AFTER_CHARS)
    stop = min([stop, *(i for i in (sentence.find(c, end) for c in ";:") if i >= 0)])
    return next(
        (
            m.label
            for m in marks
            if end <= m.position < stop
            and not m.claimed_by - {index}
            and not _SET_AGAINST.search(sentence, end, m.position)
        ),
        None,
    )


def resolve_period(period: str, as_of: date | None) -> str:
    """Periods said relative to the article's date, made absolute with it: "last-year" is the year before,
    "this-year" its year, "decade-end" the last year of its decade (2030 in the 2020s), a bare "Q2" or "H1"
    that part of its year. Undated files keep "now" for a relative year (their own "now", as before it was
    read) and the bare part."""
    if period in _RELATIVE_YEARS:
        return str(as_of.year + _RELATIVE_YEARS[period]) if as_of is not None else "now"
    if period == DECADE_END:
        return str((as_of.year - 1) // 10 * 10 + 10) if as_of is not None else "now"
    if as_of is not None and re.fullmatch(r"[QH]\d", period):
        return f"{as_of.year}-{period}"
    return period


def _part(m: re.Match[str]) -> str:
    """ "2022-Q4", "H1" (the year unsaid)."""
    if m["short"]:
        part = m["short"].upper()
    else:
        part = f"{'Q' if m['kind'].lower() == 'quarter' else 'H'}{_ORDINALS[m['n'].lower()]}"
    return f"{m['year']}-{part}" if m["year"] else part


def _claims(raw: _Raw, position: int) -> bool:
    """A target year covers its own span; any figure owns a year written just after it (" in 2023")."""
    return raw.start <= position < raw.end or (not raw.target and 0 <= position - raw.end <= _CLAIM_CHARS)


_CLAIM_CHARS = 12  # " in 2023", " by 2015": a year this close after a figure belongs to it

# --- extraction --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    noun: str | None = None
    target: bool = False
    qualifier: Qualifier | None = None
    previous: bool | None = None  # decided where the raw is made (years); None: from the words before it


def _ends(match: re.Match[str], scale: float) -> tuple[float, float | None]:
    """A range's ends; a second number below the first is no range ("a 1-0 win")."""
    low = parse_number(match["a"]) * scale
    high = parse_number(match["b"]) * scale if match["b"] else None
    return low, (high if high is not None and high > low else None)


def _per_wh(per: str) -> float:
    key = per.lower().replace(" ", "").replace("-", "")
    for word, unit in _PER_WORDS.items():
        if key.startswith(word):
            return _PER_ENERGY[unit]
    return _PER_ENERGY[key]


def _money(match: re.Match[str], currencies: dict[str, str]) -> _Raw:
    scale = _SCALES[match["scale"].lower()] if match["scale"] else 1.0
    currency = currencies[match["cur"].lower()]
    low, high = _ends(match, scale)
    if match["per"]:
        per = _per_wh(match["per"])
        low, high = low / per, (high / per if high is not None else None)
        return _Raw(match.start(), match.end(), low, f"{currency}/Wh", low, high)
    return _Raw(match.start(), match.end(), low, currency, low, high)


# Counts whose noun is said elsewhere: "Sales of new-energy vehicles rose 35.5% to 12.87 million",
# "exports reached more than 1.1 million", "it will launch 30 models, 16 of them electrified"
_BIG_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|(?:\d+(?:\.\d+)?|{_alternation(_NUMBER_WORDS)})\s(?:million|billion|thousand))"
)
_TALLY = re.compile(
    r"\b(?:(?:sales|deliveries|exports|shipments|registrations)\b[^;:]{0,80}?\b(?:to|of|reach|reached|reaching|hit|"
    r"totall?ed|at)|sold|delivered|shipped|exported)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|just\s+(?:under|over)|more\s+than|fewer\s+than|over|some)\s+)?"
    rf"(?P<a>{_BIG_NUMBER})(?=\s*(?:[,.;:)]|$)|\s(?:in|last|this|a\s+year|from|after|according|as|while|and|but|"
    r"up|down|year|units?)\b)",
    re.IGNORECASE,
)
_OF_THEM = re.compile(
    rf"(?<![\w.,$-])(?!(?:one|1)\s)(?P<a>{_BIG_NUMBER}|\d+|{_alternation(_NUMBER_WORDS)})\s+of\s+(?:them|those|these|which)\b",
    re.IGNORECASE,
)


# "seven carmakers are now evaluating its cells, up from four last autumn", "to four, from three": the old
# count of the same noun
_UP_FROM = re.compile(
    rf"(?:\b(?:up|down)\s+|(?P<comma>,\s*))from\s+(?:(?:about|around|roughly|nearly|some|just)\s+)?(?P<a>(?!(?:19|20)\d\d\b)\d{{1,3}}(?:,\d{{3}})*|{_alternation(_NUMBER_WORDS)})"
    r"(?(comma)(?=\s*(?:[,.;)]|$|\s(?:last|a\s+year|in|at)\b)))"  # ", from three," (not ", from one supplier")
    r"(?![\w.,]*\s*(?:%|percent|per\s+cent|[kKMGT]Wh|[a-z]*illion|thousand|yen|yuan|won|euros?|dollars?|pounds?|"
    r"years?|months?|weeks?|days?|hours?|minutes?))",
    re.IGNORECASE,
)


# "brings the number of automakers working with Factorial to four", "the fourth automaker to sign": a count
_NUMBER_OF = re.compile(
    rf"\bnumber\s+of\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_alternation(_COUNT_NOUNS)})\b[^.;:]{{0,80}}?"
    rf"(?:\bfrom\s+(?P<old>\d{{1,3}}(?:,\d{{3}})*|{_alternation(_NUMBER_WORDS)})\s+)?\bto\s+"
    rf"(?P<a>\d{{1,3}}(?:,\d{{3}})*|{_alternation(_NUMBER_WORDS)})\b(?!\s*(?:%|percent|per\s+cent|[a-z]*illion))",
    re.IGNORECASE,
)
# "Basquevolt's staff now numbers some 150", "a workforce of 2,400", "headcount rose to 240": people employed
_STAFF = re.compile(
    r"\b(?:staff|workforce|headcount|payroll)\b(?:\s+(?:now|has|had))?\s+(?:numbers?|numbered|totals?|totall?ed|"
    r"stands?\s+at|stood\s+at|of|grew\s+to|rose\s+to|fell\s+to|reached|is|was)\s+"
    r"(?:(?:about|around|roughly|nearly|some|more\s+than|over|almost|just\s+over|just\s+under)\s+)?"
    rf"(?P<a>\d{{1,3}}(?:,\d{{3}})*|{_alternation(_NUMBER_WORDS)})\b"
    rf"(?![.,]\d|\s*(?:%|percent|per\s+cent|[a-z]*illion|{_alternation(_COUNT_NOUNS)})\b)",
    re.IGNORECASE,
)
_NTH = "|".join(w for w, n in _ORDINAL_WORDS.items() if n > 1)  # "the first automaker to" is no count
_ORDINAL_COUNT = re.compile(
    rf"\bthe\s+(?P<a>{_NTH})\s+(?P<noun>carmaker|automaker|customer|partner|company|licensee|investor|supplier)"
    r"\s+to\b",
    re.IGNORECASE,
)


def _tallies(text: str) -> list[_Raw]:
    """Counts of a noun said before the number (see _TALLY, _STAFF, _OF_THEM, _UP_FROM, _NUMBER_OF,
    _ORDINAL_COUNT)."""
    found = [_Raw(m.start("a"), m.end("a"), _count(m["a"]), "count") for m in _TALLY.finditer(text)]
    for m in _NUMBER_OF.finditer(text):  # "reduce its number of vehicle plants from 17 to 10": 17 is the old one
        noun = m["noun"].lower()
        if m["old"]:
            found.append(_Raw(m.start("old"), m.end("old"), _count(m["old"]), "count", noun=noun, previous=True))
        found.append(_Raw(m.start("a"), m.end("a"), _count(m["a"]), "count", noun=noun))
    found += [_Raw(m.start("a"), m.end("a"), _count(m["a"]), "count", noun="employees") for m in _STAFF.finditer(text)]
    found += [
        _Raw(m.start("a"), m.end("noun"), float(_ORDINAL_WORDS[m["a"].lower()]), "count", noun=m["noun"].lower() + "s")
        for m in _ORDINAL_COUNT.finditer(text)
    ]
    for m in (*_OF_THEM.finditer(text), *_UP_FROM.finditer(text)):
        if _COUNT_NOUN_WORD.search(text[: m.start()]):
            found.append(_Raw(m.start("a"), m.end("a"), _count(m["a"]), "count"))
    return found


_COUNT_NOUN_WORD = re.compile(rf"\b(?:{_alternation(_COUNT_NOUNS)})\b", re.IGNORECASE)


# "charging from 15% to 90% in about 18 minutes": two states of charge, neither an old value
_CHARGE_FROM = re.compile(
    r"\bcharg(?:e|es|ed|ing)\s+from(?:\s+(?:about|around|roughly|approximately|nearly))?\s*$", re.IGNORECASE
)


def _two_values_from(text: str, at: int) -> bool:
    """ "up from 30 to 50%", "charging from 15% to 90%": two values before `at`, not a range (looked for in
    the 80 characters before it, not the whole text: a table run into one sentence holds hundreds)."""
    return bool(_FROM.search(text, max(0, at - 80), at) or _CHARGE_FROM.search(text, max(0, at - 80), at))


def _from_to(raw: _Raw, match: re.Match[str], text: str) -> list[_Raw]:
    """ "from 30 to 50%" is a change, not a range: the old value and the new one (`extract_figures` marks
    the old one previous, as it does any figure right after "from"; not after "charging from")."""
    if raw.high is None or not _two_values_from(text, match.start()):
        return [raw]
    if not re.fullmatch(r"\s?to\s?", text[match.end("a") : match.start("b")], re.IGNORECASE):
        return [raw]
    old = replace(raw, end=match.end("a"), low=None, high=None)
    new = replace(raw, start=match.start("b"), value=raw.high, low=None, high=None)
    return [old, new]


def _scan(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in _MONEY_PREFIX.finditer(text):
        found += _from_to(_money(m, _CURRENCY_PREFIX), m, text)
    for m in _MONEY_SUFFIX.finditer(text):
        if m["cur"].lower() == "won" and not m["scale"]:
            continue  # "12 won subsidies": the verb, not the currency (amounts in won come with a scale)
        found += _from_to(_money(m, _CURRENCY_SUFFIX), m, text)
    for m in _PERCENT.finditer(text):
        low, high = _ends(m, 1.0)
        found += _from_to(_Raw(m.start(), m.end(), low, "%", low, high), m, text)
    for m in _ENERGY_RE.finditer(text):
        scale = _SCALES[m["scale"].lower()] if m["scale"] else 1.0
        low, high = _ends(m, scale * _ENERGY[(m["unit"] or m["word"]).lower()])
        found += _from_to(_Raw(m.start(), m.end(), low, "GWh", low, high), m, text)
    for m in _FRACTION.finditer(text):
        group = next(g for g in ("frac", "frac2", "frac3") if m[g])
        value = _FRACTIONS[m[group].lower().replace("-", " ")]
        found.append(_Raw(m.start(group), m.end(group), value, "%"))
    for m in _ONE_IN.finditer(text):
        if _count(m["n"]) > 1:
            found.append(_Raw(m.start(), m.end(), 100 / _count(m["n"]), "%"))
    for m in _COUNT.finditer(text):
        if re.fullmatch(_YEAR, m["a"]) or m["a"] in _CELL_FORMATS:
            continue  # "2024 projects" is far more often a year than a count; "4680 cells" a cell size
        opening = not m.start() or _LINE_OPENING.search(text, 0, m.start())  # "Who is in: Six companies ..."
        if m["a"].isalpha() and (_ANAPHORIC.search(text[: m.start()]) or (not opening and m["a"][0].isupper())):
            continue  # "the two companies" refers back, it reports nothing; "Formula One" is a name
        value = _count(m["a"])
        found.append(_Raw(m.start(), m.end(), value, "count", noun=m["noun"].lower()))  # "six of the top 10 ...": 6
    found += _tallies(text)
    found += _years(text, found)
    return _joined_ranges(_without_overlaps(found), text)


def _joined_ranges(found: list[_Raw], text: str) -> list[_Raw]:
    """ "$60 million to $70 million": two amounts joined by "to" or a dash (or "between ... and") are one
    range (not after "from", nor a change and its result: "fall by $3/kWh to $113/kWh")."""
    joined: list[_Raw] = []
    for raw in found:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.unit == raw.unit
            and last.high is None
            and raw.high is None
            and raw.value > last.value
            and raw.unit not in {"year", "count"}
            and (
                re.fullmatch(r"\s?(?:to|-|\u2013)\s?", text[last.end : raw.start], re.IGNORECASE)
                or (  # "between $15 million and $20 million"
                    text[last.end : raw.start].strip().lower() == "and"
                    and re.search(r"\bbetween\s+$", text[: last.start], re.IGNORECASE)
                )
            )
            and not _two_values_from(text, last.start)
            and not re.search(r"\bby\s+(?:\w+\s+){0,2}$", text[: last.start], re.IGNORECASE)  # "by $3 to $113"
        ):
            joined[-1] = replace(last, end=raw.end, high=raw.value)
            continue
        joined.append(raw)
    return joined


def _count(number: str) -> float:
    if number.lower() in _NUMBER_WORDS:  # "a dozen", "a hundred": a word, not "a" times a scale
        return float(_NUMBER_WORDS[number.lower()])
    head, _, scale = number.partition(" ")
    base = 1.0 if head.lower() in {"a", "one"} and scale else parse_number(head)
    return base * (_SCALES[scale.lower()] if scale else 1.0)


# "working toward a 2030 launch": a year that names a milestone by the noun it modifies
_MILESTONE_NOUN = re.compile(
    r"\s+(?:launch|start|debut|roll-?out|introduction|deadline|commerciali[sz]ation|mass[- ]production|"
    r"start of (?:mass )?production|opening|completion)\b",
    re.IGNORECASE,
)
# "We now see 2029 as achievable", "2028 looks realistic", "You have set 2030 as your target", "converged on
# 2027 as the year for first production": a target
_REACHABLE = re.compile(
    r"\s+(?:as|is|was|looks|seems|remains)\s+(?:now\s+|still\s+|quite\s+|very\s+)?"
    r"(?:achievable|realistic|feasible|attainable|doable|within reach)\b"
    r"|\s+as\s+(?:its|their|your|our|the|a|an)\s+(?:\w+\s+)?(?:target|goal|deadline)\b"  # "set 2030 as your target"
    r"|\s+as\s+the\s+year\s+(?:for|by|of|when|in\s+which)\b",  # "sets 2027 as the year for the first products"
    re.IGNORECASE,
)
# "Our internal target for commercialisation is 2030": a target noun's value
_TARGET_IS = re.compile(
    r"\b(?:target|goal|deadline|timeline)\b[^.;,]{0,40}\b(?:is|remains)\s+(?:now\s+|still\s+)?$", re.IGNORECASE
)
_LINE_OPENING = re.compile(rf"[:\n][{BULLETS}\s]*$")  # a colon or a line (a list's bullet) before a word
_ANAPHORIC = re.compile(r"\b(?:the|these|those|both|its|their)\s+$", re.IGNORECASE)
# a fact box's line, "- Start of production: 2026": its label leads the bare year
_FACT_LABEL = re.compile(rf"[ \t]*(?:[{BULLETS}][ \t]*)?(?P<label>[A-Za-z][^\n:.;]{{2,60}}):[ \t]*")  # a line's start
# ... unless the label dates a statement ("Plant announced: 2023")
_STATEMENT_LABEL = re.compile(r"\b(?:founded|established|announced|listed|signed|approved|incorporated)\b", re.I)


# when a line started (see _MAKING); other years after "since" date nothing ("its largest investor since 2012",
# "the steepest fall since 2017")
_MAKING_SINCE = re.compile(rf"\b{_MAKING}(?:\s+[\w-]+){{0,2}},?\s+$", re.IGNORECASE)


# a table cell that holds only a timing: "around 2027", "fiscal 2028", "2027 / 2030", "2027-28"
_TIMING_CELL = re.compile(
    rf"(?:(?P<q>around|about|circa|approximately)\s+|(?:by|from|in|fiscal|FY|early|late|mid-?|end-?)\s*)*"
    rf"{_YEAR}(?:\s*(?:-|\u2013|/|or)\s*(?:{_YEAR}|\d{{2}}))?",
    re.IGNORECASE,
)


def _table_year(text: str, m: re.Match[str]) -> list[_Raw] | None:
    """ "CATL | small-batch cell production | 2027": a year alone in a table row's cell (not its first, the
    subject) is a milestone when the row names one; "2027 / 2030" is a milestone each. None when the year is
    in no table row."""
    begin = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    if text.count("|", begin, end) < 2:
        return None
    first = text.find("|", begin, end)
    if not text[begin:first].strip():  # "| Toyota | ... |": the row opens with a bar
        first = text.find("|", first + 1, end)
    left = text.rfind("|", begin, m.start())
    right = text.find("|", m.end(), end)
    timing = _TIMING_CELL.fullmatch(text[left + 1 : right if right >= 0 else end].strip())
    if left < first or timing is None:
        return None  # the first cell names the subject ("| 2021 | pilot line opened |" dates a past step)
    if not _MILESTONE.search(text, begin, end) or _STATEMENT_LABEL.search(text, begin, end):
        return []
    qualifier = "approx" if timing["q"] else None
    low = float(m["a"])
    high = _second_year(m["a"], m["b"]) if m["b"] else None
    if high is not None and (m["sep"] or "") == "/" and len(m["b"]) == 4:
        first_year = _Raw(m.start("a"), m.end("a"), low, "year", target=True, qualifier=qualifier)
        return [first_year, _Raw(m.start("b"), m.end("b"), high, "year", target=True, qualifier=qualifier)]
    high = high if high is not None and high > low else None  # "2027-28" ends in 2028
    return [_Raw(m.start(), m.end(), low, "year", low, high, target=True, qualifier=qualifier)]


# "2024 revenue", "2025 capital expenditure": a year that names an account's period ("the 2030 goal" is a target)
_ACCOUNT_YEAR = re.compile(rf"{_YEAR}\s+(?:full-year\s+|annual\s+|net\s+)?(?:{_ACCOUNTS})\b", re.IGNORECASE)


def _years(text: str, others: list[_Raw]) -> list[_Raw]:
    """Milestone years: a year led by a preposition or written as a range, with a milestone word in its
    clause, that is neither the period of a figure just before it, of an account ("2024 revenue"), nor the
    date of a statement; also a timing alone in a table cell, and after "since" only a line's start."""
    found: list[_Raw] = []
    for m in _MILESTONE_YEAR.finditer(text):
        before = text[: m.start()]
        cell = _table_year(text, m)
        if cell is not None:
            found += cell
            continue
        label = _FACT_LABEL.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        if label:
            if _MILESTONE.search(label["label"]) and not _STATEMENT_LABEL.search(label["label"]):
                found.append(_Raw(m.start("a"), m.end(), float(m["a"]), "year", target=True))
            continue  # "Founded: 2013" dates, "Start of production: 2026" is a milestone
        reachable = _REACHABLE.match(text, m.end())  # "sets 2027 as the year for ...": a target, no one's period
        if (
            not m["lead"]
            and not m["b"]
            and not m["pre"]
            and not _MILESTONE_NOUN.match(text, m.end())
            and not reachable
            and not _TARGET_IS.search(text, 0, m.start())
        ):
            continue  # a bare year is a date, not a figure ("the 2024 strategy"); "FY2028", "end-2026", "a 2030
            # launch" are not bare
        if not reachable and _is_period(text, m, others):
            continue
        if not m["b"] and _ACCOUNT_YEAR.match(text, m.start("a")):
            continue  # "guided to 2024 revenue of $15-20 million": the period of the revenue, not a milestone
        if (m["lead"] or "").lower() == "since" and not _MAKING_SINCE.search(text, max(0, m.start() - 60), m.start()):
            continue
        clause = _clause(text, m.start(), m.end())
        soonest = (m["lead"] or "").lower() in {"as early as", "as soon as"}  # says when, whatever the verb
        if not (soonest or _MILESTONE.search(clause)) or _stated(before):
            continue
        low = float(m["a"])
        high = _second_year(m["a"], m["b"]) if m["b"] else None
        if high is not None and high <= low:
            high = None
        qualifier = "approx" if m["q"] else None
        lead = (m["lead"] or "").lower()
        if high is not None and lead == "from" and (m["sep"] or "").lower() == "to":
            old = _Raw(m.start("a"), m.end("a"), low, "year", target=True, previous=True)
            found += [old, _Raw(m.start("b"), m.end("b"), high, "year", target=True, previous=False)]
            continue
        if high is not None and re.match(r",?\s+respectively\b", text[m.end() :], re.IGNORECASE):
            first = _Raw(m.start(), m.end("a"), low, "year", target=True, previous=False)
            found += [first, _Raw(m.start("b"), m.end("b"), high, "year", target=True, previous=False)]
            continue  # "due to open in 2026 and 2027 respectively": two plants, two years
        said = (
            lead if not lead.startswith("no ") else ""
        )  # "later than the 2024 date"; "no later than 2027" is a deadline
        previous = (
            bool(_SUPERSEDED.search(f"{_words_before(before, _SUPERSEDED_WORDS)} {said}"))
            or bool(_ONCE_SAID.match(text[m.end() :]))
            or (
                lead == "from"  # "up from 2028", "pushed back to 2028, from 2026"
                and bool(
                    re.search(
                        rf"\b(?:up|down|back|delayed|postponed|moved|pushed)\s+$|\b(?:in)?to\s+\D{{0,30}}{_YEAR},?\s*$",
                        before,
                        re.I,
                    )
                )
            )
        )
        start = m.start("a") if not m["lead"] else m.start()
        found.append(_Raw(start, m.end(), low, "year", low, high, target=True, qualifier=qualifier, previous=previous))
    return found


# "was in 2023" dates a state; "The goal was mass production by 2027" names a milestone (so: adjacent only)
_COPULA = re.compile(r"(?<![\w-])(?:was|were)\s+(?:(?:in|on|at)\s+)?$", re.IGNORECASE)


def _stated(before: str) -> bool:
    """A statement verb governs the year: no milestone verb stands between them."""
    m = _STATEMENT.search(before[-90:])
    return (m is not None and not _MILESTONE_VERB.search(m["between"])) or bool(_COPULA.search(before[-12:]))


def _second_year(first: str, second: str) -> float:
    """ "2027-28" ends in 2028."""
    return float(second) if len(second) == 4 else float(first[:2] + second)


def _clause(text: str, start: int, end: int) -> str:
    """The words around a span up to the nearest clause break (; : or a comma before a new subject)."""
    left = max(text.rfind(c, 0, start) for c in ";:") + 1
    right = min([i for i in (text.find(c, end) for c in ";:") if i >= 0] or [len(text)])
    return text[left:right]


def _is_period(text: str, m: re.Match[str], others: list[_Raw]) -> bool:
    """The year says when another figure holds, not when something happens: right after a figure with
    no milestone word between ("50% of the market by 2015"), or a frame before one ("By 2035, prices ...
    CNY 0.6/Wh"); a sentence-opening "In January 2025," dates what follows."""
    before = [
        o
        for o in others
        if o.end <= m.start()
        and not _MILESTONE_VERB.search(text[o.end : m.start("a")])  # the lead counts: "scheduled for 2027"
        and not (o.unit == "GWh" and _ATTRIBUTIVE.match(text, o.end))
    ]
    if any(m.start() - o.end <= _PERIOD_CHARS for o in before):
        return True
    if any(o.start >= m.end() and _RAISED_TO.fullmatch(text, m.end(), o.start) for o in others):
        return True  # "its forecast for the share of the market in 2035 to about 13%"
    first = not text[: m.start()].strip()
    opening = first and re.match(r"\s*,", text[m.end() :]) is not None
    if (opening or (first and (m["lead"] or "").lower() in {"for", "in"})) and any(o.start >= m.end() for o in others):
        return True  # "By 2035, prices ...", "For 2025 the company forecast a loss of $250 million"
    if (m["lead"] or "").lower() == "for" and _ACCOUNT.search(text, 0, m.start()):
        return True  # "capital expenditure guidance for 2025 was reiterated at $45 million to $75 million"
    return opening and (m["lead"] or "").lower() in {"in", "for"}  # "For 2025, analysts expect Europe to recover"


# an account a year is the period of ("guidance for 2025", "its budget for 2026"), not a milestone
_ACCOUNT = re.compile(
    r"\b(?:guidance|capex|spending|expenditure|revenue|sales|budget|outlook|results|earnings|loss|profit)\s+$",
    re.IGNORECASE,
)


# "its 150 kWh semi-solid battery pack from July 2024": an energy that describes a thing owns no year;
# the year is when the thing comes (unlike "150 GWh of capacity by 2030")
_ATTRIBUTIVE = re.compile(
    r"\s+(?!(?:of|a|an|per|in|by)\b)(?:[\w-]+\s+){0,2}?(?:packs?|batter(?:y|ies)|plants?|factor(?:y|ies)|"
    r"gigafactor(?:y|ies)|lines?|cells?|facilit(?:y|ies)|modules?|systems?)\b"
)
_RAISED_TO = re.compile(
    r",?\s+to\s+(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|over|up to|at least)\s+)?",
    re.IGNORECASE,
)
_PERIOD_CHARS = 60  # "more than 50% of the market share for automotive batteries by 2015"


def _without_overlaps(found: list[_Raw]) -> list[_Raw]:
    """Keep the longest match where two overlap ("US$660 million" over "660 million US...")."""
    kept: list[_Raw] = []
    for raw in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if kept and raw.start < kept[-1].end:
            continue
        kept.append(raw)
    return kept


def _superseded(sentence: str, before: str, raw: _Raw) -> bool:
    """An old value: right after "from" ("up from 5%"), after "previously", "originally", "had planned"
    since the figure before it, or followed by what was once said of it ("the $50 million it had planned")."""
    lead = sentence[max(0, raw.start - 80) : raw.start]
    return bool(
        (_FROM.search(lead) and not _CHARGE_FROM.search(lead))
        or _SUPERSEDED.search(_words_before(before, _SUPERSEDED_WORDS))
        or _ONCE_SAID.match(sentence[raw.end :])
    )


# "extending the runway from the second half of 2028 it had forecast previously"
_ONCE_SAID = re.compile(
    r"[\s,]*(?:that\s+|which\s+)?(?:it|they|we|the company|the group)\s+had\s+(?:\w+\s+)?"
    r"(?:forecast|planned|targeted|expected|promised|set|given|projected|guided|announced|requested|sought|"
    r"proposed|budgeted)\b",
    re.IGNORECASE,
)


def extract_figures(text: str) -> list[Figure]:
    """All figures in `text`, in order, each with its sentence and character span."""
    figures: list[Figure] = []
    for sentence in sentences(text):
        raws = _scan(sentence.text)
        previous_end = 0
        marks = _marks(sentence.text, raws)
        found: list[Figure] = []
        for index, raw in enumerate(raws):
            before = sentence.text[previous_end : raw.start]  # a qualifier never reaches past the previous figure
            previous_end = raw.end
            if raw.high is not None:
                qualifier: Qualifier = "range"
                value = round((raw.value + raw.high) / 2, 12)  # 0.65, not 0.6499999999999999
            else:
                qualifier = raw.qualifier or _qualifier(before)
                value = raw.value
            found.append(
                Figure(
                    value=value,
                    unit=raw.unit,
                    qualifier=qualifier,
                    period="target" if raw.target else _period(sentence.text, index, raws, marks),
                    start=sentence.start + raw.start,
                    end=sentence.start + raw.end,
                    surface=sentence.text[raw.start : raw.end],
                    sentence=sentence,
                    low=raw.low if raw.high is not None else None,
                    high=raw.high,
                    noun=raw.noun,
                    previous=raw.previous if raw.previous is not None else _superseded(sentence.text, before, raw),
                )
            )
        if found:  # once per sentence, in the extraction workers; an old value given says all of them moved
            moved = 0 if any(f.previous for f in found) else change_stated_from(sentence.text)
            if moved is not None:
                found = [replace(f, says_moved=True) if f.start - sentence.start >= moved else f for f in found]
        figures.extend(found)
    return figures
