"""Domain errors of allocation; views and the admin turn their messages into user messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class AllocationError(Exception):
    """Something about a round or an offer that the user can understand and act on."""

    default_message = _("The allocation could not be changed.")

    def __init__(self, message: object = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class RoundAlreadyRun(AllocationError):
    default_message = _(
        "This allocation round has already been run. Its offers stand; create a follow-up "
        "round to give out places that become free."
    )


class RoundNotReady(AllocationError):
    default_message = _("This allocation round cannot be run yet.")


class RoundLocked(AllocationError):
    default_message = _(
        "The free places of this round can no longer be changed: the round has been run."
    )


class OfferExpired(AllocationError):
    default_message = _(
        "The deadline to answer this offer has passed, so the place has been given back. "
        "Please contact the Jugendamt if you still need a place."
    )


class OfferAlreadyAnswered(AllocationError):
    default_message = _("This offer has already been answered; nothing was changed.")


class ProviderPlaceGone(AllocationError):
    default_message = _(
        "The childminder no longer reports a free place for your child's start month, so the "
        "place cannot be accepted here. Please contact the Fachberatung Kindertagespflege; "
        "nothing was changed."
    )
