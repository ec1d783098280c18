"""Plain records passed between stages; no behaviour beyond what their names promise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["TEXT_EXTRACTOR", "Article", "IngestReport"]

TEXT_EXTRACTOR = "text"  # the `extractor` of articles read from plain-text files


@dataclass(frozen=True)
class Article:
    """One document as read or fetched, before dedup: the unit every stage works on."""

    url: str
    source: str
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    site: str | None = None
    raw: bytes | None = None  # the bytes as received, kept so extraction can be re-run
    fetched_at: datetime | None = None
    extractor: str = TEXT_EXTRACTOR  # which reader produced `text`, e.g. "trafilatura 2.3.1"


@dataclass
class IngestReport:
    """What one batch did to the warehouse, for progress lines, artifacts and the `runs` table."""

    new: int = 0
    revised: int = 0  # new versions of articles edited at the same URL
    duplicate: int = 0
    unchanged: int = 0
    irrelevant: int = 0
    figures: int = 0
    alerts: int = 0
    candidates: int = 0  # weak changes kept for an analyst to confirm
    failed: list[str] = field(default_factory=list)
    alert_lines: list[str] = field(default_factory=list)  # one line per alert raised, for logs and artifacts

    def add(self, other: IngestReport) -> None:
        self.new += other.new
        self.revised += other.revised
        self.duplicate += other.duplicate
        self.unchanged += other.unchanged
        self.irrelevant += other.irrelevant
        self.figures += other.figures
        self.alerts += other.alerts
        self.candidates += other.candidates
        self.failed.extend(other.failed)
        self.alert_lines.extend(other.alert_lines)
