"""`assbwatch serve`: the monitoring flow on a cron schedule.

Prefect's ephemeral API cannot schedule, so without `PREFECT_API_URL` this starts a local
Prefect server (its own SQLite under PREFECT_HOME), waits until it is healthy, serves, and
stops it on exit. With `PREFECT_API_URL` set, that server is used. The schedule is left active
when serving stops (`pause_on_shutdown=False`). Every scheduled run ends by rewriting the HTML report
beside the warehouse (`warehouse/report.html`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.types.entrypoint import EntrypointType

from assbwatch.config.settings import Settings, check_cron
from assbwatch.errors import AssbwatchError
from assbwatch_flows.monitor import monitor_flow

STARTUP_TIMEOUT = 120.0  # a fresh database takes ~20 s here


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_prefect_server(timeout: float = STARTUP_TIMEOUT) -> Iterator[str]:
    """Start `prefect server start` on a free loopback port; yield its API URL once healthy; stop it."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    with tempfile.NamedTemporaryFile(prefix="assbwatch-prefect-server-", suffix=".log", delete=False) as log:
        prefect = Path(sys.executable).with_name("prefect")
        process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"},
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise AssbwatchError(
                        f"the local Prefect server exited with status {process.returncode}; see {log.name}"
                    )
                try:
                    if httpx.get(f"{api}/health", timeout=2.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise AssbwatchError(
                        f"the local Prefect server was not healthy after {timeout:.0f} s; see {log.name}"
                    )
                time.sleep(0.5)  # polling a starting process, bounded by the deadline above
            yield api
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve_monitor(settings: Settings) -> None:
    """Serve the monitoring deployment until interrupted."""
    cron = check_cron(settings.cron)
    parameters = {
        "sources_file": str(settings.sources.resolve()),
        "warehouse": str(settings.warehouse.resolve()),
        "report": True,  # each scheduled run ends by rewriting the HTML report beside the warehouse
    }

    def serve() -> None:
        monitor_flow.serve(
            name="assbwatch-monitor",
            cron=cron,
            parameters=parameters,
            pause_on_shutdown=False,
            entrypoint_type=EntrypointType.MODULE_PATH,
        )

    if os.environ.get("PREFECT_API_URL"):
        serve()
        return
    with local_prefect_server() as api, temporary_settings(updates={PREFECT_API_URL: api}):
        serve()
