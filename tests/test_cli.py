from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assbwatch.cli.main import build_parser, main
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse


def _commands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: assbwatch {command}" in out
    (sub,) = [a for a in build_parser()._actions if a.dest == "command"]
    assert any(choice.dest == command and choice.help for choice in sub._choices_actions)


@pytest.fixture
def seeded(warehouse: Warehouse, seed_articles, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    ingest(warehouse, seed_articles)
    monkeypatch.setenv("ASSBWATCH_WAREHOUSE", str(warehouse.path))
    return warehouse


def test_sql_json_prints_an_array_of_row_objects(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "sql",
                "SELECT id, duplicate_of, published FROM articles WHERE id IN (3, 5) ORDER BY id",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == [
        {"id": 3, "duplicate_of": 2, "published": "2025-01-05"},
        {"id": 5, "duplicate_of": None, "published": "2021-11-17"},
    ]


def test_sql_csv_has_a_header(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELECT count(*) AS n, count(duplicate_of) AS dups FROM articles", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n,dups\n5,1\n"


def test_sql_table_shows_values(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELECT title FROM articles WHERE id = 1"]) == 0
    assert "Japan pushes for" in capsys.readouterr().out


def test_sql_error_is_one_line_not_a_traceback(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELEC nonsense"]) == 1
    err = capsys.readouterr().err
    assert "assbwatch:" in err
    assert "syntax error" in err.lower()
    assert "Traceback" not in err


def test_sql_on_a_missing_warehouse_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--warehouse", str(tmp_path / "none.duckdb"), "sql", "SELECT 1"]) == 1
    assert "run `assbwatch backfill` first" in capsys.readouterr().err


def test_backfill_of_a_missing_path_fails_before_starting_prefect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--warehouse", str(tmp_path / "w.duckdb"), "backfill", str(tmp_path / "nope")]) == 1
    assert "nope: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()


def test_sql_does_not_load_prefect(seeded: Warehouse) -> None:
    code = "import sys; from assbwatch.cli.main import main; main(['sql', 'SELECT 1']); print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


def test_a_corrupt_warehouse_file_is_named_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"\x00garbage" * 1000)
    before = path.read_bytes()
    assert main(["--warehouse", str(path), "sql", "SELECT 1"]) == 1
    err = capsys.readouterr().err
    assert f"warehouse {path}:" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_report_writes_one_page_and_says_where(
    seeded: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "analysts.html"
    assert main(["report", "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"wrote {out}: ")
    assert " charts, " in line
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "<svg" in html
    assert "jp.meti.assb_rd_subsidy" in html


def test_report_goes_beside_the_warehouse_by_default(seeded: Warehouse) -> None:
    assert main(["report"]) == 0
    assert (seeded.path.parent / "report.html").exists()


def test_report_since_leaves_out_older_figures(seeded: Warehouse, tmp_path: Path) -> None:
    assert main(["report", "--out", str(tmp_path / "all.html")]) == 0
    assert main(["report", "--out", str(tmp_path / "later.html"), "--since", "2024-01-01"]) == 0
    everything = (tmp_path / "all.html").read_text(encoding="utf-8")
    later = (tmp_path / "later.html").read_text(encoding="utf-8")
    assert "jp.meti.ssb_joint_development" in everything  # only in seed 004, dated 2021-11-17
    assert "jp.meti.ssb_joint_development" not in later
    assert "since <b>2024-01-01</b>" in later


def test_report_on_a_missing_warehouse_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["--warehouse", str(tmp_path / "none.duckdb"), "report", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"assbwatch: warehouse {tmp_path / 'none.duckdb'}: does not exist yet")
    assert not out.exists()


def test_report_to_an_unwritable_place_is_one_line(
    seeded: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["report", "--out", str(blocker / "report.html")]) == 1
    err = capsys.readouterr().err
    assert err == f"assbwatch: {blocker / 'report.html'}: cannot write the report: {blocker} is not a folder\n"


def test_report_refuses_a_date_it_cannot_read(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--since", "last tuesday"])
    assert exit_info.value.code == 1  # a wrong flag value is one line and status 1
    assert "expected a date like 2025-01-31, got 'last tuesday'" in capsys.readouterr().err


def test_report_does_not_load_prefect(seeded: Warehouse, tmp_path: Path) -> None:
    code = (
        "import sys; from assbwatch.cli.main import main;"
        f" main(['report', '--out', {str(tmp_path / 'r.html')!r}]); print('prefect' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")
