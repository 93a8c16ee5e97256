"""The allocation engine: stable matching of children to programmes. Pure Python, no Django.

See docs/allocation.md for the interface, the guarantees and how the service around it turns
points and tie-breaks into the strict priority orders the engine takes.
"""

from kita.allocation.engine import deferred_acceptance
from kita.allocation.explain import ProgrammeOutcome, WishOutcome, explain

__all__ = ["ProgrammeOutcome", "WishOutcome", "deferred_acceptance", "explain"]
