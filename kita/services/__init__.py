"""Write-side of the Kita app. Views, admin, tasks and commands call these, nothing else."""

from kita.services.statistics import catalogue_statistics_compute

__all__ = ["catalogue_statistics_compute"]
