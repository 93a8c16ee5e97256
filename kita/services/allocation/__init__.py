"""Allocation rounds around the pure engine (``kita.allocation``): inputs, runs, statistics.

See docs/allocation.md. Import from here (or from ``kita.services``).
"""

from kita.services.allocation.errors import (
    AllocationError,
    OfferAlreadyAnswered,
    OfferExpired,
    ProviderPlaceGone,
    RoundAlreadyRun,
    RoundLocked,
    RoundNotReady,
)
from kita.services.allocation.inputs import RoundInputs, lottery_number, round_inputs
from kita.services.allocation.rounds import (
    round_create,
    round_defaults_copy,
    round_preview,
    round_run,
    supplies_confirm,
)
from kita.services.allocation.statistics import allocation_statistics_compute

__all__ = [
    "AllocationError",
    "OfferAlreadyAnswered",
    "OfferExpired",
    "ProviderPlaceGone",
    "RoundAlreadyRun",
    "RoundInputs",
    "RoundLocked",
    "RoundNotReady",
    "allocation_statistics_compute",
    "lottery_number",
    "round_create",
    "round_defaults_copy",
    "round_inputs",
    "round_preview",
    "round_run",
    "supplies_confirm",
]
