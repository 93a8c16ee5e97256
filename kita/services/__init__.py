"""Write-side of the Kita app. Views, admin, tasks and commands call these, nothing else."""

from kita.services.catalogue import catalogue_changed
from kita.services.master_data import ImportResult, RowError, kita_import_csv
from kita.services.statistics import catalogue_statistics_compute

__all__ = [
    "ImportResult",
    "RowError",
    "catalogue_changed",
    "catalogue_statistics_compute",
    "kita_import_csv",
]
