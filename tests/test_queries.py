"""SQL lives in warehouse/queries/: every saved query named in the code exists, and every file is used."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "warehouse" / "queries"
CODE = sorted([*(ROOT / "src" / "assbwatch").rglob("*.py"), *(ROOT / "flows").rglob("*.py")])
NAMED = re.compile(r"""saved_query\(\s*["']([^"']+)["']\s*\)""")
CALL = re.compile(r"(?<!def )\bsaved_query\(")
INLINE_SQL = re.compile(
    r"""\.(?:execute|query)\(\s*f?["'](?:\s*)(?:SELECT|INSERT|UPDATE|DELETE|CREATE|WITH)\b""", re.IGNORECASE
)


def _names() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in CODE:
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return used


def test_the_scan_sees_the_code() -> None:
    assert len(CODE) > 20
    assert "known_values" in _names()


def test_every_saved_query_is_named_by_a_literal() -> None:
    """So the scan below sees them all: `saved_query(name)` with a variable would hide a name from it."""
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        assert len(CALL.findall(text)) == len(NAMED.findall(text)), path


def test_every_named_query_exists_as_a_file() -> None:
    missing = {name: where for name, where in _names().items() if not (QUERIES / f"{name}.sql").is_file()}
    assert missing == {}


def test_every_query_file_is_used() -> None:
    unused = sorted(p.stem for p in QUERIES.glob("*.sql") if p.stem not in _names())
    assert unused == []


def test_no_sql_is_written_inline_in_the_library_or_the_flows() -> None:
    inline = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in CODE for m in INLINE_SQL.finditer(p.read_text("utf-8"))]
    assert inline == []
