"""assbwatch: watch public sources for all-solid-state battery policy news, keep every reported
figure in DuckDB, and alert when one changes. The library never imports Prefect; `flows/` does."""

from assbwatch.config.settings import Settings
from assbwatch.errors import AssbwatchError
from assbwatch.models import Article, IngestReport
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse

__all__ = ["Article", "AssbwatchError", "IngestReport", "Settings", "Warehouse", "__version__", "ingest"]
__version__ = "0.1.0"
