"""Prefect flows and deployments of assbwatch (installed as the `assbwatch_flows` package).

Flows compose library calls into a few coarse tasks; the logic lives in `assbwatch`.
Importing this package sets Prefect's start-up defaults measured on these machines, before
Prefect itself is imported: the ephemeral API server needs ~26 s on a fresh PREFECT_HOME,
past Prefect's own 20 s timeout.
"""

import logging
import os

for _name, _value in {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}.items():
    os.environ.setdefault(_name, _value)


class _ExpectedFailures:
    """Logging filter for Prefect's engine loggers: an assbwatch error (a locked warehouse, a bad file) is
    an expected outcome with a one-line message, not a crash; its traceback is dropped, the line kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and exc_info is not True and exc_info[1] is not None:
            from assbwatch.errors import AssbwatchError

            if isinstance(exc_info[1], AssbwatchError):
                record.exc_info = None
                record.exc_text = None
        return True


for _logger in ("prefect.flow_runs", "prefect.task_runs"):
    logging.getLogger(_logger).addFilter(_ExpectedFailures())
