"""The command line as a user meets it: a sealed `sql`, one-line errors before any flow, exit statuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assbwatch.cli.main import main
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse


@pytest.fixture
def seeded(warehouse: Warehouse, seed_articles, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    ingest(warehouse, seed_articles)
    monkeypatch.setenv("ASSBWATCH_WAREHOUSE", str(warehouse.path))
    return warehouse


@pytest.mark.parametrize(
    ("query", "because"),
    [
        ("COPY (SELECT 1) TO '{tmp}/out.csv'", "file system operations are disabled"),
        ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "file system operations are disabled"),
        ("INSTALL httpfs", "Permission Error"),
        ("LOAD httpfs", "Permission Error"),
        ("SET memory_limit = '1GB'", "the configuration has been locked"),
        ("SET enable_external_access = true", "the configuration has been locked"),
    ],
)
def test_sql_reads_the_warehouse_and_nothing_else(
    seeded: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str], query: str, because: str
) -> None:
    assert main(["sql", query.format(tmp=tmp_path)]) == 1
    err = capsys.readouterr().err
    assert because in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()
    assert not (tmp_path / "other.duckdb").exists()


def test_an_empty_query_is_one_line(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "  "]) == 1
    assert capsys.readouterr().err.strip() == f"assbwatch: warehouse {seeded.path}: empty query"


def test_a_wrong_flag_value_is_one_line_and_status_1(seeded: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["alerts", "--limit", "-3"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--limit" in err[0]
    assert "at least 1, got -3" in err[0]


def test_an_unwritable_warehouse_folder_is_named_before_prefect_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = (
        "import sys; from assbwatch.cli.main import main; "
        f"rc = main(['--warehouse', {str(blocker / 'w.duckdb')!r}, 'backfill']); "
        "print(rc, 'prefect' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "1 False"
    assert done.stderr.strip() == f"assbwatch: warehouse {blocker / 'w.duckdb'}: cannot create its folder: File exists"


def test_a_locked_warehouse_is_refused_before_prefect_starts(seeded: Warehouse, tmp_path: Path) -> None:
    hold = f"import duckdb, sys; c = duckdb.connect({str(seeded.path)!r}); print('held', flush=True); sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        code = (
            "import sys; from assbwatch.cli.main import main; "
            f"rc = main(['--warehouse', {str(seeded.path)!r}, 'backfill']); print(rc, 'prefect' in sys.modules)"
        )
        env = {**os.environ, "ASSBWATCH_LOCK_WAIT": "0.2"}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    finally:
        holder.communicate("")
    assert done.stdout.strip().splitlines()[-1] == "1 False"
    assert f"warehouse {seeded.path}: busy (held by PID {holder.pid}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_binary_txt_file_is_refused_and_nothing_is_stored(
    tmp_path: Path, warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    import random

    from assbwatch.acquire.readers import read_file
    from assbwatch.errors import ExtractError

    junk = tmp_path / "junk.txt"
    junk.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(ExtractError, match=r"junk.txt: binary data, not text \(\d+% control or undecodable bytes\)"):
        read_file(junk)
    text = tmp_path / "fine.txt"
    text.write_text("Solid-state news\nToyota plans solid-state cars by 2027.\tTabs\fand form feeds are text.")
    assert read_file(text).title == "Solid-state news"


def test_a_bad_cron_says_what_is_wrong(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setenv("ASSBWATCH_CRON", "61 * * * *")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "x"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n')
    assert main(["--warehouse", str(tmp_path / "w.duckdb"), "serve", "--sources", str(sources)]) == 1
    assert capsys.readouterr().err.strip() == (
        "assbwatch: environment, field 'ASSBWATCH_CRON': invalid cron '61 * * * *': bad minute "
        "(expected minute hour day month weekday)"
    )


def test_metrics_fit_80_columns_with_one_current_value_as_analysts_write_it(
    seeded: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    subsidy = [line for line in lines if "jp.meti.assb_rd_subsidy " in line]  # the key whole, on one line
    assert len(subsidy) == 1
    assert "660 million USD" in subsidy[0]
    assert "2.24 billion USD" in out
    assert "~2030" in out
    assert "2030.0" not in out
    assert "> 1,000" in out
    assert main(["metrics", "--wide"]) == 0
    assert "article_id" in capsys.readouterr().out


def test_alerts_fit_80_columns_and_wide_shows_every_column(
    seeded: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    from assbwatch.models import Article

    text = (
        "Japan raises solid-state battery support\nThe Ministry of Economy, Trade and Industry (METI) has raised "
        "the maximum subsidy for the four major R&D projects on all-solid-state batteries to about US$800 million."
    )
    ingest(seeded, [Article(url="https://news.example/800m", source="t", text=text, title=text.split("\n")[0])])
    assert main(["alerts"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "jp.meti.assb_rd_subsidy" in out
    assert "660 million -> 800 million USD" in out
    assert main(["alerts", "--wide", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert {"old_url", "new_url", "old_evidence", "evidence", "delivery"} <= set(header)


def test_version_and_shell_completion(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"assbwatch {version('assbwatch')}"
    with pytest.raises(SystemExit):
        main(["--print-completion", "bash"])
    script = capsys.readouterr().out
    assert "complete" in script
    for command in ("backfill", "run", "serve", "sql", "metrics", "alerts"):
        assert command in script


def test_backfill_into_a_corrupt_warehouse_is_one_line_before_prefect_starts(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"\x00garbage" * 1000)
    code = f"import sys; from assbwatch.cli.main import main; rc = main(['--warehouse', {str(path)!r}, 'backfill']); "
    code += "print(rc, 'prefect' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "1 False"
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"assbwatch: warehouse {path}: ")
    assert path.read_bytes() == b"\x00garbage" * 1000
