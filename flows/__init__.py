"""Prefect flows and deployments of assbwatch (installed as the `assbwatch_flows` package).

Flows compose library calls into a few coarse tasks; the logic lives in `assbwatch`.
Importing this package sets Prefect's start-up defaults measured on these machines, before
Prefect itself is imported: the ephemeral API server needs ~26 s on a fresh PREFECT_HOME,
past Prefect's own 20 s timeout.
"""

import os

for _name, _value in {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}.items():
    os.environ.setdefault(_name, _value)
