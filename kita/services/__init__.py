"""Write-side of the Kita app. Views, admin, tasks and commands call these, nothing else."""

from kita.services.allocation import *  # noqa: F403 (allocation rounds; see its __all__)
from kita.services.catalogue import catalogue_changed
from kita.services.invitations import (
    InvitationError,
    InvitationUnusable,
    invitation_accept,
    invitation_create,
)
from kita.services.master_data import ImportResult, RowError, kita_import_csv
from kita.services.offers import *  # noqa: F403 (offer answers, expiry, reminders)
from kita.services.registration import (
    ActiveApplicationExists,
    ApplicationError,
    ApplicationInvalid,
    ApplicationNotEditable,
    application_is_editable,
    application_submit,
    application_update,
    application_withdraw,
    child_create,
    child_update,
)
from kita.services.review import (
    application_mark_in_review,
    applications_mark_in_review,
    duplicate_flags_resolve,
)
from kita.services.statistics import catalogue_statistics_compute

__all__ = [
    "ActiveApplicationExists",
    "ApplicationError",
    "ApplicationInvalid",
    "ApplicationNotEditable",
    "ImportResult",
    "InvitationError",
    "InvitationUnusable",
    "RowError",
    "application_is_editable",
    "application_mark_in_review",
    "application_submit",
    "application_update",
    "application_withdraw",
    "applications_mark_in_review",
    "catalogue_changed",
    "catalogue_statistics_compute",
    "child_create",
    "child_update",
    "duplicate_flags_resolve",
    "invitation_accept",
    "invitation_create",
    "kita_import_csv",
]
