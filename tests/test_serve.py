"""`assbwatch serve` with no PREFECT_API_URL: it starts its own Prefect server, and a schedule
every minute produces a completed run that stores articles from a local site. Slow (~60-90 s):
it waits for the next minute boundary, reading the process's output (no sleeps)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assbwatch.errors import ConfigError
from assbwatch.store.warehouse import Warehouse
from newsite import Site, page, rss

pytestmark = pytest.mark.prefect
DEADLINE = 240  # seconds: server start-up plus up to a minute to the first scheduled run


def test_serve_runs_the_schedule_on_its_own_server(site: Site, tmp_path: Path) -> None:
    site.with_etag("/feed.xml", rss(site.base, ["/news/a"]), '"v1"', "application/rss+xml")
    site.static(
        "/news/a",
        page(
            "Japan approves solid-state battery projects",
            [
                "METI approved a maximum subsidy of about US$700 million for four major R&D projects on "
                "all-solid-state batteries, as Japan aims to commercialize ASSB by 2030.",
                "Toyota and Idemitsu lead two of the projects, which run until the end of the decade.",
            ],
        ),
    )
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[sources]]\nname = "wire"\nkind = "feed"\nurl = "{site.base}/feed.xml"\nmin_interval = 0\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "ASSBWATCH_"))}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "ASSBWATCH_CRON": "* * * * *",
        "ASSBWATCH_WAREHOUSE": str(tmp_path / "wh.duckdb"),
    }
    cli = Path(sys.executable).with_name("assbwatch")
    process = subprocess.Popen(
        [str(cli), "serve", "--sources", str(sources)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the Prefect server it starts goes with it
    )
    watchdog = threading.Timer(DEADLINE, process.kill)
    watchdog.start()
    output = []
    try:
        for line in process.stdout:
            output.append(line)
            if "Flow run" in line and "Finished in state Completed()" in line:
                break
        process.send_signal(signal.SIGINT)
        process.wait(DEADLINE)  # its server's shutdown took over 60 s once on a loaded machine; the watchdog bounds it
    finally:
        watchdog.cancel()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of the group outlived it (a killed serve's server)
    assert any("Finished in state Completed()" in line for line in output), "".join(output[-30:])
    warehouse = Warehouse(tmp_path / "wh.duckdb")
    assert warehouse.query("SELECT url FROM articles").rows == [(f"{site.base}/news/a",)]
    runs = warehouse.query("SELECT kind, status FROM runs").rows  # one a minute until it has shut down
    assert set(runs) == {("monitor", "completed")}
    report_page = (tmp_path / "report.html").read_text(encoding="utf-8")  # the run ended by writing it
    assert f"{site.base}/news/a" in report_page


def test_an_invalid_cron_is_refused_before_any_server_starts() -> None:
    from assbwatch.config.settings import check_cron

    with pytest.raises(ConfigError, match=r"field 'ASSBWATCH_CRON': invalid cron '99 \* \* \* \*'"):
        check_cron("99 * * * *")
